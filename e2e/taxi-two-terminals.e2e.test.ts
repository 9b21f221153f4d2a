import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newTabletPage, screenshot, expectAccessible, loginStaff } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { adminSession, enterDriver, jsonApi, readAuthCertificate, tapKeys } from './support/taxi';

/**
 * The reconciliation, as the drivers and the city would live it: two taxis of
 * 尾花沢観光タクシー are out of signal on the same day, and the same resident rides in both. The city's
 * programme allows two subsidised rides a day. Taxi A records two rides offline; taxi B, which
 * cannot know, records a third. When both are back in signal, the server counts the rides in the
 * order they arrive: two are accepted, the third is over the daily cap and waits for the city as an
 * exception, with its evidence. 福祉課 decides it on 要確認 with a reason.
 */
const CODE = '062120';
const OPERATOR = '尾花沢観光タクシー';
let server: RunningServer;
let browser: Browser;
let taxiA: Page;
let taxiB: Page;
let city: Page;
let admin = '';
const enrolment: { a: string; b: string } = { a: '', b: '' };
let cardId = '';
let givenName = '';
let beneficiaryNumber = '';

/** The JSON API with the administrator's cookie (another cookie, or '' for none, as the 4th argument). */
let api: ReturnType<typeof jsonApi>;

const insertCard = (id: string) => api('POST', `/portal/${CODE}/demo/card-reader/insert`, { cardId: id }, '');
const removeCard = () => api('POST', '/demo/card-reader/remove', {});

/** This resident's rides today, as the city's ride list shows them. */
async function todaysRides() {
  const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
  const rides = (await api('GET', `/taxi/rides?month=${today.slice(0, 7)}`)).json as {
    rides: { beneficiaryNumber: string | null; boardedAt: string; terminal: string; fareYen: number; subsidyYen: number; status: string; exceptionReason: string | null; offline: boolean; resolution: string | null }[];
  };
  return rides.rides.filter((r) => r.beneficiaryNumber === beneficiaryNumber);
}

/** Enrols a terminal with the demo card reader and signs the driver in while there is signal. */
async function enrolAndSignIn(page: Page, code: string) {
  await page.goto(`/taxi/terminal?demo=${CODE}`);
  await expect.poll(() => page.getByRole('heading', { name: 'タクシー端末の登録' }).count()).toBe(1);
  await page.getByRole('button', { name: 'デモ用カードリーダーを使う' }).click();
  await expect.poll(() => page.getByText('カードリーダーの設定を保存しました。').count()).toBe(1);
  await page.getByRole('textbox', { name: '登録コード' }).fill(code);
  await page.getByRole('button', { name: '登録する' }).click();
  await expect.poll(() => page.getByRole('heading', { name: '乗務の開始' }).count(), { timeout: 20_000 }).toBe(1);
  await enterDriver(page, '2701', '2468');
  await page.getByRole('button', { name: '開始する' }).click();
  await expect.poll(() => page.getByRole('heading', { name: /のせてください/ }).count()).toBe(1);
  await expect.poll(() => page.getByText('通信中').count()).toBe(1);
}

/** One ride recorded with no signal: card, fare, 確定. */
async function rideOffline(page: Page, fare: string, ridesLeftToday: number) {
  await insertCard(cardId);
  await expect.poll(() => page.getByTestId('beneficiary').textContent(), { timeout: 30_000 }).toBe(`${givenName} さん`);
  await expect.poll(() => page.getByText(new RegExp(`今日\\s*${ridesLeftToday}\\s*回`)).count()).toBe(1);
  await tapKeys(page, '運賃の入力', fare);
  await page.getByRole('button', { name: '次へ' }).click();
  await page.getByRole('button', { name: '確定' }).click();
  await expect.poll(() => page.getByText('圏外のため端末に保存しました。電波が戻ったら送ります。').count(), { timeout: 20_000 }).toBe(1);
  await page.getByRole('button', { name: '次のお客様' }).click();
  await removeCard();
}

