import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { launchBrowser, SCREENSHOT_DIR, screenshot, expectAccessible } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { authenticatorCode } from './support/totp';

/**
 * 移動市役所, tried as a new user would: the administrator plans a day with three stops and
 * publishes it; a resident finds it on the public schedule on a phone and books a place at the
 * first stop (through the queue's booking pages); snow comes, the administrator cancels that stop,
 * and the resident's e-mail arrives through a real SMTP server. The schedule, the A4 calendar (as a
 * PDF through Chromium's print), the calendar feed, the live status and the statistics follow.
 */
let server: RunningServer;
let browser: Browser;
let smtp: SMTPServer;
const mails: ParsedMail[] = [];
const contexts: BrowserContext[] = [];
let admin: Page;
let phone: Page;
let adminCookie = '';
const CODE = '062120';
const EMAIL = 'hanako.miyazawa@example.jp';
const stopNames: string[] = [];

const jstToday = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
/** The demo vehicle runs every weekday of the coming month; a Saturday is free to plan. */
const SATURDAY = (() => {
  let d = addDays(jstToday(), 2);
  while (new Date(`${d}T00:00:00Z`).getUTCDay() !== 6) d = addDays(d, 1);
  return d;
})();
const MONTH = SATURDAY.slice(0, 7);
/** 「12月5日（土）」 as the planning and schedule headings write the day. */
const SATURDAY_LABEL = `${Number(SATURDAY.slice(5, 7))}月${Number(SATURDAY.slice(8))}日（土）`;

async function api(method: string, p: string, opts: { cookie?: string; body?: unknown } = {}) {
  const res = await fetch(`${server.url}/api${p}`, {
    method,
    headers: { 'content-type': 'application/json', origin: server.url, ...(opts.cookie ? { cookie: opts.cookie } : {}) },
    ...(opts.body !== undefined || method !== 'GET' ? { body: JSON.stringify(opts.body ?? {}) } : {}),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* text/calendar */
  }
  return { status: res.status, body: body as Record<string, unknown>, text, headers: res.headers };
}

async function open(viewport: { width: number; height: number }, mobile = false): Promise<Page> {
  const context = await browser.newContext({ baseURL: server.url, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport, ...(mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}) });
  contexts.push(context);
  return context.newPage();
}

/** The planning screen's card of the Saturday route. */
const routeCard = () => admin.getByRole('listitem').filter({ has: admin.getByRole('heading', { name: new RegExp(SATURDAY_LABEL), level: 3 }) });

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'],
    onData(stream, _s, cb) { simpleParser(stream).then((m) => { mails.push(m); cb(); }, cb); },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  const port = (smtp.server.address() as AddressInfo).port;
  server = await startServer({ MADOGUCHI_SMTP_URL: `smtp://127.0.0.1:${port}?ignoreTLS=true`, MADOGUCHI_MAIL_FROM: 'idou@city.obanazawa.example.jp', MADOGUCHI_CARD_AGENT_PORT: 'off' });
  browser = await launchBrowser();
  const login = await api('POST', '/auth/login', { body: { municipalityCode: CODE, loginId: 'admin', password: 'madoguchi-demo' } });
  adminCookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const setup = await api('POST', '/auth/totp/setup', { cookie: adminCookie });
  await api('POST', '/auth/totp/enable', { cookie: adminCookie, body: { code: authenticatorCode(setup.body.otpauthUri as string) } });
  admin = await open({ width: 1280, height: 900 });
  const [name, value] = adminCookie.split('=') as [string, string];
  await admin.context().addCookies([{ name, value, url: server.url }]);
  phone = await open({ width: 390, height: 844 }, true);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
  await new Promise<void>((r) => (smtp ? smtp.close(() => r()) : r()));
});

