import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform';
import { PASSWORD, call, loginAs, seedFixtures, type Fixtures } from '../../../../test/support/fixtures';
import { configureJpkiVerification } from '../../online/signing';
import { SimulatedJpkiRevocation } from '../../online/signing-demo';
import { addBeneficiary, addTerminal, issueTestCards, seedTaxiWorld, type TaxiWorld, type TestCard } from './test-support';
import { enrolTestDevice } from '../../devices/test-support';
import { simulatedTerminal } from './sim-terminal';
import type { BoardingDecision } from '../../../../../web/src/features/taxi/terminal/logic/engine';

let p: TestPlatform;
let f: Fixtures;
let admin: string;
let world: TaxiWorld;
let cards: TestCard[];
let expired: TestCard;
let revocation: SimulatedJpkiRevocation;
let issuers: Awaited<ReturnType<typeof issueTestCards>>['issuers'];

const HOUR = 3600_000;
const ok = (d: BoardingDecision) => {
  if (!d.ok) throw new Error(`refused: ${d.refusal.code}`);
  return d;
};

beforeAll(async () => {
  // 2026-11-27 10:00 JST
  p = await createTestPlatform({ start: new Date('2026-11-27T01:00:00Z') });
  f = await seedFixtures(p);
  admin = await loginAs(p, f.a, 'admin');
  world = await seedTaxiWorld(p, f.a);
  const issued = await issueTestCards(4);
  issuers = issued.issuers;
  cards = issued.cards;
  expired = (await issueTestCards(1, { issuers: issued.issuers, notAfter: new Date('2026-06-30T00:00:00Z') })).cards[0]!;
  revocation = new SimulatedJpkiRevocation(issued.issuers);
  configureJpkiVerification(p.services, revocation.verification());
  await addBeneficiary(p, f.a, world, f.residents.masako, cards[0]!);
  await addBeneficiary(p, f.a, world, f.residents.taro, cards[1]!, { status: 'suspended' });
  await addBeneficiary(p, f.a, world, f.residents.hanako, expired);
});
afterAll(() => p.close());

async function rides() {
  return p.services.db.selectFrom('taxi_ride').selectAll().where('municipality_id', '=', f.a.municipalityId).orderBy('boarded_at').execute();
}

