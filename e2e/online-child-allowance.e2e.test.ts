import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { launchBrowser, newTabletPage, expectAccessible } from './support/browser';
import { startServer, type RunningServer } from './support/server';

/**
 * スマート申請 on a phone: a resident registers (the e-mail arrives at a real SMTP server in this
 * process), applies for 児童手当, submits (a double tap is one submission); the こども未来課
 * reviewer asks for a correction, the resident is told by e-mail, fixes it and resubmits; the
 * reviewer completes the case and the resident sees it.
 */
let server: RunningServer;
let smtp: SMTPServer;
let browser: Browser;
let page: Page;
const mails: ParsedMail[] = [];
const EMAIL = 'kenichi.obana@example.jp';

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'],
    onData(stream, _s, cb) { simpleParser(stream).then((m) => { mails.push(m); cb(); }, cb); },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const port = (smtp.server.address() as AddressInfo).port;
  server = await startServer({ MADOGUCHI_SMTP_URL: `smtp://127.0.0.1:${port}?ignoreTLS=true`, MADOGUCHI_MAIL_FROM: 'online@city.obanazawa.example.jp', MADOGUCHI_CARD_AGENT_PORT: 'off' });
  browser = await launchBrowser();
  page = await newTabletPage(browser, server.url, { width: 390, height: 844 });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
});

const mailTo = async (to: string, count: number) => {
  await expect.poll(() => mails.filter((m) => m.to && JSON.stringify(m.to).includes(to)).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(count);
  return mails.filter((m) => JSON.stringify(m.to).includes(to)).at(-1)!;
};

/** The reviewer works through the staff API (the inbox screen is its own journey). */
async function staffCall(cookie: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${server.url}/api${path}`, { method, headers: { cookie, 'content-type': 'application/json', origin: server.url }, ...(body ? { body: JSON.stringify(body) } : {}) });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
async function reviewerCookie() {
  const res = await fetch(`${server.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ municipalityCode: '062120', loginId: 'reviewer', password: 'madoguchi-demo' }) });
  expect(res.status).toBe(200);
  return (res.headers.get('set-cookie') ?? '').split(';')[0]!;
}

let caseId = '';
let receipt = '';