describe('planning a day with three stops', () => {
  it('the administrator finds 移動市役所 in the menu, plans three stops and publishes them', async () => {
    await admin.goto('/');
    await admin.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '移動市役所' }).click();
    await expect.poll(() => admin.getByRole('heading', { name: '移動市役所の運行計画', level: 1 }).count()).toBe(1);
    const form = admin.getByRole('form', { name: '運行計画の作成' });
    await form.getByLabel('運行日').fill(SATURDAY);
    await form.getByRole('button', { name: '停車場所を追加' }).click();
    await form.getByRole('button', { name: '停車場所を追加' }).click();
    const times = [['10:00', '11:00'], ['13:00', '14:00'], ['15:00', '15:30']];
    for (let i = 0; i < 3; i += 1) {
      const item = form.getByRole('listitem').filter({ has: admin.getByRole('heading', { name: `${i + 1}か所目` }) });
      const select = item.getByLabel('停車場所');
      await select.selectOption({ index: 1 + i * 8 });
      stopNames.push(((await select.locator('option:checked').textContent()) ?? '').split(' ').at(-1)!);
      await item.getByLabel('到着').fill(times[i]![0]!);
      await item.getByLabel('出発').fill(times[i]![1]!);
    }
    await form.getByRole('checkbox', { name: '窓口 花子' }).check();
    await expectAccessible(admin, 'outreach-01-plan-form');
    await form.getByRole('button', { name: '下書きとして保存' }).click();
    await expect.poll(() => admin.getByText('の運行を下書きとして保存しました').count()).toBe(1);
    const card = routeCard();
    await card.getByRole('button', { name: '公開する' }).click();
    await expect.poll(() => card.getByText('公開済み').count()).toBe(1);
    await expectAccessible(admin, 'outreach-02-published');
  });

  it('a planning mistake is explained in the planner\'s words and nothing is saved', async () => {
    const form = admin.getByRole('form', { name: '運行計画の作成' });
    await form.getByLabel('運行日').fill(SATURDAY);
    const item = form.getByRole('listitem').filter({ has: admin.getByRole('heading', { name: '1か所目' }) });
    await item.getByLabel('停車場所').selectOption({ index: 2 });
    await form.getByRole('button', { name: '下書きとして保存' }).click();
    await expect.poll(() => admin.getByText('この車両にはその日の運行計画が既にあります。既存の計画を開いて変更してください。').count()).toBe(1);
  });
});

describe('stops', () => {
  it('a new stop is added with its place and access notes; a wrong coordinate is explained', async () => {
    const form = admin.getByRole('form', { name: '停車場所の追加' });
    await form.getByLabel('地区').selectOption({ label: '常盤地区' });
    await form.getByLabel('名前').fill('畑沢農村公園休憩所');
    await form.getByLabel(/^コード/).fill('tokiwa-9');
    await form.getByLabel('住所').fill('山形県尾花沢市大字畑沢321番地');
    await form.getByLabel('緯度').fill('140.45');
    await form.getByLabel('経度').fill('38.55');
    await form.getByLabel(/バリアフリー/).fill('屋根つきの待合所あり');
    await form.getByRole('button', { name: '停車場所を追加' }).click();
    await expect.poll(() => form.getByText('緯度は-90〜90の数値です。').count()).toBe(1);
    await form.getByLabel('緯度').fill('38.55');
    await form.getByLabel('経度').fill('140.45');
    await form.getByRole('button', { name: '停車場所を追加' }).click();
    await expect.poll(() => form.getByText('停車場所を追加しました。').count()).toBe(1);
    const row = admin.getByRole('table', { name: /^常盤地区/ }).getByRole('row', { name: /畑沢農村公園休憩所/ });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('屋根つきの待合所あり');
    await expectAccessible(admin, 'outreach-02b-stops');
  });
});

