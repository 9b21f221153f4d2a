import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CardChannel } from '../src/channel';
import { PcscTransport } from '../src/node/pcsc-transport';
import { VpcdCardProcess } from '../src/node/vpcd-card-process';
import { digestInfoOf } from '../src/profiles/digest-info';
import { JpkiAp } from '../src/profiles/jpki-ap';
import { TextAp } from '../src/profiles/text-ap';
import { createSimulatedIssuers, personaliseMyNumberCard } from '../src/sim/my-number-card';
import { SimulatedCardTransport } from '../src/sim/transport';
import { acquirePcscLock, insertCard, isFirstVirtualSlot, removeCard, startPcscd } from '../src/testing/pcscd';
import type { CardTransport } from '../src/transport';
import { CrlChecker } from '../src/verify/crl';
import { verifyJpkiAuthentication } from '../src/verify/jpki';
import { OcspClient } from '../src/verify/ocsp';
import { HANAKO } from '../test/fixtures';
import { freePort, startOpensslOcsp } from '../test/openssl-ocsp';

/**
 * Card benchmarks (not tests): reading the four attributes through PC/SC (vpcd) and in-process,
 * and JPKI login verification with chain + OCSP. Prints a table and writes bench/results.json.
 *   npm run bench -w packages/card
 */
interface Row {
  readonly name: string;
  readonly runs: number;
  readonly apdusPerRun?: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly perSecond: number;
}

function summarise(name: string, times: number[], apdusPerRun?: number): Row {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const total = times.reduce((a, b) => a + b, 0);
  return {
    name,
    runs: times.length,
    ...(apdusPerRun !== undefined ? { apdusPerRun } : {}),
    medianMs: Number(at(0.5).toFixed(2)),
    p95Ms: Number(at(0.95).toFixed(2)),
    perSecond: Number(((times.length * 1000) / total).toFixed(1)),
  };
}

async function readAttributesLoop(name: string, transport: CardTransport, runs: number): Promise<Row> {
  const times: number[] = [];
  let apdus = 0;
  for (let i = 0; i < runs; i++) {
    const channel = new CardChannel(transport, { timeoutMs: 15_000 });
    const started = performance.now();
    const textAp = new TextAp(channel);
    await textAp.verifyPin(HANAKO.pin);
    await textAp.readAttributes();
    times.push(performance.now() - started);
    apdus = channel.apduCount;
    channel.detach();
  }
  return summarise(name, times, apdus);
}

const rows: Row[] = [];
const issuers = await createSimulatedIssuers({
  ocspUrls: { auth: `http://127.0.0.1:${await freePort()}/`, signing: 'http://127.0.0.1:9/' },
});
const personalised = await personaliseMyNumberCard(HANAKO, issuers);

rows.push(await readAttributesLoop('read 4 attributes, in-process simulator', new SimulatedCardTransport(personalised.card), 50));

const release = await acquirePcscLock();
const pcscd = await startPcscd();
const vpcd = await VpcdCardProcess.start(personalised.card);
try {
  await insertCard(vpcd);
  const transport = await PcscTransport.open({ reader: isFirstVirtualSlot });
  await transport.waitForCard(5000);
  rows.push(await readAttributesLoop('read 4 attributes, PC/SC via pcscd + vpcd', transport, 20));
  await transport.close();
  await removeCard(vpcd);
} finally {
  await vpcd.stop();
  await pcscd.stop();
  await release();
}

const jpki = new JpkiAp(new CardChannel(new SimulatedCardTransport(personalised.card)));
const certificate = await jpki.readAuthCertificate();
const challenge = crypto.getRandomValues(new Uint8Array(32));
const signature = await jpki.sign('auth', HANAKO.pin, await digestInfoOf('SHA-256', challenge));
const ocspPort = Number(new URL(issuers.ocspUrls?.auth ?? '').port);
const responder = await startOpensslOcsp(issuers.authCa, [{ certificate }], { port: ocspPort });
try {
  const trust = { anchors: [issuers.authCa.certificate] };
  const crl = await issuers.authCa.createCrl({ revoked: [] });
  for (const [name, revocation] of [
    ['verify login: signature + chain + OCSP (openssl ocsp)', new OcspClient()],
    ['verify login: signature + chain + CRL (in memory)', new CrlChecker({ source: async () => crl })],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < 40; i++) {
      const started = performance.now();
      await verifyJpkiAuthentication({ certificate, challenge, signature }, { trust, revocation });
      times.push(performance.now() - started);
    }
    rows.push(summarise(name, times));
  }
} finally {
  await responder.stop();
}

console.table(rows);
const out = fileURLToPath(new URL('./results.json', import.meta.url));
await writeFile(out, `${JSON.stringify({ at: new Date().toISOString(), node: process.version, rows }, null, 2)}\n`);
console.log(`wrote ${out}`);
