import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, screenshot, expectAccessible } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { adminSession, jsonApi, readAuthCertificate, tapKeys } from './support/taxi';

/**
 * 電子タクシー券, in the taxi, as a driver would use it on a 10-inch tablet: the terminal is
 * enrolled with the code the city gave, the driver signs in with a driver number and PIN, the
 * passenger's My Number card goes on the reader (the demo card reader: the same agent protocol as a
 * real reader), the meter fare is typed, 確定. The ride: ¥2,400 of which ¥1,000 is
 * subsidised. Then refusals a driver must understand, a ride with the network gone (recorded on
 * the terminal, sent later), and 練習モード, which records nothing.
 */
const CODE = '062120';
let server: RunningServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let admin = '';
let enrolmentCode = '';
let elderlyCardId = '';
let givenName = '';

/** The JSON API with the administrator's cookie (another cookie, or '' for none, as the 4th argument). */
let api: ReturnType<typeof jsonApi>;

const OPERATOR = 'はなやまタクシー';
/** This operator's rides this month, as the city sees them (the demo city has other operators' rides). */
async function ourRides() {
  const month = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 7);
  const rides = (await api('GET', `/taxi/rides?month=${month}`)).json as { rides: { operatorName: string; fareYen: number; subsidyYen: number; passengerYen: number; status: string; offline: boolean }[] };
  return rides.rides.filter((r) => r.operatorName === OPERATOR);
}

const insertCard = (cardId: string) => api('POST', `/portal/${CODE}/demo/card-reader/insert`, { cardId }, '');

beforeAll(async () => {
  server = await startServer();
  api = jsonApi(server.url, () => admin);
  browser = await launchBrowser();
  // The city's administrator (second factor enrolled as on first login) sets up the programme.
  admin = await adminSession(api);

  const reader = (await api('GET', '/demo/card-reader')).json as { agentUrl: string; pairingToken: string; cards: { id: string; label: string; residentId: string | null }[] };
  const elderly = reader.cards.find((c) => c.id === `${CODE}-oldAddress`)!;
  elderlyCardId = elderly.id;
  givenName = elderly.label.split(' ')[1]!;

  const rules = {
    eligibility: { criteria: [{ kind: 'age', minAge: 75 }] },
    subsidy: { kind: 'rate', percent: 50, maxYen: 1000 },
    caps: { perDay: 2, perMonth: null, perYear: 70 },
    fare: { minYen: 100, maxYen: 100_000, unusualYen: 15_000 },
    offline: { maxListAgeHours: 48, maxOfflineRidesPerTerminal: 40 },
    sameCardWindowMinutes: 30,
  };
  const operator = ((await api('POST', '/taxi/operators', { code: 'E2E', name: OPERATOR })).json.operator as { id: string }).id;
  const today = new Date(Date.now() + 9 * 3600_000);
  const fiscalYear = today.getUTCMonth() >= 3 ? today.getUTCFullYear() : today.getUTCFullYear() - 1;
  const programme = (await api('POST', '/taxi/programmes', {
    fiscalYear, name: 'E2E 高齢者タクシー運賃助成', budgetYen: 10_000_000, departmentId: null, status: 'active', rules, operatorIds: [operator],
  })).json as { programme?: { id: string }; id?: string };
  const programmeId = programme.programme?.id ?? programme.id!;
  const device = (await api('POST', '/devices', { kind: 'taxi', label: 'はなやま 1号車' })).json as { enrolment: { deviceId: string; code: string } };
  enrolmentCode = device.enrolment.code;
  await api('POST', `/taxi/operators/${operator}/terminals`, { label: '1号車', deviceId: device.enrolment.deviceId, vehicleId: null });
  await api('POST', `/taxi/operators/${operator}/drivers`, { code: '1001', name: '花山 運転手', pin: '4321' });
  const decided = (await api('POST', `/taxi/programmes/${programmeId}/beneficiaries`, {
    residentId: elderly.residentId, answers: { disabilityCertificate: 'none', licenceReturned: true, householdHasCar: false }, caseId: null,
  })).json as { beneficiary?: { id: string }; id?: string };
  const beneficiaryId = decided.beneficiary?.id ?? decided.id!;
  await api('POST', '/demo/card-reader/insert', { cardId: elderlyCardId });
  const certificate = await readAuthCertificate(server.url, reader.agentUrl, reader.pairingToken);
  await api('POST', `/taxi/beneficiaries/${beneficiaryId}/card`, { certificate, channel: 'counter' });
  await api('POST', '/demo/card-reader/remove', {});

  context = await browser.newContext({ baseURL: server.url, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 800 }, hasTouch: true });
  page = await context.newPage();
}, 240_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.stop();
});

