import { serve } from '@hono/node-server';
import { loadConfig } from './platform/config';
import { createLogger } from './platform/log';
import { startPlatform } from './server';
import { startAuditChainer } from './platform/audit/audit';
import { DEMO_KIOSK_TOKENS, startQueueBackground } from './modules/queue/service';
import { DEMO_PASSWORD, DEMO_TENANTS, isDatabaseEmpty, loadDemoData } from './demo/load';
import { DEMO_CARD_PIN, createDemoCardKeys } from './demo/cards';
import { DemoCardReader } from './modules/demo-card/reader';
import { mountDemoCardRoutes } from './modules/demo-card/routes';
import { type DemoCardAgentStart, startDemoCardAgent } from './modules/demo-card/start';
import { SimulatedJpkiRevocation, mountPortalDemoCardRoutes } from './modules/online/signing-demo';
import { configureJpkiVerification } from './modules/online/signing';
import { DEMO_TAXI_OPERATOR_LOGIN, DEMO_TAXI_REVIEWER_LOGIN } from './modules/taxi/demo';
import { DEMO_DRIVER } from './modules/taxi/terminal/demo';

const started = performance.now();
const logger = createLogger();
const config = loadConfig();
// Demo only: the card agent and simulated cards live in this process, so card reading can be tried
// without hardware. In production the agent runs on each counter PC (npm start -w packages/card-agent).
const demoCardReader = config.demo && config.cardAgentPort !== null ? new DemoCardReader() : null;
// Key generation is the slow part; it runs while the database starts and the demo data loads.
const demoCardKeys = demoCardReader ? createDemoCardKeys() : null;
const platform = await startPlatform(config, {
  logger,
  extraModules: demoCardReader ? [(services) => mountDemoCardRoutes(services, demoCardReader), (services) => mountPortalDemoCardRoutes(services, demoCardReader)] : [],
});

if (config.demo && (await isDatabaseEmpty(platform.database.db))) {
  logger.info('loading demo data (first start)');
  const summary = await loadDemoData(platform.services);
  logger.info('demo data loaded', { tenants: summary.map((s) => `${s.municipality}: ${s.residents}人 ${s.households}世帯`) });
}

let demoCardAgent: DemoCardAgentStart | null = null;
if (demoCardReader && demoCardKeys && config.cardAgentPort !== null) {
  demoCardAgent = await startDemoCardAgent(demoCardReader, {
    db: platform.database.db,
    keys: demoCardKeys,
    port: config.cardAgentPort,
    // Only this server's own pages may use the reader.
    allowedOrigins: [`http://localhost:${config.port}`, `http://127.0.0.1:${config.port}`, ...config.allowedOrigins],
    logger,
  });
  // スマート申請 in the demo: signatures and card logins are checked against the simulated JPKI CA.
  configureJpkiVerification(platform.services, new SimulatedJpkiRevocation((await demoCardKeys).issuers).verification());
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
  if (demoCardAgent?.ok) {
    lines.push(
      `  デモ用カードリーダー / demo card reader: ${demoCardAgent.url}  (カード ${demoCardAgent.cards}枚 / cards, 暗証番号 / PIN ${DEMO_CARD_PIN})`,
      `    ペアリングトークン / pairing token: ${demoCardAgent.pairingToken}`,
      '    画面「カード読取」でデモ用カードを置いて試せます / try it on the カード読取 (card reading) screen',
    );
  } else if (demoCardAgent) {
    lines.push(`  デモ用カードリーダーを起動できませんでした / demo card reader not started: ${demoCardAgent.reason} (MADOGUCHI_CARD_AGENT_PORT)`);
  }
  if (config.demo) {
    lines.push(`  整理券・呼出表示・予約 / queue, call board, bookings: ${url}/q/062120  (受付機 / kiosk: ${url}/q/062120/kiosk?token=${DEMO_KIOSK_TOKENS.hall})`);
    lines.push(
      `  オンライン申請（住民） / resident portal: ${url}/portal/062120`,
      `  移動市役所の運行予定 / mobile city hall schedule: ${url}/outreach/062120  (車両の端末 / vehicle tablet: ${url}/vehicle)`,
      `  タクシー券 / taxi subsidy: 事業者 / operator ${DEMO_TAXI_OPERATOR_LOGIN}, 市の担当 / city ${DEMO_TAXI_REVIEWER_LOGIN} (${DEMO_PASSWORD}); 車内端末 / in-taxi terminal: ${url}/taxi/terminal (乗務員 / driver ${DEMO_DRIVER.code}, PIN ${DEMO_DRIVER.pin})`,
    );
  }
  process.stdout.write(lines.join('\n') + '\n\n');
});
// Jobs (PDFs, notices) run once the server is up; platform.close() stops them before the database.
platform.services.jobs.start();
// Audit events written while another transaction of the city held the chain head are linked here.
const stopAuditChainer = startAuditChainer(platform.services.db, (err) => logger.error('audit chainer failed', { errorName: err instanceof Error ? err.name : 'unknown' }));

// Reservation reminders are swept every few minutes; each booking is claimed before its e-mail goes.
const stopQueueBackground = startQueueBackground(platform.services);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  logger.info('shutting down', { signal });
  server.close();
  await demoCardReader?.close();
  stopQueueBackground();
  stopAuditChainer();
  // PGlite must be closed, or its data directory may be left mid-write.
  await platform.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