describe('taxi terminal: online boarding', () => {
  it('records the issue scenario: a ¥2,400 ride of which ¥1,000 is subsidised', async () => {
    const device = await addTerminal(p, f.a, world, admin, '1号車');
    const { engine } = simulatedTerminal(p, device);
    expect((await engine.refreshList()).ok).toBe(true);
    expect(await engine.signInDriver('1001', '4321')).toMatchObject({ name: '佐藤 運転手' });
    expect(await engine.signInDriver('1001', '0000')).toBeNull();

    const decision = ok(await engine.board(cards[0]!.certificate));
    expect(decision).toMatchObject({ mode: 'online', givenName: '正子', remaining: { day: 2, month: null, year: 70 } });
    const done = await engine.confirm(decision, 2400, '1001');
    expect(done).toMatchObject({ ok: true, split: { fare: 2400, subsidy: 1000, passenger: 1400 }, synced: true });

    const [ride] = await rides();
    expect(ride).toMatchObject({ status: 'accepted', fare_yen: 2400, subsidy_yen: 1000, passenger_yen: 1400, terminal_subsidy_yen: 1000, offline: false, rule_version: 1 });
    const context = await p.services.db.selectFrom('taxi_ride_context').selectAll().where('ride_id', '=', ride!.id).executeTakeFirstOrThrow();
    expect(context).toMatchObject({ authorisation: 'online', driver_code: '1001' });
    // The next boarding sees one ride used today.
    expect(ok(await engine.board(cards[0]!.certificate)).remaining).toMatchObject({ day: 1, year: 69 });
    const audit = await p.services.db.selectFrom('audit_event').select(['action', 'subject_id']).where('municipality_id', '=', f.a.municipalityId)
      .where('action', 'in', ['taxi.boarding_checked', 'taxi.ride_recorded', 'taxi.list_issued']).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['taxi.boarding_checked', 'taxi.ride_recorded', 'taxi.list_issued']));
    expect(audit.find((a) => a.action === 'taxi.ride_recorded')?.subject_id).toBe(f.residents.masako);
  });

  it('refuses in words a driver understands, and changes nothing', async () => {
    const device = await addTerminal(p, f.a, world, admin, '2号車');
    const { engine } = simulatedTerminal(p, device);
    await engine.refreshList();
    const before = (await rides()).length;
    const refusal = async (card: Uint8Array) => {
      const d = await engine.board(card);
      if (d.ok) throw new Error('expected a refusal');
      return d.refusal;
    };
    expect(await refusal(cards[3]!.certificate)).toMatchObject({ code: 'CARD_NOT_REGISTERED', advice: expect.stringContaining('運賃は全額お客様のお支払いです') });
    expect((await refusal(cards[1]!.certificate)).code).toBe('BENEFICIARY_SUSPENDED');
    expect((await refusal(expired.certificate)).code).toBe('CERT_EXPIRED');
    const stranger = await issueTestCards(1);
    expect((await refusal(stranger.cards[0]!.certificate)).code).toBe('CERT_INVALID');

    const decision = ok(await engine.board(cards[0]!.certificate));
    expect(await engine.confirm(decision, 0, '1001')).toEqual({ ok: false, fareProblem: 'FARE_ZERO' });
    expect(await engine.confirm(decision, 999_999, '1001')).toEqual({ ok: false, fareProblem: 'FARE_TOO_HIGH' });
    expect((await rides()).length).toBe(before);
    expect((await engine.status()).pending).toBe(0);
  });

  it('refuses a revoked certificate online', async () => {
    const device = await addTerminal(p, f.a, world, admin, '3号車');
    const { engine } = simulatedTerminal(p, device);
    // The revocation list is the CA's: revoke the bound card of a new beneficiary by its real serial.
    const { parseCertificate, serialNumberHex } = await import('@madoguchi/card/node');
    await addBeneficiary(p, f.a, world, f.residents.ichiro, cards[2]!);
    revocation.revoke(BigInt(`0x${serialNumberHex(parseCertificate(cards[2]!.certificate))}`), new Date('2026-11-01T00:00:00Z'));
    const d = await engine.board(cards[2]!.certificate);
    expect(d.ok ? 'allowed' : d.refusal.code).toBe('CERT_REVOKED');
  });

  it('the daily cap is enforced online after two rides', async () => {
    const device = await addTerminal(p, f.a, world, admin, '4号車');
    const { engine } = simulatedTerminal(p, device);
    p.clock.advance(HOUR);
    // One ride today already (the first test); one more is allowed, then the cap.
    const d = ok(await engine.board(cards[0]!.certificate));
    expect(d.remaining.day).toBe(1);
    expect((await engine.confirm(d, 1800, '1001')).ok).toBe(true);
    const third = await engine.board(cards[0]!.certificate);
    expect(third.ok ? 'allowed' : third.refusal.code).toBe('DAILY_CAP_REACHED');
  });

  it('device routes refuse staff sessions and bad certificates', async () => {
    expect((await call(p, 'GET', '/api/taxi/terminal/list', { cookie: admin })).status).toBe(401);
    const device = await addTerminal(p, f.a, world, admin, '5号車');
    const res = await device.transport.request('POST', '/taxi/terminal/boarding', { certificate: 'not base64!' }, device.outbox.authorizer()).catch((e: { status: number; code: string }) => e);
    expect(res).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('drivers are managed by the city and by the operator\'s own office, not by another operator', async () => {
    const { createStaff } = await import('../../staff/service');
    const officeId = await createStaff(p.services, null, f.a.municipalityId, { loginId: 'office', displayName: '事務所', password: PASSWORD, roles: ['taxi_operator'], departmentIds: [] });
    await p.services.db.insertInto('taxi_operator_staff').values({ municipality_id: f.a.municipalityId, staff_id: officeId, operator_id: world.operatorId }).execute();
    const office = await loginAs(p, f.a, 'office');
    const created = await call(p, 'POST', `/api/taxi/operators/${world.operatorId}/drivers`, { cookie: office, body: { code: '2002', name: '鈴木 運転手', pin: '1234' } });
    expect(created.status).toBe(201);
    const listed = await call(p, 'GET', `/api/taxi/operators/${world.operatorId}/drivers`, { cookie: office });
    expect((listed.body as { drivers: { code: string }[] }).drivers.map((d) => d.code)).toEqual(['1001', '2002']);
    expect((await call(p, 'POST', `/api/taxi/operators/${world.operatorId}/drivers`, { cookie: office, body: { code: '2002', name: '重複', pin: '1234' } })).code).toBe('TAXI_DRIVER_CODE_TAKEN');
    expect((await call(p, 'POST', `/api/taxi/operators/${world.operatorId}/drivers`, { cookie: office, body: { code: '3003', name: '短い', pin: '12' } })).status).toBe(400);
    const other = await seedTaxiWorld(p, f.a, { suffix: '-other' });
    expect((await call(p, 'GET', `/api/taxi/operators/${other.operatorId}/drivers`, { cookie: office })).status).toBe(404);
    expect((await call(p, 'GET', `/api/taxi/operators/${other.operatorId}/drivers`, { cookie: admin })).status).toBe(200);
  });

  it('a driver can be disabled, re-enabled and given a new PIN; the terminal list follows, and each change is audited', async () => {
    const { hashDriverPin } = await import('./drivers');
    const created = await call(p, 'POST', `/api/taxi/operators/${world.operatorId}/drivers`, { cookie: admin, body: { code: '4004', name: '高橋 運転手', pin: '1111' } });
    const driverId = (created.body as { id: string }).id;
    const device = await addTerminal(p, f.a, world, admin, '乗務員確認車');
    const listDrivers = async () => ((await device.transport.request('GET', '/taxi/terminal/list', undefined, device.outbox.authorizer())) as { list: { body: { drivers: { code: string; pinHash: string; salt: string }[] } } }).list.body.drivers;
    expect((await listDrivers()).map((d) => d.code)).toContain('4004');

    const disabled = await call(p, 'PATCH', `/api/taxi/operators/${world.operatorId}/drivers/${driverId}`, { cookie: admin, body: { active: false } });
    expect(disabled.body).toMatchObject({ code: '4004', active: false });
    expect((await listDrivers()).map((d) => d.code)).not.toContain('4004');

    expect((await call(p, 'PATCH', `/api/taxi/operators/${world.operatorId}/drivers/${driverId}`, { cookie: admin, body: { pin: '12a4' } })).status).toBe(400);
    expect((await call(p, 'PATCH', `/api/taxi/operators/${world.operatorId}/drivers/${driverId}`, { cookie: admin, body: {} })).code).toBe('TAXI_DRIVER_NOTHING_TO_CHANGE');
    expect((await call(p, 'PATCH', `/api/taxi/operators/${world.operatorId}/drivers/${crypto.randomUUID()}`, { cookie: admin, body: { active: true } })).code).toBe('TAXI_DRIVER_NOT_FOUND');
    const other = await seedTaxiWorld(p, f.a, { suffix: '-driver-other' });
    expect((await call(p, 'PATCH', `/api/taxi/operators/${other.operatorId}/drivers/${driverId}`, { cookie: admin, body: { active: true } })).code).toBe('TAXI_DRIVER_NOT_FOUND');
    const still = await p.services.db.selectFrom('taxi_driver').select(['active', 'pin_hash']).where('id', '=', driverId).executeTakeFirstOrThrow();
    expect(still.active).toBe(false);

    const reset = await call(p, 'PATCH', `/api/taxi/operators/${world.operatorId}/drivers/${driverId}`, { cookie: admin, body: { active: true, pin: '9876' } });
    expect(reset.body).toMatchObject({ active: true });
    const listed = (await listDrivers()).find((d) => d.code === '4004')!;
    expect(listed.pinHash).toBe(hashDriverPin('9876', listed.salt));
    expect(listed.pinHash).not.toBe(still.pin_hash.trim());
    const audits = await p.services.db.selectFrom('audit_event').select(['action', 'details']).where('municipality_id', '=', f.a.municipalityId).where('subject_id', '=', driverId).where('action', '=', 'taxi.driver_update').execute();
    expect(audits).toHaveLength(2);
    expect(JSON.stringify(audits)).not.toContain('9876');
  });

  it('an administrator links a terminal to a taxi device from 端末の管理, and refuses a device that is not free or not a taxi', async () => {
    const first = await addTerminal(p, f.a, world, admin, '交換前の車');
    const second = await addTerminal(p, f.a, world, admin, '別の車');
    const path = `/api/taxi/operators/${world.operatorId}/terminals/${first.terminalId}/device`;
    expect((await call(p, 'PUT', path, { cookie: admin, body: { deviceId: second.deviceId } })).code).toBe('TAXI_DEVICE_IN_USE');
    const tablet = await enrolTestDevice(p, admin, { kind: 'vehicle', label: '移動市役所' });
    expect((await call(p, 'PUT', path, { cookie: admin, body: { deviceId: tablet.deviceId } })).code).toBe('TAXI_DEVICE_NOT_TAXI');
    expect((await call(p, 'PUT', path, { cookie: admin, body: { deviceId: crypto.randomUUID() } })).code).toBe('TAXI_DEVICE_UNKNOWN');
    const unchanged = await p.services.db.selectFrom('taxi_terminal').select('device_id').where('id', '=', first.terminalId).executeTakeFirstOrThrow();
    expect(unchanged.device_id).toBe(first.deviceId);

    const unlinked = await call(p, 'PUT', path, { cookie: admin, body: { deviceId: null } });
    expect(unlinked.status).toBe(200);
    // The unlinked tablet is no longer a taxi terminal.
    const refused = await first.transport.request('GET', '/taxi/terminal/list', undefined, first.outbox.authorizer()).catch((e: { code: string }) => e);
    expect(refused).toMatchObject({ code: 'TAXI_TERMINAL_UNKNOWN' });
    const replacement = await enrolTestDevice(p, admin, { kind: 'taxi', label: '交換後の車' });
    const linked = await call(p, 'PUT', path, { cookie: admin, body: { deviceId: replacement.deviceId } });
    const terminal = (linked.body as { operator: { terminals: { id: string; deviceId: string | null }[] } }).operator.terminals.find((t) => t.id === first.terminalId);
    expect(terminal?.deviceId).toBe(replacement.deviceId);
    const list = await replacement.transport.request('GET', '/taxi/terminal/list', undefined, replacement.outbox.authorizer()) as { list: { body: { deviceId: string } } };
    expect(list.list.body.deviceId).toBe(replacement.deviceId);
  });

  it('a revoked terminal is told so in words, not as a problem with the card', async () => {
    const device = await addTerminal(p, f.a, world, admin, '盗難車');
    const { engine } = simulatedTerminal(p, device);
    await engine.refreshList();
    const revoked = await call(p, 'POST', `/api/devices/${device.deviceId}/revoke`, { cookie: admin, body: { reason: '盗難' } });
    expect(revoked.status).toBeLessThan(300);
    const d = await engine.board(cards[0]!.certificate);
    expect(d.ok ? 'allowed' : d.refusal).toMatchObject({ title: 'この端末では確認できません', advice: expect.stringContaining('利用停止') });
  });

  it('training mode records nothing and asks the server nothing', async () => {
    const device = await addTerminal(p, f.a, world, admin, '練習車');
    const { engine, transport } = simulatedTerminal(p, device);
    transport.online = false;
    const d = ok(await engine.board(cards[0]!.certificate, { training: true }));
    expect(d.mode).toBe('training');
    const before = (await rides()).length;
    expect(await engine.confirm(d, 2400, '1001')).toMatchObject({ ok: true, split: { subsidy: 1000, passenger: 1400 }, opId: null });
    expect((await engine.status()).pending).toBe(0);
    expect((await rides()).length).toBe(before);
  });
});

