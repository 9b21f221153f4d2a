import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { legalAgeOn, todayInJapan, type IsoDate } from '@madoguchi/jp';
import type { Database } from '../../platform/db/schema';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { FieldCipher } from '../../platform/crypto/field-encryption';
import type { Services } from '../../platform/http/context';
import { createStaff } from '../staff/service';
import { createBeneficiary } from './beneficiaries';
import { generateClaim, reviewClaim, recordPayment, submitClaim } from './claims';
import { scheduleRegistryCheck } from './jobs';
import { MAEBASHI_STYLE_RULES, fiscalYearMonths, japanMonthRange, japanPeriods, splitFare } from './rules';

/** The demo operator's office login (role taxi_operator, 尾花沢観光タクシー). */
export const DEMO_TAXI_OPERATOR_LOGIN = 'taxi';
/** The 福祉課 reviewer who runs the programme in the demo (claims, reports, anomalies). */
export const DEMO_TAXI_REVIEWER_LOGIN = 'fukushi';

const OPERATORS = [
  { code: 'T01', name: '尾花沢観光タクシー', address: '山形県尾花沢市若葉町一丁目2番3号', phone: '0237-22-0101', invoice: 'T4390001000001', vehicles: ['山形 500 あ 11-01', '山形 500 あ 11-02'] },
  { code: 'T02', name: 'はながさ交通', address: '山形県尾花沢市新町三丁目1番5号', phone: '0237-22-0202', invoice: 'T4390001000002', vehicles: ['山形 500 い 22-01', '山形 500 い 22-02'] },
  { code: 'T03', name: '銀山ハイヤー', address: '山形県尾花沢市大字銀山新畑440番地', phone: '0237-28-0303', invoice: null, vehicles: ['山形 500 う 33-01'] },
];

