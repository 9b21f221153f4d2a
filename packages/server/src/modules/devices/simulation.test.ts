import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { registerDeviceEventHandler } from './registry';
import { DeviceSimulation, type NetMode, type SimDevice } from './simulate';
import { enrolTestDevice } from './test-support';

/**
 * The simulator against the real server code and database: scripted faults, then the properties —
 * every acknowledged event is stored exactly once, no event is accepted twice, acknowledged payloads
 * are gone from the device, nothing is stored that the device did not make, and every anomaly is reported.
 */
let p: TestPlatform;
let f: Fixtures;
let admin: string;
let runNo = 0;

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  admin = await loginAs(p, f.a, 'admin');
  registerDeviceEventHandler('sim.case', async (_trx, ctx) => ({ status: 'accepted', result: { seq: ctx.event.seq } }));
});
afterAll(async () => {
  await p.close();
});

const rowsOf = (deviceId: string) => p.services.db.selectFrom('device_event').select(['seq', 'op_id', 'hash', 'payload']).where('municipality_id', '=', f.a.municipalityId).where('device_id', '=', deviceId).orderBy('seq').execute();
const anomaliesOf = (deviceId: string) => p.services.db.selectFrom('device_anomaly').select(['kind', 'details']).where('municipality_id', '=', f.a.municipalityId).where('device_id', '=', deviceId).execute();

/** The properties every simulated device must satisfy once the network has healed. */
async function checkProperties(sim: DeviceSimulation, dev: SimDevice, storedAtRevocation: number | null) {
  const rows = await rowsOf(dev.deviceId);
  const made = new Map(dev.made.map((e) => [e.opId, e]));
  // Nothing stored that the device did not make, with the same seq and hash; seqs consecutive from 1
  // except where the device lost storage and declared the gap.
  for (const r of rows) {
    const e = made.get(r.op_id);
    expect(e, `server holds an event ${dev.name} never made`).toBeDefined();
    expect([Number(r.seq), r.hash]).toEqual([e!.seq, e!.hash]);
  }
  expect(new Set(rows.map((r) => r.op_id)).size).toBe(rows.length);
  // No event accepted twice: at most one first-time acknowledgement per op id.
  for (const e of dev.made) {
    const firsts = sim.acknowledgements(dev, e.opId).filter((r) => r.status !== 'duplicate');
    expect(firsts.length, `${dev.name} seq ${e.seq} acknowledged as new ${firsts.length} times`).toBeLessThanOrEqual(1);
    // Every acknowledged event is stored, exactly once.
    if (sim.acknowledgements(dev, e.opId).length > 0) expect(rows.filter((r) => r.op_id === e.opId)).toHaveLength(1);
  }
  // Acknowledged events' payloads are gone from the device.
  const snap = dev.store.snapshot();
  const stored = new Set(rows.map((r) => r.op_id));
  for (const rec of snap.records) {
    if (rec.state === 'acknowledged') expect(rec.event).toBeNull();
    if (stored.has(rec.opId)) expect(rec.state === 'pending' ? 'pending-but-stored' : rec.state).not.toBe('pending-but-stored');
  }
  const text = JSON.stringify(snap.records);
  for (const e of dev.made) if (stored.has(e.opId)) expect(text).not.toContain((e.payload as { marker: string }).marker + '"');

  const kinds = new Set((await anomaliesOf(dev.deviceId)).map((a) => a.kind));
  // Every refusal the server sent is backed by an anomaly an admin sees.
  const refusals = [...dev.replies.values()].flat().filter((r) => r.status === 'refused');
  if (refusals.length > 0) expect(kinds.size).toBeGreaterThan(0);
  if (refusals.some((r) => r.status === 'refused' && r.code === 'DEVICE_EVENT_TAMPERED')) expect(kinds.has('bad_hash')).toBe(true);
  if (refusals.some((r) => r.status === 'refused' && r.code === 'DEVICE_EVENT_REPLAYED')) expect(kinds.has('replay')).toBe(true);
  if (dev.clockOffsetMs !== 0 && rows.length > 0) expect(kinds.has('clock_skew')).toBe(true);

  if (storedAtRevocation !== null) {
    // Revoked: nothing more accepted; what it still had is kept on the device and reported.
    expect(rows.length).toBe(storedAtRevocation);
    const left = snap.records.filter((r) => r.state !== 'acknowledged');
    expect(left.every((r) => r.event !== null)).toBe(true);
    if (left.length > 0) expect(kinds.has('revoked_device')).toBe(true);
  } else {
    // Healed and active: everything the device still has is stored; what it lost is reported as a gap.
    expect(snap.records.filter((r) => r.state !== 'acknowledged')).toEqual([]);
    const missing = dev.made.filter((e) => !stored.has(e.opId));
    for (const e of missing) expect(dev.lost, `${dev.name} seq ${e.seq} neither stored nor lost`).toContain(e.seq);
    if (missing.length > 0) expect(kinds.has('gap')).toBe(true);
  }
}

