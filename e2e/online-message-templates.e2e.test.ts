import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newTabletPage, expectAccessible, loginStaff } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/**
 * 定型文: the こども未来課 reviewer adds a correction template for 児童手当 認定請求 on the publishing
 * screen, changes it, and deletes it; the screen stays accessible.
 */
let server: RunningServer;
let browser: Browser;
let desk: Page;

beforeAll(async () => {
  server = await startServer({ MADOGUCHI_CARD_AGENT_PORT: 'off' });
  browser = await launchBrowser();
  desk = await newTabletPage(browser, server.url);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('message templates on the publishing screen', () => {
  it('the reviewer adds, changes and deletes a template of their department', async () => {
    await loginStaff(desk, 'reviewer');
    await expect.poll(() => desk.url()).not.toMatch(/\/login/);
    await desk.getByRole('link', { name: 'オンライン申請' }).first().click();
    await desk.getByRole('heading', { name: 'オンライン申請の設定' }).waitFor();
    await desk.getByRole('heading', { name: '返信の定型文（補正の依頼・メッセージ）' }).waitFor();
    const section = desk.getByRole('region', { name: '返信の定型文（補正の依頼・メッセージ）' });

    await section.getByRole('button', { name: '定型文を追加する' }).click();
    // A reviewer may not write a city-wide one: the server says what to do.
    await section.getByLabel('名前').fill('所得証明書の不足');
    await section.getByLabel('本文').fill('所得証明書（令和8年度）が添付されていません。添付してから、もう一度送信してください。');
    await section.getByRole('button', { name: '保存する' }).click();
    await desk.getByText('保存できませんでした').waitFor();
    await desk.getByText('「課」で自分の課を選んでください').waitFor();
    await expectAccessible(desk, 'templates-01-refused');

    await section.getByLabel('手続き', { exact: true }).selectOption({ label: '児童手当 認定請求' });
    await section.getByLabel('課', { exact: true }).selectOption({ label: 'こども未来課' });
    await section.getByRole('button', { name: '保存する' }).click();
    await desk.getByText('「所得証明書の不足」を保存しました。').waitFor();
    const row = section.getByRole('row').filter({ hasText: '所得証明書の不足' });
    await expect.poll(() => row.textContent()).toContain('児童手当 認定請求');
    expect(await row.textContent()).toContain('補正の依頼');
    await expectAccessible(desk, 'templates-02-saved');

    await row.getByRole('button', { name: '変更（所得証明書の不足）' }).click();
    await section.getByLabel('名前').fill('所得証明書の添付漏れ');
    await section.getByRole('button', { name: '保存する' }).click();
    await desk.getByText('「所得証明書の添付漏れ」を保存しました。').waitFor();

    desk.once('dialog', (d) => void d.accept());
    await section.getByRole('button', { name: '削除（所得証明書の添付漏れ）' }).click();
    await desk.getByText('「所得証明書の添付漏れ」を削除しました。').waitFor();
    await expect.poll(() => section.getByRole('row').filter({ hasText: '所得証明書の添付漏れ' }).count()).toBe(0);
  });
});
