import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { launchBrowser, newTabletPage, expectAccessible, loginStaff } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/**
 * 手数料 online: the こども未来課 reviewer puts a fee on 児童手当 認定請求 in the publishing screen;
 * a resident on a phone fills the form, cannot send it unpaid, pays on the sandbox gateway's page
 * (labelled as a test) and comes back to send it; the reviewer sees 納付済み in the inbox and on
 * the case, and accepts it with the inbox's bulk action.
 */
let server: RunningServer;
let smtp: SMTPServer;
let browser: Browser;
let phone: Page;
let desk: Page;
const mails: ParsedMail[] = [];
const EMAIL = 'fee.payer@example.jp';

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'],
    onData(stream, _s, cb) { simpleParser(stream).then((m) => { mails.push(m); cb(); }, cb); },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const port = (smtp.server.address() as AddressInfo).port;
  server = await startServer({ MADOGUCHI_SMTP_URL: `smtp://127.0.0.1:${port}?ignoreTLS=true`, MADOGUCHI_MAIL_FROM: 'online@city.obanazawa.example.jp', MADOGUCHI_CARD_AGENT_PORT: 'off' });
  browser = await launchBrowser();
  desk = await newTabletPage(browser, server.url);
  phone = await newTabletPage(browser, server.url, { width: 390, height: 844 });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
});

