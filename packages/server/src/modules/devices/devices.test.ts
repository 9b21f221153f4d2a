import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryOutboxStore, DeviceOutbox, deviceAuthHeader, SyncHttpError, type DeviceEvent, type PushResponse } from '@madoguchi/device-sync';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { AppError } from '../../platform/http/errors';
import { registerDeviceEventHandler } from './registry';
import { enrolTestDevice, inProcessTransport } from './test-support';

/**
 * The device platform against the real app and database: enrolment with a one-time code, the push
 * (signature, chain, order, idempotency, handler in the same transaction), revocation, anomalies.
 */
let p: TestPlatform;
let f: Fixtures;
let admin: string;
let clerk: string;

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  admin = await loginAs(p, f.a, 'admin');
  clerk = await loginAs(p, f.a, 'clerk');
  // A test kind: the handler writes nothing of its own; a payload { conflict: true } is a business conflict, { bad: true } is refused content.
  registerDeviceEventHandler('test.note', async (_trx, ctx) => {
    const payload = ctx.event.payload as { text?: string; conflict?: boolean; bad?: boolean; boom?: boolean };
    if (payload.bad) throw new AppError(400, 'TEST_BAD_NOTE', 'メモの内容が正しくありません。');
    if (payload.boom) throw new Error('handler crashed');
    if (payload.conflict) return { status: 'conflict', reason: '同じ内容のメモがすでにあります。', details: { text: payload.text } };
    return { status: 'accepted', result: { receipt: `R-${ctx.event.seq}` } };
  });
});
afterAll(async () => {
  await p.close();
});

const stored = (deviceId: string) => p.services.db.selectFrom('device_event').selectAll().where('device_id', '=', deviceId).orderBy('seq').execute();
const anomalies = (deviceId: string) => p.services.db.selectFrom('device_anomaly').selectAll().where('device_id', '=', deviceId).execute();

describe('enrolment', () => {
  it('an admin creates a device and gets a one-time code; the device enrols its public key with it', async () => {
    const res = await call(p, 'POST', '/api/devices', { cookie: admin, body: { kind: 'vehicle', label: '移動市役所1号車' } });
    expect(res.status).toBe(201);
    const { enrolment } = res.body as { enrolment: { deviceId: string; code: string; expiresAt: string } };
    expect(enrolment.code).toMatch(/^[A-Z2-9]{5}-[A-Z2-9]{5}$/);
    const outbox = new DeviceOutbox(createMemoryOutboxStore(), { now: () => p.clock.now.getTime() });
    const identity = await outbox.enrol(inProcessTransport(p.app), enrolment.code.toLowerCase());
    expect(identity).toMatchObject({ deviceId: enrolment.deviceId, municipalityId: f.a.municipalityId, kind: 'vehicle', label: '移動市役所1号車' });
    expect(identity.privateKey.extractable).toBe(false);
    const list = (await call(p, 'GET', '/api/devices', { cookie: admin })).body as { devices: { id: string; status: string; keyThumbprint: string | null }[] };
    expect(list.devices.find((d) => d.id === enrolment.deviceId)).toMatchObject({ status: 'active' });
    const audit = await p.services.db.selectFrom('audit_event').select('action').where('subject_id', '=', enrolment.deviceId).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['device.create', 'device.enrol']);

    // The code is used: a second device cannot take it.
    const again = await new DeviceOutbox(createMemoryOutboxStore(), { now: () => p.clock.now.getTime() }).enrol(inProcessTransport(p.app), enrolment.code).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(SyncHttpError);
    expect((again as SyncHttpError).code).toBe('DEVICE_ENROL_CODE_USED');
    expect((again as SyncHttpError).message).toMatch(/新しい登録コード/);
  });

  it('a wrong or expired code is refused with a clear message and changes nothing', async () => {
    const wrong = await call(p, 'POST', '/api/device-sync/enrol', { body: { code: 'AAAAA-AAAAA', publicKeyJwk: { kty: 'EC', crv: 'P-256', x: 'a'.repeat(43), y: 'b'.repeat(43) } } });
    expect(wrong.status).toBe(400);
    const res = await call(p, 'POST', '/api/devices', { cookie: admin, body: { kind: 'taxi', label: 'タクシー端末 期限切れ' } });
    const { enrolment } = res.body as { enrolment: { deviceId: string; code: string } };
    p.clock.advance(25 * 60 * 60 * 1000);
    admin = await loginAs(p, f.a, 'admin');
    clerk = await loginAs(p, f.a, 'clerk');
    const expired = await new DeviceOutbox(createMemoryOutboxStore(), { now: () => p.clock.now.getTime() }).enrol(inProcessTransport(p.app), enrolment.code).then(() => null, (e: unknown) => e as SyncHttpError);
    expect(expired?.code).toBe('DEVICE_ENROL_CODE_EXPIRED');
    const row = await p.services.db.selectFrom('device').select(['status', 'public_key_jwk']).where('id', '=', enrolment.deviceId).executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'pending', public_key_jwk: null });
    // Re-enrol issues a fresh code that works.
    const re = await call(p, 'POST', `/api/devices/${enrolment.deviceId}/reenrol`, { cookie: admin, body: {} });
    expect(re.status).toBe(200);
    const id = await new DeviceOutbox(createMemoryOutboxStore(), { now: () => p.clock.now.getTime() }).enrol(inProcessTransport(p.app), (re.body as { enrolment: { code: string } }).enrolment.code);
    expect(id.kind).toBe('taxi');
  });

  it('only admins manage devices, and a label is unique per city', async () => {
    expect((await call(p, 'GET', '/api/devices', { cookie: clerk })).status).toBe(403);
    expect((await call(p, 'POST', '/api/devices', { cookie: clerk, body: { kind: 'vehicle', label: 'x' } })).status).toBe(403);
    const dup = await call(p, 'POST', '/api/devices', { cookie: admin, body: { kind: 'vehicle', label: '移動市役所1号車' } });
    expect(dup.status).toBe(409);
    expect(dup.code).toBe('DEVICE_LABEL_TAKEN');
  });
});