describe('児童手当 online, on a phone', () => {
  it('finds the procedure and reads what to prepare', async () => {
    await page.goto('/portal/062120');
    await page.getByRole('link', { name: /児童手当 認定請求/ }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    await expectAccessible(page, 'online-01-find');
    await page.getByRole('link', { name: /児童手当 認定請求/ }).click();
    await page.getByText('始める前に用意するもの').waitFor();
    await expectAccessible(page, 'online-02-before-starting');
  });

  it('registers with an e-mail address that is verified by the mailed link', async () => {
    await page.getByRole('link', { name: 'ログインして申請を始める' }).click();
    await page.getByRole('button', { name: '新しく登録する' }).click();
    await page.getByLabel('お名前').fill('尾花 健一');
    await page.getByLabel('メールアドレス').fill(EMAIL);
    await page.getByLabel('パスワード').fill('resident-password-123');
    await page.getByRole('button', { name: '確認メールを送って登録する' }).click();
    await page.getByText('確認メールを送りました').waitFor();
    const mail = await mailTo(EMAIL, 1);
    expect(mail.subject).toBe('【尾花沢市】メールアドレスの確認');
    const link = mail.text!.match(/https?:\/\/\S+#token=[a-z2-7]+/)![0];
    await page.goto(link);
    await page.getByRole('heading', { name: '申請の一覧' }).waitFor();
    // The token does not stay in the address bar.
    expect(page.url()).not.toContain('token');
  });

  it('fills the form step by step, with errors said in place, and submits once for a double tap', async () => {
    await page.goto('/portal/062120/procedures/child-allowance-claim');
    await page.getByRole('button', { name: '申請を始める' }).click();
    await page.getByRole('heading', { name: '請求者' }).waitFor();
    caseId = page.url().split('/').at(-1)!;
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByText('入力を確認してください').waitFor();
    await expectAccessible(page, 'online-03-errors');
    // Markup typed into a field is kept as text.
    await page.getByLabel('請求者の氏名').fill('尾花 健一<script>alert(1)</script>');
    await page.getByLabel('請求者のふりがな').fill('おばな けんいち');
    await page.getByLabel('郵便番号').fill('9994292');
    await page.getByLabel('住所', { exact: true }).fill('山形県尾花沢市若葉町一丁目1番3号');
    await page.getByLabel('請求者の電話番号').fill('090-1234-5678');
    await page.getByLabel('厚生年金').check();
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('button', { name: '児童を追加' }).click();
    await page.getByLabel('1人目の氏名').fill('尾花 さくら');
    await page.getByLabel('1人目のふりがな').fill('おばな さくら');
    await page.getByLabel('1人目の生年月日').fill('2018-05-10');
    await page.getByRole('group', { name: /1人目の性別/ }).getByLabel('女').check();
    await page.getByLabel('1人目の請求者との続柄').selectOption({ label: '子' });
    await page.getByRole('group', { name: /1人目の同居・別居/ }).getByLabel('同居').check();
    await expectAccessible(page, 'online-04-children');
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByLabel('金融機関名').fill('きらやか銀行');
    await page.getByLabel('支店名').fill('尾花沢支店');
    await page.getByLabel('普通').check();
    await page.getByLabel('口座番号').fill('0123456');
    await page.getByLabel('口座名義（カナ）').fill('オバナ ケンイテ');
    await page.getByRole('button', { name: '入力内容を確認する' }).click();
    await page.getByRole('heading', { name: '入力内容の確認' }).waitFor();
    await page.getByLabel(/誤りがないことを確認しました/).check();
    await expectAccessible(page, 'online-05-confirm');
    await page.getByRole('button', { name: 'この内容で申請する' }).dblclick();
    await page.getByText('申請を受け付けました').waitFor();
    receipt = (await page.getByText(/R8-\d{6}/).first().textContent())!.match(/R8-\d{6}/)![0];
    await expectAccessible(page, 'online-06-received');
  });

  it('e-mails the receipt from the post-submission pipeline, and reaches the こども未来課 inbox once', async () => {
    const receiptMail = await mailTo(EMAIL, 2);
    expect(receiptMail.subject).toBe(`【尾花沢市】申請を受け付けました（${receipt}）`);
    const reviewer = await reviewerCookie();
    const steps = async () => ((await staffCall(reviewer, 'GET', `/online/cases/${caseId}/pipeline`)) as { items: { label: string; status: string }[] }).items.map((x) => `${x.label}:${x.status}`);
    await expect.poll(steps, { timeout: 15_000 }).toEqual(['申請書PDFの作成:done', '担当課への通知:done', '申請者への受付メール:done']);
  });

  it('the reviewer asks for a correction and the resident is e-mailed', async () => {
    const reviewer = await reviewerCookie();
    const inbox = await staffCall(reviewer, 'GET', '/cases?status=submitted&procedureId=child-allowance-claim') as { items: { id: string; receiptNumber: string; channel: string }[] };
    expect(inbox.items.filter((c) => c.id === caseId)).toEqual([expect.objectContaining({ receiptNumber: receipt, channel: 'online' })]);
    await staffCall(reviewer, 'POST', `/online/cases/${caseId}/correction-request`, { note: '口座名義のカナが通帳と違うようです（ケンイテ → ケンイチ）。通帳どおりに直してください。', expected: 'submitted' });
    const mail = await mailTo(EMAIL, 3);
    expect(mail.subject).toBe(`【尾花沢市】オンライン申請 ${receipt} について`);
    expect(mail.text).toContain('補正');
  });

  it('the resident fixes the account name and resubmits', async () => {
    await page.goto('/portal/062120/applications');
    await page.getByText('修正のお願いがあります').waitFor();
    await page.getByRole('link', { name: /児童手当 認定請求/ }).click();
    await page.getByText('担当課から修正のお願いがあります').waitFor();
    await expectAccessible(page, 'online-07-correction');
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByLabel('口座名義（カナ）').fill('オバナ ケンイチ');
    await page.getByRole('button', { name: '入力内容を確認する' }).click();
    await page.getByLabel(/誤りがないことを確認しました/).check();
    await page.getByRole('button', { name: '修正して送信し直す' }).click();
    await page.getByText('申請を受け付けました').waitFor();
    expect(await page.getByText(receipt).count()).toBeGreaterThan(0);
    expect((await mailTo(EMAIL, 4)).subject).toBe(`【尾花沢市】修正した申請を受け付けました（${receipt}）`);
  });

  it('the reviewer completes it and the resident sees the result', async () => {
    const reviewer = await reviewerCookie();
    const detail = await staffCall(reviewer, 'GET', `/cases/${caseId}`) as { case: { answers: Record<string, unknown>; status: string } };
    expect(detail.case.answers.accountHolderKana).toBe('オバナ ケンイチ');
    expect(detail.case.answers.applicantName).toBe('尾花 健一<script>alert(1)</script>');
    await staffCall(reviewer, 'POST', `/cases/${caseId}/transitions`, { to: 'accepted', expected: 'submitted' });
    await staffCall(reviewer, 'POST', `/online/cases/${caseId}/decision`, { to: 'completed', expected: 'accepted', note: '令和8年12月分から支給します。' });
    expect((await mailTo(EMAIL, 5)).text).toContain('決定通知書');
    await page.goto(`/portal/062120/applications/${caseId}`);
    await page.getByText('完了').first().waitFor();
    await expectAccessible(page, 'online-08-completed');
    // The resident's copy of what was sent, as the A4 form.
    const href = await page.getByRole('link', { name: /送信した申請書を開く/ }).getAttribute('href');
    const pdf = await page.request.get(href!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    // …and the 決定通知書.
    const decision = await page.request.get((await page.getByRole('link', { name: /決定通知書を開く/ }).getAttribute('href'))!);
    expect(decision.status()).toBe(200);
    expect(decision.headers()['content-type']).toBe('application/pdf');
    expect(await page.getByText('令和8年12月分から支給します。').count()).toBeGreaterThan(0);
  });
});
