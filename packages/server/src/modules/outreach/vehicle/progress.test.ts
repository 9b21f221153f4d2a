import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpSyncTransport, type SyncTransport } from '@madoguchi/device-sync';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../../test/support/fixtures';
import { enrolTestDevice, type TestDevice } from '../../devices/test-support';
import { queueRuntime } from '../../queue/runtime';
import { seedQueueFixture, type QueueFixture } from '../../queue/test-support';
import { handleVehicleEvent, vehicleKey } from './service';

/**
 * The vehicle tablet over a day: a route of many stops (more than the four the queue used to allow),
 * the tablet telling the server it arrived at / left a stop ('outreach.stop_progress', queued in the
 * outbox while offline) so the residents' live status follows it, and a revoked tablet losing its
 * data key. The clock starts on Friday 2026-11-27 at 10:00 in Japan; the route runs on Tuesday 12-01.
 */
let p: TestPlatform;
let f: Fixtures;
let q: QueueFixture;
let admin: string;
let clerk: string;
const DAY = '2026-12-01';

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  q = await seedQueueFixture(p, f.a);
  admin = await loginAs(p, f.a, 'admin');
  clerk = await loginAs(p, f.a, 'clerk');
});
afterAll(async () => {
  await queueRuntime(p.services).settled();
  await p.close();
});

const ok = async (method: string, path: string, body?: unknown, cookie = admin) => {
  const res = await call(p, method, path, { cookie, ...(body !== undefined ? { body } : {}) });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown>;
};

/** The tablet's browser sends the staff cookie with its signed requests. */
const asClerk: SyncTransport = httpSyncTransport('http://madoguchi.test', {
  fetch: (async (input: RequestInfo | URL, init?: RequestInit) => p.app.request(String(input), { ...init, headers: { ...(init?.headers as Record<string, string>), cookie: clerk } })) as typeof fetch,
});

describe('revoking a vehicle tablet', () => {
  it('retires its data key with the revocation: its sign-in is refused, and the next key is a new one', async () => {
    const tablet = await enrolTestDevice(p, admin, { kind: 'vehicle', label: '紛失する端末' });
    const first = await asClerk.request<{ keyId: string }>('POST', '/outreach/vehicle/sign-in', {}, tablet.outbox.authorizer());
    const other = await enrolTestDevice(p, admin, { kind: 'vehicle', label: '残る端末' });
    const kept = await asClerk.request<{ keyId: string }>('POST', '/outreach/vehicle/sign-in', {}, other.outbox.authorizer());

    const revoked = await call(p, 'POST', `/api/devices/${tablet.deviceId}/revoke`, { cookie: admin, body: { reason: '紛失' } });
    expect(revoked.status).toBeLessThan(300);

    await expect(asClerk.request('POST', '/outreach/vehicle/sign-in', {}, tablet.outbox.authorizer())).rejects.toMatchObject({ status: 403, code: 'DEVICE_REVOKED' });
    const keys = await p.services.db.selectFrom('outreach_vehicle_key').select(['device_id', 'key_id', 'retired_at']).where('municipality_id', '=', f.a.municipalityId).execute();
    expect(keys.find((k) => k.key_id === first.keyId)?.retired_at).not.toBeNull();
    // Only the revoked tablet's key: the other tablet keeps its own.
    expect(keys.find((k) => k.key_id === kept.keyId)?.retired_at).toBeNull();
    expect((await asClerk.request<{ keyId: string }>('POST', '/outreach/vehicle/sign-in', {}, other.outbox.authorizer())).keyId).toBe(kept.keyId);
    // The revocation's audit entry says what was retired.
    const audit = await p.services.db.selectFrom('audit_event').select(['details']).where('municipality_id', '=', f.a.municipalityId)
      .where('action', '=', 'device.revoke').where('subject_id', '=', tablet.deviceId).executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ reason: '紛失', retiredVehicleKeys: 1 });
    // Whatever the tablet is given next (enrolled again after being found) is a fresh key.
    const next = await vehicleKey(p.services.db, p.services.cipher, f.a.municipalityId, tablet.deviceId, p.services.now());
    expect(next.keyId).not.toBe(first.keyId);
  });

  it('a taxi terminal revoked retires no vehicle key', async () => {
    const taxi = await enrolTestDevice(p, admin, { kind: 'taxi', label: 'タクシー 9' });
    expect((await call(p, 'POST', `/api/devices/${taxi.deviceId}/revoke`, { cookie: admin, body: { reason: '故障' } })).status).toBeLessThan(300);
    const audit = await p.services.db.selectFrom('audit_event').select(['details']).where('municipality_id', '=', f.a.municipalityId)
      .where('action', '=', 'device.revoke').where('subject_id', '=', taxi.deviceId).executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ reason: '故障', retiredVehicleKeys: 0 });
  });
});