describe('push', () => {
  it('stores each event once, runs the handler, acknowledges, and erases the payload on the device', async () => {
    const d = await enrolTestDevice(p, admin, { kind: 'vehicle', label: '移動市役所2号車' }, { batchSize: 3 });
    for (let i = 1; i <= 7; i++) await d.outbox.append('test.note', { text: `メモ${i}` });
    expect(await d.outbox.status()).toMatchObject({ pending: 7, acknowledged: 0, labels: { pending: 'この端末に保存済み・未登録', acknowledged: '登録済み' } });
    const report = await d.outbox.sync(d.transport);
    expect(report).toMatchObject({ stored: 7, duplicates: 0, pending: 0, error: null, nextExpectedSeq: 8, rounds: 3 });
    const rows = await stored(d.deviceId);
    expect(rows.map((r) => [Number(r.seq), r.status])).toEqual([1, 2, 3, 4, 5, 6, 7].map((s) => [s, 'accepted']));
    expect(rows[0]!.result).toEqual({ receipt: 'R-1' });
    const local = await d.store.all();
    expect(local.every((r) => r.state === 'acknowledged' && r.event === null)).toBe(true);
    expect(JSON.stringify(local)).not.toContain('メモ');
    expect(local[0]!.outcome).toMatchObject({ status: 'accepted', result: { receipt: 'R-1' } });
  });

  it('a batch sent twice (the reply was lost) is answered duplicate with the first outcome', async () => {
    const d = await enrolTestDevice(p, admin, { kind: 'vehicle', label: '移動市役所3号車' });
    await d.outbox.append('test.note', { text: 'a' });
    await d.outbox.append('test.note', { text: 'b', conflict: true });
    const events = (await d.outbox.pending()).map((r) => r.event!) as DeviceEvent[];
    const push = async () => {
      const body = JSON.stringify({ deviceId: d.deviceId, head: { seq: 2, hash: events[1]!.hash }, sentAt: p.clock.now.toISOString(), events });
      const id = (await d.outbox.identity())!;
      const auth = await deviceAuthHeader(id, 'POST', '/api/device-sync/push', body, p.clock.now.getTime());
      const res = await p.app.request('/api/device-sync/push', { method: 'POST', headers: { 'content-type': 'application/json', 'x-device-auth': auth }, body });
      expect(res.status).toBe(200);
      return (await res.json()) as PushResponse;
    };
    const first = await push();
    expect(first.results.map((r) => r.status)).toEqual(['accepted', 'conflict']);
    const second = await push();
    expect(second.results).toMatchObject([{ status: 'duplicate', original: 'accepted', result: { receipt: 'R-1' } }, { status: 'duplicate', original: 'conflict' }]);
    expect(await stored(d.deviceId)).toHaveLength(2);
  });

  it('the same batch arriving five times at once is stored once (concurrent requests lock the device)', async () => {
    const d = await enrolTestDevice(p, admin, { kind: 'vehicle', label: '同時送信の端末' });
    for (let k = 0; k < 6; k++) await d.outbox.append('test.note', { text: `c${k}` });
    const events = (await d.outbox.pending()).map((r) => r.event!);
    const id = (await d.outbox.identity())!;
    const push = async () => {
      const body = JSON.stringify({ deviceId: d.deviceId, head: { seq: 6, hash: events[5]!.hash }, sentAt: p.clock.now.toISOString(), events });
      const auth = await deviceAuthHeader(id, 'POST', '/api/device-sync/push', body, p.clock.now.getTime());
      return (await (await p.app.request('/api/device-sync/push', { method: 'POST', headers: { 'content-type': 'application/json', 'x-device-auth': auth }, body })).json()) as PushResponse;
    };
    const replies = await Promise.all([push(), push(), push(), push(), push()]);
    const firsts = replies.flatMap((r) => r.results).filter((r) => r.status === 'accepted');
    expect(firsts.map((r) => r.seq).sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(replies.flatMap((r) => r.results).every((r) => r.status === 'accepted' || r.status === 'duplicate')).toBe(true);
    expect(await stored(d.deviceId)).toHaveLength(6);
  });

  it('events out of order are deferred until the missing one arrives; nothing is skipped', async () => {
    const d = await enrolTestDevice(p, admin, { kind: 'vehicle', label: '移動市役所4号車' });
    for (let i = 1; i <= 3; i++) await d.outbox.append('test.note', { text: `n${i}` });
    const [e1, e2, e3] = (await d.outbox.pending()).map((r) => r.event!);
    const id = (await d.outbox.identity())!;
    const push = async (events: DeviceEvent[]) => {
      const body = JSON.stringify({ deviceId: d.deviceId, head: { seq: 3, hash: e3!.hash }, sentAt: p.clock.now.toISOString(), events });
      const auth = await deviceAuthHeader(id, 'POST', '/api/device-sync/push', body, p.clock.now.getTime());
      return (await (await p.app.request('/api/device-sync/push', { method: 'POST', headers: { 'content-type': 'application/json', 'x-device-auth': auth }, body })).json()) as PushResponse;
    };
    const r1 = await push([e3!, e2!]);
    expect(r1.results.map((r) => r.status)).toEqual(['deferred', 'deferred']);
    expect(r1.nextExpectedSeq).toBe(1);
    const r2 = await push([e2!, e1!, e3!]);
    expect(r2.results.map((r) => [r.seq, r.status])).toEqual([[1, 'accepted'], [2, 'accepted'], [3, 'accepted']]);
  });

  it('content the module refuses is stored as rejected (without its writes); a crashing handler stores nothing and the device retries', async () => {
    const d = await enrolTestDevice(p, admin, { kind: 'vehicle', label: '移動市役所5号車' });
    await d.outbox.append('test.note', { text: 'x', bad: true });
    await d.outbox.append('test.note', { text: 'y', boom: true });
    const r = await d.outbox.sync(d.transport);
    expect(r.stored).toBe(1);
    expect(r.error?.code).toBe('DEVICE_EVENT_HANDLER_FAILED');
    const rows = await stored(d.deviceId);
    expect(rows.map((x) => [Number(x.seq), x.status, x.reason])).toEqual([[1, 'rejected', 'メモの内容が正しくありません。']]);
    expect(await d.outbox.status()).toMatchObject({ pending: 1, acknowledged: 1 });
  });

  it('a tampered event is refused and reported; the device keeps it', async () => {
    const d = await enrolTestDevice(p, admin, { kind: 'vehicle', label: '移動市役所6号車' });
    await d.outbox.append('test.note', { text: '本物' });
    const genuine = (await d.outbox.pending())[0]!.event!;
    // Someone edits the payload of the signed event on its way (or on the tablet).
    const tampered: DeviceEvent = { ...genuine, payload: { text: '偽物' } };
    const id = (await d.outbox.identity())!;
    const body = JSON.stringify({ deviceId: d.deviceId, head: { seq: 1, hash: genuine.hash }, sentAt: p.clock.now.toISOString(), events: [tampered] });
    const auth = await deviceAuthHeader(id, 'POST', '/api/device-sync/push', body, p.clock.now.getTime());
    const res = (await (await p.app.request('/api/device-sync/push', { method: 'POST', headers: { 'content-type': 'application/json', 'x-device-auth': auth }, body })).json()) as PushResponse;
    expect(res.results).toMatchObject([{ status: 'refused', code: 'DEVICE_EVENT_TAMPERED' }]);
    expect(await stored(d.deviceId)).toHaveLength(0);
    expect((await anomalies(d.deviceId)).map((a) => a.kind)).toEqual(['bad_hash']);
    // The genuine event still goes through.
    expect((await d.outbox.sync(d.transport)).stored).toBe(1);
    expect((await stored(d.deviceId))[0]!.payload).toEqual({ text: '本物' });
  });

  it('a revoked device\'s events are refused and listed as anomalies, with the evidence; never accepted', async () => {
    const d = await enrolTestDevice(p, admin, { kind: 'taxi', label: 'タクシー端末 A' });
    await d.outbox.append('test.note', { text: '停止前に作成' });
    const rev = await call(p, 'POST', `/api/devices/${d.deviceId}/revoke`, { cookie: admin, body: { reason: '紛失' } });
    expect(rev.status).toBe(200);
    const r = await d.outbox.sync(d.transport);
    expect(r.refused).toMatchObject([{ code: 'DEVICE_REVOKED' }]);
    expect(await stored(d.deviceId)).toHaveLength(0);
    expect(await d.outbox.status()).toMatchObject({ pending: 0, refused: 1 });
    expect((await d.store.all())[0]!.event).not.toBeNull();
    const list = (await call(p, 'GET', '/api/devices', { cookie: admin })).body as { anomalies: { deviceId: string; kind: string; details: { event: { seq: number; payloadKept: boolean } } }[] };
    const a = list.anomalies.find((x) => x.deviceId === d.deviceId)!;
    expect(a).toMatchObject({ kind: 'revoked_device', details: { event: { seq: 1, payloadKept: true } } });
    expect(JSON.stringify(list)).not.toContain('停止前に作成');
    // Other device routes refuse it outright.
    const id = (await d.outbox.identity())!;
    const auth = await deviceAuthHeader(id, 'GET', '/api/device-sync/status', '', p.clock.now.getTime());
    expect((await call(p, 'GET', '/api/device-sync/status', { headers: { 'x-device-auth': auth } })).code).toBe('DEVICE_REVOKED');
  });
});

describe('recovery of a revoked device\'s events', () => {
  it('every event it sent is reported at once; an admin accepts them in seq order after checking; the device stays revoked', async () => {
    const d = await enrolTestDevice(p, admin, { kind: 'vehicle', label: '盗難後に回収した端末' });
    await d.outbox.append('test.note', { text: '停止前1' });
    await d.outbox.append('test.note', { text: '停止前2' });
    await call(p, 'POST', `/api/devices/${d.deviceId}/revoke`, { cookie: admin, body: { reason: '盗難' } });
    const r = await d.outbox.sync(d.transport);
    expect(r.refused.map((x) => [x.seq, x.code])).toEqual([[1, 'DEVICE_REVOKED'], [2, 'DEVICE_REVOKED']]);
    const list = (await call(p, 'GET', '/api/devices', { cookie: admin })).body as { anomalies: { id: string; deviceId: string; kind: string; details: { event: { seq: number } } }[] };
    const mine = list.anomalies.filter((a) => a.deviceId === d.deviceId && a.kind === 'revoked_device');
    const bySeq = (seq: number) => mine.find((a) => a.details.event.seq === seq)!.id;
    expect(mine).toHaveLength(2);
    // Out of order: refused, nothing changes.
    const early = await call(p, 'POST', `/api/devices/anomalies/${bySeq(2)}/accept`, { cookie: admin, body: {} });
    expect(early.status).toBe(409);
    expect(early.code).toBe('DEVICE_EVENT_NOT_NEXT');
    expect(await stored(d.deviceId)).toHaveLength(0);
    // A clerk may not.
    expect((await call(p, 'POST', `/api/devices/anomalies/${bySeq(1)}/accept`, { cookie: clerk, body: {} })).status).toBe(403);
    for (const seq of [1, 2]) {
      const ok = await call(p, 'POST', `/api/devices/anomalies/${bySeq(seq)}/accept`, { cookie: admin, body: {} });
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ result: { status: 'accepted', seq } });
    }
    expect((await stored(d.deviceId)).map((x) => [Number(x.seq), (x.payload as { text: string }).text])).toEqual([[1, '停止前1'], [2, '停止前2']]);
    expect((await call(p, 'POST', `/api/devices/anomalies/${bySeq(1)}/accept`, { cookie: admin, body: {} })).status).toBe(404);
    const row = await p.services.db.selectFrom('device').select('status').where('id', '=', d.deviceId).executeTakeFirstOrThrow();
    expect(row.status).toBe('revoked');
    const audits = await p.services.db.selectFrom('audit_event').select('action').where('subject_id', '=', d.deviceId).where('action', '=', 'device.accept_revoked').execute();
    expect(audits).toHaveLength(2);
  });
});