describe('a resident on a phone', () => {
  it('finds the day on the public schedule and books a place at the first stop through the queue', async () => {
    await phone.goto(`/outreach/${CODE}?month=${MONTH}`);
    await expect.poll(() => phone.getByRole('heading', { name: /尾花沢市 移動市役所/ }).count()).toBe(1);
    const day = phone.getByRole('listitem').filter({ has: phone.getByRole('heading', { name: new RegExp(SATURDAY_LABEL) }) });
    expect(stopNames).toHaveLength(3);
    await expect.poll(() => day.getByRole('heading', { level: 3 }).allTextContents()).toEqual(stopNames);
    await expectAccessible(phone, 'outreach-03-public-schedule');
    await day.getByRole('listitem').filter({ hasText: stopNames[0]! }).getByRole('link', { name: '予約する' }).click();
    await expect.poll(() => phone.getByRole('heading', { name: '窓口の予約' }).count()).toBe(1);
    await phone.getByLabel('用件').selectOption({ label: '住民票・各種証明書（移動市役所）' });
    await screenshot(phone, 'outreach-04a-reserve');
    await phone.getByRole('button', { name: new RegExp(`^${Number(SATURDAY.slice(5, 7))}/${Number(SATURDAY.slice(8))}\\(土\\)`) }).click();
    await phone.getByRole('group', { name: /の時間$/ }).getByRole('button', { name: /^10:00〜10:30/ }).click();
    await phone.getByLabel('お名前').fill('宮沢 花子');
    await phone.getByLabel('メールアドレス').fill(EMAIL);
    await phone.getByRole('button', { name: 'この時間で予約する' }).click();
    await expect.poll(() => phone.getByRole('heading', { name: '予約の確定' }).count()).toBe(1);
    await phone.getByRole('button', { name: '予約を確定する' }).click();
    await expect.poll(() => phone.getByText('予約を確定しました').count()).toBe(1);
    await expectAccessible(phone, 'outreach-04-booked');
    await expect.poll(() => mails.filter((m) => m.subject?.includes('窓口のご予約を受け付けました')).length, { timeout: 10_000 }).toBe(1);
  });
});

describe('snow: the first stop is cancelled', () => {
  it('the administrator cancels the stop with a reason, and the booked resident gets an e-mail', async () => {
    await routeCard().getByRole('button', { name: '運休にする' }).click();
    const form = admin.getByRole('form', { name: /の運休$/ });
    await form.getByRole('checkbox', { name: new RegExp(stopNames[1]!) }).uncheck();
    await form.getByRole('checkbox', { name: new RegExp(stopNames[2]!) }).uncheck();
    await form.getByLabel(/運休の理由/).fill('大雪のため');
    await expectAccessible(admin, 'outreach-05-cancel-form');
    await form.getByRole('button', { name: '運休にして予約者に知らせる' }).click();
    await expect.poll(() => admin.getByText('予約していた1人の予約を取り消しました。').count()).toBe(1);
    await expect.poll(() => mails.filter((m) => m.subject?.includes('運休のお知らせ')).length, { timeout: 20_000 }).toBe(1);
    const mail = mails.find((m) => m.subject?.includes('運休のお知らせ'))!;
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe(EMAIL);
    expect(mail.subject).toContain(stopNames[0]!);
    expect(mail.text).toContain('理由: 大雪のため');
    expect(mail.text).toContain(`/outreach/${CODE}`);
    await expectAccessible(admin, 'outreach-06-cancelled');
  });

  it('the public schedule shows 運休 with the reason; the other stops still run', async () => {
    await phone.goto(`/outreach/${CODE}?month=${MONTH}`);
    const day = phone.getByRole('listitem').filter({ has: phone.getByRole('heading', { name: new RegExp(SATURDAY_LABEL) }) });
    const first = day.getByRole('listitem').filter({ hasText: stopNames[0]! });
    await expect.poll(() => first.getByText('運休', { exact: true }).count()).toBe(1);
    expect(await first.getByText('理由: 大雪のため').count()).toBe(1);
    expect(await first.getByRole('link', { name: '予約する' }).count()).toBe(0);
    expect(await day.getByRole('listitem').filter({ hasText: stopNames[1]! }).getByRole('link', { name: '予約する' }).count()).toBe(1);
    await expectAccessible(phone, 'outreach-07-public-cancelled');
  });

  it('the calendar feed marks the stop CANCELLED and keeps its UID', async () => {
    const ics = await api('GET', `/public/${CODE}/outreach/calendar.ics`);
    expect(ics.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const unfolded = ics.text.replace(/\r\n /g, '');
    const event = unfolded.split('BEGIN:VEVENT').find((e) => e.includes(`DTSTART;TZID=Asia/Tokyo:${SATURDAY.replace(/-/g, '')}T100000`))!;
    expect(event).toContain('STATUS:CANCELLED');
    expect(event).toContain(`SUMMARY:【運休】移動市役所 ${stopNames[0]}`);
  });

  it('the A4 calendar prints on one landscape page', async () => {
    const page = await open({ width: 1200, height: 850 });
    await page.goto(`/outreach/${CODE}/print?month=${MONTH}`);
    await expect.poll(() => page.getByRole('table').count()).toBe(1);
    await expect.poll(() => page.getByText(`【運休】10:00〜11:00 ${stopNames[0]}`).count()).toBe(1);
    await expectAccessible(page, 'outreach-08-print');
    const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
    mkdirSync(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, 'outreach-calendar.pdf');
    writeFileSync(file, pdf);
    const info = execFileSync('pdfinfo', [file]).toString();
    expect(info).toMatch(/Pages:\s+1\n/);
    // A4 landscape is 842 × 595 points.
    expect(info).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+ pts/);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toContain('運行カレンダー');
    expect(text).toContain(stopNames[1]!);
  });
});

