import { PcscTransport } from '@madoguchi/card/node';
import { createDemoCardReader } from '@madoguchi/card/sim';
import { createPairingToken } from './pairing';
import { type ReaderTransport, startCardAgent } from './server';

/**
 * Runs the agent on a counter PC or taxi terminal.
 *
 *   MADOGUCHI_CARD_AGENT_ORIGINS=https://madoguchi.example.lg.jp   (required, comma-separated)
 *   MADOGUCHI_CARD_AGENT_TOKEN=...        pairing token (printed once if not set)
 *   MADOGUCHI_CARD_AGENT_PORT=47800
 *   MADOGUCHI_CARD_AGENT_READER=...       reader name (default: the first one)
 *   MADOGUCHI_CARD_AGENT_INDIVIDUAL_NUMBER_PROCEDURES=move-in,...   (個人番号利用事務 only)
 *   --simulated                           a simulated card instead of PC/SC (demo without hardware)
 */
const env = process.env;
const origins = (env.MADOGUCHI_CARD_AGENT_ORIGINS ?? '').split(',').map((o) => o.trim()).filter((o) => o.length > 0);
if (origins.length === 0) {
  process.stderr.write('MADOGUCHI_CARD_AGENT_ORIGINS を設定してください（例: https://madoguchi.example.lg.jp）。\n');
  process.exit(2);
}
const token = env.MADOGUCHI_CARD_AGENT_TOKEN ?? createPairingToken();
if (env.MADOGUCHI_CARD_AGENT_TOKEN === undefined) process.stdout.write(`pairing token: ${token}\n`);

let openTransport: () => Promise<ReaderTransport>;
if (process.argv.includes('--simulated')) {
  const simulated = await createDemoCardReader();
  openTransport = async () => simulated;
} else {
  const reader = env.MADOGUCHI_CARD_AGENT_READER;
  openTransport = () => PcscTransport.open(reader === undefined ? {} : { reader });
}

const agent = await startCardAgent({
  openTransport,
  allowedOrigins: origins,
  pairingToken: token,
  individualNumberProcedures: (env.MADOGUCHI_CARD_AGENT_INDIVIDUAL_NUMBER_PROCEDURES ?? '').split(',').filter((p) => p.length > 0),
  port: Number(env.MADOGUCHI_CARD_AGENT_PORT ?? 47800),
  log: (event) => process.stderr.write(`${JSON.stringify({ at: new Date().toISOString(), ...event })}\n`),
});
process.stdout.write(`card-agent listening on ${agent.url}\n`);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void agent.close().then(() => process.exit(0));
  });
}
