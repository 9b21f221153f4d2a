import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, expectAccessible, loginStaff } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { authenticatorCode } from './support/totp';

/**
 * 待たない, tried as a new user would: a resident takes a ticket at the kiosk and follows it on a
 * phone; a clerk calls it from a desk; the hall display shows it and says it aloud; the clerk
 * transfers the same ticket to 国民健康保険 and another desk calls it there. Then two residents
 * book the last place of a slot at the same moment: exactly one gets it.
 */
let server: RunningServer;
let browser: Browser;
const contexts: BrowserContext[] = [];
let kiosk: Page;
let phone: Page;
let board: Page;
let desk: Page;
let statusPath = '';
let ticketNumber = '';

const CODE = '062120';

async function open(viewport: { width: number; height: number }, opts: { mobile?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext({
    baseURL: server.url, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport,
    ...(opts.mobile ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  contexts.push(context);
  return context.newPage();
}

/** The big card on the phone page: the number and what to do now. */
const statusCard = () => phone.getByRole('region', { name: '受付番号と状況' });

/** The display's list of numbers being called, desk by desk. */
const callingNow = () => board.getByRole('region', { name: 'お呼び出し中の番号' });

async function api(method: string, path: string, opts: { cookie?: string; body?: unknown } = {}) {
  const res = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', origin: server.url, ...(opts.cookie ? { cookie: opts.cookie } : {}) },
    ...(opts.body !== undefined || method !== 'GET' ? { body: JSON.stringify(opts.body ?? {}) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

/**
 * The demo's hall is open on weekdays 8:30–17:15; the test may run at any hour, so the administrator
 * first opens it around the clock (enrolling the second factor an admin needs, as on first login).
 */
async function openHallAllDay() {
  const login = await api('POST', '/auth/login', { body: { municipalityCode: CODE, loginId: 'admin', password: 'madoguchi-demo' } });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const setup = await api('POST', '/auth/totp/setup', { cookie });
  await api('POST', '/auth/totp/enable', { cookie, body: { code: authenticatorCode(setup.body.otpauthUri as string) } });
  const config = await api('GET', '/queue/config', { cookie });
  const allDay = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['00:00', '24:00']]]));
  for (const location of (config.body as { locations: { id: string; hours: Record<string, unknown> }[] }).locations) {
    const res = await api('PATCH', `/queue/config/locations/${location.id}`, { cookie, body: { hours: { ...location.hours, weekly: allDay } } });
    expect(res.status).toBe(200);
  }
  return cookie;
}

let adminCookie = '';

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  adminCookie = await openHallAllDay();
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await server?.stop();
});

describe('a ticket from the kiosk, followed on a phone, called, announced, transferred', () => {
  it('the kiosk hands out a numbered ticket with a QR code', async () => {
    kiosk = await open({ width: 1280, height: 800 });
    await kiosk.goto(`/q/${CODE}/kiosk?token=demo-kiosk-honcho-1f`);
    await expect.poll(() => kiosk.getByRole('heading', { name: 'ご用件を選んでください' }).count()).toBe(1);
    // The registration token is kept on the tablet, not left in the address bar.
    expect(kiosk.url()).not.toContain('token=');
    await expectAccessible(kiosk, 'queue-01-kiosk');
    const issued = kiosk.waitForResponse((r) => r.url().includes('/tickets') && r.request().method() === 'POST');
    await kiosk.getByRole('button', { name: /転入・転出・転居の届出/ }).click();
    const reply = (await (await issued).json()) as { displayNumber: string; statusPath: string };
    statusPath = reply.statusPath;
    ticketNumber = reply.displayNumber;
    expect(ticketNumber).toMatch(/^B\d{3}$/);
    await expect.poll(() => kiosk.getByText(ticketNumber, { exact: true }).count()).toBeGreaterThan(0);
    await expect.poll(() => kiosk.getByRole('img', { name: '順番の確認ページのQRコード' }).count()).toBeGreaterThan(0);
    await expectAccessible(kiosk, 'queue-02-kiosk-ticket');
    // The receipt is what prints: only it, with the number and the QR code.
    await kiosk.emulateMedia({ media: 'print' });
    await screenshot(kiosk, 'queue-03-kiosk-receipt-print');
    expect(await kiosk.getByTestId('ticket-receipt').isVisible()).toBe(true);
    expect(await kiosk.getByRole('button', { name: '最初の画面に戻る' }).isVisible()).toBe(false);
    await kiosk.emulateMedia({ media: 'screen' });
  });

  it('the phone page shows the place in the queue and the wait', async () => {
    phone = await open({ width: 390, height: 844 }, { mobile: true });
    await phone.goto(statusPath);
    await expect.poll(() => statusCard().textContent()).toContain(ticketNumber);
    await expect.poll(() => phone.getByText('待ち時間の目安').count()).toBeGreaterThan(0);
    await expectAccessible(phone, 'queue-04-phone-waiting');
  });

  it('the hall display is on, waiting for calls', async () => {
    board = await open({ width: 1920, height: 1080 });
    // Records what the display says aloud (the browser's speech engine is not ours to test).
    await board.addInitScript(() => {
      const spoken: string[] = [];
      (window as unknown as { spoken: string[] }).spoken = spoken;
      const original = window.speechSynthesis.speak.bind(window.speechSynthesis);
      window.speechSynthesis.speak = (u: SpeechSynthesisUtterance) => {
        if (u.text) spoken.push(u.text);
        original(u);
      };
    });
    await board.goto(`/q/${CODE}/board/honcho-1f`);
    await expect.poll(() => board.getByRole('heading', { name: 'お呼び出し中の番号' }).count()).toBe(1);
    await board.locator('main').click(); // the tap that allows sound
    await expect.poll(() => board.getByText('接続しています…').count()).toBe(0);
    await expectAccessible(board, 'queue-05-board-idle');
  });

  it('a clerk calls the next resident from 3番窓口', async () => {
    desk = await open({ width: 1280, height: 800 });
    await loginStaff(desk, 'clerk');
    await expect.poll(() => desk.url()).toMatch(/\/residents/);
    await desk.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: '呼出' }).click();
    await expect.poll(() => desk.getByRole('heading', { name: '呼出', level: 1 }).count()).toBe(1);
    await desk.getByLabel('窓口', { exact: true }).selectOption({ label: '本庁舎 1階 窓口 3番窓口' });
    await expect.poll(() => desk.getByRole('row', { name: new RegExp(ticketNumber) }).count()).toBe(1);
    await expectAccessible(desk, 'queue-06-desk-ready');
    await desk.getByRole('button', { name: '次の方を呼ぶ' }).click();
    await expect.poll(() => desk.getByRole('button', { name: '対応を始める' }).count()).toBe(1);
    expect(await desk.getByText(ticketNumber, { exact: true }).count()).toBeGreaterThan(0);
    await expectAccessible(desk, 'queue-07-desk-called');
  });

  it('the phone says where to go, live', async () => {
    await expect.poll(() => statusCard().textContent(), { timeout: 10_000 }).toContain('3番窓口へお越しください');
    await expectAccessible(phone, 'queue-08-phone-called');
  });

  it('the display shows the number and the desk, and announces it in Japanese', async () => {
    await expect.poll(() => callingNow().textContent(), { timeout: 10_000 }).toContain(ticketNumber);
    expect(await callingNow().textContent()).toContain('3番窓口');
    const n = Number(ticketNumber.slice(1));
    await expect.poll(() => board.evaluate(() => (window as unknown as { spoken: string[] }).spoken), { timeout: 10_000 })
      .toContain(`受付番号 B、${n}番の方、3番窓口へお越しください。`);
    await expectAccessible(board, 'queue-09-board-called');
  });

  it('after 市民税務課 the clerk transfers the same ticket to 国民健康保険', async () => {
    await desk.getByRole('button', { name: '対応を始める' }).click();
    await expect.poll(() => desk.getByText('対応中', { exact: true }).count()).toBeGreaterThan(0);
    await desk.getByLabel('次の用件へ転送する（同じ整理券のまま）').selectOption({ label: '国民健康保険・年金（健康増進課）' });
    await desk.getByRole('button', { name: '転送する' }).click();
    await expect.poll(() => desk.getByText(`${ticketNumber}を「国民健康保険・年金」の順番待ちに移しました。`).count()).toBe(1);
    await expect.poll(() => phone.getByRole('heading', { name: '本日の手続きの流れ' }).count(), { timeout: 10_000 }).toBe(1);
    const legs = phone.getByRole('region', { name: '本日の手続きの流れ' });
    expect(await legs.textContent()).toMatch(/転入・転出・転居の届出次の窓口へ.*国民健康保険・年金順番待ち/);
    expect(await statusCard().textContent()).toContain(ticketNumber);
    await expectAccessible(phone, 'queue-10-phone-transferred');
  });

  it('4番窓口 calls the same number for 国民健康保険, without a new ticket', async () => {
    await desk.getByLabel('窓口', { exact: true }).selectOption({ label: '本庁舎 1階 窓口 4番窓口' });
    await desk.getByRole('button', { name: '次の方を呼ぶ' }).click();
    await expect.poll(() => desk.getByRole('button', { name: '対応を始める' }).count()).toBe(1);
    await expect.poll(() => statusCard().textContent(), { timeout: 10_000 }).toContain('4番窓口へお越しください');
    await expect.poll(() => callingNow().textContent(), { timeout: 10_000 }).toContain(`4番窓口${ticketNumber}`);
    await screenshot(board, 'queue-14-board-second-call');
  });
});

