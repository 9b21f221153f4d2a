/**
 * 移動市役所: the vehicle tablet's outbox, against the real server (`main.ts`, demo data, PGlite,
 * over HTTP on loopback).
 *
 * 1. Sync of 500 cases queued offline on 3 tablets (167/167/166, sealed with each tablet's data key,
 *    signed and chained by @madoguchi/device-sync), the three syncing at once: time until every event
 *    is acknowledged (each case opened, checked against its published version, given a receipt number
 *    and put in its inbox inside the push transaction). Compared, in the same run, with the same 500
 *    cases sent one by one as they are made (a tablet online: one push per case, batch size 1).
 * 2. Write latency per case on the device: seal (AES-GCM) + sign (ECDSA P-256) + store, in Node with
 *    the memory store, and in Chromium through the real app with the IndexedDB store (the save button
 *    to the screen showing it, offline).
 *
 * The device platform's own benchmark (if present) measures the push protocol alone; this one adds
 * the vehicle's sealing and the case ingestion.
 *
 *   npm run build:web && npm run bench -- vehicle-outbox   (CASES=500 DEVICES=3 UI_CASES=30 LATENCY_MS=0; LATENCY_MS=100 for a slow link)
 */
import { webcrypto } from 'node:crypto';
import { createMemoryOutboxStore, DeviceOutbox, httpSyncTransport, uuidv7, type SyncTransport } from '@madoguchi/device-sync';
import { launchBrowser } from '../e2e/support/browser';
import { startServer, type RunningServer } from '../e2e/support/server';
import { authenticatorCode } from '../e2e/support/totp';
import { report, summarize } from './support/table';

const CASES = Number(process.env.CASES ?? 500);
const DEVICES = Number(process.env.DEVICES ?? 3);
const UI_CASES = Number(process.env.UI_CASES ?? 30);
/** Added to every request of the two sync phases, as a rural mobile link would (loopback has none). */
const LATENCY_MS = Number(process.env.LATENCY_MS ?? 0);
const slowFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
  if (LATENCY_MS > 0) await new Promise((r) => setTimeout(r, LATENCY_MS));
  return fetch(input, init);
}) as typeof fetch;
const settle = () => new Promise((r) => setTimeout(r, 5000));
const CODE = '062120';
const PROCEDURE_ID = 'late-elderly-move-out';

async function api(server: RunningServer, method: string, path: string, opts: { cookie?: string; body?: unknown } = {}) {
  const res = await fetch(`${server.url}/api${path}`, {
    method, headers: { 'content-type': 'application/json', ...(opts.cookie ? { cookie: opts.cookie } : {}) },
    ...(opts.body !== undefined || method !== 'GET' ? { body: JSON.stringify(opts.body ?? {}) } : {}),
  });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return { body: text ? (JSON.parse(text) as Record<string, unknown>) : {}, headers: res.headers };
}

async function login(server: RunningServer, loginId: string): Promise<string> {
  const r = await api(server, 'POST', '/auth/login', { body: { municipalityCode: CODE, loginId, password: 'madoguchi-demo' } });
  return (r.headers.get('set-cookie') ?? '').split(';')[0]!;
}

interface Tablet {
  outbox: DeviceOutbox;
  deviceId: string;
  key: CryptoKey;
  keyId: string;
  procedure: { procedureId: string; version: number; contentHash: string };
}

async function tablet(server: RunningServer, admin: string, clerk: string, label: string, batchSize = 100): Promise<Tablet> {
  const created = await api(server, 'POST', '/devices', { cookie: admin, body: { kind: 'vehicle', label } });
  const { code, deviceId } = created.body.enrolment as { code: string; deviceId: string };
  const outbox = new DeviceOutbox(createMemoryOutboxStore(), { batchSize });
  await outbox.enrol(httpSyncTransport(server.url), code);
  const withCookie: SyncTransport = httpSyncTransport(server.url, {
    fetch: ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, { ...init, headers: { ...(init?.headers as Record<string, string>), cookie: clerk } })) as typeof fetch,
  });
  const signIn = await withCookie.request<{ key: string; keyId: string; procedures: { procedureId: string; version: number; contentHash: string }[] }>('POST', '/outreach/vehicle/sign-in', {}, outbox.authorizer());
  const key = await webcrypto.subtle.importKey('raw', Buffer.from(signIn.key, 'base64'), 'AES-GCM', false, ['encrypt']);
  const procedure = signIn.procedures.find((p) => p.procedureId === PROCEDURE_ID)!;
  return { outbox, deviceId, key, keyId: signIn.keyId, procedure };
}