/** A tiny deterministic generator (the demo must look the same on every machine). */
function rng(seed: number) {
  let x = seed >>> 0;
  return () => {
    x = (x + 0x6d2b79f5) >>> 0;
    let t = x;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 電子タクシー券 in the demo city, modelled on 前橋 マイタク: a 令和8年度 programme (half the fare up to
 * ¥1,000, 2 rides a day, 70 a year), three operators with vehicles and terminals, 60 elderly residents as
 * beneficiaries with cards bound, and the rides of the fiscal year's past months. Claims of older months
 * are paid; last month's claim of はながさ交通 waits for the city, 尾花沢観光タクシー has not made its own yet
 * (its office logs in as `taxi`). The programme belongs to 福祉課, whose reviewer logs in as `fukushi`.
 */
export async function seedDemoTaxi(deps: { db: Kysely<Database>; cipher: FieldCipher; now: () => Date }, municipalityId: string, password: string): Promise<void> {
  const db = deps.db;
  const m = municipalityId;
  const now = deps.now();
  const today = todayInJapan(now);
  const { fiscalYear } = japanPeriods(now);
  const admin = await db.selectFrom('staff_user').selectAll().where('municipality_id', '=', m).where('login_id', '=', 'admin').executeTakeFirstOrThrow();
  const fukushi = await db.selectFrom('department').select('id').where('municipality_id', '=', m).where('code', '=', 'fukushi').executeTakeFirst();
  const city: StaffPrincipal = { id: admin.id, municipalityId: m, loginId: admin.login_id, displayName: admin.display_name, roles: ['municipality_admin'], departmentIds: admin.department_ids, totpEnabled: true, sessionTokenHash: '' };

  const programmeId = randomUUID();
  const ruleVersionId = randomUUID();
  await db.insertInto('taxi_programme').values({
    municipality_id: m, id: programmeId, fiscal_year: fiscalYear, name: 'マイタク（電子タクシー券）', status: 'active', starts_on: `${fiscalYear}-04-01`, ends_on: `${fiscalYear + 1}-03-31`,
    budget_yen: 2_400_000, department_id: fukushi?.id ?? null, created_at: now, updated_at: now,
  }).execute();
  await db.insertInto('taxi_rule_version').values({ municipality_id: m, id: ruleVersionId, programme_id: programmeId, version: 1, rules: JSON.stringify(MAEBASHI_STYLE_RULES), note: '当初（前橋市マイタクに準拠）', effective_from: japanMonthRange(`${fiscalYear}-04`).from, created_at: now, created_by: admin.id }).execute();

  await scheduleRegistryCheck(db, m, now);

  const terminals: { operatorId: string; terminalId: string; deviceId: string; vehicleId: string }[] = [];
  const operatorIds: Record<string, string> = {};
  for (const o of OPERATORS) {
    const id = randomUUID();
    operatorIds[o.code] = id;
    await db.insertInto('taxi_operator').values({ municipality_id: m, id, code: o.code, name: o.name, address: o.address, phone: o.phone, invoice_registration_number: o.invoice, created_at: now }).execute();
    await db.insertInto('taxi_programme_operator').values({ municipality_id: m, programme_id: programmeId, operator_id: id, joined_on: `${fiscalYear}-04-01`, left_on: null }).execute();
    for (const [i, plate] of o.vehicles.entries()) {
      const vehicleId = randomUUID();
      const terminalId = randomUUID();
      const deviceId = randomUUID();
      await db.insertInto('taxi_vehicle').values({ municipality_id: m, id: vehicleId, operator_id: id, registration_number: plate, label: `${i + 1}号車` }).execute();
      // The demo's terminals have no enrolled device yet; the ids stand in for the devices that recorded the rides.
      await db.insertInto('taxi_terminal').values({ municipality_id: m, id: terminalId, operator_id: id, vehicle_id: vehicleId, device_id: deviceId, label: `${o.name} ${i + 1}号車`, created_at: now, last_sync_at: new Date(now.getTime() - (o.code === 'T03' ? 80 : 2) * 3600_000) }).execute();
      terminals.push({ operatorId: id, terminalId, deviceId, vehicleId });
    }
  }
  const operatorStaff = await createStaff(deps, null, m, { loginId: DEMO_TAXI_OPERATOR_LOGIN, displayName: '尾花沢観光タクシー 事務所', password, roles: ['taxi_operator'], departmentIds: [] });
  await db.insertInto('taxi_operator_staff').values({ municipality_id: m, staff_id: operatorStaff, operator_id: operatorIds.T01! }).execute();
  if (fukushi) await createStaff(deps, null, m, { loginId: DEMO_TAXI_REVIEWER_LOGIN, displayName: '福祉 三郎', password, roles: ['department_reviewer'], departmentIds: [fukushi.id] });
  const t2Staff = await createStaff(deps, null, m, { loginId: 'hanagasa', displayName: 'はながさ交通 事務所', password, roles: ['taxi_operator'], departmentIds: [] });
  await db.insertInto('taxi_operator_staff').values({ municipality_id: m, staff_id: t2Staff, operator_id: operatorIds.T02! }).execute();

  // Beneficiaries: the first 60 residents aged 75 or more (by 住民票コード) in households of two or more, decided with the real rules.
  // People living alone are left out: the demo's elderly card holder lives alone, so the counter
  // application and the card binding can be tried with that card from the start.
  const elderly = (await db.selectFrom('resident as r').select(['r.id', 'r.birth_date']).where('r.municipality_id', '=', m).where('r.status', '=', 'active')
    .where('r.birth_date', '<=', `${Number(today.slice(0, 4)) - 76}-01-01`)
    .where((eb) => eb.exists(eb.selectFrom('resident as o').select('o.id').whereRef('o.municipality_id', '=', 'r.municipality_id').whereRef('o.household_id', '=', 'r.household_id').whereRef('o.id', '!=', 'r.id').where('o.status', '=', 'active')))
    .orderBy('r.resident_record_code').limit(60).execute())
    .filter((r) => legalAgeOn(r.birth_date as IsoDate, today as IsoDate) >= 75);
  const beneficiaries: { id: string; bindingId: string }[] = [];
  await db.transaction().execute(async (trx) => {
    for (const r of elderly) {
      const id = await createBeneficiary(trx, city, { programmeId, residentId: r.id, answers: { disabilityCertificate: 'none', licenceReturned: false, householdHasCar: true }, caseId: null, source: 'import' }, new Date(japanMonthRange(`${fiscalYear}-04`).from.getTime() + 3600_000), null);
      const bindingId = randomUUID();
      const sha = createHash('sha256').update(`demo-card:${r.id}`).digest('hex');
      await trx.insertInto('taxi_card_binding').values({ municipality_id: m, id: bindingId, beneficiary_id: id, cert_serial: sha.slice(0, 16).toUpperCase(), cert_sha256: sha, cert_not_after: null, status: 'active', channel: 'import', bound_at: now, bound_by: admin.id, ended_at: null, ended_reason: null }).execute();
      beneficiaries.push({ id, bindingId });
    }
  });

  // Rides of the past months of the fiscal year (and of this month up to yesterday): 0–3 a week per beneficiary, within the caps.
  const random = rng(20260401);
  const months = fiscalYearMonths(fiscalYear).filter((mo) => japanMonthRange(mo).from.getTime() < now.getTime());
  const seqs = new Map<string, number>();
  const rows = [];
  for (const b of beneficiaries) {
    let yearCount = 0;
    for (const mo of months) {
      const { from, to } = japanMonthRange(mo);
      const end = Math.min(to.getTime(), now.getTime() - 86_400_000);
      const rides = Math.floor(random() * 7);
      const days = new Set<number>();
      for (let k = 0; k < rides && yearCount < 70; k++) {
        const at = from.getTime() + Math.floor(random() * Math.max(0, end - from.getTime()) / 86_400_000) * 86_400_000 + (8 + Math.floor(random() * 9)) * 3600_000 + Math.floor(random() * 60) * 60_000;
        const day = Math.floor((at - from.getTime()) / 86_400_000);
        if (at >= end || days.has(day)) continue;
        days.add(day);
        yearCount += 1;
        const t = terminals[Math.floor(random() * terminals.length)]!;
        const fare = 700 + Math.floor(random() * 26) * 100 + (random() < 0.02 ? 15_000 : 0);
        const split = splitFare(MAEBASHI_STYLE_RULES.subsidy, fare);
        const seq = (seqs.get(t.deviceId) ?? 0) + 1;
        seqs.set(t.deviceId, seq);
        const overCap = random() < 0.01;
        rows.push({
          municipality_id: m, id: randomUUID(), op_id: randomUUID(), device_id: t.deviceId, terminal_id: t.terminalId, seq, event_hash: null, operator_id: t.operatorId, vehicle_id: t.vehicleId,
          programme_id: programmeId, rule_version_id: ruleVersionId, rule_version: 1, beneficiary_id: b.id, binding_id: b.bindingId, boarded_at: new Date(at), received_at: new Date(at + (overCap ? 20 * 3600_000 : 5000)),
          offline: overCap, fare_yen: fare, subsidy_yen: overCap ? 0 : split.subsidyYen, passenger_yen: split.passengerYen, terminal_subsidy_yen: split.subsidyYen,
          status: overCap ? 'over_cap' as const : 'accepted' as const, exception_reason: overCap ? 'perDay' : null, exception_details: null,
          resolution: null, resolution_note: null, resolved_by: null, resolved_at: null,
        });
      }
    }
  }
  rows.sort((a, b) => a.boarded_at.getTime() - b.boarded_at.getTime());
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('taxi_ride').values(rows.slice(i, i + 500)).execute();
  for (const t of terminals) await db.updateTable('taxi_terminal').set({ last_seq: seqs.get(t.deviceId) ?? null }).where('municipality_id', '=', m).where('id', '=', t.terminalId).execute();

  // Claims: months before last month are paid; last month's はながさ交通 claim is submitted for review.
  // The claim functions use only the database and the clock of the services.
  const services = deps as unknown as Services;
  const closed = months.filter((mo) => japanMonthRange(mo).to.getTime() <= now.getTime());
  for (const [i, mo] of closed.entries()) {
    const last = i === closed.length - 1;
    for (const o of OPERATORS) {
      if (last && o.code !== 'T02') continue;
      const staffId = o.code === 'T01' ? operatorStaff : o.code === 'T02' ? t2Staff : admin.id;
      const opPrincipal: StaffPrincipal = { ...city, id: staffId, roles: ['taxi_operator'] };
      const { claim } = await generateClaim(services, { staff: opPrincipal, operatorId: operatorIds[o.code]! }, { month: mo, programmeId }, null);
      if (claim.rideCount === 0) continue;
      await submitClaim(services, { kind: 'operator', staff: opPrincipal, operatorId: operatorIds[o.code]! }, claim.id, null);
      if (last) continue;
      await reviewClaim(services, city, claim.id, { decision: 'approve', note: null, adjustments: [] }, null);
      const paidOn = `${new Date(japanMonthRange(mo).to.getTime() + 86_400_000).toISOString().slice(0, 7)}-25`;
      await recordPayment(services, city, claim.id, { paidOn, reference: `支出命令 R${fiscalYear - 2018}-${mo.slice(5)}-${o.code}` }, null);
    }
  }
}
