import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { launchBrowser, newTabletPage, screenshot, expectAccessible } from './support/browser';
import { login, runMoveInJourney } from './support/counter-journey';
import { startServer, type RunningServer } from './support/server';

/**
 * The Done-when of スマート申請, as a new user would try it with `npm start`: the こども未来課 asks
 * for an electronic signature on 児童手当 認定請求; a resident registers on a phone, applies, signs
 * with the simulated My Number card through the demo card agent (署名用 password), and gets the
 * e-mails (a real SMTP server in this process); the reviewer sees the verified signature and asks
 * for a correction; the resident fixes it and signs again (the data changed); the reviewer approves
 * and the resident opens the 決定通知書. Then the same procedure is completed at the counter from
 * the same definition (the 書かない窓口 move-in, which includes 児童手当). Axe on every screen.
 */
let server: RunningServer;
let smtp: SMTPServer;
let browser: Browser;
let phone: Page;
let desk: Page;
const mails: ParsedMail[] = [];
const EMAIL = 'kosodate.family@example.jp';
const CODE = '062120';
let cardId = '';
let cardLabel = '';
let caseId = '';
let receipt = '';

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'],
    onData(stream, _s, cb) { simpleParser(stream).then((m) => { mails.push(m); cb(); }, cb); },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const port = (smtp.server.address() as AddressInfo).port;
  server = await startServer({ MADOGUCHI_SMTP_URL: `smtp://127.0.0.1:${port}?ignoreTLS=true`, MADOGUCHI_MAIL_FROM: 'online@city.obanazawa.example.jp' });
  browser = await launchBrowser();
  phone = await newTabletPage(browser, server.url, { width: 390, height: 844 });
  desk = await newTabletPage(browser, server.url);
  // The demo card reader (and the simulated JPKI CA behind it) starts after the demo data.
  const deadline = Date.now() + 90_000;
  for (;;) {
    const res = await fetch(`${server.url}/api/portal/${CODE}/demo/card-reader`);
    const body = res.ok ? ((await res.json()) as { agentUrl: string | null; cards: { id: string; label: string }[] }) : null;
    const card = body?.cards.find((c) => c.id === `${CODE}-youngFamily`);
    if (body?.agentUrl && card) {
      cardId = card.id;
      cardLabel = card.label;
      break;
    }
    if (Date.now() > deadline) throw new Error('demo card reader did not start');
    await new Promise((r) => setTimeout(r, 250));
  }
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
});