const b64 = (u: ArrayBuffer | Uint8Array) => Buffer.from(u instanceof Uint8Array ? u : new Uint8Array(u)).toString('base64');

/** One case as the app makes it: sealed under the data key, appended to the outbox. Returns the ms it took. */
async function writeCase(t: Tablet, n: number): Promise<number> {
  const started = performance.now();
  const clientCaseId = uuidv7();
  const name = `試験 ${String(n).padStart(4, '0')}号`;
  const body = {
    v: 1, staffId: null, identity: { method: 'manual', name, kana: null, birthDate: '1945-04-01', address: '山形県尾花沢市若葉町一丁目5番8号', sex: null },
    residentId: null, registryAddress: null, event: null, createdAt: new Date().toISOString(),
    answers: {
      applicantName: name, applicantKana: 'シケン', applicantAddress: { postalCode: '999-4221', address: '山形県尾花沢市若葉町一丁目5番8号' }, applicantPhone: '090-5555-0101',
      moveOutDate: '2026-12-20', destination: { address: '宮城県仙台市青葉区本町一丁目1番1号' }, signature: { method: 'handwritten', ref: 'outreach-paper' },
    },
  };
  const iv = webcrypto.getRandomValues(new Uint8Array(12));
  const sealed = await webcrypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(`${t.deviceId}:${clientCaseId}`) }, t.key, new TextEncoder().encode(JSON.stringify(body)));
  await t.outbox.append('outreach.case_submitted', {
    clientCaseId, procedureId: t.procedure.procedureId, procedureVersion: t.procedure.version, procedureHash: t.procedure.contentHash,
    stopId: null, ticketNumber: null, keyId: t.keyId, iv: b64(iv), sealed: b64(sealed),
  });
  return performance.now() - started;
}

