import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { DatabaseTarget } from './db/database';

export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  dataDir: string;
  /** AES-256 keys for field encryption, by key id; `activeKeyId` encrypts new values. */
  encryptionKeys: Map<string, Buffer>;
  activeKeyId: string;
  /** Load the demo tenants on first start. */
  demo: boolean;
  /** Built web app to serve, if present. */
  webDist: string | null;
  /** Whether cookies get the Secure flag (off for plain-http localhost). */
  secureCookies: boolean;
  /** Origins allowed to make mutating requests, besides the request's own host. */
  allowedOrigins: string[];
  /** Demo only: port of the in-process card agent with the simulated cards; null = not started. */
  cardAgentPort: number | null;
  /** MADOGUCHI_SMTP_URL (smtp://user:pass@host:587); null = e-mail is not sent. */
  smtpUrl: string | null;
  /** MADOGUCHI_MAIL_FROM: the sender address of reminders and notices. */
  mailFrom: string;
}

/**
 * MADOGUCHI_ENCRYPTION_KEYS="k2:base64key,k1:base64key" — the first is active. Without it, a key is
 * generated into the data directory on first start, which suits a single-PC demo but not production.
 */
function loadKeys(env: NodeJS.ProcessEnv, dataDir: string): { keys: Map<string, Buffer>; active: string } {
  const spec = env.MADOGUCHI_ENCRYPTION_KEYS;
  const keys = new Map<string, Buffer>();
  if (spec) {
    for (const part of spec.split(',')) {
      const [id, b64] = part.split(':');
      const key = Buffer.from(b64 ?? '', 'base64');
      if (!id || key.length !== 32) {
        throw new Error('MADOGUCHI_ENCRYPTION_KEYS must be "id:base64(32 bytes)[,id:base64…]"');
      }
      keys.set(id, key);
    }
    return { keys, active: spec.split(':')[0]! };
  }
  const file = path.join(dataDir, 'encryption-key');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, `local1:${randomBytes(32).toString('base64')}\n`, { mode: 0o600 });
  }
  const [id, b64] = readFileSync(file, 'utf8').trim().split(':');
  keys.set(id!, Buffer.from(b64!, 'base64'));
  return { keys, active: id! };
}

/** MADOGUCHI_CARD_AGENT_PORT: 3210 unless set; 0 or "off" turns the demo card reader off. */
function cardAgentPort(value: string | undefined): number | null {
  const text = (value ?? '3210').trim();
  if (text === 'off' || text === '0') return null;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error('MADOGUCHI_CARD_AGENT_PORT must be a port number (1–65535), 0 or "off"');
  return port;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const dataDir = path.resolve(cwd, env.MADOGUCHI_DATA_DIR ?? 'data');
  const { keys, active } = loadKeys(env, dataDir);
  const databaseUrl = env.DATABASE_URL;
  const database: DatabaseTarget = databaseUrl
    ? { kind: 'postgres', url: databaseUrl }
    : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') };
  const webDist = env.MADOGUCHI_WEB_DIST ?? path.resolve(import.meta.dirname, '../../../web/dist');
  return {
    port: Number(env.PORT ?? 3000),
    host: env.HOST ?? '0.0.0.0',
    database,
    dataDir,
    encryptionKeys: keys,
    activeKeyId: active,
    demo: (env.MADOGUCHI_DEMO ?? 'true') !== 'false',
    webDist: existsSync(webDist) ? webDist : null,
    secureCookies: env.MADOGUCHI_SECURE_COOKIES === 'true',
    allowedOrigins: (env.MADOGUCHI_ALLOWED_ORIGINS ?? '').split(',').filter(Boolean),
    cardAgentPort: cardAgentPort(env.MADOGUCHI_CARD_AGENT_PORT),
    smtpUrl: env.MADOGUCHI_SMTP_URL || null,
    mailFrom: env.MADOGUCHI_MAIL_FROM ?? 'madoguchi@localhost',
  };
}
