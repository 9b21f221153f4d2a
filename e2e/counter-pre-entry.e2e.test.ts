import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newTabletPage, expectAccessible } from './support/browser';
import { login, waitForDemoReader } from './support/counter-journey';
import { startServer, type RunningServer } from './support/server';

/**
 * The same move-in started by the resident: at home on a phone-sized portrait screen (事前申請),
 * ending with a QR code, which the clerk reads at the desk (a handheld scanner types it into the code
 * field) and continues with nothing retyped; and on the 記載台 kiosk in large type, ending with the
 * day's number that the clerk picks from the waiting list.
 */
let server: RunningServer;
let browser: Browser;
let resident: Page;
let clerk: Page;
let entryCode = '';

const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo' }).format(new Date());
const daysAgo = (n: number) => {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
};

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  resident = await newTabletPage(browser, server.url, { width: 800, height: 1280 });
  clerk = await newTabletPage(browser, server.url);
  await login(clerk, 'clerk');
  const cookies = await clerk.context().cookies();
  await waitForDemoReader(server.url, cookies.map((c) => `${c.name}=${c.value}`).join('; '));
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function fillMember(p: Page, index: number, m: { family: string; given: string; familyKana: string; givenKana: string; birth: string; sex: '男' | '女'; relationship?: string }) {
  const card = p.locator('fieldset').filter({ has: p.getByText('世帯主から見た続柄') }).nth(index);
  const box = (name: string) => card.getByRole('textbox', { name, exact: true });
  await box('氏').fill(m.family);
  await box('名').fill(m.given);
  await box('氏（ふりがな）').fill(m.familyKana);
  await box('名（ふりがな）').fill(m.givenKana);
  await box('生年月日').fill(m.birth);
  await box('生年月日').blur();
  await card.getByRole('radio', { name: m.sex, exact: true }).check();
  if (m.relationship) await card.getByLabel('世帯主から見た続柄').selectOption({ label: m.relationship });
  await card.getByLabel('健康保険').selectOption({ label: '国民健康保険' });
}

async function fillAddress(p: Page, group: RegExp, postal: string, address: string) {
  const g = p.getByRole('group', { name: group });
  await g.getByLabel('郵便番号').fill(postal);
  await g.getByLabel('住所（都道府県から番地まで）').fill(address);
}

