import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newTabletPage, expectAccessible, loginStaff } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { authenticatorCode } from './support/totp';

/**
 * 電子タクシー券, the screens that were API only: the operator's office adds a driver, stops and
 * restarts another and gives one a new PIN; the city's administrator links a new terminal to a tablet
 * added in 端末の管理, manages an operator's drivers, and creates next fiscal year's programme with
 * this year's rules. Every screen is checked with axe.
 */
const CODE = '062120';
let server: RunningServer;
let browser: Browser;

const post = async (path: string, body: unknown, cookie = '') => {
  const res = await fetch(`${server.url}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url, ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return res;
};

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('drivers (the operator office)', () => {
  it('the office adds a driver, stops and restarts him, and sets a new PIN', async () => {
    const office = await newTabletPage(browser, server.url);
    await loginStaff(office, 'taxi');
    await expect.poll(() => office.url(), { timeout: 20_000 }).toMatch(/\/taxi\/operator$/);
    await office.getByRole('link', { name: /乗務員の管理/ }).click();
    await expect.poll(() => office.url()).toMatch(/\/taxi\/operator\/drivers$/);
    await expect.poll(() => office.getByRole('heading', { name: '乗務員', exact: true }).count(), { timeout: 20_000 }).toBe(1);

    await office.getByLabel('乗務員番号').fill('7007');
    await office.getByLabel('氏名').fill('村山 正');
    await office.getByLabel('暗証番号').fill('12');
    await office.getByRole('button', { name: '登録する' }).click();
    // A 2-digit PIN is refused in words, and nobody is added.
    await expect.poll(() => office.getByText('暗証番号は数字4桁で入力してください。').count()).toBeGreaterThan(0);
    expect(await office.getByTestId('driver-7007').count()).toBe(0);
    await office.getByLabel('暗証番号').fill('４３２１');
    await office.getByRole('button', { name: '登録する' }).click();
    const row = office.getByTestId('driver-7007');
    await expect.poll(() => row.count()).toBe(1);
    await expect.poll(() => row.getByText('利用中').count()).toBe(1);

    await row.getByRole('button', { name: '利用を止める' }).click();
    await expect.poll(() => row.getByText('利用停止中').count()).toBe(1);
    await expect.poll(() => row.getByText('村山 正さんの利用を止めました。').count()).toBe(1);
    await expectAccessible(office, 'taxi-office-drivers');
    await row.getByRole('button', { name: '利用を再開する' }).click();
    await expect.poll(() => row.getByText('利用中').count()).toBe(1);

    await row.getByRole('button', { name: '暗証番号を変える' }).click();
    await row.getByLabel('村山 正さんの新しい暗証番号（数字4桁）').fill('8642');
    await row.getByRole('button', { name: 'この番号にする' }).click();
    await expect.poll(() => row.getByText(/暗証番号を変えました/).count()).toBe(1);
    await expectAccessible(office, 'taxi-office-drivers-pin');
    // What the server keeps: the driver is active, under this operator.
    const drivers = await (await office.request.get(`/api/taxi/operator/me`)).json() as { operator: { id: string } };
    const listed = await (await office.request.get(`/api/taxi/operators/${drivers.operator.id}/drivers`)).json() as { drivers: { code: string; active: boolean }[] };
    expect(listed.drivers.find((d) => d.code === '7007')).toMatchObject({ active: true });
    await office.close();
  });
});

describe('terminals and next year (administrator)', () => {
  it('links a new terminal to a tablet from 端末の管理, manages drivers and creates next year\'s programme', async () => {
    const login = await post('/auth/login', { municipalityCode: CODE, loginId: 'admin', password: 'madoguchi-demo' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const setup = (await (await post('/auth/totp/setup', {}, cookie)).json()) as { otpauthUri: string };
    await post('/auth/totp/enable', { code: authenticatorCode(setup.otpauthUri) }, cookie);
    // 端末の管理: a taxi tablet is added (its enrolment code is given to the office).
    await post('/devices', { kind: 'taxi', label: '12号車のタブレット' }, cookie);
    const admin = await newTabletPage(browser, server.url);
    const [name, value] = cookie.split('=') as [string, string];
    await admin.context().addCookies([{ name, value, url: server.url }]);
    await admin.goto('/taxi/settings');
    const card = admin.locator('div.rounded-8', { has: admin.getByRole('heading', { name: /尾花沢観光タクシー/ }) }).first();
    await expect.poll(() => card.count(), { timeout: 20_000 }).toBe(1);

    await card.getByText('車両・端末・ログインを追加する').click();
    await card.getByLabel('端末の名前').fill('12号車');
    await card.getByRole('button', { name: '端末を登録' }).click();
    const terminalDevice = card.getByLabel('12号車の端末');
    await expect.poll(() => terminalDevice.count()).toBe(1);
    await terminalDevice.selectOption({ label: '12号車のタブレット（登録コード発行済み）' });
    await card.getByRole('button', { name: '結び付ける' }).click();
    await expect.poll(() => card.getByRole('row', { name: /12号車/ }).getByText('12号車のタブレット').count()).toBe(1);
    await expectAccessible(admin, 'taxi-admin-terminal-linked');

    await card.getByText('乗務員の登録・停止・暗証番号の変更').click();
    await card.getByLabel('乗務員番号').fill('8008');
    await card.getByLabel('氏名').fill('大石 守');
    await card.getByLabel('暗証番号').fill('2468');
    await card.getByRole('button', { name: '登録する' }).click();
    await expect.poll(() => card.getByTestId('driver-8008').count()).toBe(1);
    await expectAccessible(admin, 'taxi-admin-drivers');

    const nextYear = admin.getByRole('button', { name: /令和9年度の事業を作る/ });
    await nextYear.scrollIntoViewIfNeeded();
    await admin.getByLabel('令和9年度の予算（円）').fill('12,000,000');
    await nextYear.click();
    await expect.poll(() => admin.getByText(/令和9年度の「.+」を準備中で作りました/).count()).toBe(1);
    await expect.poll(() => admin.getByRole('button', { name: '実施中にする' }).count()).toBe(1);
    await expectAccessible(admin, 'taxi-admin-next-year');
    const programmes = await (await admin.request.get('/api/taxi/programmes')).json() as { programmes: { fiscalYear: number; status: string; budgetYen: number; rules: { rules: unknown } | null; operators: unknown[] }[] };
    const current = programmes.programmes.find((p) => p.fiscalYear === 2026)!;
    const next = programmes.programmes.find((p) => p.fiscalYear === 2027)!;
    expect(next).toMatchObject({ status: 'draft', budgetYen: 12_000_000 });
    expect(next.rules?.rules).toEqual(current.rules?.rules);
    expect(next.operators.length).toBe(current.operators.length);
    // This year's programme is still the one in use.
    expect(current.status).toBe('active');
  });
});