describe('changing the published day', () => {
  it('the administrator moves the last stop half an hour later; the card and the public schedule follow', async () => {
    await admin.goto('/admin/outreach');
    await expect.poll(() => admin.getByRole('heading', { name: '移動市役所の運行計画', level: 1 }).count()).toBe(1);
    if (MONTH !== jstToday().slice(0, 7)) await admin.getByRole('button', { name: /次の月/ }).click();
    await routeCard().getByRole('button', { name: '時間・用件を変更' }).click();
    const form = admin.getByRole('form', { name: /の運行の変更$/ });
    await form.getByLabel(`${stopNames[2]}の到着`).fill('15:30');
    await form.getByLabel(`${stopNames[2]}の出発`).fill('16:00');
    await expectAccessible(admin, 'outreach-06b-edit-published');
    await form.getByRole('button', { name: '変更を保存して予約枠に反映' }).click();
    await expect.poll(() => routeCard().getByRole('listitem').filter({ hasText: stopNames[2]! }).first().textContent()).toContain('15:30〜16:00');
    expect(await admin.getByRole('form', { name: /の運行の変更$/ }).count()).toBe(0);
    await phone.goto(`/outreach/${CODE}?month=${MONTH}`);
    const day = phone.getByRole('listitem').filter({ has: phone.getByRole('heading', { name: new RegExp(SATURDAY_LABEL) }) });
    await expect.poll(() => day.getByRole('listitem').filter({ hasText: stopNames[2]! }).textContent()).toContain('15:30');
  });

  it('the 移動市役所 page leads to the review queue of the vehicle cases', async () => {
    await admin.goto('/admin/outreach');
    await admin.getByRole('link', { name: '車両からの申請の確認待ち' }).click();
    await expect.poll(() => admin.getByRole('heading', { name: '移動市役所の確認待ち', level: 1 }).count()).toBe(1);
    expect(await admin.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '車両の端末' }).getAttribute('href')).toBe('/vehicle');
  });
});

describe('live status and statistics', () => {
  it('the live page answers where the vehicle is', async () => {
    await phone.goto(`/outreach/${CODE}/live`);
    await expect.poll(() => phone.getByRole('heading', { name: /いまどこ？/, level: 1 }).count()).toBe(1);
    await expectAccessible(phone, 'outreach-09-live');
  });

  it('the statistics show the districts drawn from the stops, with charts', async () => {
    await admin.goto('/admin/outreach/stats');
    await expect.poll(() => admin.getByRole('heading', { name: '移動市役所の統計', level: 1 }).count()).toBe(1);
    await expect.poll(() => admin.getByRole('img', { name: '停車場所の分布図' }).count()).toBe(1);
    expect(await admin.getByRole('figure', { name: '地区ごとの対応人数' }).count()).toBe(1);
    await expectAccessible(admin, 'outreach-10-stats');
  });
});
