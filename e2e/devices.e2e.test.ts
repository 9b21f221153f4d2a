import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSync } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, newTabletPage, expectAccessible } from './support/browser';
import { startServer, type RunningServer } from './support/server';
import { authenticatorCode } from './support/totp';

/**
 * 「端末の管理」 and the device platform in a real browser: the admin adds a vehicle tablet and reads
 * the one-time code off the screen; the tablet (real Chromium, IndexedDB, WebCrypto) enrols with a
 * non-extractable key, records three events, is reloaded (key and outbox survive), syncs them and
 * keeps no payload; the admin sees them registered, revokes the tablet, and sees the event it sent
 * afterwards listed as an anomaly with its evidence, not registered — until the admin, having
 * checked, registers it explicitly.
 */
let server: RunningServer;
let browser: Browser;
let admin: Page;
let tablet: Page;
let adminCookie = '';

const CODE = '062120';

// @madoguchi/device-sync bundled for the page, as an app would ship it.
const deviceSync = buildSync({
  entryPoints: [path.resolve(import.meta.dirname, '../packages/device-sync/src/index.ts')],
  bundle: true, format: 'iife', globalName: 'DeviceSync', write: false, target: 'es2022',
}).outputFiles[0]!.text + ';window.DeviceSync = DeviceSync;';

