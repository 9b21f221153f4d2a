import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newTabletPage, expectAccessible } from './support/browser';
import { login, runMoveInJourney, waitForDemoReader, type JourneyCount } from './support/counter-journey';
import { startServer, type RunningServer } from './support/server';

/**
 * The Done-when of the 書かない窓口, tried as a new user would with `npm start`: the demo clerk
 * completes a 転入 for the 和田 family of three with the simulated card of the householder and the
 * 転入予約 data, the resident signs on the screen, the registry shows the new household with its
 * history, the 国保 and 児童手当 departments find their cases (with the signed PDFs) in their
 * inboxes, and the 手続き案内書 lists what is left. Each screen is photographed and checked with axe.
 */
let server: RunningServer;
let browser: Browser;
let page: Page;
let journey: JourneyCount;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newTabletPage(browser, server.url);
  await login(page, 'clerk');
  const cookies = await page.context().cookies();
  await waitForDemoReader(server.url, cookies.map((c) => `${c.name}=${c.value}`).join('; '));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function pdfText(p: Page, url: string): Promise<string> {
  const res = await p.request.get(url);
  expect(res.status(), url).toBe(200);
  expect(res.headers()['content-type']).toBe('application/pdf');
  const dir = mkdtempSync(path.join(os.tmpdir(), 'counter-pdf-'));
  const file = path.join(dir, 'doc.pdf');
  writeFileSync(file, await res.body());
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('転入 of a family of three at the 書かない窓口', () => {
  it('the clerk completes it with the card, the 転入予約 and an on-screen signature', async () => {
    journey = await runMoveInJourney(page, { onScreen: (name) => expectAccessible(page, name) });
    const staffActions = journey.staffTaps + journey.staffKeys;
    // The targets: at most 40 staff actions and 3 minutes, every PDF made.
    expect(staffActions).toBeLessThanOrEqual(40);
    expect(journey.wallMs).toBeLessThan(180_000);
    const table = page.getByRole('table', { name: '受け付けた手続き' });
    for (const title of ['住民異動届', '国民健康保険 加入届（資格取得届）', '児童手当 認定請求', '子ども医療費 受給資格登録申請']) {
      await expect.poll(() => table.getByText(title, { exact: true }).count()).toBe(1);
    }
    expect(await table.getByText(/^R\d+-\d{6}$/).count()).toBeGreaterThanOrEqual(4);
  });

  it('the 手続き案内書 lists what is left, desk by desk', async () => {
    const visitId = journey.visitUrl.split('/').pop()!;
    const text = await pdfText(page, `/api/counter/visits/${visitId}/guide-sheet.pdf`);
    expect(text).toContain('手続き案内書');
    expect(text).toContain('和田 健一 様の世帯');
    // Done at this desk (市民税務課): the 住民異動届; left for the resident at 健康増進課 and こども未来課.
    expect(text).toMatch(/本日済んだ手続き：住民異動届/);
    expect(text).toContain('国民健康保険 加入届');
    expect(text).toContain('児童手当 認定請求');
    expect(text).toMatch(/4番窓口/);
  });

  it('the registry shows the new household and its history', async () => {
    await page.getByRole('link', { name: '住民記録（世帯と異動の履歴）を見る' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('和田 健一');
    await expect.poll(() => page.getByText('和田 美咲').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('転入', { exact: true }).count()).toBeGreaterThan(0);
    await expectAccessible(page, 'counter-12-registry');
  });

  it.each([
    ['reviewer', 'こども未来課', '児童手当 認定請求'],
    ['kokuho', '健康増進課', '国民健康保険 加入届（資格取得届）'],
  ])('%s (%s) finds the case in the inbox, with its data, signed PDF and pipeline', async (loginId, _department, title) => {
    const reviewer = await newTabletPage(browser, server.url);
    await login(reviewer, loginId);
    await reviewer.goto('/inbox');
    const row = reviewer.getByRole('row').filter({ hasText: title });
    await expect.poll(() => row.count()).toBe(1);
    await expectAccessible(reviewer, `counter-13-inbox-${loginId}`);
    await row.getByRole('link').click();
    await expect.poll(() => reviewer.getByRole('heading', { level: 1 }).textContent()).toBe(title);
    await expect.poll(() => reviewer.getByText('和田 健一').count()).toBeGreaterThan(0);
    await expect.poll(() => reviewer.getByText('署名入りの届出書（PDF）を作成').count()).toBe(1);
    await expect.poll(() => reviewer.getByText('完了', { exact: true }).count()).toBeGreaterThanOrEqual(2);
    await expectAccessible(reviewer, `counter-14-case-${loginId}`);
    const caseId = reviewer.url().split('/').pop()!;
    const pdf = await reviewer.request.get(`/api/cases/${caseId}/form.pdf`);
    expect(pdf.status()).toBe(200);
    // The on-screen signature is embedded as an image.
    expect((await pdf.body()).toString('latin1')).toContain('/Subtype /Image');
    if (loginId === 'reviewer') {
      // Back to the counter with a note.
      await reviewer.getByRole('button', { name: '窓口に差し戻す' }).click();
      await reviewer.getByLabel('差し戻す理由（窓口に伝わります）').fill('口座名義の確認をお願いします。');
      await reviewer.getByRole('button', { name: '差し戻す', exact: true }).click();
      await expect.poll(() => reviewer.getByText('差戻し中').count()).toBeGreaterThan(0);
    } else {
      await reviewer.getByRole('button', { name: '処理済みにする' }).click();
      await expect.poll(() => reviewer.getByText('完了', { exact: true }).count()).toBeGreaterThan(2);
    }
    await reviewer.context().close();
  });

  it('the counter sees the case its department sent back, with the reason', async () => {
    await page.goto('/counter');
    const returned = page.getByRole('region', { name: '担当課から差し戻された案件' });
    await expect.poll(() => returned.getByRole('listitem').count()).toBe(1);
    await returned.getByRole('link', { name: '理由を見る' }).click();
    await expect.poll(() => page.getByText('口座名義の確認をお願いします。', { exact: false }).count()).toBeGreaterThan(0);
    await expectAccessible(page, 'counter-15-returned');
  });

  it('statistics count the visit', async () => {
    await page.goto('/counter/stats');
    await expect.poll(() => page.getByText('1件').count()).toBeGreaterThan(0);
    await page.getByRole('img', { name: /手続きごとの所要時間/ }).waitFor();
    await expectAccessible(page, 'counter-16-stats');
  });

  it('reports the benchmark figures of this run', () => {
    process.stdout.write(`counter move-in: ${journey.staffTaps} taps + ${journey.staffKeys} keys = ${journey.staffTaps + journey.staffKeys} staff actions, ${journey.residentActions} resident actions, ${(journey.wallMs / 1000).toFixed(1)} s\n`);
  });
});