describe('taxi terminal: what the server does with events it cannot trust', () => {
  it('stores a ride decided with a list the terminal never received, with that evidence; refuses an event that is not a ride', async () => {
    admin = await loginAs(p, f.a, 'admin');
    const device = await addTerminal(p, f.a, world, admin, '9号車');
    p.clock.now = new Date('2026-12-10T01:00:00Z');
    await device.outbox.append('taxi.ride', {
      v: 1, programmeId: world.programmeId, ruleVersion: 1, binding: cards[0]!.sha256, boardedAt: p.clock.now.toISOString(),
      fareYen: 2000, subsidyYen: 1000, passengerYen: 1000, authorisation: 'offline', listId: crypto.randomUUID(), driverCode: '1001',
    });
    await device.outbox.append('taxi.ride', { v: 1, fareYen: 'lots' });
    const report = await device.outbox.sync(device.transport);
    expect(report.error).toBeNull();
    const stored = await p.services.db.selectFrom('taxi_ride').selectAll().where('device_id', '=', device.deviceId).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ status: 'accepted', subsidy_yen: 1000, offline: true });
    expect((stored[0]!.exception_details as { listCheck?: string }).listCheck).toBe('unknown_list');
    const events = await p.services.db.selectFrom('device_event').select(['seq', 'status']).where('device_id', '=', device.deviceId).orderBy('seq').execute();
    expect(events.map((e) => e.status)).toEqual(['accepted', 'rejected']);
  });
});

