/**
 * The resident portal on a phone: how much JavaScript its first page loads (gzip, as served to a
 * browser; target ≤ 200 KB) and how long it takes to show the procedure list under a throttled
 * mobile profile (Chromium via CDP: 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up, CPU ×4 slower),
 * cold cache, median of several loads. Also checks that the portal loads no staff screen's chunk.
 * Runs the real server (`main.ts`, demo data, PGlite) against the built web app
 * (`npm run build:web` first).
 *
 *   npm run bench -- portal-size        (BENCH_LOADS=5  BENCH_CPU_SLOWDOWN=4)
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { launchBrowser } from '../e2e/support/browser';
import { startServer } from '../e2e/support/server';
import { report, summarize } from './support/table';

const LOADS = Number(process.env.BENCH_LOADS ?? 5);
const CPU_SLOWDOWN = Number(process.env.BENCH_CPU_SLOWDOWN ?? 4);
const LIMIT_KB = 200;
const dist = path.resolve(import.meta.dirname, '../packages/web/dist');
/** Chunks of the staff screens; the portal must load none of them. */
const STAFF_CHUNKS = /\/assets\/(staff|counter|inbox|procedures|residents|departments|audit|import|queue|card|kiosk|taxi|vehicle|online-admin|account|useCardReader|useVisitDraft)[-.]/;

if (!existsSync(path.join(dist, 'index.html'))) {
  console.error('packages/web/dist がありません。先に npm run build:web を実行してください。');
  process.exit(2);
}

const gz = (file: string) => gzipSync(readFileSync(path.join(dist, file)), { level: 9 }).length;

const server = await startServer({ MADOGUCHI_CARD_AGENT_PORT: 'off' });
const browser = await launchBrowser();
try {
  const rows: Record<string, string | number>[] = [];
  const times: number[] = [];
  const listTimes: number[] = [];
  let scripts: string[] = [];
  for (let i = 0; i < LOADS; i += 1) {
    const context = await browser.newContext({ locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
    const loaded: string[] = [];
    page.on('response', (r) => { if (r.url().endsWith('.js')) loaded.push(new URL(r.url()).pathname); });
    const started = Date.now();
    await page.goto(`${server.url}/portal/062120`, { waitUntil: 'load' });
    times.push(Date.now() - started);
    // The first thing a resident can use: the list of procedures.
    await page.getByRole('link', { name: /児童手当 認定請求/ }).waitFor({ timeout: 60_000 });
    listTimes.push(Date.now() - started);
    scripts = [...new Set(loaded)];
    await context.close();
  }
  const files = scripts.map((p) => p.replace(/^\//, ''));
  const kb = files.reduce((n, f) => n + gz(f), 0) / 1024;
  const staff = files.filter((f) => STAFF_CHUNKS.test(`/${f}`));
  const load = summarize(times);
  const list = summarize(listTimes);
  for (const f of files) rows.push({ what: 'script', file: f, gzip_kb: gz(f) / 1024 });
  rows.push({ what: 'initial JS (gzip)', file: `${files.length} files`, gzip_kb: kb, target: `≤ ${LIMIT_KB} KB`, met: kb <= LIMIT_KB ? 'yes' : 'NO', staff_chunks: staff.length ? staff.join(' ') : 'none' });
  rows.push({ what: `load event, median of ${LOADS} (ms)`, file: `throttled: 150 ms, 1.6 Mbit/s, CPU ×${CPU_SLOWDOWN}`, gzip_kb: '', ms_p50: load.p50, ms_max: load.max });
  rows.push({ what: `procedure list shown, median of ${LOADS} (ms)`, file: '', gzip_kb: '', ms_p50: list.p50, ms_max: list.max });
  report('portal-size', rows);
  if (kb > LIMIT_KB || staff.length > 0) process.exitCode = 1;
} finally {
  await browser.close();
  await server.stop();
}