beforeAll(async () => {
  server = await startServer();
  api = jsonApi(server.url, () => admin);
  browser = await launchBrowser();
  admin = await adminSession(api);

  // The demo city's programme (two subsidised rides a day) and operator; two new taxis with their terminals.
  const programmes = (await api('GET', '/taxi/programmes')).json as { programmes?: { id: string; status: string }[]; items?: { id: string; status: string }[] };
  const programmeId = (programmes.programmes ?? programmes.items ?? []).find((p) => p.status === 'active')!.id;
  const operators = (await api('GET', '/taxi/operators')).json as { operators?: { id: string; name: string }[]; items?: { id: string; name: string }[] };
  const operatorId = (operators.operators ?? operators.items ?? []).find((o) => o.name === OPERATOR)!.id;
  for (const [key, label] of [['a', 'E2E A号車'], ['b', 'E2E B号車']] as const) {
    const device = (await api('POST', '/devices', { kind: 'taxi', label })).json as { enrolment: { deviceId: string; code: string } };
    enrolment[key] = device.enrolment.code;
    await api('POST', `/taxi/operators/${operatorId}/terminals`, { label, deviceId: device.enrolment.deviceId, vehicleId: null });
  }
  await api('POST', `/taxi/operators/${operatorId}/drivers`, { code: '2701', name: '圏外 運転手', pin: '2468' });

  // A resident aged 75 or over, decided and with the card bound at the counter.
  const reader = (await api('GET', '/demo/card-reader')).json as { agentUrl: string; pairingToken: string; cards: { id: string; label: string; residentId: string | null }[] };
  const elderly = reader.cards.find((c) => c.id === `${CODE}-oldAddress`)!;
  cardId = elderly.id;
  givenName = elderly.label.split(' ')[1]!;
  const decided = (await api('POST', `/taxi/programmes/${programmeId}/beneficiaries`, {
    residentId: elderly.residentId, answers: { disabilityCertificate: 'none', licenceReturned: true, householdHasCar: false }, caseId: null,
  })).json as { beneficiary?: { id: string; number: string }; id?: string; number?: string };
  const beneficiary = decided.beneficiary ?? (decided as { id: string; number: string });
  beneficiaryNumber = beneficiary.number;
  expect(beneficiaryNumber).toMatch(/^R\d+-\d+$/);
  await insertCard(cardId);
  const certificate = await readAuthCertificate(server.url, reader.agentUrl, reader.pairingToken);
  await api('POST', `/taxi/beneficiaries/${beneficiary.id}/card`, { certificate, channel: 'counter' });
  await removeCard();

  taxiA = await newTabletPage(browser, server.url);
  taxiB = await newTabletPage(browser, server.url);
  city = await newTabletPage(browser, server.url);
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('two taxis out of signal on the same day, one card', () => {
  it('taxi A records two rides with no signal', async () => {
    await enrolAndSignIn(taxiA, enrolment.a);
    await taxiA.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await rideOffline(taxiA, '1500', 2);
    await rideOffline(taxiA, '1800', 1);
    await expect.poll(() => taxiA.getByTestId('pending-count').textContent()).toBe('2');
    expect(await todaysRides()).toEqual([]);
    // Taxi A goes back to the garage and its tablet is switched off, the two rides still on it.
    // (Both taxis use the one demo card reader here; a real taxi has its own.)
    await taxiA.close();
  });

  it('taxi B, which cannot know, records a third', async () => {
    await enrolAndSignIn(taxiB, enrolment.b);
    await taxiB.route('**/api/**', (route) => route.abort('internetdisconnected'));
    // Taxi A reads the same card too (both readers are the demo one) and refuses it: its own two rides.
    await rideOffline(taxiB, '2000', 2);
    await expect.poll(() => taxiB.getByTestId('pending-count').textContent()).toBe('1');
    await screenshot(taxiB, 'taxi-two-b-offline');
  });

  it('back in signal: two rides are accepted, the third is over the daily cap and waits for the city', async () => {
    // Taxi A's tablet is switched on in signal: the driver signs in and what it kept is sent.
    taxiA = await taxiA.context().newPage();
    await taxiA.goto('/taxi/terminal');
    await expect.poll(() => taxiA.getByRole('heading', { name: '乗務の開始' }).count(), { timeout: 20_000 }).toBe(1);
    await enterDriver(taxiA, '2701', '2468');
    await taxiA.getByRole('button', { name: '開始する' }).click();
    await expect.poll(() => taxiA.getByRole('heading', { name: /のせてください/ }).count()).toBe(1);
    await taxiA.getByRole('button', { name: '送信・名簿を更新' }).click();
    await expect.poll(() => taxiA.getByTestId('pending-count').textContent(), { timeout: 20_000 }).toBe('0');
    await taxiB.unroute('**/api/**');
    await taxiB.getByRole('button', { name: '送信・名簿を更新' }).click();
    await expect.poll(() => taxiB.getByTestId('pending-count').textContent(), { timeout: 20_000 }).toBe('0');

    const rides = await todaysRides();
    expect(rides).toHaveLength(3);
    expect(rides.every((r) => r.offline)).toBe(true);
    const accepted = rides.filter((r) => r.status === 'accepted');
    expect(accepted.map((r) => r.fareYen).sort()).toEqual([1500, 1800]);
    expect(accepted.map((r) => r.subsidyYen).sort()).toEqual([750, 900]);
    const over = rides.filter((r) => r.status === 'over_cap');
    expect(over).toEqual([expect.objectContaining({ fareYen: 2000, subsidyYen: 0, terminal: 'E2E B号車', resolution: null })]);
    expect(over[0]!.exceptionReason).toMatch(/1日/);
  });

  it('福祉課 sees the exception with its evidence on 要確認 and decides it with a reason', async () => {
    await loginStaff(city, 'fukushi');
    await city.getByRole('link', { name: 'タクシー券' }).click();
    await city.getByRole('link', { name: '要確認' }).click();
    await city.getByRole('button', { name: /^上限超過など（\d+件）$/ }).click();
    const list = city.getByRole('list', { name: '要確認の一覧' });
    const ours = list.getByRole('listitem').filter({ hasText: beneficiaryNumber }).filter({ hasText: 'E2E B号車' });
    await expect.poll(() => ours.count(), { timeout: 20_000 }).toBe(1);
    expect(await ours.textContent()).toContain('圏外で記録');
    await expectAccessible(city, 'taxi-two-city-exception');
    await ours.getByLabel('判断の理由').fill('圏外の2台で同じ日に3回目。1日の上限を超えるため助成しない');
    await ours.getByRole('button', { name: '助成しない' }).click();
    await expect.poll(() => ours.count()).toBe(0);
    const over = (await todaysRides()).filter((r) => r.status === 'over_cap');
    expect(over).toEqual([expect.objectContaining({ resolution: 'refused', subsidyYen: 0 })]);
  });
});