describe('the congestion page and booking, as a resident', () => {
  it('shows waits and busy hours, and books a time', async () => {
    const page = await open({ width: 390, height: 844 }, { mobile: true });
    await page.goto(`/q/${CODE}`);
    await expect.poll(() => page.getByRole('heading', { name: '窓口の混雑状況' }).count()).toBe(1);
    await expect.poll(() => page.getByRole('figure', { name: /曜日・時間帯ごとの混雑/ }).count()).toBe(1);
    await expectAccessible(page, 'queue-11-congestion');
    await page.getByRole('link', { name: '窓口の予約' }).click();
    await expect.poll(() => page.getByRole('heading', { name: '窓口の予約' }).count()).toBe(1);
    await page.getByRole('group', { name: /の時間$/ }).getByRole('button', { name: /残り/ }).first().click();
    await page.getByLabel('お名前').fill('山田 花子');
    await page.getByLabel('メールアドレス').fill('hanako@example.jp');
    await expectAccessible(page, 'queue-12-reserve');
    await page.getByRole('button', { name: 'この時間で予約する' }).click();
    await expect.poll(() => page.getByRole('heading', { name: '予約の確定' }).count()).toBe(1);
    await page.getByRole('button', { name: '予約を確定する' }).click();
    await expect.poll(() => page.getByText('予約を確定しました').count()).toBe(1);
    await expectAccessible(page, 'queue-13-reservation');
  });
});

