import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newTabletPage, screenshot, expectAccessible, loginStaff } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { authenticatorCode } from './support/totp';

/**
 * The admin's catalogue journey: enrol a second factor, open the shipped catalogue, edit the
 * 印鑑登録申請 draft (a broken condition first, seen in the issue list; then a new title and a
 * sample answer seen in the live form preview), look at the paper form, publish after confirming,
 * and find version 2 beside version 1 with its publisher.
 */
let server: RunningServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  page = await newTabletPage(browser, server.url);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const NEW_TITLE = '印鑑登録申請（令和9年度様式）';

describe('procedure catalogue, by the municipality admin on a tablet', () => {
  it('the admin logs in and enrols a second factor', async () => {
    await loginStaff(page, 'admin');
    await expect.poll(() => page.url()).toMatch(/\/residents/);
    await page.goto('/account/totp?redirect=%2Fprocedures');
    await page.getByRole('button', { name: '設定を始める' }).click();
    const uri = page.locator('text=/^otpauth:\\/\\/totp\\//');
    await expect.poll(() => uri.count()).toBe(1);
    await page.locator('input[name=code]').fill(authenticatorCode((await uri.textContent())!));
    await page.getByRole('button', { name: '確認して有効にする' }).click();
    await expect.poll(() => page.getByText('二段階認証を有効にしました').count()).toBe(1);
    await page.getByRole('button', { name: '元の画面に進む' }).click();
    await expect.poll(() => page.url()).toMatch(/\/procedures$/);
  });

  it('opens the shipped catalogue and narrows it to one department', async () => {
    const table = page.getByRole('table');
    await expect.poll(() => table.getByRole('row').count(), { timeout: 15_000 }).toBe(36);
    await expect.poll(() => page.getByText('35件中 35件を表示しています。').count()).toBe(1);
    await page.getByLabel('担当課').selectOption({ label: '市民税務課' });
    await expect.poll(() => table.getByRole('row').count()).toBeLessThan(31);
    await expect.poll(() => table.getByRole('link', { name: '印鑑登録申請', exact: true }).count()).toBe(1);
    await expectAccessible(page, 'catalogue-01-list');
    await table.getByRole('link', { name: '印鑑登録申請', exact: true }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('印鑑登録申請');
    await expect.poll(() => page.getByText('システム（初期カタログ）').count()).toBe(1);
    await expectAccessible(page, 'catalogue-02-detail');
  });

  it('edits a draft: a broken condition shows up in the issue list with its place', async () => {
    await page.getByRole('link', { name: '下書きを作って編集する' }).click();
    const json = page.getByLabel('手続き定義（JSON）');
    await expect.poll(() => json.count()).toBe(1);
    await expect.poll(() => page.getByText('問題は見つかりません。公開できます。').count()).toBe(1);
    const original = await json.inputValue();
    const doc = JSON.parse(original) as { steps: { fields: { id: string; visibleWhen?: unknown }[] }[] };
    doc.steps[0]!.fields.find((f) => f.id === 'registrantPhone')!.visibleWhen = { op: 'isPresent', args: [{ var: 'registrantNam' }] };
    await json.fill(JSON.stringify(doc, null, 2));
    await expect.poll(() => page.getByText('手順1「登録する人」 › 項目3「電話番号」 › 表示条件').count()).toBe(1);
    await expect.poll(() => page.getByText(/「registrantNam」は、この手続きの項目にありません/).count()).toBe(1);
    expect(await page.getByRole('button', { name: '公開する…' }).isDisabled()).toBe(true);
    await json.fill(original);
    await expect.poll(() => page.getByText('問題は見つかりません。公開できます。').count()).toBe(1);
  });

  it('changes the title and sees the form preview react to a sample answer', async () => {
    await page.getByRole('tab', { name: '基本情報と項目' }).click();
    await page.getByLabel('名称').fill(NEW_TITLE);
    const preview = page.getByRole('tabpanel').filter({ has: page.getByText('受付の場面') });
    // 照会書 asks for a guarantor only when that way of checking identity is chosen.
    await expect.poll(() => preview.getByLabel(/保証人の氏名/).count()).toBe(0);
    await preview.getByRole('radio', { name: '保証人（登録者）の保証書' }).check();
    await expect.poll(() => preview.getByLabel(/保証人の氏名/).count()).toBe(1);
    await expectAccessible(page, 'catalogue-03-draft-form-preview');
  });

  it('saves the draft and sees the paper form', async () => {
    await page.getByRole('button', { name: '下書きを保存する' }).click();
    await expect.poll(() => page.getByText('保存済み（保存1回目）').count()).toBe(1);
    await page.getByRole('tab', { name: '紙の様式（PDF）' }).click();
    const frame = page.locator('iframe[title^="紙の様式のプレビュー"]');
    await expect.poll(() => frame.count(), { timeout: 20_000 }).toBe(1);
    const src = (await frame.getAttribute('src'))!;
    const pdf = await page.request.get(src.split('#')[0]!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-');
    await page.waitForTimeout(1500);
    await screenshot(page, 'catalogue-04-draft-pdf');
  });

  it('publishes after confirming, and finds version 2 beside version 1', async () => {
    await page.getByRole('button', { name: '公開する…' }).click();
    const dialog = page.getByRole('alertdialog');
    await expect.poll(() => dialog.count()).toBe(1);
    await expectAccessible(page, 'catalogue-05-confirm');
    await dialog.getByRole('button', { name: '公開する' }).click();
    await expect.poll(() => page.getByText('第2版を公開しました').count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe(NEW_TITLE);
    const versions = page.getByRole('table', { name: '公開された版と公開者・内容ハッシュ' });
    await expect.poll(() => versions.getByRole('row').count()).toBe(3);
    const v2 = versions.getByRole('row').filter({ hasText: '第2版' });
    expect(await v2.textContent()).toContain('情報 管理');
    expect(await versions.getByRole('row').filter({ hasText: '第1版' }).textContent()).toContain('システム（初期カタログ）');
    await expectAccessible(page, 'catalogue-06-published');
  });

  it('the navigator rules screen shows the published rules', async () => {
    await page.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '手続きナビ' }).click();
    const table = page.getByRole('table');
    await expect.poll(() => table.getByRole('row').count(), { timeout: 15_000 }).toBeGreaterThan(40);
    await expectAccessible(page, 'catalogue-07-navigator');
  });
});
