/**
 * 書かない窓口: the 転入 of a family of three (和田さん一家, from さいたま市) driven in Chromium as a
 * clerk does it — the demo card of the householder with the resident's PIN, the 転入予約 data, the
 * interview, the on-screen signature, completion — against the real server (`main.ts`, demo data,
 * PGlite). Counts staff taps and key presses and times 「受付を始める」 → 手続き案内書 on screen with
 * every signed form made. Targets (issue 5): ≤ 40 staff actions, ≤ 3 minutes.
 *
 *   npm run build:web && npm run bench -- counter-move-in        (RUNS=1: each run needs a fresh city)
 */
import { launchBrowser, newTabletPage } from '../e2e/support/browser';
import { login, runMoveInJourney, waitForDemoReader } from '../e2e/support/counter-journey';
import { startServer } from '../e2e/support/server';
import { report } from './support/table';

const RUNS = Number(process.env.RUNS ?? 1);
const rows: Record<string, string | number>[] = [];
for (let run = 1; run <= RUNS; run++) {
  const server = await startServer();
  const browser = await launchBrowser();
  try {
    const page = await newTabletPage(browser, server.url);
    await login(page, 'clerk');
    const cookies = await page.context().cookies();
    await waitForDemoReader(server.url, cookies.map((c) => `${c.name}=${c.value}`).join('; '));
    const r = await runMoveInJourney(page);
    rows.push({
      run, staff_taps: r.staffTaps, staff_keys: r.staffKeys, staff_actions: r.staffTaps + r.staffKeys, target_actions: '≤ 40',
      resident_actions: r.residentActions, wall_s: r.wallMs / 1000, target_s: '≤ 180',
    });
  } finally {
    await browser.close();
    await server.stop();
  }
}
report('counter-move-in', rows);