interface Live { vehicles: { current: { stopName: string } | null; next: { stopName: string } | null; lastReportAt: string | null }[] }
const live = async () => (await ok('GET', `/api/public/${f.a.code}/outreach/live`, undefined, '')) as unknown as Live;

describe('a day of many stops, and the tablet saying where the vehicle is', () => {
  let tablet: TestDevice;
  let stranger: TestDevice;
  let routeStops: string[] = [];
  const NAMES = ['第1停車場', '第2停車場', '第3停車場', '第4停車場', '第5停車場', '第6停車場'];

  it('plans and publishes a route of six stops: six sessions in the vehicle queue that day', async () => {
    tablet = await enrolTestDevice(p, admin, { kind: 'vehicle', label: '移動市役所 2号車' });
    stranger = await enrolTestDevice(p, admin, { kind: 'vehicle', label: '別の車両の端末' });
    const vehicle = (await ok('POST', '/api/outreach/vehicles', { code: 'car-2', name: '移動市役所2号', queueLocationId: q.vehicle })).id as string;
    const district = (await ok('POST', '/api/outreach/districts', { code: 'tamano', name: '玉野地区' })).id as string;
    const stops: string[] = [];
    for (const [i, name] of NAMES.entries()) {
      stops.push((await ok('POST', '/api/outreach/stops', { districtId: district, code: `t-${i + 1}`, name, address: `山形県尾花沢市大字原田${i + 1}`, latitude: 38.6 + i / 100, longitude: 140.4 })).id as string);
    }
    const route = await ok('POST', '/api/outreach/routes', {
      vehicleId: vehicle, date: DAY, slotMinutes: 30, slotCapacity: 1, deviceIds: [tablet.deviceId],
      stops: stops.map((stopId, i) => ({ stopId, start: `${String(9 + i).padStart(2, '0')}:00`, end: `${String(9 + i).padStart(2, '0')}:40`, serviceIds: [q.services['idou-certificates']] })),
    });
    routeStops = (route.stops as { id: string }[]).map((s) => s.id);
    expect(routeStops).toHaveLength(6);
    await ok('POST', `/api/outreach/routes/${route.id as string}/publish`);
    const config = await ok('GET', '/api/queue/config', undefined, clerk);
    const location = (config.locations as { id: string; hours: { dates: Record<string, string[][]> } }[]).find((l) => l.id === q.vehicle)!;
    expect(location.hours.dates[DAY]).toHaveLength(6);
    expect(location.hours.dates[DAY]!.at(-1)).toEqual(['14:00', '14:40']);
  });

  it('an arrival kept in the outbox while offline shows on the live page once it is sent; departing moves the vehicle on', async () => {
    p.clock.now = new Date('2026-12-01T00:50:00Z'); // 09:50 in Japan, between the first and second stop
    expect((await live()).vehicles[0]).toMatchObject({ current: null, next: { stopName: '第2停車場' }, lastReportAt: null });
    // Offline: only the outbox knows.
    await tablet.outbox.append('outreach.stop_progress', { routeStopId: routeStops[1], stage: 'arrived', at: '2026-12-01T00:48:00.000Z' });
    expect((await live()).vehicles[0]!.current).toBeNull();
    // Online again.
    expect(await tablet.outbox.sync(tablet.transport)).toMatchObject({ error: null, pending: 0, stored: 1 });
    const arrived = (await live()).vehicles[0]!;
    expect(arrived.current?.stopName).toBe('第2停車場');
    expect(arrived.next?.stopName).toBe('第3停車場');
    expect(arrived.lastReportAt).toBe('2026-12-01T00:48:00.000Z');

    p.clock.now = new Date('2026-12-01T01:45:00Z'); // 10:45: the window has ended, the vehicle is still there
    expect((await live()).vehicles[0]!.current?.stopName).toBe('第2停車場');
    await tablet.outbox.append('outreach.stop_progress', { routeStopId: routeStops[1], stage: 'departed', at: '2026-12-01T01:45:00.000Z' });
    await tablet.outbox.sync(tablet.transport);
    const left = (await live()).vehicles[0]!;
    expect(left.current).toBeNull();
    expect(left.next?.stopName).toBe('第3停車場');
  });

  it('arriving at the next stop without pressing 出発 closes the previous one; a tablet clock ahead of the server is not believed', async () => {
    p.clock.now = new Date('2026-12-01T02:05:00Z'); // 11:05
    await tablet.outbox.append('outreach.stop_progress', { routeStopId: routeStops[2], stage: 'arrived', at: '2026-12-01T02:04:00.000Z' });
    await tablet.outbox.append('outreach.stop_progress', { routeStopId: routeStops[3], stage: 'arrived', at: '2026-12-01T09:00:00.000Z' }); // 7 hours ahead
    await tablet.outbox.sync(tablet.transport);
    expect((await live()).vehicles[0]!.current?.stopName).toBe('第4停車場');
    const rows = await p.services.db.selectFrom('outreach_route_stop').select(['id', 'arrived_at', 'departed_at']).where('municipality_id', '=', f.a.municipalityId).where('id', 'in', routeStops.slice(2, 4)).execute();
    const third = rows.find((r) => r.id === routeStops[2])!;
    const fourth = rows.find((r) => r.id === routeStops[3])!;
    expect(new Date(third.departed_at!).toISOString()).toBe(p.services.now().toISOString());
    expect(new Date(fourth.arrived_at!).toISOString()).toBe(p.services.now().toISOString());
    expect(fourth.departed_at).toBeNull();
  });

  it('refuses, as a conflict for review, a stop of a route this tablet is not on and a malformed report; nothing moves', async () => {
    const ingest = (deviceId: string, payload: unknown) => p.services.db.transaction().execute((trx) => handleVehicleEvent(trx, p.services, {
      municipalityId: f.a.municipalityId, deviceId, opId: randomUUID(), kind: 'outreach.stop_progress', payload, deviceTime: null,
    }));
    const notOurs = await ingest(stranger.deviceId, { routeStopId: routeStops[5], stage: 'arrived', at: '2026-12-01T02:06:00.000Z' });
    expect(notOurs).toMatchObject({ status: 'conflict', reason: 'この端末が乗る公開済みの運行の停車場所ではありません。運行計画の端末の指定を確認してください。' });
    expect(await ingest(tablet.deviceId, { routeStopId: routeStops[5], stage: 'parked', at: '2026-12-01T02:06:00.000Z' })).toMatchObject({ status: 'conflict' });
    expect(await ingest(tablet.deviceId, { routeStopId: randomUUID(), stage: 'arrived', at: '2026-12-01T02:06:00.000Z' })).toMatchObject({ status: 'conflict' });
    expect((await live()).vehicles[0]!.current?.stopName).toBe('第4停車場');
  });

  it('on the day itself the route is no longer edited (a stop the vehicle cannot reach is cancelled instead)', async () => {
    const cookie = await loginAs(p, f.a, 'admin');
    const route = await ok('GET', `/api/outreach/routes?from=${DAY}&to=${DAY}`, undefined, cookie);
    const [today] = route.items as { id: string; stops: { stopId: string; start: string; end: string; serviceIds: string[] }[] }[];
    const res = await call(p, 'PUT', `/api/outreach/routes/${today!.id}`, { cookie, body: { date: DAY, slotMinutes: 30, slotCapacity: 1, deviceIds: [tablet.deviceId], stops: today!.stops.slice(0, 5).map(({ stopId, start, end, serviceIds }) => ({ stopId, start, end, serviceIds })) } });
    expect(res.status).toBe(409);
    expect(res.code).toBe('OUTREACH_ROUTE_PAST');
    expect(((await ok('GET', `/api/outreach/routes/${today!.id}`, undefined, cookie)).stops as unknown[])).toHaveLength(6);
  });
});
