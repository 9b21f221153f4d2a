/**
 * Structured JSON logs on stdout. Only operational facts go here: ids, routes, timings, codes.
 * Request bodies, query strings and anything about a resident never do (the audit log is the
 * place for who-saw-what, and it lives in the database).
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  log(level: LogLevel, msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Field names that must never be logged even if a caller passes them by mistake. */
const FORBIDDEN_FIELDS = /name|kana|birth|address|individual|number|password|token|secret|query|body/i;

export function createLogger(opts: { level?: LogLevel; write?: (line: string) => void } = {}): Logger {
  const min = ORDER[opts.level ?? 'info'];
  const write = opts.write ?? ((line: string) => process.stdout.write(line + '\n'));
  const log = (level: LogLevel, msg: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[level] < min) return;
    const safe: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(fields)) safe[k] = FORBIDDEN_FIELDS.test(k) ? '[redacted]' : v;
    write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...safe }));
  };
  return {
    log,
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
  };
}

export const silentLogger: Logger = createLogger({ write: () => {} });
