import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newTabletPage, expectAccessible, loginStaff } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { authenticatorCode } from './support/totp';

/**
 * 電子タクシー券 at the counter: an elderly resident (the demo's card holder living alone) applies,
 * eligibility is shown with its reasons, the decision gives a 利用者番号 and the 決定通知書, and the card
 * is bound by reading its 利用者証明用 certificate through the card agent.
 *
 * Then the month end: the office of 尾花沢観光タクシー makes last month's claim from the rides
 * the city accepted (nothing counted or typed) and submits it; 福祉課 opens it, adjusts one ride with a
 * reason and approves, then records the payment; はながさ交通's claim is approved as it is. The office
 * sees the adjustment. Every screen is checked with axe. The demo city has the year's rides already.
 */
const CODE = '062120';
let server: RunningServer;
let browser: Browser;
let office: Page;
let city: Page;
let counter: Page;

const yen = (text: string | null) => Number((text ?? '').replace(/[^0-9-]/g, ''));

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  office = await newTabletPage(browser, server.url);
  city = await newTabletPage(browser, server.url);
  counter = await newTabletPage(browser, server.url);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('applying at the counter', () => {
  it('an elderly resident applies, sees why they qualify, and has their card bound', async () => {
    await loginStaff(counter, 'clerk');
    await expect.poll(() => counter.url()).toMatch(/\/residents/);
    // The demo card of the elderly resident living alone (its name is on the demo reader's list).
    const reader = await (await counter.request.get('/api/demo/card-reader')).json() as { cards: { id: string; label: string; note: string }[] };
    const card = reader.cards.find((c) => c.note.includes('住所を書き換えていない'))!;
    expect(card).toBeTruthy();
    await counter.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'タクシー券' }).click();
    await counter.getByRole('link', { name: '利用者・申請' }).click();
    await counter.getByLabel('申請する方の氏名またはカナ').fill(card.label.replace(/\s/g, ''));
    await counter.getByRole('button', { name: '住民を探す' }).click();
    await counter.getByRole('list', { name: '見つかった住民' }).getByRole('button', { name: 'この方で申請' }).first().click();
    await counter.getByRole('button', { name: '対象かどうか確認する' }).click();
    const reasons = counter.getByRole('list', { name: '判定の理由' });
    await expect.poll(() => reasons.count()).toBe(1);
    await expect.poll(() => reasons.textContent()).toMatch(/\d+歳で「75歳以上の方」に当てはまります。/);
    expect(await reasons.textContent()).toContain('障害者手帳をお持ちでないため');
    await expectAccessible(counter, 'taxi-counter-eligibility');
    await counter.getByRole('button', { name: '利用を決定する' }).click();
    await expect.poll(() => counter.url()).toMatch(/\/taxi\/beneficiaries\//);
    await expect.poll(() => counter.getByRole('heading', { level: 1 }).textContent()).toMatch(/R8-\d{4}/);
    const letter = await counter.request.get(await counter.getByRole('link', { name: '決定通知書（PDF）' }).getAttribute('href') as string);
    expect(letter.headers()['content-type']).toBe('application/pdf');
    await expect.poll(() => counter.getByText('カードが登録されていません').count()).toBe(1);

    // The resident hands over the card: it goes on the (demo) reader, the certificate is read and bound.
    await counter.getByText('デモ用カードを置く').click();
    await counter.getByRole('list', { name: 'デモ用カード' }).getByRole('listitem').filter({ hasText: card.label }).getByRole('button').first().click();
    await counter.getByRole('button', { name: 'カードを読み取って登録する' }).click();
    await expect.poll(() => counter.getByText('カードを登録しました。').count(), { timeout: 30_000 }).toBe(1);
    await expect.poll(() => counter.getByText('カードは登録済みです').count()).toBe(1);
    await expectAccessible(counter, 'taxi-counter-card-bound');
  });
});