const mailTo = async (to: string, count: number) => {
  await expect.poll(() => mails.filter((m) => JSON.stringify(m.to).includes(to)).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(count);
  return mails.filter((m) => JSON.stringify(m.to).includes(to)).at(-1)!;
};

let caseId = '';

describe('a fee paid online through the sandbox gateway', () => {
  it('the reviewer sets a fee of 300 yen in the publishing screen', async () => {
    await loginStaff(desk, 'reviewer');
    await expect.poll(() => desk.url()).not.toMatch(/\/login/);
    await desk.getByRole('link', { name: 'オンライン申請' }).first().click();
    await desk.getByRole('heading', { name: 'オンライン申請の設定' }).waitFor();
    await expectAccessible(desk, 'fees-01-publications');
    await desk.getByRole('link', { name: '児童手当 認定請求' }).click();
    await desk.getByText('国の重点手続きのテンプレートがあります').waitFor();
    await desk.getByLabel('手数料（円）').fill('300');
    await desk.getByRole('button', { name: '保存する' }).click();
    await desk.getByText('保存しました').waitFor();
    await expectAccessible(desk, 'fees-02-publication-edit');
  });

  it('the resident fills the form and is asked to pay before sending', async () => {
    await phone.goto('/portal/062120/procedures/child-allowance-claim');
    await phone.getByText('300円').first().waitFor();
    await phone.getByRole('link', { name: 'ログインして申請を始める' }).click();
    await phone.getByRole('button', { name: '新しく登録する' }).click();
    await phone.getByLabel('お名前').fill('尾花 健一');
    await phone.getByLabel('メールアドレス').fill(EMAIL);
    await phone.getByLabel('パスワード').fill('resident-password-123');
    await phone.getByRole('button', { name: '確認メールを送って登録する' }).click();
    const link = (await mailTo(EMAIL, 1)).text!.match(/https?:\/\/\S+#token=[a-z2-7]+/)![0];
    await phone.goto(link);
    await phone.getByRole('heading', { name: '申請の一覧' }).waitFor();
    await phone.goto('/portal/062120/procedures/child-allowance-claim');
    await phone.getByRole('button', { name: '申請を始める' }).click();
    await phone.getByRole('heading', { name: '請求者' }).waitFor();
    caseId = new URL(phone.url()).pathname.split('/').at(-1)!;
    await phone.getByLabel('請求者の氏名').fill('尾花 健一');
    await phone.getByLabel('請求者のふりがな').fill('おばな けんいち');
    await phone.getByLabel('郵便番号').fill('9994292');
    await phone.getByLabel('住所', { exact: true }).fill('山形県尾花沢市若葉町一丁目1番3号');
    await phone.getByLabel('請求者の電話番号').fill('090-1234-5678');
    await phone.getByLabel('厚生年金').check();
    await phone.getByRole('button', { name: '次へ' }).click();
    await phone.getByRole('button', { name: '児童を追加' }).click();
    await phone.getByLabel('1人目の氏名').fill('尾花 さくら');
    await phone.getByLabel('1人目のふりがな').fill('おばな さくら');
    await phone.getByLabel('1人目の生年月日').fill('2018-05-10');
    await phone.getByRole('group', { name: /1人目の性別/ }).getByLabel('女').check();
    await phone.getByLabel('1人目の請求者との続柄').selectOption({ label: '子' });
    await phone.getByRole('group', { name: /1人目の同居・別居/ }).getByLabel('同居').check();
    await phone.getByRole('button', { name: '次へ' }).click();
    await phone.getByLabel('金融機関名').fill('きらやか銀行');
    await phone.getByLabel('支店名').fill('尾花沢支店');
    await phone.getByLabel('普通').check();
    await phone.getByLabel('口座番号').fill('0123456');
    await phone.getByLabel('口座名義（カナ）').fill('オバナ ケンイチ');
    await phone.getByRole('button', { name: '入力内容を確認する' }).click();
    await phone.getByRole('heading', { name: '手数料の支払い' }).waitFor();
    expect(await phone.getByTestId('fee-status').textContent()).toBe('未納');
    // Sent unpaid, the server refuses and says what to do.
    await phone.getByLabel(/誤りがないことを確認しました/).check();
    await phone.getByRole('button', { name: 'この内容で申請する' }).click();
    await phone.getByText(/手数料（300円）がかかります/).waitFor();
    await expectAccessible(phone, 'fees-03-unpaid');
  });

  it('pays on the sandbox page, labelled as a test, and comes back to send the application', async () => {
    await phone.getByRole('button', { name: /オンラインで支払う/ }).click();
    await phone.getByText('テスト用の決済画面（実際の支払いは発生しません）').waitFor();
    await phone.getByText('300円').first().waitFor();
    await expectAccessible(phone, 'fees-04-sandbox');
    await phone.getByRole('button', { name: /300円 を支払う/ }).click();
    await expect.poll(() => new URL(phone.url()).pathname).toBe(`/portal/062120/applications/${caseId}`);
    await phone.getByRole('heading', { name: '入力内容の確認' }).waitFor();
    await phone.getByText('手数料は納付済みです').waitFor();
    expect(await phone.getByTestId('fee-status').textContent()).toBe('納付済み');
    await expectAccessible(phone, 'fees-05-paid');
    await phone.getByLabel(/誤りがないことを確認しました/).check();
    await phone.getByRole('button', { name: 'この内容で申請する' }).dblclick();
    await phone.getByText('申請を受け付けました').waitFor();
    expect(await phone.getByTestId('fee-status').textContent()).toBe('納付済み');
    await expectAccessible(phone, 'fees-06-received');
  });

  it('the reviewer sees 納付済み in the inbox and on the case, and accepts it with the bulk action', async () => {
    await desk.goto('/inbox?procedureId=child-allowance-claim');
    const row = desk.getByRole('row').filter({ has: desk.getByText(/R8-\d{6}/) }).filter({ hasText: '納付済み' });
    await row.first().waitFor();
    expect(await row.count()).toBe(1);
    await row.getByRole('checkbox').check();
    await desk.getByText('1件を選択中').waitFor();
    await expectAccessible(desk, 'fees-07-inbox');
    await desk.getByRole('button', { name: 'まとめて受付する' }).click();
    await desk.getByText('1件を処理しました').waitFor();
    await desk.goto(`/inbox/${caseId}`);
    await desk.getByRole('heading', { name: '手数料' }).waitFor();
    expect(await desk.getByTestId('case-fee-status').textContent()).toBe('納付済み');
    await desk.getByRole('button', { name: '自分が担当する' }).click();
    await expect.poll(() => desk.getByTestId('assignee').textContent()).toContain('（自分）');
    await expectAccessible(desk, 'fees-08-case');
    const detail = await desk.request.get(`/api/cases/${caseId}`);
    expect(((await detail.json()) as { case: { status: string } }).case.status).toBe('accepted');
  });
});