type Action =
  | { t: 'append'; d: number; n: number }
  | { t: 'sync'; d: number }
  | { t: 'net'; d: number; mode: NetMode }
  | { t: 'advance'; ms: number }
  | { t: 'tamper'; d: number; i: number }
  | { t: 'replay'; d: number; i: number }
  | { t: 'stale'; d: number; i: number }
  | { t: 'resend'; d: number; i: number }
  | { t: 'revoke'; d: number }
  | { t: 'lose'; d: number; n: number }
  | { t: 'concurrent' };

const DEVICES = 3;
const d = fc.integer({ min: 0, max: DEVICES - 1 });
const i = fc.nat(50);
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ t: fc.constant('append' as const), d, n: fc.integer({ min: 1, max: 4 }) }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('sync' as const), d }) },
  { weight: 4, arbitrary: fc.record({ t: fc.constant('net' as const), d, mode: fc.constantFrom<NetMode>('ok', 'partitioned', 'drop_reply', 'duplicate', 'reorder') }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('advance' as const), ms: fc.integer({ min: 1000, max: 20 * 60_000 }) }) },
  { weight: 2, arbitrary: fc.record({ t: fc.constant('tamper' as const), d, i }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('replay' as const), d, i }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('stale' as const), d, i }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('resend' as const), d, i }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('lose' as const), d, n: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 1, arbitrary: fc.constant({ t: 'concurrent' as const }) },
);
const script = fc.tuple(fc.array(action, { minLength: 10, maxLength: 45 }), fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.record({ d, at: fc.nat(44) }) }));

describe('simulated devices (property)', () => {
  it('exactly once, nothing accepted twice, payloads erased after acknowledgement, anomalies reported', async () => {
    await fc.assert(fc.asyncProperty(script, async ([actions, revocation]) => {
      runNo += 1;
      // Sessions last for hours; the script moves the clock, so log in again each run.
      admin = await loginAs(p, f.a, 'admin');
      const sim = new DeviceSimulation(p, admin);
      for (let k = 0; k < DEVICES; k++) {
        // The second device's clock is five hours slow.
        await sim.addDevice(`sim${runNo}-${k}`, { clockOffsetMs: k === 1 ? -5 * 60 * 60 * 1000 : 0, batchSize: 3 });
      }
      const storedAtRevocation = new Map<number, number>();
      for (let step = 0; step < actions.length; step++) {
        const a = actions[step]!;
        if (revocation && revocation.at === step && !sim.devices[revocation.d]!.revoked) {
          storedAtRevocation.set(revocation.d, (await rowsOf(sim.devices[revocation.d]!.deviceId)).length);
          await sim.revoke(sim.devices[revocation.d]!);
        }
        const dev = 'd' in a ? sim.devices[a.d]! : null;
        switch (a.t) {
          case 'append': await sim.append(dev!, a.n); break;
          case 'sync': await sim.sync(dev!); break;
          case 'net': dev!.net = a.mode; break;
          case 'advance': p.clock.advance(a.ms); break;
          case 'tamper': await sim.tamper(dev!, a.i); break;
          case 'replay': await sim.replayDifferent(dev!, a.i); break;
          case 'stale': {
            const status = await sim.redeliverStale(dev!, a.i);
            if (status !== 0) expect(status).toBe(401);
            break;
          }
          case 'resend': await sim.resendOld(dev!, a.i); break;
          case 'lose': await sim.loseStorage(dev!, a.n); break;
          case 'concurrent': await Promise.all(sim.devices.map((x) => sim.sync(x))); break;
        }
      }
      await sim.settle();
      for (let k = 0; k < DEVICES; k++) await checkProperties(sim, sim.devices[k]!, storedAtRevocation.get(k) ?? null);
    }), { numRuns: 25 });
  }, 240_000);
});