async function api(method: string, p: string, opts: { cookie?: string; body?: unknown } = {}) {
  const res = await fetch(`${server.url}/api${p}`, {
    method,
    headers: { 'content-type': 'application/json', origin: server.url, ...(opts.cookie ? { cookie: opts.cookie } : {}) },
    ...(opts.body !== undefined || method !== 'GET' ? { body: JSON.stringify(opts.body ?? {}) } : {}),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

type DS = typeof import('../packages/device-sync/src/index');
interface TabletEnv {
  DS: DS;
  store: Awaited<ReturnType<DS['openIndexedDbOutboxStore']>>;
  outbox: InstanceType<DS['DeviceOutbox']>;
  transport: ReturnType<DS['httpSyncTransport']>;
}

/**
 * Runs `fn` in the tablet page with DeviceSync loaded and an outbox over IndexedDB. The function's
 * source is sent through the DevTools protocol (the app's CSP forbids eval in the page, rightly).
 */
async function onTablet<T, A = null>(fn: (env: TabletEnv, arg: A) => Promise<T>, arg?: A): Promise<T> {
  await tablet.evaluate(deviceSync);
  return tablet.evaluate(`(async () => {
    const DS = window.DeviceSync;
    const store = await DS.openIndexedDbOutboxStore('e2e-vehicle-outbox');
    const env = { DS, store, outbox: new DS.DeviceOutbox(store), transport: DS.httpSyncTransport(location.origin) };
    try { return await (${fn.toString()})(env, ${JSON.stringify(arg ?? null)}); } finally { store.close(); }
  })()`) as Promise<T>;
}

beforeAll(async () => {
  server = await startServer();
  browser = await launchBrowser();
  const login = await api('POST', '/auth/login', { body: { municipalityCode: CODE, loginId: 'admin', password: 'madoguchi-demo' } });
  adminCookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  const setup = await api('POST', '/auth/totp/setup', { cookie: adminCookie });
  await api('POST', '/auth/totp/enable', { cookie: adminCookie, body: { code: authenticatorCode(setup.body.otpauthUri as string) } });
  admin = await newTabletPage(browser, server.url);
  const [name, value] = adminCookie.split('=') as [string, string];
  await admin.context().addCookies([{ name, value, url: server.url }]);
  tablet = await newTabletPage(browser, server.url);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

let enrolCode = '';

describe('端末の管理 and a vehicle tablet', () => {
  it('the admin finds 端末の管理 in the menu and adds a tablet; the code is shown large and as a QR code', async () => {
    await admin.goto('/');
    await admin.getByRole('link', { name: '端末の管理' }).click();
    await expect.poll(() => admin.getByRole('heading', { name: '端末の管理', level: 1 }).count()).toBe(1);
    // The demo city may already have devices (its taxi terminal); the list is there either way.
    await expect.poll(() => admin.getByRole('heading', { name: '端末の一覧' }).count()).toBe(1);
    await admin.getByLabel('端末の名前').fill('移動市役所1号車');
    await admin.getByRole('button', { name: '追加して登録コードを発行' }).click();
    await expect.poll(() => admin.getByRole('heading', { name: '移動市役所1号車の登録コード' }).count()).toBe(1);
    enrolCode = (await admin.locator('p.font-mono').innerText()).trim();
    expect(enrolCode).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    expect(await admin.getByRole('img', { name: '移動市役所1号車の登録コードのQRコード' }).count()).toBe(1);
    await expectAccessible(admin, 'devices-01-code');
  });

  it('the tablet enrols with the code, keeps a non-extractable key, records three events and survives a reload', async () => {
    await tablet.goto('/login');
    const enrolled = await onTablet(async ({ outbox, transport }, code: string) => {
      const id = await outbox.enrol(transport, code);
      return { deviceId: id.deviceId, extractable: id.privateKey.extractable, kind: id.kind };
    }, enrolCode.toLowerCase());
    expect(enrolled).toMatchObject({ extractable: false, kind: 'vehicle' });
    await onTablet(async ({ outbox }) => {
      for (const n of [1, 2, 3]) await outbox.append('device.ping', { note: `e2e-秘密-${n}` });
    });
    await tablet.reload();
    const status = await onTablet(async ({ DS, outbox }) => {
      const s = await outbox.status();
      const id = (await outbox.identity())!;
      return { ...s, canSign: (await DS.signText(id.privateKey, 'x')).length === 86 };
    });
    expect(status).toMatchObject({ pending: 3, acknowledged: 0, canSign: true, labels: { pending: 'この端末に保存済み・未登録' } });
  });

  it('sync registers the three events once; the tablet keeps no payload', async () => {
    const report = await onTablet(({ outbox, transport }) => outbox.sync(transport));
    expect(report).toMatchObject({ stored: 3, pending: 0, error: null });
    const again = await onTablet(({ outbox, transport }) => outbox.sync(transport));
    expect(again).toMatchObject({ stored: 0 });
    const records = await onTablet(async ({ store }) => JSON.stringify(await store.all()));
    expect(records).not.toContain('e2e-秘密');
    expect((JSON.parse(records) as { state: string }[]).map((r) => r.state)).toEqual(['acknowledged', 'acknowledged', 'acknowledged']);
    await admin.reload();
    await expect.poll(() => admin.getByRole('cell', { name: '3件', exact: true }).count()).toBe(1);
    await expectAccessible(admin, 'devices-02-list');
  });

  it('after the admin revokes it, what the tablet sends is refused and listed as an anomaly with its evidence', async () => {
    await admin.getByRole('button', { name: '移動市役所1号車を利用停止' }).click();
    await expect.poll(() => admin.getByRole('heading', { name: '移動市役所1号車を利用停止にしますか' }).count()).toBe(1);
    await admin.getByRole('button', { name: '利用停止にする' }).click();
    await expect.poll(() => admin.getByText('利用停止の理由を入力してください', { exact: false }).count()).toBeGreaterThan(0);
    await admin.getByLabel('理由').fill('紛失');
    await admin.getByRole('button', { name: '利用停止にする' }).click();
    await expect.poll(() => admin.getByText('移動市役所1号車を利用停止にしました。').count()).toBe(1);
    const report = await onTablet(async ({ outbox, transport }) => {
      await outbox.append('device.ping', { note: '停止後' });
      return outbox.sync(transport);
    });
    expect(report.refused.map((r) => r.code)).toEqual(['DEVICE_REVOKED']);
    expect(await onTablet(({ outbox }) => outbox.status())).toMatchObject({ refused: 1 });
    await admin.reload();
    await expect.poll(() => admin.getByRole('cell', { name: '利用停止した端末からの送信', exact: true }).count()).toBe(1);
    expect(await admin.getByText('連番4', { exact: false }).count()).toBeGreaterThan(0);
    await expectAccessible(admin, 'devices-03-anomaly');
  });

  it('after checking with the clerk who made it, the admin registers that event; the tablet stays revoked', async () => {
    await admin.getByRole('button', { name: '移動市役所1号車の記録を確認して登録' }).click();
    await expect.poll(() => admin.getByRole('heading', { name: '移動市役所1号車から利用停止後に届いた記録を登録しますか' }).count()).toBe(1);
    await expectAccessible(admin, 'devices-04-accept');
    await admin.getByRole('button', { name: '確認したので登録する' }).click();
    await expect.poll(() => admin.getByText('移動市役所1号車の連番4の記録を登録しました', { exact: false }).count()).toBe(1);
    await expect.poll(() => admin.getByText('確認が必要な異常はありません').count()).toBe(1);
    await expect.poll(() => admin.getByRole('cell', { name: '4件', exact: true }).count()).toBe(1);
    expect(await admin.getByText('利用停止', { exact: true }).count()).toBeGreaterThan(0);
  });
});