describe('事前申請 at home, continued at the desk', () => {
  it('the resident fills the move on a phone and gets a QR code', async () => {
    await resident.goto('/pre-entry/062120');
    await resident.getByRole('button', { name: '記入をはじめる' }).waitFor();
    await expectAccessible(resident, 'pre-entry-01-start');
    await resident.getByRole('button', { name: '記入をはじめる' }).click();
    await resident.getByRole('button', { name: /ほかの市区町村から引っ越してきた/ }).click();
    await expectAccessible(resident, 'pre-entry-02-kind');
    await resident.getByRole('button', { name: '次へ' }).click();
    await resident.getByLabel('新しい住所に住み始めた日').fill(daysAgo(3));
    await resident.getByLabel('新しい住所に住み始めた日').blur();
    await resident.getByLabel('前の市区町村の転出日（転出予定日）').fill(daysAgo(8));
    await resident.getByLabel('前の市区町村の転出日（転出予定日）').blur();
    await fillAddress(resident, /新しい住所（市内）/, '9994221', '山形県尾花沢市若葉町一丁目5番8号');
    await fillAddress(resident, /前の住所/, '3300063', '埼玉県さいたま市浦和区高砂三丁目1番1号');
    await expectAccessible(resident, 'pre-entry-03-basics');
    await resident.getByRole('button', { name: '次へ' }).click();
    await fillMember(resident, 0, { family: '和田', given: '健一', familyKana: 'わだ', givenKana: 'けんいち', birth: '1986-04-12', sex: '男' });
    await resident.getByRole('button', { name: '＋ 世帯の人を追加' }).click();
    await fillMember(resident, 1, { family: '和田', given: '美咲', familyKana: 'わだ', givenKana: 'みさき', birth: '1988-09-03', sex: '女', relationship: '妻' });
    await resident.getByRole('button', { name: '＋ 世帯の人を追加' }).click();
    await fillMember(resident, 2, { family: '和田', given: '蒼', familyKana: 'わだ', givenKana: 'あおい', birth: '2022-06-21', sex: '男', relationship: '子' });
    await expectAccessible(resident, 'pre-entry-04-members');
    await resident.getByRole('button', { name: '次へ' }).click();
    await resident.getByRole('heading', { name: /必要な手続き（\d+件）/ }).waitFor();
    await expectAccessible(resident, 'pre-entry-05-procedures');
    await resident.getByRole('button', { name: '次へ' }).click();
    await resident.getByRole('heading', { name: '記入', exact: true }).waitFor();
    await resident.getByLabel('あなた（届け出る人）のお名前').fill('和田 健一');
    await resident.getByLabel('あなたのお名前のふりがな').fill('わだ けんいち');
    await resident.getByLabel('日中に連絡がとれる電話番号').fill('090-1234-5678');
    const q = (key: string) => resident.locator(`[data-question="${key}"]`);
    await q('own:child-allowance-claim:pensionType').getByLabel('国民年金').check();
    await q('own:child-allowance-claim:bankName').getByRole('textbox').fill('山形銀行');
    await q('own:child-allowance-claim:bankBranch').getByRole('textbox').fill('尾花沢支店');
    await q('own:child-allowance-claim:accountType').getByLabel('普通').check();
    await q('own:child-allowance-claim:accountNumber').getByRole('textbox').fill('1234567');
    await expectAccessible(resident, 'pre-entry-06-interview');
    await resident.getByRole('button', { name: '確認へ' }).click();
    await expectAccessible(resident, 'pre-entry-07-review');
    await resident.getByRole('button', { name: '窓口に送る' }).click();
    await resident.getByRole('img', { name: '窓口で読み取る受付コードのQRコード' }).waitFor();
    await expectAccessible(resident, 'pre-entry-08-qr');
    entryCode = (await resident.locator('p.font-mono').last().textContent())!.trim();
    expect(entryCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  });

  it('the clerk reads the code and finishes with the card and the signature, retyping nothing', async () => {
    await clerk.goto('/counter');
    // A handheld QR scanner types what the code holds (the page address) into the focused field.
    await clerk.getByLabel('受付コード（QRコードの下の16文字）').fill(`${server.url}/pre-entry/062120/${entryCode.replaceAll('-', '')}`);
    await clerk.getByRole('button', { name: 'この入力から受付を始める' }).click();
    await clerk.waitForURL(/\/counter\/visits\//);
    await expect.poll(() => clerk.getByText('事前申請からの受付', { exact: false }).count()).toBeGreaterThan(0);
    await clerk.getByRole('button', { name: '転入予定 和田 健一を置く' }).click();
    const pad = clerk.getByRole('group', { name: /暗証番号（4桁）を入力してください/ });
    for (const digit of '1234') await pad.getByRole('button', { name: digit, exact: true }).click();
    await pad.getByRole('button', { name: '確定' }).click();
    await clerk.getByText('住民記録にない方です').waitFor();
    await clerk.getByRole('button', { name: '次へ（ライフイベント）' }).click();
    // The resident's household and dates are there.
    await expect.poll(() => clerk.getByRole('textbox', { name: '氏', exact: true }).count()).toBe(3);
    await expectAccessible(clerk, 'pre-entry-09-desk-event');
    await clerk.getByRole('button', { name: '必要な手続きを調べる' }).click();
    await clerk.getByRole('button', { name: /件の聞き取りへ/ }).click();
    await clerk.getByText(/件の届出をまとめて聞き取ります/).waitFor();
    const q = (key: string) => clerk.locator(`[data-question="${key}"]`);
    await expect.poll(() => q('own:child-allowance-claim:bankName').getByRole('textbox').inputValue()).toBe('山形銀行');
    // What only staff can answer: how the move-in is based and who notifies.
    await q('own:residence-change:notifierRelation').getByLabel('本人').check();
    await q('own:residence-change:moveInBasis').getByLabel('転出証明書あり').check();
    await clerk.getByRole('button', { name: '確認へ' }).click();
    await clerk.getByRole('button', { name: '内容に間違いがないので署名へ' }).click();
    const canvas = clerk.getByRole('img', { name: '署名欄（指かペンで書く）' });
    const box = (await canvas.boundingBox())!;
    await clerk.mouse.move(box.x + 80, box.y + 140);
    await clerk.mouse.down();
    for (let i = 0; i <= 30; i++) await clerk.mouse.move(box.x + 80 + i * 15, box.y + 140 + Math.cos(i / 3) * 40);
    await clerk.mouse.up();
    await clerk.getByRole('button', { name: '署名を確定する' }).click();
    await clerk.getByRole('heading', { name: '署名済みの届出書' }).waitFor();
    await clerk.getByRole('button', { name: /受付を完了する/ }).click();
    await clerk.getByText('受付が完了しました').waitFor();
    await expectAccessible(clerk, 'pre-entry-10-desk-done');
    // The resident's page now says it was taken at the desk and is no longer editable.
    await resident.reload();
    await resident.getByRole('img', { name: '窓口で読み取る受付コードのQRコード' }).waitFor();
  });
});

describe('記載台 kiosk', () => {
  it('a resident fills the move in large type and gets the day\'s number; the clerk picks it up', async () => {
    const kiosk = await newTabletPage(browser, server.url);
    await kiosk.goto('/kiosk/062120');
    await kiosk.getByRole('button', { name: 'はじめる' }).waitFor();
    await expectAccessible(kiosk, 'kiosk-01-start');
    await kiosk.getByRole('button', { name: 'はじめる' }).click();
    await kiosk.getByRole('button', { name: /市内で引っ越した/ }).click();
    await kiosk.getByRole('button', { name: '次へ' }).click();
    await kiosk.getByLabel('新しい住所に住み始めた日').fill(daysAgo(1));
    await kiosk.getByLabel('新しい住所に住み始めた日').blur();
    await fillAddress(kiosk, /新しい住所/, '9994222', '山形県尾花沢市新町一丁目3番2号');
    await expectAccessible(kiosk, 'kiosk-02-basics');
    await kiosk.getByRole('button', { name: '次へ' }).click();
    await fillMember(kiosk, 0, { family: '羽黒', given: '一', familyKana: 'はぐろ', givenKana: 'はじめ', birth: '1990-04-01', sex: '男' });
    await expectAccessible(kiosk, 'kiosk-03-members');
    await kiosk.getByRole('button', { name: '次へ' }).click();
    await kiosk.getByRole('heading', { name: /必要な手続き/ }).waitFor();
    await kiosk.getByRole('button', { name: '次へ' }).click();
    await kiosk.getByRole('heading', { name: '記入', exact: true }).waitFor();
    await expectAccessible(kiosk, 'kiosk-04-interview');
    await kiosk.getByRole('button', { name: '確認へ' }).click();
    await kiosk.getByRole('button', { name: '窓口に送る' }).click();
    await kiosk.getByLabel('受付番号 K-001').waitFor();
    await expectAccessible(kiosk, 'kiosk-05-number');
    await kiosk.getByRole('button', { name: '終わる' }).click();
    await kiosk.getByRole('button', { name: 'はじめる' }).waitFor();

    await clerk.goto('/counter');
    const row = clerk.getByRole('listitem').filter({ hasText: 'K-001' });
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.textContent()).toContain('羽黒 一・転居');
    await expectAccessible(clerk, 'kiosk-06-waiting-list');
    await row.getByRole('button', { name: '受付を始める' }).click();
    await clerk.waitForURL(/\/counter\/visits\//);
    await expect.poll(() => clerk.getByText('記載台からの受付', { exact: false }).count()).toBeGreaterThan(0);
    await kiosk.context().close();
  });
});
