import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newTabletPage, expectAccessible, loginStaff } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { authenticatorCode } from './support/totp';

/**
 * The platform journey a new user tries first: a counter clerk finds a resident by typing
 * half-width kana, opens the household; then the admin (enrolling a second factor on first login)
 * sees the audit entry for that view.
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

let residentId = '';
let residentName = '';

describe('counter clerk and admin, on a 10-inch tablet', () => {
  it('the login page is in Japanese and accessible', async () => {
    await page.goto('/');
    await expect.poll(() => page.url()).toMatch(/\/login/);
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    await expect.poll(() => page.getByRole('heading', { name: '職員ログイン' }).count()).toBe(1);
    await expectAccessible(page, '01-login');
  });

  it('a wrong password gets a Japanese message and no session', async () => {
    await page.locator('input[name=municipalityCode]').fill('062120');
    await page.locator('input[name=loginId]').fill('clerk');
    await page.locator('input[name=password]').fill('wrong-password');
    await page.getByRole('button', { name: 'ログインする' }).click();
    await expect.poll(() => page.getByText('パスワードが違います', { exact: false }).count()).toBeGreaterThan(0);
    expect(page.url()).toMatch(/\/login/);
  });

  it('the clerk finds residents by typing half-width kana', async () => {
    await loginStaff(page, 'clerk');
    await expect.poll(() => page.getByRole('heading', { name: '住民検索' }).count()).toBe(1);
    await page.getByRole('textbox', { name: /氏名・カナ/ }).fill('ﾔﾏﾀﾞ');
    await page.getByRole('button', { name: '検索する' }).click();
    const table = page.getByRole('table');
    await expect.poll(() => table.getByRole('row').count()).toBeGreaterThan(1);
    const names = await table.getByRole('link').allTextContents();
    expect(names.length).toBeGreaterThan(0);
    expect(names.every((n) => n.includes('山田'))).toBe(true);
    await expectAccessible(page, '02-search-results');
  });

  it('the clerk opens a resident and sees the household and its history', async () => {
    const first = page.getByRole('table').getByRole('link').first();
    const linkText = (await first.textContent())!;
    await first.click();
    await expect.poll(() => page.url()).toMatch(/\/residents\/[0-9a-f-]{36}/);
    residentId = page.url().match(/residents\/([0-9a-f-]{36})/)![1]!;
    const h1 = page.getByRole('heading', { level: 1 });
    await expect.poll(() => h1.textContent()).toMatch(/^山田 /);
    residentName = (await h1.textContent())!.trim();
    expect(linkText.startsWith(residentName)).toBe(true);
    await expect.poll(() => page.getByRole('heading', { name: /^世帯（\d+人）/ }).count()).toBe(1);
    await expect.poll(() => page.getByRole('heading', { name: '異動履歴' }).count()).toBe(1);
    await expect.poll(() => page.getByText('世帯主').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByText(/昭和|平成|令和/).count()).toBeGreaterThan(0);
    await expectAccessible(page, '03-resident-detail');
    await page.getByRole('button', { name: 'ログアウト' }).click();
    await expect.poll(() => page.url()).toMatch(/\/login/);
  });

  it('the admin must enrol a second factor before seeing the audit log', async () => {
    await loginStaff(page, 'admin');
    await expect.poll(() => page.url()).toMatch(/\/residents/);
    await page.goto('/admin/audit');
    // Admin screens lead to the second-factor setup first, and come back afterwards.
    await expect.poll(() => page.url()).toMatch(/\/account\/totp\?redirect=%2Fadmin%2Faudit/);
    await expect.poll(() => page.getByText('管理者は二段階認証の設定が必要です').count()).toBe(1);
    await page.getByRole('button', { name: '設定を始める' }).click();
    const uri = page.locator('text=/^otpauth:\\/\\/totp\\//');
    await expect.poll(() => uri.count()).toBe(1);
    await expectAccessible(page, '04-totp-setup');
    const code = authenticatorCode((await uri.textContent())!);
    await page.locator('input[name=code]').fill(code);
    await page.getByRole('button', { name: '確認して有効にする' }).click();
    await expect.poll(() => page.getByText('二段階認証を有効にしました').count()).toBe(1);
    await page.getByRole('button', { name: '元の画面に進む' }).click();
    await expect.poll(() => page.url()).toMatch(/\/admin\/audit/);
  });

  it('the admin sees who looked at the resident, when and why', async () => {
    await page.goto(`/admin/audit?residentId=${residentId}&residentName=${encodeURIComponent(residentName)}`);
    const table = page.getByRole('table');
    await expect.poll(() => table.getByRole('row').count(), { timeout: 15_000 }).toBeGreaterThan(1);
    const readRow = table.getByRole('row').filter({ hasText: '住民情報の閲覧' }).first();
    await expect.poll(() => readRow.count()).toBe(1);
    const text = (await readRow.textContent())!;
    expect(text).toContain('窓口 花子');
    expect(text).toContain(residentName);
    expect(text).toContain('住民検索からの詳細表示');
    // The search that listed the resident is there too.
    await expect.poll(() => table.getByRole('row').filter({ hasText: '住民の検索' }).count()).toBeGreaterThan(0);
    await expectAccessible(page, '05-audit');
  });
});