describe('taxi terminal: offline', () => {
  it('two terminals offline the same day with the same card are reconciled to the daily cap with an exception', async () => {
    p.clock.now = new Date('2026-11-28T00:00:00Z'); // 09:00 JST, a new day
    admin = await loginAs(p, f.a, 'admin');
    const one = simulatedTerminal(p, await addTerminal(p, f.a, world, admin, '6号車'));
    const two = simulatedTerminal(p, await addTerminal(p, f.a, world, admin, '7号車'));
    expect((await one.engine.refreshList()).ok).toBe(true);
    expect((await two.engine.refreshList()).ok).toBe(true);
    one.transport.online = false;
    two.transport.online = false;

    for (const t of [one, two]) {
      for (let i = 0; i < 2; i++) {
        p.clock.advance(20 * 60_000);
        const d = ok(await t.engine.board(cards[0]!.certificate));
        expect(d.mode).toBe('offline');
        expect(d.givenName).toBe('正子');
        expect(await t.engine.confirm(d, 2400, '1001')).toMatchObject({ ok: true, split: { subsidy: 1000 }, synced: false });
      }
      // The terminal's own daily cap.
      const third = await t.engine.board(cards[0]!.certificate);
      expect(third.ok ? 'allowed' : third.refusal.code).toBe('DAILY_CAP_REACHED');
    }
    expect((await one.engine.status()).pending).toBe(2);

    one.transport.online = true;
    two.transport.online = true;
    expect((await one.engine.sync()).error).toBeNull();
    expect((await two.engine.sync()).error).toBeNull();
    expect((await one.engine.status()).pending).toBe(0);

    const today = (await rides()).filter((r) => new Date(r.boarded_at) >= new Date('2026-11-27T15:00:00Z') && new Date(r.boarded_at) < new Date('2026-11-28T15:00:00Z'));
    expect(today.map((r) => r.status)).toEqual(['accepted', 'accepted', 'over_cap', 'over_cap']);
    expect(today.every((r) => r.offline)).toBe(true);
    expect(today.filter((r) => r.status === 'over_cap').map((r) => [r.exception_reason, r.subsidy_yen, r.terminal_subsidy_yen])).toEqual([['perDay', 0, 1000], ['perDay', 0, 1000]]);
    expect(today.reduce((n, r) => n + r.subsidy_yen, 0)).toBe(2000);
    // The same card in another taxi within the window is noted on the ride.
    expect((today[2]!.exception_details as { sameCard?: unknown }).sameCard).toBeTruthy();

    // Each offline ride names the list it was decided with, issued to its terminal.
    expect(today.every((r) => (r.exception_details as { listCheck?: string }).listCheck === undefined)).toBe(true);
    // Sending again stores nothing twice.
    const again = await one.engine.sync();
    expect(again.sent).toBe(0);
    expect((await rides()).length).toBe((await rides()).length);
  });

  it('a beneficiary suspended while a terminal was offline: rides boarded before stay theirs, rides after are exceptions', async () => {
    p.clock.now = new Date('2026-12-01T00:00:00Z');
    admin = await loginAs(p, f.a, 'admin');
    // Its own programme and operator, so the residents of the other tests are free to take part.
    const own = await seedTaxiWorld(p, f.a, { suffix: '-susp' });
    const t = simulatedTerminal(p, await addTerminal(p, f.a, own, admin, '10号車'));
    const [card] = (await issueTestCards(1, { issuers })).cards;
    const id = await addBeneficiary(p, f.a, own, f.residents.ichiro, card!, { number: 'R8-SUSP' });
    await p.services.db.insertInto('taxi_beneficiary_event').values({ municipality_id: f.a.municipalityId, id: crypto.randomUUID(), beneficiary_id: id, at: p.clock.now, kind: 'decided', from_status: null, to_status: 'active', reason: 'テスト', staff_id: null }).execute();
    p.clock.advance(60_000);
    expect((await t.engine.refreshList()).ok).toBe(true);
    t.transport.online = false;
    p.clock.advance(30 * 60_000);
    expect((await t.engine.confirm(ok(await t.engine.board(card!.certificate)), 1500, '1001')).ok).toBe(true);
    p.clock.advance(30 * 60_000);
    // The city suspends the beneficiary (moved out); the terminal, offline, still has the old list.
    await p.services.db.updateTable('taxi_beneficiary').set({ status: 'suspended' }).where('id', '=', id).execute();
    await p.services.db.insertInto('taxi_beneficiary_event').values({ municipality_id: f.a.municipalityId, id: crypto.randomUUID(), beneficiary_id: id, at: p.clock.now, kind: 'status', from_status: 'active', to_status: 'suspended', reason: '転出', staff_id: null }).execute();
    p.clock.advance(30 * 60_000);
    expect((await t.engine.confirm(ok(await t.engine.board(card!.certificate)), 1500, '1001')).ok).toBe(true);
    t.transport.online = true;
    expect((await t.engine.sync()).error).toBeNull();
    const stored = await p.services.db.selectFrom('taxi_ride').selectAll().where('beneficiary_id', '=', id).orderBy('boarded_at').execute();
    expect(stored.map((r) => [r.status, r.exception_reason, r.subsidy_yen])).toEqual([['accepted', null, 750], ['rejected', 'beneficiary_suspended', 0]]);
    expect((stored[0]!.exception_details as { suspendedAfterBoarding?: boolean }).suspendedAfterBoarding).toBe(true);
    // Online, the card is refused at once; the next list denies it.
    const d = await t.engine.board(card!.certificate);
    expect(d.ok ? 'allowed' : d.refusal.code).toBe('BENEFICIARY_SUSPENDED');
    expect((await t.engine.refreshList()).ok).toBe(true);
    expect(t.engine.list()!.body.deny).toContainEqual({ binding: card!.sha256, reason: 'suspended' });
  });

  it('refuses to subsidise with a list that is too old or has been altered', async () => {
    admin = await loginAs(p, f.a, 'admin');
    const t = simulatedTerminal(p, await addTerminal(p, f.a, world, admin, '8号車'));
    await t.engine.refreshList();
    t.transport.online = false;
    // Altered: a card added to the stored list.
    const stored = t.engine.list()!;
    const forged = { ...stored, body: { ...stored.body, allow: [...stored.body.allow, { binding: cards[3]!.sha256, givenName: '偽造', usedDay: 0, usedMonth: 0, usedYear: 0 }] } };
    const storage = (t.engine as unknown as { ['#storage']: unknown });
    void storage;
    (t.engine as unknown as { list: () => unknown }).list = () => forged;
    const d = await t.engine.board(cards[3]!.certificate);
    expect(d.ok ? 'allowed' : d.refusal.code).toBe('LIST_SIGNATURE_INVALID');
    delete (t.engine as unknown as { list?: unknown }).list;

    p.clock.advance(49 * HOUR);
    const old = await t.engine.board(cards[0]!.certificate);
    expect(old.ok ? 'allowed' : old.refusal).toMatchObject({ code: 'LIST_TOO_OLD', advice: expect.stringContaining('全額') });
  });

  it('erases the list at 乗務終了 and once it is too old, keeping the rides not yet delivered', async () => {
    admin = await loginAs(p, f.a, 'admin');
    const t = simulatedTerminal(p, await addTerminal(p, f.a, world, admin, '消去確認車'));
    expect((await t.engine.refreshList()).ok).toBe(true);
    t.transport.online = false;
    const d = ok(await t.engine.board(cards[0]!.certificate));
    expect(d.mode).toBe('offline');
    expect((await t.engine.confirm(d, 2000, '1001')).ok).toBe(true);
    // A fresh list is not erased at page start.
    expect(t.engine.eraseList({ expiredOnly: true })).toBe(false);
    expect(t.engine.list()).not.toBeNull();
    // 乗務終了: the names and hashes go; the undelivered ride stays (money owed to the operator).
    expect(t.engine.eraseList()).toBe(true);
    expect(t.engine.list()).toBeNull();
    expect(t.engine.ledger()).toEqual([expect.objectContaining({ binding: cards[0]!.sha256, synced: false })]);
    const refused = await t.engine.board(cards[0]!.certificate);
    expect(refused.ok ? 'allowed' : refused.refusal.code).toBe('LIST_MISSING');
    // Back online: the ride is delivered, a new list is taken.
    t.transport.online = true;
    expect((await t.engine.sync()).error).toBeNull();
    expect((await t.engine.refreshList()).ok).toBe(true);
    expect(t.engine.ledger().every((e) => e.synced)).toBe(true);
    // Past its maximum age (48 h) the list is erased at page start, with the delivered rides.
    p.clock.advance(49 * HOUR);
    expect(t.engine.eraseList({ expiredOnly: true })).toBe(true);
    expect(t.engine.list()).toBeNull();
    expect(t.engine.ledger()).toEqual([]);
  });
});