describe('simulated faults (scenarios)', () => {
  it('a partition, then a reply lost after the commit: the resend is a duplicate and nothing is stored twice', async () => {
    const sim = new DeviceSimulation(p, await loginAs(p, f.a, 'admin'));
    const dev = await sim.addDevice('scenario-drop');
    await sim.append(dev, 4);
    dev.net = 'partitioned';
    expect((await sim.sync(dev)).error?.code).toBe('NETWORK');
    dev.net = 'drop_reply';
    const lost = await sim.sync(dev);
    expect(lost.error?.code).toBe('NETWORK');
    expect(await rowsOf(dev.deviceId)).toHaveLength(4);
    expect((await dev.outbox.status()).pending).toBe(4);
    dev.net = 'ok';
    const r = await sim.sync(dev);
    expect(r).toMatchObject({ stored: 0, duplicates: 4, pending: 0 });
    expect(await rowsOf(dev.deviceId)).toHaveLength(4);
  });

  it('storage lost before sync is reported as a gap; later events are still accepted', async () => {
    const sim = new DeviceSimulation(p, await loginAs(p, f.a, 'admin'));
    const dev = await sim.addDevice('scenario-gap');
    await sim.append(dev, 2);
    await sim.sync(dev);
    await sim.append(dev, 4);
    await sim.loseStorage(dev, 2);
    expect(dev.lost).toEqual([3, 4]);
    const r = await sim.sync(dev);
    expect(r).toMatchObject({ gapDeclared: { fromSeq: 3, toSeq: 4 }, stored: 2, pending: 0 });
    expect((await rowsOf(dev.deviceId)).map((x) => Number(x.seq))).toEqual([1, 2, 5, 6]);
    const gaps = (await anomaliesOf(dev.deviceId)).filter((a) => a.kind === 'gap');
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.details).toMatchObject({ fromSeq: 3, toSeq: 4 });
    // The admin's list shows the device with the gap.
    const list = (await (await p.app.request('/api/devices', { headers: { cookie: await loginAs(p, f.a, 'admin') } })).json()) as { anomalies: { deviceId: string; kind: string; label: string }[] };
    expect(list.anomalies.find((a) => a.deviceId === dev.deviceId && a.kind === 'gap')?.label).toBe('記録の欠落（連番の抜け）');
  });

  it('every pending event lost (the head survives): an empty sync finds the gap and reports it', async () => {
    const sim = new DeviceSimulation(p, await loginAs(p, f.a, 'admin'));
    const dev = await sim.addDevice('scenario-gap-all');
    await sim.append(dev, 1);
    await sim.sync(dev);
    await sim.append(dev, 3);
    await sim.loseStorage(dev, 3);
    expect(dev.lost).toEqual([2, 3, 4]);
    const r = await sim.sync(dev);
    expect(r.gapDeclared).toEqual({ fromSeq: 2, toSeq: 4 });
    expect((await anomaliesOf(dev.deviceId)).filter((a) => a.kind === 'gap').map((a) => a.details)).toMatchObject([{ fromSeq: 2, toSeq: 4 }]);
    await sim.append(dev, 1);
    expect((await sim.sync(dev)).stored).toBe(1);
    expect((await rowsOf(dev.deviceId)).map((x) => Number(x.seq))).toEqual([1, 5]);
  });

  it('a revoked device that lost its pending events does not loop: one sync, a bounded number of requests', async () => {
    const sim = new DeviceSimulation(p, await loginAs(p, f.a, 'admin'));
    const dev = await sim.addDevice('scenario-revoked-lost');
    await sim.append(dev, 1);
    await sim.sync(dev);
    await sim.append(dev, 2);
    await sim.loseStorage(dev, 2);
    await sim.revoke(dev);
    const r = await sim.sync(dev);
    expect(r.rounds).toBeLessThanOrEqual(2);
    expect(await rowsOf(dev.deviceId)).toHaveLength(1);
  });

  it('a wiped tablet re-enrolled: the events it had announced are reported lost and its new chain continues the old one', async () => {
    const adminCookie = await loginAs(p, f.a, 'admin');
    const dev = await enrolTestDevice(p, adminCookie, { kind: 'vehicle', label: 'scenario-wipe' });
    for (let k = 0; k < 3; k++) await dev.outbox.append('sim.case', { marker: `w${k}` });
    await dev.outbox.sync(dev.transport);
    for (let k = 0; k < 2; k++) await dev.outbox.append('sim.case', { marker: `w-late${k}` });
    // The device syncs while the server refuses to take more (it only announces its head), then is wiped.
    const partitioned = { ...dev.transport, push: async () => { throw new TypeError('fetch failed'); } };
    await dev.outbox.sync(partitioned);
    // Announce the head with an empty push (what a status heartbeat does).
    const { deviceAuthHeader } = await import('@madoguchi/device-sync');
    const id = (await dev.outbox.identity())!;
    const head = (await dev.store.head())!;
    const body = JSON.stringify({ deviceId: dev.deviceId, head, sentAt: p.clock.now.toISOString(), events: [] });
    await p.app.request('/api/device-sync/push', { method: 'POST', headers: { 'content-type': 'application/json', 'x-device-auth': await deviceAuthHeader(id, 'POST', '/api/device-sync/push', body, p.clock.now.getTime()) }, body });
    await dev.store.clear();
    const re = await p.app.request(`/api/devices/${dev.deviceId}/reenrol`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: adminCookie }, body: '{}' });
    const code = ((await re.json()) as { enrolment: { code: string } }).enrolment.code;
    await dev.outbox.enrol(dev.transport, code);
    const resets = (await anomaliesOf(dev.deviceId)).filter((a) => a.kind === 'storage_reset');
    expect(resets.map((a) => a.details)).toMatchObject([{ lostFromSeq: 4, lostToSeq: 5 }]);
    await dev.outbox.append('sim.case', { marker: 'after-wipe' });
    const r = await dev.outbox.sync(dev.transport);
    expect(r.stored).toBe(1);
    expect((await rowsOf(dev.deviceId)).map((x) => Number(x.seq))).toEqual([1, 2, 3, 4]);
  });

  it('a device clock hours wrong: deviceTime is kept as sent, order comes from seq, the skew is reported', async () => {
    const sim = new DeviceSimulation(p, await loginAs(p, f.a, 'admin'));
    const dev = await sim.addDevice('scenario-clock');
    await sim.append(dev, 1);
    dev.clockOffsetMs = -7 * 60 * 60 * 1000; // someone set the clock back seven hours
    await sim.append(dev, 1);
    const r = await sim.sync(dev);
    expect(r.stored).toBe(2);
    const rows = await p.services.db.selectFrom('device_event').select(['seq', 'device_time']).where('device_id', '=', dev.deviceId).orderBy('seq').execute();
    expect(Date.parse(rows[1]!.device_time)).toBeLessThan(Date.parse(rows[0]!.device_time));
    const skew = (await anomaliesOf(dev.deviceId)).find((a) => a.kind === 'clock_skew');
    expect(Math.round((skew!.details as { skewMs: number }).skewMs / 3_600_000)).toBe(-7);
  });
});
