import type { Locator, Page } from 'playwright-core';
import { loginStaff } from './browser';

/**
 * The 書かない窓口 move-in as a clerk does it on the tablet, scripted once for the browser journey
 * (e2e/counter-move-in.e2e.test.ts) and the benchmark (bench/counter-move-in.ts). Every tap and
 * every character typed by staff is counted; what the resident does (PIN, signature) is counted
 * apart. The family is the demo's 和田さん一家 (three people from さいたま市), with the householder's
 * demo card and the national moving service's 転入予約 data.
 */

export interface JourneyCount {
  /** Taps and clicks by staff. */
  staffTaps: number;
  /** Characters typed by staff (one key press each, as on a tablet keyboard). */
  staffKeys: number;
  /** PIN digits and the signature strokes: the resident's own part. */
  residentActions: number;
  /** From 「受付を始める」 to the 手続き案内書 on screen, with every PDF made. */
  wallMs: number;
  visitUrl: string;
}

export interface JourneyHooks {
  /** Called on each screen before leaving it (screenshots, accessibility checks). */
  onScreen?: (name: string) => Promise<void>;
}

export async function waitForDemoReader(baseUrl: string, cookie: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await fetch(`${baseUrl}/api/demo/card-reader`, { headers: { cookie } });
    if (res.ok && ((await res.json()) as { agentUrl: string | null }).agentUrl) return;
    if (Date.now() > deadline) throw new Error('demo card reader did not start');
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Logs a demo staff member in and waits until the login page is left. */
export async function login(page: Page, loginId: string): Promise<void> {
  await loginStaff(page, loginId);
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

export async function runMoveInJourney(page: Page, hooks: JourneyHooks = {}): Promise<JourneyCount> {
  const count = { staffTaps: 0, staffKeys: 0, residentActions: 0 };
  const screen = async (name: string) => {
    if (hooks.onScreen) await hooks.onScreen(name);
  };
  const tap = async (target: Locator) => {
    await target.click();
    count.staffTaps++;
  };
  const type = async (target: Locator, text: string) => {
    await tap(target);
    await target.pressSequentially(text);
    count.staffKeys += [...text].length;
  };

  await page.goto('/counter');
  await page.getByRole('button', { name: '受付を始める', exact: true }).waitFor();
  await screen('counter-01-home');
  const started = Date.now();
  await tap(page.getByRole('button', { name: '受付を始める', exact: true }));
  await page.waitForURL(/\/counter\/visits\//);

  // 本人確認: the card (the clerk puts the demo card on the simulated reader), the resident's PIN.
  await tap(page.getByRole('button', { name: '転入予定 和田 健一を置く' }));
  const pad = page.getByRole('group', { name: /暗証番号（4桁）を入力してください/ });
  await pad.waitFor();
  await screen('counter-02-pin');
  for (const digit of '1234') {
    await pad.getByRole('button', { name: digit, exact: true }).click();
    count.residentActions++;
  }
  await pad.getByRole('button', { name: '確定' }).click();
  count.residentActions++;
  await page.getByText('住民記録にない方です').waitFor();
  await screen('counter-03-card-read');

  // The 転入予約 the national moving service sent.
  await tap(page.getByRole('tab', { name: '転出証明書・転入予約' }));
  await tap(page.getByRole('button', { name: 'デモ用の転入予約データを入れる' }));
  await tap(page.getByRole('button', { name: '取り込む' }));
  await page.getByText('和田 健一さん ほか2人').waitFor();
  await screen('counter-04-imported');
  await tap(page.getByRole('button', { name: '次へ（ライフイベント）' }));

  // ライフイベント: everything came with the data; staff check it with the resident.
  await page.getByRole('heading', { name: '世帯と異動する人' }).waitFor();
  await screen('counter-05-event');
  await tap(page.getByRole('button', { name: '必要な手続きを調べる' }));

  await page.getByRole('heading', { name: /必要な手続き（\d+件）/ }).waitFor();
  await screen('counter-06-procedures');
  await tap(page.getByRole('button', { name: /件の聞き取りへ/ }));

  // 聞き取り: only what nothing else knows.
  await page.getByText(/件の届出をまとめて聞き取ります/).waitFor();
  await screen('counter-07-interview');
  const q = (key: string) => page.locator(`[data-question="${key}"]`);
  await tap(q('own:residence-change:notifierRelation').getByLabel('本人'));
  await tap(q('own:child-allowance-claim:pensionType').getByLabel('国民年金'));
  await type(q('own:child-allowance-claim:bankName').getByRole('textbox'), '山形銀行');
  await type(q('own:child-allowance-claim:bankBranch').getByRole('textbox'), '尾花沢支店');
  await tap(q('own:child-allowance-claim:accountType').getByLabel('普通'));
  await type(q('own:child-allowance-claim:accountNumber').getByRole('textbox'), '1234567');
  await tap(page.getByRole('button', { name: '確認へ' }));

  // 確認: the forms as the resident will sign them.
  await page.getByRole('heading', { name: '届出の内容' }).waitFor();
  await page.getByRole('tab', { name: '住民異動届' }).waitFor();
  await screen('counter-08-review');
  await tap(page.getByRole('button', { name: '内容に間違いがないので署名へ' }));

  // 署名: the resident writes with a finger; staff confirm it.
  const pad2 = page.getByRole('img', { name: '署名欄（指かペンで書く）' });
  await pad2.waitFor();
  const box = (await pad2.boundingBox())!;
  await page.mouse.move(box.x + 80, box.y + 140);
  await page.mouse.down();
  for (let i = 0; i <= 36; i++) await page.mouse.move(box.x + 80 + i * 14, box.y + 140 + Math.sin(i / 3) * 45, { steps: 2 });
  await page.mouse.up();
  count.residentActions++;
  await screen('counter-09-sign');
  await tap(page.getByRole('button', { name: '署名を確定する' }));
  await page.getByRole('heading', { name: '署名済みの届出書' }).waitFor();
  await screen('counter-10-signed');
  await tap(page.getByRole('button', { name: /受付を完了する/ }));

  // 完了: receipt numbers, and the 手続き案内書 once its job has made it.
  await page.getByText('受付が完了しました').waitFor();
  await page.getByRole('link', { name: '手続き案内書を印刷する' }).waitFor({ timeout: 60_000 });
  // …and every signed form the departments will open.
  const visitId = page.url().split('/').pop()!;
  const visit = (await (await page.request.get(`/api/counter/visits/${visitId}`)).json()) as { visit: { result: { cases: { caseId: string }[] } } };
  for (const c of visit.visit.result.cases) {
    for (;;) {
      const { jobs } = (await (await page.request.get(`/api/cases/${c.caseId}/jobs`)).json()) as { jobs: { status: string }[] };
      if (jobs.every((j) => j.status === 'done')) break;
      if (jobs.some((j) => j.status === 'failed')) throw new Error(`a job of case ${c.caseId} failed`);
      await page.waitForTimeout(200);
    }
  }
  const wallMs = Date.now() - started;
  await screen('counter-11-done');
  return { ...count, wallMs, visitUrl: page.url() };
}
