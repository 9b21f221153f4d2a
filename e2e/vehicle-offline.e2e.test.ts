import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, SCREENSHOT_DIR, expectAccessible } from './support/browser';
import { login } from './support/counter-journey';
import { startServer, type RunningServer } from './support/server';
import { authenticatorCode } from './support/totp';

/**
 * 移動市役所, offline: a clerk enrols the vehicle tablet and signs in once online; the network goes
 * (Playwright's offline emulation); the clerk issues and calls tickets and takes 20 applications,
 * the page is reloaded in the middle (the service worker serves the app, the PIN opens the data
 * key); the network comes back; everything is sent, and each case is in its department inbox
 * exactly once with the receipt number the server gave it. The tablet keeps nothing personal after.
 */
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let adminCookie = '';
let enrolCode = '';
let deviceId = '';

const CODE = '062120';
const PIN = '246810';
const PROCEDURE = '後期高齢者医療 負担区分等証明書 交付申請（転出）';

async function api(method: string, path: string, opts: { cookie?: string; body?: unknown } = {}) {
  const res = await fetch(`${server.url}/api${path}`, {
    method,
    headers: { 'content-type': 'application/json', origin: server.url, ...(opts.cookie ? { cookie: opts.cookie } : {}) },
    ...(opts.body !== undefined || method !== 'GET' ? { body: JSON.stringify(opts.body ?? {}) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

const residentName = (i: number) => `鰐渕 太郎${String.fromCharCode(0x30a2 + i * 2)}`; // 鰐渕 太郎ア, 鰐渕 太郎イ …

/** What the clerk does for one resident: identity as shown on an ID, the procedure, its questions, save. */
async function takeCase(i: number, who: { name?: string; birthDate?: string; address?: string; ticket?: string } = {}) {
  await page.getByRole('tab', { name: '新しい申請' }).click();
  await page.getByRole('button', { name: '本人確認書類を見て入力する' }).click();
  await page.getByLabel('氏名').fill(who.name ?? residentName(i));
  await page.getByLabel('ふりがな').fill('わにぶち たろう');
  await page.getByLabel('生年月日').fill(who.birthDate ?? '昭和20年4月1日');
  await page.getByLabel(/^住所/).fill(who.address ?? '山形県尾花沢市鶴子999番地');
  await page.getByRole('button', { name: 'この人の申請を始める' }).click();
  await page.getByRole('button', { name: new RegExp(PROCEDURE.replace(/[()（）]/g, '.')) }).click();
  if (who.ticket) await page.getByLabel('整理券').selectOption(who.ticket);
  const form = page.getByRole('region', { name: new RegExp('被保険者と転出先') });
  await form.getByLabel(/ふりがな/).fill('わにぶち たろう');
  await form.getByLabel(/電話番号/).fill('090-5555-0101');
  await form.getByLabel(/転出する日/).fill('令和8年12月20日');
  const postal = form.getByLabel('郵便番号');
  await postal.first().fill('999-4221');
  const dest = form.getByLabel('住所（都道府県から番地まで）');
  await dest.last().fill('宮城県仙台市青葉区本町一丁目1番1号');
  await page.getByRole('button', { name: '紙に署名する' }).click();
  await page.getByRole('button', { name: 'この端末に保存する' }).click();
  await expect.poll(() => page.getByRole('tab', { name: 'この端末の記録', selected: true }).count(), { timeout: 10_000 }).toBe(1);
}

const count = async (testId: string) => Number(((await page.getByTestId(testId).locator('p').nth(1).textContent()) ?? '').replace(/[^\d]/g, ''));

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const login = await api('POST', '/auth/login', { body: { municipalityCode: CODE, loginId: 'admin', password: 'madoguchi-demo' } });
  adminCookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const setup = await api('POST', '/auth/totp/setup', { cookie: adminCookie });
  await api('POST', '/auth/totp/enable', { cookie: adminCookie, body: { code: authenticatorCode(setup.body.otpauthUri as string) } });
  const device = await api('POST', '/devices', { cookie: adminCookie, body: { kind: 'vehicle', label: '移動市役所 1号車（E2E）' } });
  expect(device.status).toBe(201);
  enrolCode = (device.body.enrolment as { code: string }).code;
  deviceId = (device.body.enrolment as { deviceId: string }).deviceId;
  context = await browser.newContext({ baseURL: server.url, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
});
afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

describe('the vehicle tablet, offline', () => {
  it('is enrolled with the one-time code, signed in online once, and installed (service worker, manifest)', async () => {
    await page.goto('/vehicle');
    await expect.poll(() => page.getByRole('heading', { name: '端末の登録' }).count()).toBe(1);
    await expectAccessible(page, 'vehicle-01-enrol');
    await page.getByLabel('登録コード').fill(enrolCode);
    await page.getByRole('button', { name: 'この端末を登録する' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /職員のサインイン/ }).count(), { timeout: 15_000 }).toBe(1);
    await page.getByLabel('地方公共団体コード').fill(CODE);
    await page.getByLabel('ログインID').fill('clerk');
    await page.getByLabel('パスワード').fill('madoguchi-demo');
    await page.getByLabel('オフライン用の暗証番号（6〜12桁の数字）').fill(PIN);
    await page.getByLabel('暗証番号（確認）').fill(PIN);
    await expectAccessible(page, 'vehicle-02-sign-in');
    await page.getByRole('button', { name: 'サインインする' }).click();
    await expect.poll(() => page.getByRole('heading', { name: '移動市役所 端末' }).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => page.getByTestId('network').textContent()).toBe('オンライン');
    // The worker has precached the release and controls the page.
    await expect.poll(() => page.evaluate(async () => (await navigator.serviceWorker.ready).active?.state), { timeout: 20_000 }).toBe('activated');
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 10_000 }).toBe(true);
    const manifest = await page.evaluate(async () => (await fetch((document.querySelector('link[rel="manifest"]') as HTMLLinkElement).href)).json() as Promise<{ start_url: string; display: string }>);
    expect(manifest).toMatchObject({ start_url: '/vehicle', display: 'standalone' });
    await expectAccessible(page, 'vehicle-03-home');
  });

  it('takes 20 applications and runs the stop queue with no network, across a reload opened with the PIN', async () => {
    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('network').textContent()).toContain('オフライン');
    // The stop's queue, offline: three tickets issued, two called.
    for (let i = 0; i < 3; i++) await page.getByRole('button', { name: '整理券を発行' }).click();
    await expect.poll(() => page.getByText('待っている方 3人').count()).toBe(1);
    await page.getByRole('button', { name: '次の方を呼ぶ' }).click();
    await expect.poll(() => page.getByText('V-001 番の方をお呼びしています').count()).toBe(1);
    await page.getByRole('button', { name: 'V-001 対応完了' }).click();
    await page.getByRole('button', { name: '次の方を呼ぶ' }).click();
    await expectAccessible(page, 'vehicle-04-queue-offline');
    for (let i = 0; i < 10; i++) await takeCase(i);
    await screenshot(page, 'vehicle-05a-after-ten');
    await expect.poll(() => count('count-pending')).toBe(10);
    await expectAccessible(page, 'vehicle-05-records-offline');

    // Reload with no network: the service worker serves the app; the PIN opens the data key.
    await page.reload();
    await expect.poll(() => page.getByRole('heading', { name: '暗証番号で開く' }).count(), { timeout: 15_000 }).toBe(1);
    await expectAccessible(page, 'vehicle-06-pin-offline');
    await page.getByLabel('暗証番号').fill('111111');
    await page.getByRole('button', { name: '開く' }).click();
    await expect.poll(() => page.getByText(/暗証番号が違います/).count()).toBe(1);
    await page.getByLabel('暗証番号').fill(PIN);
    await page.getByRole('button', { name: '開く' }).click();
    await expect.poll(() => page.getByRole('heading', { name: '移動市役所 端末' }).count(), { timeout: 15_000 }).toBe(1);
    await expect.poll(() => count('count-pending')).toBe(10);
    for (let i = 10; i < 20; i++) await takeCase(i);
    await expect.poll(() => count('count-pending')).toBe(20);
    await expect.poll(() => count('count-registered')).toBe(0);
    // Names shown from the sealed summaries while unlocked…
    await expect.poll(() => page.getByText(residentName(3)).count()).toBe(1);
    // …but nothing readable at rest: no name in IndexedDB, in the outbox or the vehicle's own store.
    const atRest = await page.evaluate(async () => {
      const dump = async (name: string) => {
        const db = await new Promise<IDBDatabase>((resolve, reject) => { const r = indexedDB.open(name); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
        const out: unknown[] = [];
        for (const store of Array.from(db.objectStoreNames)) {
          out.push(await new Promise((resolve) => { const r = db.transaction(store).objectStore(store).getAll(); r.onsuccess = () => resolve(r.result); }));
        }
        db.close();
        return JSON.stringify(out, (_k, v) => (v instanceof CryptoKey ? '[key]' : v));
      };
      return (await dump('madoguchi-vehicle')) + (await dump('madoguchi-vehicle-outbox'));
    });
    expect(atRest.length).toBeGreaterThan(1000);
    expect(atRest.includes('鰐渕'), 'a name at rest').toBe(false);
    expect(atRest.includes('鶴子'), 'an address at rest').toBe(false);
    expect(atRest.includes('090-5555-0101'), 'a phone number at rest').toBe(false);
  });

  it('once online, sends everything; each case is in its department inbox exactly once with its receipt number, and the tablet erases what it sent', async () => {
    await context.setOffline(false);
    await expect.poll(() => count('count-registered'), { timeout: 30_000 }).toBe(20);
    await expect.poll(() => count('count-pending')).toBe(0);
    await page.getByRole('tab', { name: 'この端末の記録' }).click();
    const shown = (await page.getByTestId('receipt').allTextContents()).map((t) => t.trim());
    expect(shown).toHaveLength(20);
    expect(shown.every((r) => /^R\d+-\d{6}$/.test(r))).toBe(true);
    expect(new Set(shown).size).toBe(20);
    await expectAccessible(page, 'vehicle-07-registered');

    // The department sees them: exactly 20 outreach cases of the procedure, one per resident, the same numbers.
    const inbox = await api('GET', '/cases?procedureId=late-elderly-move-out&limit=100', { cookie: adminCookie });
    const items = (inbox.body.items as { channel: string; receiptNumber: string; answers: Record<string, unknown>; departmentId: string | null }[]).filter((c) => c.channel === 'outreach');
    expect(items).toHaveLength(20);
    expect(items.map((c) => c.receiptNumber).sort()).toEqual([...shown].sort());
    const names = items.map((c) => String(c.answers['applicantName']));
    expect(new Set(names).size).toBe(20);
    for (let i = 0; i < 20; i++) expect(names).toContain(residentName(i));
    expect(items.every((c) => c.departmentId !== null)).toBe(true);

    // Sending again changes nothing.
    await page.getByRole('button', { name: 'いま送信する' }).click();
    await expect.poll(() => page.getByText(/送信しました/).count()).toBeGreaterThan(0);
    const again = await api('GET', '/cases?procedureId=late-elderly-move-out&limit=100', { cookie: adminCookie });
    expect((again.body.items as { channel: string }[]).filter((c) => c.channel === 'outreach')).toHaveLength(20);

    // Acknowledged events lost their payload; the list kept only the receipt numbers.
    const left = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => { const r = indexedDB.open('madoguchi-vehicle-outbox'); r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error); });
      const records = await new Promise<{ state: string; event: unknown }[]>((resolve) => { const r = db.transaction('records').objectStore('records').getAll(); r.onsuccess = () => resolve(r.result as never); });
      db.close();
      return { total: records.length, withPayload: records.filter((r) => r.event !== null).length, pending: records.filter((r) => r.state === 'pending').length };
    });
    expect(left.total).toBeGreaterThanOrEqual(20 + 3 + 3);
    expect(left).toMatchObject({ withPayload: 0, pending: 0 });

    // The stop's queue arrived too: three tickets, one served.
    const stats = await api('GET', '/outreach/vehicle/stats', { cookie: adminCookie });
    const served = (stats.body.items as { served: number }[]).reduce((n, s) => n + s.served, 0);
    expect(served).toBe(1);
  });

  it('a resident whose card shows another address than the registry waits for staff; accepted on the review screen, the tablet then shows the receipt number', async () => {
    let resident: { id: string; name: string; birthDate: string; address: string } | undefined;
    for (const q of ['佐藤', '鈴木', '高橋', '田中', '山']) {
      const found = await api('GET', `/residents?q=${encodeURIComponent(q)}`, { cookie: adminCookie });
      resident = (found.body.items as { id: string; name: string; birthDate: string; address: string; status: string }[] | undefined)?.find((r) => r.status === 'active');
      if (resident) break;
    }
    expect(resident).toBeDefined();
    const before = await count('count-registered');
    await takeCase(0, { name: resident!.name, birthDate: resident!.birthDate, address: '宮城県仙台市青葉区本町一丁目1番1号' });
    await expect.poll(() => count('count-review'), { timeout: 30_000 }).toBe(1);

    const staff = await context.browser()!.newContext({ baseURL: server.url, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 800 } });
    const desk = await staff.newPage();
    await login(desk, 'clerk');
    await desk.goto('/outreach/vehicle/reviews');
    await expect.poll(() => desk.getByRole('heading', { name: '移動市役所の確認待ち' }).count()).toBe(1);
    await desk.getByRole('button', { name: /内容を見る/ }).click();
    await expect.poll(() => desk.getByText(resident!.name).count()).toBeGreaterThan(0);
    // The answers read under the procedure's own labels, the date in 和暦, as in the inbox.
    await desk.getByText('申請の内容', { exact: true }).click();
    await expect.poll(() => desk.getByRole('definition').filter({ hasText: '令和8年12月20日' }).count()).toBeGreaterThan(0);
    await expect.poll(() => desk.getByRole('term').filter({ hasText: /転出/ }).count()).toBeGreaterThan(0);
    // The registry's match is shown as a person (name, address), not as an id to retype.
    await expect.poll(() => desk.getByTestId('review-resident').textContent()).toContain(resident!.name);
    expect(await desk.getByTestId('review-resident').textContent()).toContain(resident!.address);
    await expectAccessible(desk, 'vehicle-08-review');
    // 別の住民を選ぶ searches the registry; the clerk keeps the match after looking.
    await desk.getByRole('button', { name: '別の住民を選ぶ' }).click();
    await desk.getByLabel('氏名またはカナ').fill(resident!.name);
    await desk.getByRole('button', { name: '探す', exact: true }).click();
    await expect.poll(() => desk.getByRole('list', { name: '見つかった住民' }).getByRole('listitem').count()).toBeGreaterThan(0);
    await expectAccessible(desk, 'vehicle-08b-review-search');
    await desk.getByRole('list', { name: '見つかった住民' }).getByRole('listitem').filter({ hasText: resident!.address }).first().getByRole('button', { name: 'この方と結び付ける' }).click();
    await expect.poll(() => desk.getByTestId('review-resident').textContent()).toContain(resident!.name);
    await desk.getByLabel(/判断の理由/).fill('本人確認書類で転居を確認。住民記録の住所で受け付ける');
    await desk.getByRole('button', { name: /受け付ける/ }).click();
    await expect.poll(() => desk.getByText('確認待ちの申請はありません。').count()).toBe(1);
    await staff.close();

    await page.getByRole('button', { name: 'いま送信する' }).click();
    await expect.poll(() => count('count-registered'), { timeout: 15_000 }).toBe(before + 1);
    await expect.poll(() => count('count-review')).toBe(0);
    const inbox = await api('GET', '/cases?procedureId=late-elderly-move-out&limit=100', { cookie: adminCookie });
    const mine = (inbox.body.items as { channel: string; answers: Record<string, unknown>; subjectResidentId: string | null }[]).filter((c) => c.channel === 'outreach' && c.answers['applicantName'] === resident!.name);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.subjectResidentId).toBe(resident!.id);
  });
});

