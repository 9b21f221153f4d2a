import { serve } from '@hono/node-server';
import { loadConfig } from './platform/config';
import { createLogger } from './platform/log';
import { startPlatform } from './server';
import { DEMO_PASSWORD, DEMO_TENANTS, isDatabaseEmpty, loadDemoData } from './demo/load';

const started = performance.now();
const logger = createLogger();
const config = loadConfig();
const platform = await startPlatform(config, { logger });

if (config.demo && (await isDatabaseEmpty(platform.database.db))) {
  logger.info('loading demo data (first start)');
  const summary = await loadDemoData(platform.services);
  logger.info('demo data loaded', { tenants: summary.map((s) => `${s.municipality}: ${s.residents}人 ${s.households}世帯`) });
}

const server = serve({ fetch: platform.app.fetch, port: config.port, hostname: config.host }, (info) => {
  const url = `http://localhost:${info.port}`;
  const lines = [
    '',
    `  madoguchi が起動しました / madoguchi is running: ${url}`,
    `  データベース / database: ${platform.database.kind === 'pglite' ? `PGlite (${config.dataDir})` : 'PostgreSQL'}`,
    `  起動時間 / startup: ${Math.round(performance.now() - started)} ms`,
  ];
  if (config.demo) {
    lines.push('  デモ用ログイン / demo logins (自治体コード / municipality code, ID, password):');
    for (const t of DEMO_TENANTS) {
      for (const s of t.staff) lines.push(`    ${t.municipality.localGovernmentCode} ${t.municipality.name}  ${s.loginId.padEnd(9)} ${DEMO_PASSWORD}  (${s.displayName}・${s.roles.join(',')})`);
    }
  }
  process.stdout.write(lines.join('\n') + '\n\n');
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info('shutting down', { signal });
  server.close();
  // PGlite must be closed, or its data directory may be left mid-write.
  await platform.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