const mailTo = async (count: number) => {
  await expect.poll(() => mails.filter((m) => JSON.stringify(m.to).includes(EMAIL)).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(count);
  return mails.filter((m) => JSON.stringify(m.to).includes(EMAIL))[count - 1]!;
};

/** The demo reader's cards come a moment after the panel; the card may still be on the reader from before. */
async function putCard() {
  const put = phone.getByRole('button', { name: `${cardLabel} のカードを置く` });
  await put.or(phone.getByRole('button', { name: `置いています: ${cardLabel}` })).waitFor();
  if (await put.count()) await put.click();
  await phone.getByRole('button', { name: `置いています: ${cardLabel}` }).waitFor();
}

async function signOnConfirmation() {
  await phone.getByRole('heading', { name: '入力内容の確認' }).waitFor();
  await phone.getByLabel(/誤りがないことを確認しました/).check();
  await phone.getByRole('heading', { name: 'マイナンバーカードで電子署名して送信' }).waitFor();
  await putCard();
  await phone.getByLabel('署名用電子証明書のパスワード').fill('abc123');
}

describe('児童手当 with an electronic signature, on a phone', () => {
  it('the こども未来課 asks for a signature on 児童手当 認定請求', async () => {
    await login(desk, 'reviewer');
    const list = (await (await desk.request.get('/api/online/publications')).json()) as { items: { procedureId: string; rule: Record<string, unknown> }[] };
    const rule = list.items.find((i) => i.procedureId === 'child-allowance-claim')!.rule;
    const res = await desk.request.put('/api/online/publications/child-allowance-claim', { data: { ...rule, signatureRequired: true }, headers: { origin: server.url } });
    expect(res.status()).toBe(200);
  });

  it('a resident registers with an e-mail address verified by the mailed link', async () => {
    await phone.goto(`/portal/${CODE}/procedures/child-allowance-claim`);
    await phone.getByText('始める前に用意するもの').waitFor();
    await phone.getByRole('link', { name: 'ログインして申請を始める' }).click();
    await phone.getByRole('button', { name: '新しく登録する' }).click();
    await phone.getByLabel('お名前').fill(cardLabel);
    await phone.getByLabel('メールアドレス').fill(EMAIL);
    await phone.getByLabel('パスワード').fill('resident-password-123');
    await phone.getByRole('button', { name: '確認メールを送って登録する' }).click();
    await phone.getByText('確認メールを送りました').waitFor();
    const link = (await mailTo(1)).text!.match(/https?:\/\/\S+#token=[a-z2-7]+/)![0];
    await phone.goto(link);
    await phone.getByRole('heading', { name: '申請の一覧' }).waitFor();
  });

  it('fills the form and signs it with the card through the demo card agent', async () => {
    await phone.goto(`/portal/${CODE}/procedures/child-allowance-claim`);
    await phone.getByRole('button', { name: '申請を始める' }).click();
    await phone.getByRole('heading', { name: '請求者' }).waitFor();
    caseId = phone.url().split('/').at(-1)!;
    await phone.getByLabel('請求者の氏名').fill(cardLabel);
    await phone.getByLabel('請求者のふりがな').fill('てすと はなこ');
    await phone.getByLabel('郵便番号').fill('9994292');
    await phone.getByLabel('住所', { exact: true }).fill('山形県尾花沢市若葉町一丁目1番3号');
    await phone.getByLabel('請求者の電話番号').fill('090-1234-5678');
    await phone.getByLabel('厚生年金').check();
    await phone.getByRole('button', { name: '次へ' }).click();
    await phone.getByRole('button', { name: '児童を追加' }).click();
    await phone.getByLabel('1人目の氏名').fill('尾花 さくら');
    await phone.getByLabel('1人目のふりがな').fill('おばな さくら');
    await phone.getByLabel('1人目の生年月日').fill('2022-05-10');
    await phone.getByRole('group', { name: /1人目の性別/ }).getByLabel('女').check();
    await phone.getByLabel('1人目の請求者との続柄').selectOption({ label: '子' });
    await phone.getByRole('group', { name: /1人目の同居・別居/ }).getByLabel('同居').check();
    await phone.getByRole('button', { name: '次へ' }).click();
    await phone.getByLabel('金融機関名').fill('きらやか銀行');
    await phone.getByLabel('支店名').fill('尾花沢支店');
    await phone.getByLabel('普通').check();
    await phone.getByLabel('口座番号').fill('0123456');
    await phone.getByLabel('口座名義（カナ）').fill('オバナ ハナユ');
    await phone.getByRole('button', { name: '入力内容を確認する' }).click();
    await signOnConfirmation();
    // Lower case typed is the card's upper case.
    expect(await phone.getByLabel('署名用電子証明書のパスワード').inputValue()).toBe('ABC123');
    await expectAccessible(phone, 'online-signed-01-confirm-sign');
    await phone.getByRole('button', { name: '署名して申請する' }).click();
    await phone.getByText('申請を受け付けました').waitFor({ timeout: 30_000 });
    receipt = (await phone.getByText(/R8-\d{6}/).first().textContent())!.match(/R8-\d{6}/)![0];
    await phone.getByText(/電子署名: 検証済み（署名者 /).waitFor();
    await expectAccessible(phone, 'online-signed-02-received');
    const mail = await mailTo(2);
    expect(mail.subject).toBe(`【尾花沢市】申請を受け付けました（${receipt}）`);
  });

  it('the reviewer sees the verified signature and asks for a correction, and the resident is e-mailed', async () => {
    await desk.goto(`/inbox/${caseId}`);
    // The certificate writes the name with an ideographic space, as the card face does.
    await desk.getByText(new RegExp(`電子署名: 検証済み（署名者 ${cardLabel.split(' ')[0]}\\s+${cardLabel.split(' ')[1]}）`)).waitFor().catch(async (e: unknown) => { await screenshot(desk, 'online-signed-debug-desk'); throw e; });
    await expectAccessible(desk, 'online-signed-03-reviewer-signature');
    await desk.getByRole('button', { name: '申請者に差し戻す' }).click();
    await desk.getByLabel(/差し戻す理由/).fill('口座名義のカナが通帳と違うようです（ハナユ → ハナコ）。通帳どおりに直してください。');
    await desk.getByRole('button', { name: '差し戻す', exact: true }).click();
    await desk.getByText('補正依頼中').first().waitFor();
    const mail = await mailTo(3);
    expect(mail.subject).toBe(`【尾花沢市】オンライン申請 ${receipt} について`);
  });

  it('the resident fixes it and signs again, since the data changed', async () => {
    await phone.goto(`/portal/${CODE}/applications/${caseId}`);
    await phone.getByText('担当課から修正のお願いがあります').waitFor();
    await expectAccessible(phone, 'online-signed-04-correction');
    await phone.getByRole('button', { name: '次へ' }).click();
    await phone.getByRole('button', { name: '次へ' }).click();
    await phone.getByLabel('口座名義（カナ）').fill('オバナ ハナコ');
    await phone.getByRole('button', { name: '入力内容を確認する' }).click();
    await signOnConfirmation();
    await phone.getByRole('button', { name: '署名して送信し直す' }).click();
    await phone.getByText('申請を受け付けました').waitFor({ timeout: 30_000 });
    expect((await mailTo(4)).subject).toBe(`【尾花沢市】修正した申請を受け付けました（${receipt}）`);
    // Two signatures are kept: the first over the data before the correction, the second over the fix.
    const sigs = (await (await desk.request.get(`/api/online/cases/${caseId}/signatures`)).json()) as { items: { signerName: string }[] };
    expect(sigs.items).toHaveLength(2);
  });

  it('the reviewer approves and the resident opens the 決定通知書', async () => {
    await desk.goto(`/inbox/${caseId}`);
    await desk.getByText('以前の送信の署名: 1件').waitFor();
    const status = async () => ((await (await desk.request.get(`/api/cases/${caseId}`)).json()) as { case: { status: string } }).case.status;
    await desk.getByRole('button', { name: '受付する' }).click();
    // Each step waits for the page to show the new state, as a reviewer would.
    await expect.poll(status, { timeout: 15_000 }).toBe('accepted');
    await desk.getByRole('button', { name: '受付する' }).waitFor({ state: 'detached' });
    await desk.getByRole('button', { name: '処理済みにする' }).click();
    await expect.poll(status, { timeout: 15_000 }).toBe('completed');
    await desk.getByRole('button', { name: '処理済みにする' }).waitFor({ state: 'detached' });
    await screenshot(desk, 'online-signed-05-reviewer-completed');
    expect((await mailTo(5)).text).toContain('決定通知書');
    await phone.goto(`/portal/${CODE}/applications/${caseId}`);
    const link = phone.getByRole('link', { name: /決定通知書を開く/ });
    await link.waitFor();
    await expectAccessible(phone, 'online-signed-06-completed');
    const res = await phone.request.get((await link.getAttribute('href'))!);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'signed-journey-'));
    writeFileSync(path.join(dir, 'decision.pdf'), await res.body());
    const text = execFileSync('pdftotext', ['-layout', path.join(dir, 'decision.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain(receipt);
    expect(text).toContain('児童手当');
  });

  it('where a procedure needs card login, the resident registers the card, and later logs in with it alone', async () => {
    const list = (await (await desk.request.get('/api/online/publications')).json()) as { items: { procedureId: string; rule: Record<string, unknown> }[] };
    const rule = list.items.find((i) => i.procedureId === 'child-allowance-revision')!.rule;
    expect((await desk.request.put('/api/online/publications/child-allowance-revision', { data: { ...rule, authLevel: 'card' }, headers: { origin: server.url } })).status()).toBe(200);
    await phone.goto(`/portal/${CODE}/procedures/child-allowance-revision`);
    await phone.getByRole('heading', { name: 'マイナンバーカードでの本人確認が必要です' }).waitFor();
    // Until the card has confirmed the resident, the card step is all that is offered.
    expect(await phone.getByRole('button', { name: '申請を始める' }).count()).toBe(0);
    await putCard();
    await phone.getByLabel('利用者証明用電子証明書の暗証番号（数字4桁）').fill('1234');
    await expectAccessible(phone, 'online-signed-08-card-level');
    await phone.getByRole('button', { name: 'カードを読み取って登録する' }).click();
    await phone.getByRole('heading', { name: 'マイナンバーカードでの本人確認が必要です' }).waitFor({ state: 'detached' });
    await phone.getByRole('button', { name: '申請を始める' }).click();
    await phone.waitForURL(/\/applications\/[0-9a-f-]{36}$/);

    await phone.getByRole('button', { name: 'ログアウト' }).click();
    await phone.goto(`/portal/${CODE}/login`);
    await phone.getByRole('button', { name: 'マイナンバーカードでログイン' }).click();
    await putCard();
    await phone.getByLabel('利用者証明用電子証明書の暗証番号（数字4桁）').fill('1234');
    await expectAccessible(phone, 'online-signed-09-card-login');
    await phone.getByRole('button', { name: 'カードでログイン', exact: true }).click();
    await phone.getByRole('heading', { name: '申請の一覧' }).waitFor();
    await phone.getByRole('link', { name: /児童手当 認定請求/ }).waitFor();

    // The card is lost: the resident removes it from the account on the same page.
    await phone.getByRole('heading', { name: 'マイナンバーカードの登録' }).waitFor();
    await phone.getByRole('button', { name: 'カードの登録を解除する' }).click();
    await phone.getByRole('button', { name: '登録を解除する', exact: true }).waitFor();
    await expectAccessible(phone, 'online-signed-09b-card-unlink');
    await phone.getByRole('button', { name: '登録を解除する', exact: true }).click();
    await phone.getByText('カードの登録を解除しました', { exact: true }).waitFor();
    await phone.getByRole('button', { name: 'カードを登録する' }).waitFor();
    await phone.getByRole('button', { name: 'ログアウト' }).click();
    await phone.goto(`/portal/${CODE}/login`);
    await phone.getByRole('button', { name: 'マイナンバーカードでログイン' }).click();
    await putCard();
    await phone.getByLabel('利用者証明用電子証明書の暗証番号（数字4桁）').fill('1234');
    await phone.getByRole('button', { name: 'カードでログイン', exact: true }).click();
    await phone.getByText('まだ登録されていないカードです', { exact: true }).waitFor();
  });

  it('a procedure open to applying without an account sends a link by e-mail that opens the form', async () => {
    const list = (await (await desk.request.get('/api/online/publications')).json()) as { items: { procedureId: string; rule: Record<string, unknown> }[] };
    const rule = list.items.find((i) => i.procedureId === 'child-allowance-termination')!.rule;
    expect((await desk.request.put('/api/online/publications/child-allowance-termination', { data: { ...rule, authLevel: 'none' }, headers: { origin: server.url } })).status()).toBe(200);
    const guest = await newTabletPage(browser, server.url, { width: 390, height: 844 });
    const guestEmail = 'guest.applicant@example.jp';
    await guest.goto(`/portal/${CODE}/procedures/child-allowance-termination`);
    await guest.getByRole('heading', { name: 'アカウントなしで申請する' }).waitFor();
    await guest.getByLabel('お名前').fill('尾花 次郎');
    await guest.getByLabel('メールアドレス').fill(guestEmail);
    await expectAccessible(guest, 'online-signed-10-guest');
    await guest.getByRole('button', { name: '申請用のリンクをメールで受け取る' }).click();
    await guest.getByText('申請用のリンクを送りました').waitFor();
    await expect.poll(() => mails.filter((m) => JSON.stringify(m.to).includes(guestEmail)).length, { timeout: 20_000 }).toBe(1);
    const mail = mails.find((m) => JSON.stringify(m.to).includes(guestEmail))!;
    const link = mail.text!.match(/https?:\/\/\S+#token=[a-z2-7]+/)![0];
    await guest.goto(link);
    // The link opens the procedure it was asked for, logged in.
    await guest.getByRole('heading', { name: /児童手当 受給事由消滅届/ }).waitFor().catch(async (e: unknown) => { await screenshot(guest, 'online-signed-debug-guest'); throw e; });
    await guest.getByRole('button', { name: '申請を始める' }).click();
    await guest.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
    await guest.close();
  });

  it('the same procedure is completed at the counter from the same definition', async () => {
    const clerk = await newTabletPage(browser, server.url);
    await login(clerk, 'clerk');
    await runMoveInJourney(clerk);
    await screenshot(clerk, 'online-signed-07-counter-done');
    const cases = (await (await desk.request.get('/api/cases?procedureId=child-allowance-claim')).json()) as { items: { id: string; channel: string; procedureVersion: number }[] };
    const online = cases.items.find((c) => c.id === caseId)!;
    const counter = cases.items.find((c) => c.channel === 'counter')!;
    expect(online.channel).toBe('online');
    expect(counter).toBeDefined();
    const [a, b] = await Promise.all([online.id, counter.id].map(async (id) => ((await (await desk.request.get(`/api/cases/${id}`)).json()) as { case: { procedureHash: string; procedureVersion: number } }).case));
    expect(b!.procedureHash).toBe(a!.procedureHash);
    expect(b!.procedureVersion).toBe(a!.procedureVersion);
  });
});