describe('device authentication', () => {
  it('a request signed with a clock hours off is refused with the server time; the client corrects itself and reports the skew', async () => {
    let deviceClock = p.clock.now.getTime() - 3 * 60 * 60 * 1000;
    const d = await enrolTestDevice(p, admin, { kind: 'vehicle', label: '時計のずれた端末' }, { now: () => deviceClock });
    await d.outbox.append('test.note', { text: 'ずれ' });
    deviceClock += 1000;
    const r = await d.outbox.sync(d.transport);
    expect(r.stored).toBe(1);
    const skew = (await anomalies(d.deviceId)).filter((a) => a.kind === 'clock_skew');
    expect(skew.length).toBe(1);
    expect(Math.round(Number((skew[0]!.details as { skewMs: number }).skewMs) / 3_600_000)).toBe(-3);
  });

  it('unsigned, forged and replayed requests are refused', async () => {
    const d = await enrolTestDevice(p, admin, { kind: 'vehicle', label: '認証テスト端末' });
    expect((await call(p, 'GET', '/api/device-sync/status')).code).toBe('DEVICE_AUTH_REQUIRED');
    const id = (await d.outbox.identity())!;
    const other = await enrolTestDevice(p, admin, { kind: 'vehicle', label: '別の端末' });
    const otherId = (await other.outbox.identity())!;
    // Signed by another device's key under this device's id.
    const forged = await deviceAuthHeader({ ...id, privateKey: otherId.privateKey }, 'GET', '/api/device-sync/status', '', p.clock.now.getTime());
    expect((await call(p, 'GET', '/api/device-sync/status', { headers: { 'x-device-auth': forged } })).code).toBe('DEVICE_AUTH_INVALID');
    const good = await deviceAuthHeader(id, 'GET', '/api/device-sync/status', '', p.clock.now.getTime());
    const ok = await call(p, 'GET', '/api/device-sync/status', { headers: { 'x-device-auth': good } });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ deviceId: d.deviceId, nextExpectedSeq: 1 });
    expect((await call(p, 'GET', '/api/device-sync/status', { headers: { 'x-device-auth': good } })).code).toBe('DEVICE_AUTH_REPLAYED');
  });
});