/** The next Saturday in Japan after today (the demo's routes run on weekdays). */
function nextSaturday(): string {
  const t = new Date(Date.now() + 9 * 3600_000);
  const d = new Date(Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate()));
  do d.setUTCDate(d.getUTCDate() + 1); while (d.getUTCDay() !== 6);
  return d.toISOString().slice(0, 10);
}

describe('done when: a day of the vehicle', () => {
  it('a route with three stops for this tablet; offline, five residents with tickets (one 転入 with the card); online, each case once in the right inbox with a receipt number, and the stop statistics show them', async () => {
    // The planner: a Saturday with three stops, this tablet on board; published.
    const plan = (await api('GET', '/outreach/plan', { cookie: adminCookie })).body as { vehicles: { id: string; queueLocationId: string }[]; stops: { id: string; name: string }[]; services: { id: string; locationId: string }[] };
    const vehicle = plan.vehicles[0]!;
    const serviceIds = plan.services.filter((x) => x.locationId === vehicle.queueLocationId).map((x) => x.id).slice(0, 2);
    const date = nextSaturday();
    const windows = [['10:00', '11:00'], ['11:00', '12:00'], ['13:00', '14:00']];
    const route = await api('POST', '/outreach/routes', {
      cookie: adminCookie,
      body: { vehicleId: vehicle.id, date, deviceIds: [deviceId], stops: plan.stops.slice(0, 3).map((st, i) => ({ stopId: st.id, start: windows[i]![0], end: windows[i]![1], serviceIds })) },
    });
    expect(route.status, JSON.stringify(route.body)).toBe(201);
    const published = await api('POST', `/outreach/routes/${route.body.id as string}/publish`, { cookie: adminCookie });
    expect(published.status, JSON.stringify(published.body)).toBe(200);
    const firstRouteStop = (published.body.stops as { id: string; stopId: string }[])[0]!;

    // The day's online sign-in brings the route: the clerk says the vehicle is at the first stop.
    await page.getByRole('button', { name: 'ロック' }).click();
    await page.getByRole('button', { name: /別の職員がサインインする/ }).click();
    await page.getByLabel('ログインID').fill('clerk');
    await page.getByLabel('パスワード').fill('madoguchi-demo');
    await page.getByLabel('オフライン用の暗証番号（6〜12桁の数字）').fill(PIN);
    await page.getByLabel('暗証番号（確認）').fill(PIN);
    await page.getByRole('button', { name: 'サインインする' }).click();
    await expect.poll(() => page.getByRole('heading', { name: '移動市役所 端末' }).count(), { timeout: 15_000 }).toBe(1);
    await page.getByLabel('停車場所（いまいる所）').selectOption(firstRouteStop.id);

    const registeredBefore = await count('count-registered');
    // The card is read by the local card agent (Playwright's offline mode would also cut that loopback link).
    await page.getByRole('tab', { name: '新しい申請' }).click();
    await page.getByRole('button', { name: 'マイナンバーカードを読み取る' }).click();
    await expect.poll(() => page.getByText('カードを置いてください').count(), { timeout: 20_000 }).toBe(1);
    const cards = (await api('GET', '/demo/card-reader', { cookie: adminCookie })).body.cards as { id: string; label: string }[];
    const wada = cards.find((c) => c.label.includes('和田'))!;
    expect((await api('POST', '/demo/card-reader/insert', { cookie: adminCookie, body: { cardId: wada.id } })).status).toBe(204);
    const pad = page.getByRole('group', { name: /暗証番号（4桁）を入力してください/ });
    await pad.waitFor();
    for (const digit of '1234') await pad.getByRole('button', { name: digit, exact: true }).click();
    await pad.getByRole('button', { name: '確定' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /2\. 手続きを選ぶ（和田/ }).count(), { timeout: 15_000 }).toBe(1);

    await context.setOffline(true);
    await expect.poll(() => page.getByTestId('network').textContent()).toContain('オフライン');
    // The vehicle arrives at the stop: kept on the tablet, sent with the rest (the residents' live page follows).
    await page.getByRole('button', { name: '到着した' }).click();
    await expect.poll(() => page.getByTestId('stop-progress').textContent()).toContain('到着を記録しました');
    expect(await page.getByRole('button', { name: '到着した' }).isDisabled()).toBe(true);
    // The queue at the stop: five tickets; the first is called for the 転入.
    await page.getByRole('tab', { name: '受付・呼出' }).click();
    const waitingBefore = Number(((await page.getByText(/待っている方 \d+人/).textContent()) ?? '').replace(/[^\d]/g, ''));
    for (let i = 0; i < 5; i++) await page.getByRole('button', { name: '整理券を発行' }).click();
    await expect.poll(() => page.getByText(`待っている方 ${waitingBefore + 5}人`).count()).toBe(1);
    const callNext = async () => {
      await page.getByRole('button', { name: '次の方を呼ぶ' }).click();
      const shown = (await page.getByText(/番の方をお呼びしています/).textContent()) ?? '';
      return shown.replace(/ 番の方をお呼びしています.*/, '').trim();
    };
    // Tickets left waiting from the earlier part of the day are called (and finished) first.
    let ticket = await callNext();
    const served: string[] = [];

    // 1. 和田 健一: 転入 (住民異動届), identified by the card, with the card's name and old address prefilled.
    await page.getByRole('tab', { name: '新しい申請' }).click();
    // A tablet-sized screen for this resident, who signs on it.
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.getByRole('button', { name: /住民異動届/ }).click();
    await page.getByLabel('整理券').selectOption(ticket);
    await page.getByRole('radio', { name: '転入', exact: true }).check();
    const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
    await page.getByLabel(/^届出日/).fill(today);
    await page.getByLabel(/^異動日/).fill(today);
    await page.getByLabel(/^届出人のふりがな/).fill('わだ けんいち');
    await page.getByRole('radio', { name: '本人', exact: true }).check();
    await page.getByLabel(/^届出人の電話番号/).fill('090-5555-0202');
    const newAddress = page.getByRole('group', { name: /^新しい住所/ });
    await newAddress.getByLabel('郵便番号').fill('999-4221');
    await newAddress.getByLabel('住所（都道府県から番地まで）').fill('山形県尾花沢市若葉町一丁目5番8号');
    await page.getByLabel(/^新しい住所の世帯主必須|^新しい住所の世帯主$/).fill('和田 健一');
    const oldAddress = page.getByRole('group', { name: /^今までの住所/ });
    await oldAddress.getByLabel('郵便番号').fill('330-0063');
    await page.getByLabel(/^今までの住所の世帯主必須|^今までの住所の世帯主$/).fill('和田 健一');
    const basis = page.getByRole('group', { name: /^転出証明書/ });
    await basis.getByRole('radio').first().check();
    await page.getByRole('button', { name: /異動する人を追加/ }).click();
    const member = page.getByRole('group', { name: /^異動する人（1）|^異動する人 1|異動する人（1人目）/ }).or(page.locator('fieldset').filter({ hasText: /異動する人（1）/ })).first();
    await member.getByText('男', { exact: true }).click();
    await expect.poll(() => member.getByRole('radio', { name: '男', exact: true }).isChecked()).toBe(true);
    await member.getByText('世帯主', { exact: true }).click();
    await member.getByLabel(/^氏名/).fill('和田 健一');
    await member.getByLabel(/^ふりがな/).fill('わだ けんいち');
    await member.getByLabel(/^生年月日/).fill('1984-06-12');
    await member.getByLabel(/^生年月日/).press('Tab');
    await page.getByRole('checkbox', { name: 'マイナンバーカード', exact: true }).check();
    // The resident signs on the tablet's screen, with no network.
    const signHere = page.getByRole('img', { name: '署名欄（指かペンで書く）' });
    await signHere.scrollIntoViewIfNeeded();
    const box = (await signHere.boundingBox())!;
    await page.mouse.move(box.x + 40, box.y + box.height / 2);
    await page.mouse.down();
    for (let x = 40; x < box.width - 40; x += 10) await page.mouse.move(box.x + x, box.y + box.height / 2 + Math.sin(x / 30) * 40);
    await page.mouse.up();
    await expect.poll(() => page.getByText('署名をいただきました。').count()).toBe(1);
    await expectAccessible(page, 'vehicle-11-signature-offline');
    await page.getByRole('button', { name: 'この端末に保存する' }).click();
    await screenshot(page, 'vehicle-10-move-in-saved');
    await expect.poll(() => page.getByRole('tab', { name: 'この端末の記録', selected: true }).count(), { timeout: 10_000 }).toBe(1);
    await page.setViewportSize({ width: 1280, height: 800 });
    served.push(ticket);
    await page.getByRole('tab', { name: '受付・呼出' }).click();
    await page.getByRole('button', { name: `${ticket} 対応完了` }).click();

    // 2–5: four more residents, each with their ticket.
    for (let i = 0; i < 4; i++) {
      await page.getByRole('tab', { name: '受付・呼出' }).click();
      ticket = await callNext();
      await takeCase(30 + i, { ticket });
      served.push(ticket);
      await page.getByRole('tab', { name: '受付・呼出' }).click();
      await page.getByRole('button', { name: `${ticket} 対応完了` }).click();
    }
    await expectAccessible(page, 'vehicle-09-day-offline');
    await expect.poll(() => count('count-pending')).toBe(5);

    await context.setOffline(false);
    await expect.poll(() => count('count-registered'), { timeout: 30_000 }).toBe(registeredBefore + 5);
    // The arrival reached the server with the cases.
    await expect.poll(async () => ((await api('GET', `/outreach/routes/${route.body.id as string}`, { cookie: adminCookie })).body.stops as { arrivedAt: string | null }[])[0]!.arrivedAt, { timeout: 30_000 }).not.toBeNull();
    // 転入 in 市民税務課's inbox, once, from the vehicle; the four others in 健康増進課's.
    const departments = (await api('GET', '/admin/departments', { cookie: adminCookie })).body as { items?: { id: string; name: string }[] } | { id: string; name: string }[];
    const list = Array.isArray(departments) ? departments : departments.items ?? [];
    const shimin = list.find((d) => d.name === '市民税務課')!.id;
    const moveIns = ((await api('GET', '/cases?procedureId=residence-change&limit=100', { cookie: adminCookie })).body.items as { id: string; channel: string; receiptNumber: string; departmentId: string; answers: Record<string, unknown> }[])
      .filter((c) => c.channel === 'outreach');
    expect(moveIns).toHaveLength(1);
    expect(moveIns[0]).toMatchObject({ departmentId: shimin, answers: expect.objectContaining({ notifierName: expect.stringContaining('和田') }) });
    expect(moveIns[0]!.receiptNumber).toMatch(/^R\d+-\d{6}$/);
    // Signed on the screen: the staff-side A4 form has the signature drawn in (an image XObject).
    expect(moveIns[0]!.answers['signature']).toMatchObject({ method: 'handwritten', ref: expect.stringMatching(/^outreach-screen:/) });
    const form = await fetch(`${server.url}/api/cases/${moveIns[0]!.id}/form.pdf`, { headers: { cookie: adminCookie } });
    expect(form.status).toBe(200);
    const pdf = Buffer.from(await form.arrayBuffer());
    writeFileSync(`${SCREENSHOT_DIR}/vehicle-12-signed-form.pdf`, pdf);
    expect(pdf.toString('latin1')).toContain('/Subtype /Image');

    // The stop statistics: five residents and five procedures at the stop the vehicle was at.
    const stats = (await api('GET', `/outreach/stats?from=${date}&to=${date}`, { cookie: adminCookie })).body as { byStop: { stopId: string; residents: number; procedures: number }[] };
    const here = stats.byStop.find((x) => x.stopId === firstRouteStop.stopId);
    expect(here, JSON.stringify(stats.byStop)).toBeDefined();
    expect(here!.residents).toBe(5);
    expect(here!.procedures).toBe(5);

    // The planner cancels the last stop (運休); the tablet learns it at its next sync, not at tomorrow's sign-in.
    const lastRouteStop = (published.body.stops as { id: string }[])[2]!;
    const stopChoice = page.getByLabel('停車場所（いまいる所）');
    expect(await stopChoice.locator(`option[value="${lastRouteStop.id}"]`).count()).toBe(1);
    const cancelled = await api('POST', `/outreach/routes/${route.body.id as string}/cancel`, { cookie: adminCookie, body: { reason: '大雪のため', routeStopIds: [lastRouteStop.id] } });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    await page.getByRole('button', { name: 'いま送信する' }).click();
    await expect.poll(() => stopChoice.locator(`option[value="${lastRouteStop.id}"]`).count()).toBe(0);
    expect(await stopChoice.locator(`option[value="${firstRouteStop.id}"]`).count()).toBe(1);
  });
});