const rows: Record<string, string | number>[] = [];
const server = await startServer();
try {
  const adminLogin = await api(server, 'POST', '/auth/login', { body: { municipalityCode: CODE, loginId: 'admin', password: 'madoguchi-demo' } });
  const admin = (adminLogin.headers.get('set-cookie') ?? '').split(';')[0]!;
  const setup = await api(server, 'POST', '/auth/totp/setup', { cookie: admin });
  await api(server, 'POST', '/auth/totp/enable', { cookie: admin, body: { code: authenticatorCode(setup.body.otpauthUri as string) } });
  const clerk = await login(server, 'clerk');

  // Warm-up (JIT, the server's first queries): 50 cases on a tablet of their own, not measured.
  const warm = await tablet(server, admin, clerk, 'ベンチ 準備');
  let n = 0;
  for (let i = 0; i < 50; i++) await writeCase(warm, n++);
  await warm.outbox.sync(httpSyncTransport(server.url));

  // 1a. Offline on three tablets, then all three sync at once.
  const tablets = await Promise.all(Array.from({ length: DEVICES }, (_, i) => tablet(server, admin, clerk, `ベンチ ${i + 1}号車`)));
  const writes: number[] = [];
  for (let i = 0; i < CASES; i++) writes.push(await writeCase(tablets[i % DEVICES]!, n++));
  await settle(); // the warm-up's jobs (department notices) done before the clock starts
  const t0 = performance.now();
  const reports = await Promise.all(tablets.map((t) => t.outbox.sync(httpSyncTransport(server.url, { fetch: slowFetch }))));
  const batchedMs = performance.now() - t0;
  const stored = reports.reduce((s, r) => s + r.stored, 0);
  const leftover = reports.reduce((s, r) => s + r.pending, 0);
  if (stored !== CASES || leftover !== 0 || reports.some((r) => r.error || r.conflicts)) throw new Error(`batched sync: ${JSON.stringify(reports)}`);

  // 1b. The same number of cases, online, one push per case as each is made.
  const online = await tablet(server, admin, clerk, 'ベンチ オンライン', 1);
  const transport = httpSyncTransport(server.url, { fetch: slowFetch });
  await settle();
  const t1 = performance.now();
  for (let i = 0; i < CASES; i++) {
    await writeCase(online, n++);
    const r = await online.outbox.sync(transport);
    if (r.stored !== 1 || r.error) throw new Error(`one by one: ${JSON.stringify(r)}`);
  }
  const oneByOneMs = performance.now() - t1;

  const inbox = await api(server, 'GET', `/cases?procedureId=${PROCEDURE_ID}&limit=1`, { cookie: admin });
  const total = inbox.body.total as number;
  rows.push({ what: `sync ${CASES} cases from ${DEVICES} tablets at once (batches of 100), +${LATENCY_MS} ms/request`, ms: batchedMs, per_case_ms: batchedMs / CASES, cases_per_s: CASES / (batchedMs / 1000), ratio: 1 });
  rows.push({ what: `the same ${CASES} cases online, one push each, +${LATENCY_MS} ms/request`, ms: oneByOneMs, per_case_ms: oneByOneMs / CASES, cases_per_s: CASES / (oneByOneMs / 1000), ratio: oneByOneMs / batchedMs });
  const w = summarize(writes);
  rows.push({ what: 'write per case on the tablet, Node (seal + sign + memory store)', ms: w.p50, per_case_ms: w.p95, cases_per_s: 1000 / w.p50, ratio: NaN });
  if (total !== 2 * CASES + 50) throw new Error(`expected ${2 * CASES + 50} cases in the inbox, found ${total}`);

  // 2. In Chromium, through the app, with the IndexedDB store (offline).
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ baseURL: server.url, locale: 'ja-JP', timezoneId: 'Asia/Tokyo', viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const created = await api(server, 'POST', '/devices', { cookie: admin, body: { kind: 'vehicle', label: 'ベンチ ブラウザ' } });
    await page.goto('/vehicle');
    await page.getByLabel('登録コード').fill((created.body.enrolment as { code: string }).code);
    await page.getByRole('button', { name: 'この端末を登録する' }).click();
    await page.getByLabel('地方公共団体コード').fill(CODE);
    await page.getByLabel('ログインID').fill('clerk');
    await page.getByLabel('パスワード').fill('madoguchi-demo');
    await page.getByLabel('オフライン用の暗証番号（6〜12桁の数字）').fill('246810');
    await page.getByLabel('暗証番号（確認）').fill('246810');
    await page.getByRole('button', { name: 'サインインする' }).click();
    await page.getByRole('heading', { name: '移動市役所 端末' }).waitFor();
    await context.setOffline(true);
    const saves: number[] = [];
    for (let i = 0; i < UI_CASES; i++) {
      await page.getByRole('tab', { name: '新しい申請' }).click();
      await page.getByLabel('氏名').fill(`画面 ${i}号`);
      await page.getByLabel('生年月日').fill('昭和20年4月1日');
      await page.getByLabel(/^住所/).fill('山形県尾花沢市若葉町一丁目5番8号');
      await page.getByRole('button', { name: 'この人の申請を始める' }).click();
      await page.getByRole('button', { name: /後期高齢者医療 負担区分等証明書/ }).click();
      const form = page.getByRole('region', { name: /被保険者と転出先/ });
      await form.getByLabel(/ふりがな/).fill('がめん');
      await form.getByLabel(/電話番号/).fill('090-5555-0101');
      await form.getByLabel(/転出する日/).fill('令和8年12月20日');
      await form.getByLabel('郵便番号').first().fill('999-4221');
      await form.getByLabel('住所（都道府県から番地まで）').last().fill('宮城県仙台市青葉区本町一丁目1番1号');
      const started = performance.now();
      await page.getByRole('button', { name: 'この端末に保存する' }).click();
      await page.getByRole('tab', { name: 'この端末の記録', selected: true }).waitFor();
      saves.push(performance.now() - started);
    }
    const s = summarize(saves);
    rows.push({ what: 'save per case in the app, Chromium (seal + sign + IndexedDB + screen)', ms: s.p50, per_case_ms: s.p95, cases_per_s: 1000 / s.p50, ratio: NaN });
    await context.close();
  } finally {
    await browser.close();
  }
} finally {
  await server.stop();
}
// For the write rows, `ms` is the median and `per_case_ms` the 95th percentile.
report('vehicle-outbox', rows);