describe('two residents, one place', () => {
  it('of two simultaneous bookings for the last place, exactly one succeeds', async () => {
    const overview = await api('GET', `/public/${CODE}/queue`);
    const hall = (overview.body as { locations: { code: string; services: { id: string; name: string; reservable: boolean }[] }[] }).locations.find((l) => l.code === 'honcho-1f')!;
    const service = hall.services.find((s) => s.name === '福祉・介護')!;
    const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    const until = new Date(Date.now() + 9 * 3_600_000 + 30 * 86_400_000).toISOString().slice(0, 10);
    const slots = await api('GET', `/public/${CODE}/queue/slots?serviceId=${service.id}&from=${today}&to=${until}`);
    const slot = (slots.body as { items: { id: string; remaining: number; capacity: number }[] }).items.find((s) => s.remaining === 2)!;
    // One place is taken first, so the race is for the last one.
    const first = await api('POST', `/public/${CODE}/queue/reservations`, { body: { slotId: slot.id, contact: { name: '先の人', email: 'first@example.jp' } } });
    expect(first.status).toBe(201);
    const [a, b] = await Promise.all([
      api('POST', `/public/${CODE}/queue/reservations`, { body: { slotId: slot.id, contact: { name: '甲', email: 'ko@example.jp' } } }),
      api('POST', `/public/${CODE}/queue/reservations`, { body: { slotId: slot.id, contact: { name: '乙', email: 'otsu@example.jp' } } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
    const loser = a.status === 409 ? a : b;
    expect((loser.body as { error: { code: string; message: string } }).error.code).toBe('RESERVATION_SLOT_FULL');
    const after = await api('GET', `/public/${CODE}/queue/slots?serviceId=${service.id}&from=${today}&to=${until}`);
    expect((after.body as { items: { id: string; remaining: number }[] }).items.find((s) => s.id === slot.id)!.remaining).toBe(0);
    // The staff list shows the two bookings, and nobody else's.
    const list = await api('GET', `/queue/reservations?date=${(slots.body as { items: { id: string; date: string }[] }).items.find((s) => s.id === slot.id)!.date}`, { cookie: adminCookie });
    expect((list.body as { items: { name: string }[] }).items.filter((r) => ['先の人', '甲', '乙'].includes(r.name))).toHaveLength(2);
  });
});