describe('the in-taxi terminal', () => {
  it('is enrolled once with the city\'s code and paired with the card reader', async () => {
    await page.goto(`/taxi/terminal?demo=${CODE}`);
    await expect.poll(() => page.getByRole('heading', { name: 'タクシー端末の登録' }).count()).toBe(1);
    await page.getByRole('button', { name: 'デモ用カードリーダーを使う' }).click();
    await expect.poll(() => page.getByText('カードリーダーの設定を保存しました。').count()).toBe(1);
    await page.getByRole('textbox', { name: '登録コード' }).fill(enrolmentCode);
    await expectAccessible(page, 'taxi-01-enrol');
    await page.getByRole('button', { name: '登録する' }).click();
    await expect.poll(() => page.getByRole('heading', { name: '乗務の開始' }).count(), { timeout: 20_000 }).toBe(1);
  });

  it('the driver signs in with a driver number and PIN (a wrong PIN is refused)', async () => {
    await tapKeys(page, '乗務員番号の入力', '1001');
    await page.getByRole('button', { name: /暗証番号/ }).click();
    await tapKeys(page, '暗証番号の入力', '1111');
    await page.getByRole('button', { name: '開始する' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('乗務員番号か暗証番号が違います');
    await page.getByRole('group', { name: '暗証番号の入力' }).getByRole('button', { name: '消去' }).click();
    await tapKeys(page, '暗証番号の入力', '4321');
    await expectAccessible(page, 'taxi-02-sign-in');
    await page.getByRole('button', { name: '開始する' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /のせてください/ }).count()).toBe(1);
    await expect.poll(() => page.getByText('通信中').count()).toBe(1);
    await expectAccessible(page, 'taxi-03-ready');
  });

  it('records the issue\'s ride: ¥2,400, of which ¥1,000 is subsidised (card, fare, 確定)', async () => {
    await insertCard(elderlyCardId);
    await expect.poll(() => page.getByTestId('beneficiary').textContent(), { timeout: 20_000 }).toBe(`${givenName} さん`);
    await expect.poll(() => page.getByText(/今日\s*2\s*回/).count()).toBe(1);
    await expectAccessible(page, 'taxi-04-fare');
    // A fare of ¥0 is refused in words.
    await page.getByRole('button', { name: '次へ' }).click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('運賃が0円です');
    await tapKeys(page, '運賃の入力', '2400');
    await expect.poll(() => page.getByTestId('fare').textContent()).toContain('2,400');
    await page.getByRole('button', { name: '次へ' }).click();
    await expect.poll(() => page.getByTestId('confirm-passenger').textContent()).toBe('1,400円');
    await expectAccessible(page, 'taxi-05-confirm');
    await page.getByRole('button', { name: '確定' }).click();
    await expect.poll(() => page.getByText(/記録しました/).count()).toBe(1);
    expect(await page.getByTestId('passenger-pays').textContent()).toBe('1,400円');
    await expectAccessible(page, 'taxi-06-done');
    await page.getByRole('button', { name: '次のお客様' }).click();
    expect(await ourRides()).toEqual([expect.objectContaining({ fareYen: 2400, subsidyYen: 1000, passengerYen: 1400, status: 'accepted', offline: false })]);
  });

  it('refuses a card that is not a My Number card, and a card that is not registered, saying what to do', async () => {
    await insertCard(`${CODE}-foreign`);
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toContain('マイナンバーカードではありません');
    await page.getByRole('button', { name: 'もどる' }).click();
    await insertCard(`${CODE}-householder`);
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toContain('このカードは登録されていません');
    expect(await page.getByRole('alert').textContent()).toContain('運賃は全額お客様のお支払いです');
    await expectAccessible(page, 'taxi-07-refused');
    await page.getByRole('button', { name: 'もどる' }).click();
  });

  it('records a ride with the network gone, and sends it when the network is back', async () => {
    await page.route('**/api/**', (route) => route.abort('internetdisconnected'));
    await insertCard(elderlyCardId);
    await expect.poll(() => page.getByTestId('beneficiary').textContent(), { timeout: 30_000 }).toBe(`${givenName} さん`);
    await expect.poll(() => page.getByText('（圏外: 名簿で確認）', { exact: false }).count()).toBe(1);
    // One ride today already: one left.
    await expect.poll(() => page.getByText(/今日\s*1\s*回/).count()).toBe(1);
    await tapKeys(page, '運賃の入力', '1800');
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('button', { name: '確定' }).click();
    await expect.poll(() => page.getByText('圏外のため端末に保存しました。電波が戻ったら送ります。').count(), { timeout: 20_000 }).toBe(1);
    expect(await page.getByTestId('passenger-pays').textContent()).toBe('900円');
    await screenshot(page, 'taxi-08-offline-done');
    await page.getByRole('button', { name: '次のお客様' }).click();
    await expect.poll(() => page.getByTestId('pending-count').textContent()).toBe('1');
    await expectAccessible(page, 'taxi-09-offline-ready');

    await page.unroute('**/api/**');
    await page.getByRole('button', { name: '送信・名簿を更新' }).click();
    await expect.poll(() => page.getByTestId('pending-count').textContent(), { timeout: 20_000 }).toBe('0');
    const rides = await ourRides();
    expect(rides).toHaveLength(2);
    expect(rides).toContainEqual(expect.objectContaining({ fareYen: 1800, subsidyYen: 900, status: 'accepted', offline: true }));
  });

  it('the daily cap is reached: the next ride is refused, the passenger pays the whole fare', async () => {
    await insertCard(`${CODE}-foreign`);
    await expect.poll(() => page.getByRole('alert').count(), { timeout: 20_000 }).toBe(1);
    await page.getByRole('button', { name: 'もどる' }).click();
    await insertCard(elderlyCardId);
    await expect.poll(() => page.getByRole('alert').textContent(), { timeout: 20_000 }).toContain('今日の利用回数を使い切っています');
    await page.getByRole('button', { name: 'もどる' }).click();
  });

  it('練習モード shows the flow and records nothing', async () => {
    await page.getByRole('button', { name: '練習モード' }).click();
    await expect.poll(() => page.getByText('練習モード（記録しません）').count()).toBe(1);
    await insertCard(`${CODE}-householder`);
    await expect.poll(() => page.getByTestId('beneficiary').textContent(), { timeout: 20_000 }).toBe('練習 さん');
    await tapKeys(page, '運賃の入力', '3000');
    await page.getByRole('button', { name: '次へ' }).click();
    await page.getByRole('button', { name: '確定' }).click();
    await expect.poll(() => page.getByText('練習なので記録していません', { exact: false }).count()).toBe(1);
    await expectAccessible(page, 'taxi-10-training');
    await page.getByRole('button', { name: '次のお客様' }).click();
    expect(await page.getByTestId('pending-count').textContent()).toBe('0');
    expect(await ourRides()).toHaveLength(2);
  });

  it('keeps the list encrypted at rest in IndexedDB with a key that cannot be read out, and erases it at 乗務終了', async () => {
    // Runs in the page as plain JavaScript (no transpiled helpers).
    const inspect = `(async () => {
      const open = () => new Promise((res, rej) => { const r = indexedDB.open('madoguchi-taxi-terminal-sealed'); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
      const db = await open();
      const read = (store, fn) => new Promise((res, rej) => { const r = fn(db.transaction(store).objectStore(store)); r.onsuccess = () => res(r.result); r.onerror = () => rej(r.error); });
      const names = (await read('items', (s) => s.getAllKeys())).map(String);
      const items = await read('items', (s) => s.getAll());
      const key = await read('keys', (s) => s.get('aes-gcm'));
      let exported = true;
      try { await crypto.subtle.exportKey('raw', key); } catch { exported = false; }
      db.close();
      const legacy = Object.keys(localStorage).filter((k) => k.startsWith('madoguchi.taxi'));
      const sealed = items.map((i) => Array.from(new Uint8Array(i.data)).map((b) => String.fromCharCode(b)).join(''));
      return { names, sealed, legacy, extractable: key.extractable, exported, algorithm: key.algorithm.name, usages: key.usages };
    })()`;
    await page.getByRole('button', { name: '練習をやめる' }).click();
    const before = await page.evaluate(inspect) as { names: string[]; sealed: string[]; legacy: string[]; extractable: boolean; exported: boolean; algorithm: string; usages: string[] };
    expect(before.legacy).toEqual([]);
    expect(before.names).toEqual(expect.arrayContaining(['madoguchi.taxi.list', 'madoguchi.taxi.listKey']));
    expect(before).toMatchObject({ extractable: false, exported: false, algorithm: 'AES-GCM' });
    // Neither the given name (UTF-8) nor the JSON shape of the list is readable in what is stored.
    const utf8 = (text: string) => String.fromCharCode(...new TextEncoder().encode(text));
    for (const blob of before.sealed) {
      expect(blob.includes(utf8(givenName))).toBe(false);
      expect(blob.includes('givenName')).toBe(false);
      expect(blob.includes('madoguchi.taxi-list/1')).toBe(false);
    }
    await page.getByRole('button', { name: '乗務終了' }).click();
    await expect.poll(async () => (await page.evaluate(inspect) as { names: string[] }).names.includes('madoguchi.taxi.list'), { timeout: 10_000 }).toBe(false);
    // The next driver signs in (online): the terminal takes a fresh list, sealed again. The training
    // card is taken off the reader first, or the terminal would read it at once and refuse it.
    await api('POST', '/demo/card-reader/remove', {});
    await tapKeys(page, '乗務員番号の入力', '1001');
    await page.getByRole('button', { name: /暗証番号/ }).click();
    await tapKeys(page, '暗証番号の入力', '4321');
    await page.getByRole('button', { name: '開始する' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /のせてください/ }).count(), { timeout: 20_000 }).toBe(1);
    await expect.poll(async () => (await page.evaluate(inspect) as { names: string[] }).names.includes('madoguchi.taxi.list'), { timeout: 10_000 }).toBe(true);
  });
});