describe('taxi claims at the month end', () => {
  let claimNumber = '';
  let claimedYen = 0;

  it('the operator office makes last month\'s claim from the accepted rides and submits it', async () => {
    await loginStaff(office, 'taxi');
    // The office's home is its own screen; the menu offers nothing else.
    await expect.poll(() => office.url()).toMatch(/\/taxi\/operator$/);
    await expect.poll(() => office.getByRole('heading', { level: 1 }).textContent()).toContain('尾花沢観光タクシー');
    const menu = office.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link');
    expect(await menu.allTextContents()).toEqual(['電子タクシー券']);
    await expect.poll(() => office.getByRole('table', { name: '乗車' }).count()).toBe(1);
    const summary = await office.getByText(/受け付けた乗車 \d+回、助成額/).textContent();
    const acceptedYen = yen(summary!.split('助成額')[1]!.split('。')[0]!);
    expect(acceptedYen).toBeGreaterThan(0);
    await expectAccessible(office, 'taxi-office-home');

    await office.getByRole('button', { name: /分の請求書を作成する$/ }).click();
    await expect.poll(() => office.url()).toMatch(/\/taxi\/operator\/claims\//);
    await expect.poll(() => office.getByText(/^請求番号 R8-/).count()).toBeGreaterThan(0);
    claimNumber = (await office.getByText(/^請求番号 R8-/).first().textContent())!.match(/R8-\d\d-T01/)![0];
    // The claim is the accepted rides of the month, no more, no less.
    claimedYen = yen(await office.locator('text=請求額（助成額の合計）').locator('..').locator('span').nth(1).textContent());
    expect(claimedYen).toBe(acceptedYen);
    await expectAccessible(office, 'taxi-office-claim-draft');
    // The PDF and the CSV are there to download.
    const pdf = await office.request.get(await office.getByRole('link', { name: '請求書（PDF）' }).getAttribute('href') as string);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const csv = await office.request.get(await office.getByRole('link', { name: '明細CSV（Shift_JIS）' }).getAttribute('href') as string);
    expect(csv.headers()['content-type']).toContain('Shift_JIS');

    await office.getByRole('button', { name: /この請求を提出する/ }).click();
    await expect.poll(() => office.getByText('提出済み（市の確認待ち）').count()).toBeGreaterThan(0);
    await expectAccessible(office, 'taxi-office-claim-submitted');
  });

  it('福祉課 adjusts one ride with a reason and approves, then records the payment', async () => {
    await loginStaff(city, 'fukushi');
    await expect.poll(() => city.url()).toMatch(/\/residents/);
    await city.getByRole('navigation', { name: 'メインメニュー' }).getByRole('link', { name: 'タクシー券' }).click();
    await expect.poll(() => city.getByRole('heading', { level: 1 }).textContent()).toContain('電子タクシー券');
    await expect.poll(() => city.getByText('年度末の見込み').count()).toBe(1);
    await expectAccessible(city, 'taxi-city-home');

    await city.getByRole('link', { name: '請求の審査' }).click();
    await expect.poll(() => city.getByRole('link', { name: claimNumber }).count()).toBe(1);
    await expectAccessible(city, 'taxi-city-claims');
    await city.getByRole('link', { name: claimNumber }).click();
    await expect.poll(() => city.getByRole('heading', { name: '審査' }).count()).toBe(1);
    await expectAccessible(city, 'taxi-city-claim-review');

    await city.getByRole('button', { name: '金額を調整する' }).click();
    await city.getByLabel('調整額（円）').fill('-250');
    await city.getByLabel('調整の理由').fill('運賃の入力誤り（領収書では1,500円）');
    const ride = city.getByLabel('対象の明細（任意）');
    await ride.selectOption({ index: 1 });
    await expectAccessible(city, 'taxi-city-claim-adjust');
    await city.getByRole('button', { name: /調整して承認する/ }).click();
    await expect.poll(() => city.getByText('調整のうえ承認').count()).toBeGreaterThan(0);
    expect(yen(await city.locator('text=確定した金額').locator('..').locator('span').nth(1).textContent())).toBe(claimedYen - 250);
    await expect.poll(() => city.getByText('運賃の入力誤り（領収書では1,500円）').count()).toBe(1);

    await city.getByLabel('支払日').fill('2026-12-25');
    await city.getByLabel('支出命令番号など').fill('支出命令 第1234号');
    await city.getByRole('button', { name: /支払を記録する/ }).click();
    await expect.poll(() => city.getByText('支払日 2026-12-25　支出命令 第1234号').count()).toBe(1);
    await expectAccessible(city, 'taxi-city-claim-paid');
  });

  it('はながさ交通\'s claim is approved as it is; the office sees the adjustment on its claim', async () => {
    await city.getByRole('link', { name: '請求の審査' }).click();
    const other = city.getByRole('link', { name: /R8-\d\d-T02/ }).first();
    await expect.poll(() => other.count()).toBe(1);
    await other.click();
    await city.getByRole('button', { name: /このまま承認する/ }).click();
    await expect.poll(() => city.getByText('承認済み').count()).toBeGreaterThan(0);

    await office.reload();
    await expect.poll(() => office.getByText('市が金額を調整しました').count()).toBe(1);
    await expect.poll(() => office.getByText(/-250円\s*運賃の入力誤り/).count()).toBe(1);
    await expectAccessible(office, 'taxi-office-claim-adjusted');
  });

  it('the city\'s anomalies show the evidence, and a beneficiary shows why they qualify', async () => {
    await city.getByRole('link', { name: '要確認' }).click();
    await expect.poll(() => city.getByRole('list', { name: '要確認の一覧' }).count()).toBe(1);
    // Over-cap rides first: the city decides one with a reason, and it leaves the list.
    const exceptions = city.getByRole('button', { name: /^上限超過など（\d+件）$/ });
    await expect.poll(() => exceptions.count()).toBe(1);
    const before = Number((await exceptions.textContent())!.match(/（(\d+)件）/)![1]);
    expect(before).toBeGreaterThan(0);
    await expectAccessible(city, 'taxi-city-anomalies');
    const first = city.getByRole('list', { name: '要確認の一覧' }).getByRole('listitem').first();
    await first.getByLabel('判断の理由').fill('圏外で記録された乗車。運転手の記録と一致したため助成する');
    await first.getByRole('button', { name: '助成する' }).click();
    await expect.poll(async () => Number((await exceptions.textContent())!.match(/（(\d+)件）/)![1])).toBe(before - 1);
    await city.getByRole('button', { name: /^同期の止まった端末/ }).click();
    await expect.poll(() => city.getByText('同期が止まっている端末').count()).toBeGreaterThan(0);
    await expectAccessible(city, 'taxi-city-anomalies-terminals');
    await city.getByRole('link', { name: '利用者・申請' }).click();
    await city.getByRole('table', { name: '利用者' }).getByRole('link').first().click();
    await expect.poll(() => city.getByRole('list', { name: '判定の理由' }).count()).toBe(1);
    await expect.poll(() => city.getByText(/歳で「75歳以上の方」に当てはまります。/).count()).toBe(1);
    await expectAccessible(city, 'taxi-city-beneficiary');

    // Paper-ticket holders from the old list: a row the registry does not know waits for staff.
    await city.getByRole('link', { name: '利用者・申請' }).click();
    await city.getByLabel('CSVファイル').setInputFiles({ name: 'old-holders.csv', mimeType: 'text/csv', buffer: Buffer.from('氏名,フリガナ,生年月日,住所,対象区分,券番号\r\n架空 太郎,カクウ タロウ,昭和10年1月1日,尾花沢市,年齢,A-001\r\n', 'utf8') });
    await city.getByRole('button', { name: '取り込む' }).click();
    await expect.poll(() => city.getByText(/1行を読みました（UTF-8）/).count()).toBe(1);
    const waiting = city.getByRole('list', { name: '確認が必要な行' });
    await expect.poll(() => waiting.textContent()).toContain('住民記録に見つからない');
    await expectAccessible(city, 'taxi-city-import');
    await waiting.getByRole('button', { name: '登録しない' }).click();
    await expect.poll(() => waiting.count()).toBe(0);
  });
});

describe('settings (administrator)', () => {
  it('the administrator revises the rules as a new version and adds an operator', async () => {
    // The administrator enrols the second factor (as on first login), then works in the browser.
    const post = async (path: string, body: unknown, cookie = '') => {
      const res = await fetch(`${server.url}/api${path}`, { method: 'POST', headers: { 'content-type': 'application/json', origin: server.url, ...(cookie ? { cookie } : {}) }, body: JSON.stringify(body) });
      if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res;
    };
    const login = await post('/auth/login', { municipalityCode: CODE, loginId: 'admin', password: 'madoguchi-demo' });
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const setup = (await (await post('/auth/totp/setup', {}, cookie)).json()) as { otpauthUri: string };
    await post('/auth/totp/enable', { code: authenticatorCode(setup.otpauthUri) }, cookie);
    const admin = await newTabletPage(browser, server.url);
    const [name, value] = cookie.split('=') as [string, string];
    await admin.context().addCookies([{ name, value, url: server.url }]);
    await admin.goto('/taxi/settings');
    await expect.poll(() => admin.getByRole('heading', { name: /ルールの改定（現在 第1版）/ }).count(), { timeout: 20_000 }).toBe(1);
    await admin.getByLabel('1回の上限（円）').fill('800');
    await admin.getByLabel('改定の内容').fill('1回の上限を800円に変更（要綱改正）');
    await admin.getByRole('button', { name: 'この内容で改定する' }).click();
    await expect.poll(() => admin.getByRole('heading', { name: /ルールの改定（現在 第2版）/ }).count()).toBe(1);
    await admin.getByLabel('事業者コード').fill('T04');
    await admin.getByLabel('事業者名').fill('徳良湖タクシー');
    await admin.getByRole('button', { name: '事業者を登録して参加させる' }).click();
    await expect.poll(() => admin.getByRole('heading', { name: '徳良湖タクシー（T04）' }).count()).toBe(1);
    await expectAccessible(admin, 'taxi-admin-settings');
    await admin.getByRole('link', { name: '概要・集計' }).click();
    await expect.poll(() => admin.getByText('運賃の半額（1回800円まで）').count()).toBeGreaterThan(0);
    // The history keeps both versions: rides keep the version they were recorded under.
    await expect.poll(() => admin.getByRole('table', { name: 'ルールの改定の履歴' }).getByRole('row').count()).toBe(3);
    await expectAccessible(admin, 'taxi-admin-rules-history');
    await expect.poll(() => admin.getByText(/徳良湖タクシー/).count()).toBeGreaterThan(0);
  });
});
