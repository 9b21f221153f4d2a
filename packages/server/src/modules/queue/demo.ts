import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { Database, QueueDayCounterTable, QueueTicketTable, QueueVisitTable } from '../../platform/db/schema';
import { appendAudit } from '../../platform/audit/audit';
import { listDepartments } from '../tenancy/service';
import { addDays, instantOf, localDate, weekdayOf, type OpeningHours } from './hours';
import { displayNumberOf, hashToken, newToken, type Db } from './model';
import { DEMO_FLOOR, simHistory, simulateDay, type SimVisit } from './simulate';

/**
 * The demo city's queue: 本庁舎1階 (six 用件, seven desks, weekday hours), the 移動市役所 vehicle
 * (dated stops over the next two weeks), a registered kiosk for each, bookable slots, and four weeks
 * of simulated history so the congestion page, statistics and wait estimate have something to show.
 */

/** Fixed kiosk tokens of the demo (README): /q/062120/kiosk?token=… registers a tablet as the kiosk. */
export const DEMO_KIOSK_TOKENS = { hall: 'demo-kiosk-honcho-1f', vehicle: 'demo-kiosk-idou-shiyakusho' } as const;

const WEEKDAY_HOURS: OpeningHours['weekly'] = {
  mon: [['08:30', '17:15']], tue: [['08:30', '17:15']], wed: [['08:30', '17:15']], thu: [['08:30', '17:15']], fri: [['08:30', '17:15']],
};

const HALL_SERVICES = [
  { sim: 'certificates', code: 'certificates', name: '住民票・戸籍・印鑑証明', dept: 'shimin', prefix: 'A', minutes: 4, reservable: false },
  { sim: 'moving', code: 'moving', name: '転入・転出・転居の届出', dept: 'shimin', prefix: 'B', minutes: 15, reservable: true },
  { sim: 'tax', code: 'tax', name: '税の証明・納税の相談', dept: 'shimin', prefix: 'C', minutes: 6, reservable: false },
  { sim: 'insurance', code: 'insurance', name: '国民健康保険・年金', dept: 'kenko', prefix: 'D', minutes: 8, reservable: true },
  { sim: 'children', code: 'children', name: '子育て・児童手当', dept: 'kodomo', prefix: 'E', minutes: 10, reservable: true },
  { sim: 'welfare', code: 'welfare', name: '福祉・介護', dept: 'fukushi', prefix: 'F', minutes: 10, reservable: true },
] as const;

const HALL_DESKS = [
  { sim: 'd1', name: '1番窓口', services: ['certificates', 'moving'] },
  { sim: 'd2', name: '2番窓口', services: ['certificates', 'tax'] },
  { sim: 'd3', name: '3番窓口', services: ['moving', 'certificates'] },
  { sim: 'd4', name: '4番窓口', services: ['insurance'] },
  { sim: 'd5', name: '5番窓口', services: ['insurance', 'moving'] },
  { sim: 'd6', name: '6番窓口', services: ['welfare'] },
  { sim: 'd7', name: '7番窓口', services: ['children'] },
] as const;

const VEHICLE_STOPS = ['宮沢地区公民館', '玉野地区コミュニティセンター', '常盤地区公民館', '福原地区公民館', '鶴子集会所'];

function vehicleHours(today: string): OpeningHours {
  const dates: OpeningHours['dates'] = {};
  const notes: Record<string, string> = {};
  let stop = 0;
  for (let i = 0; i < 21; i += 1) {
    const date = addDays(today, i);
    const w = weekdayOf(date);
    if (w === 'sat' || w === 'sun') continue;
    dates[date] = i % 2 === 0 ? [['10:00', '11:30']] : [['13:30', '15:00']];
    notes[date] = VEHICLE_STOPS[stop % VEHICLE_STOPS.length]!;
    stop += 1;
  }
  return { weekly: {}, dates, closed: [], notes };
}

export async function seedDemoQueue(deps: { db: Kysely<Database>; now: () => Date }, municipalityId: string, opts: { historyDays?: number } = {}): Promise<void> {
  const now = deps.now();
  const today = localDate(now);
  const departments = new Map((await listDepartments(deps.db, municipalityId)).map((d) => [d.code, d.id]));
  const hallId = randomUUID();
  const vehicleId = randomUUID();
  const serviceIds = new Map<string, string>();
  const deskIds = new Map<string, string>();

  await deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('queue_location').values([
      { municipality_id: municipalityId, id: hallId, code: 'honcho-1f', name: '本庁舎 1階 窓口', kind: 'hall', place: '尾花沢市役所 1階', hours: JSON.stringify({ weekly: WEEKDAY_HOURS, dates: {}, closed: [], notes: {} }), remote_tickets: true, sort_order: 1 },
      { municipality_id: municipalityId, id: vehicleId, code: 'idou-shiyakusho', name: '移動市役所', kind: 'vehicle', place: '多目的車両（停車場所は日ごとに変わります）', hours: JSON.stringify(vehicleHours(today)), remote_tickets: true, sort_order: 2 },
    ]).execute();
    for (const [i, s] of HALL_SERVICES.entries()) {
      const id = randomUUID();
      serviceIds.set(s.sim, id);
      await trx.insertInto('queue_service').values({
        municipality_id: municipalityId, id, location_id: hallId, department_id: departments.get(s.dept) ?? null, code: s.code, name: s.name,
        ticket_prefix: s.prefix, default_service_minutes: s.minutes, reservable: s.reservable, sort_order: i + 1,
      }).execute();
    }
    for (const [i, d] of HALL_DESKS.entries()) {
      const id = randomUUID();
      deskIds.set(d.sim, id);
      await trx.insertInto('queue_desk').values({
        municipality_id: municipalityId, id, location_id: hallId, name: d.name, service_ids: d.services.map((s) => serviceIds.get(s)!), sort_order: i + 1, open_staff_id: null, opened_at: null,
      }).execute();
    }
    const vehicleServices = [
      { code: 'idou-certificates', name: '住民票・各種証明書', dept: 'shimin', prefix: 'M', minutes: 5 },
      { code: 'idou-taxi', name: '電子タクシー券の申請', dept: 'fukushi', prefix: 'T', minutes: 8 },
      { code: 'idou-soudan', name: '暮らしの相談', dept: 'kenko', prefix: 'S', minutes: 10 },
    ];
    const vIds: string[] = [];
    for (const [i, s] of vehicleServices.entries()) {
      const id = randomUUID();
      vIds.push(id);
      await trx.insertInto('queue_service').values({
        municipality_id: municipalityId, id, location_id: vehicleId, department_id: departments.get(s.dept) ?? null, code: s.code, name: s.name,
        ticket_prefix: s.prefix, default_service_minutes: s.minutes, reservable: false, sort_order: i + 1,
      }).execute();
    }
    await trx.insertInto('queue_desk').values({ municipality_id: municipalityId, id: randomUUID(), location_id: vehicleId, name: '車内窓口', service_ids: vIds, sort_order: 1, open_staff_id: null, opened_at: null }).execute();
    await trx.insertInto('queue_kiosk').values([
      { municipality_id: municipalityId, id: randomUUID(), location_id: hallId, name: '1階 入口の受付機', token_hash: hashToken(DEMO_KIOSK_TOKENS.hall), created_at: now },
      { municipality_id: municipalityId, id: randomUUID(), location_id: vehicleId, name: '車両の受付タブレット', token_hash: hashToken(DEMO_KIOSK_TOKENS.vehicle), created_at: now },
    ]).execute();

    // Bookable slots: 30 minutes, two places each, weekdays of the next two weeks.
    const slots = [];
    for (const s of HALL_SERVICES.filter((x) => x.reservable)) {
      for (let i = 1; i <= 14; i += 1) {
        const date = addDays(today, i);
        if (!(weekdayOf(date) in WEEKDAY_HOURS)) continue;
        for (let m = 9 * 60; m < 16 * 60 + 30; m += 30) {
          if (m >= 12 * 60 && m < 13 * 60) continue;
          const startsAt = instantOf(date, `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
          slots.push({ municipality_id: municipalityId, id: randomUUID(), location_id: hallId, service_id: serviceIds.get(s.sim)!, service_date: date, starts_at: startsAt, ends_at: new Date(startsAt.getTime() + 30 * 60_000), capacity: 2 });
        }
      }
    }
    for (let i = 0; i < slots.length; i += 500) await trx.insertInto('queue_reservation_slot').values(slots.slice(i, i + 500)).execute();
    await appendAudit(trx, { municipalityId, actorStaffId: null, action: 'queue.config_update', subjectType: 'queue_config', subjectId: hallId, details: { what: 'demo' } }, now);
  });

  await seedHistory(deps.db, municipalityId, hallId, serviceIds, deskIds, today, opts.historyDays ?? 28);
}

/** Past weekdays as the simulator lived them, stored as finished visits. */
async function seedHistory(db: Db, municipalityId: string, locationId: string, serviceIds: Map<string, string>, deskIds: Map<string, string>, today: string, days: number) {
  const prefix = new Map<string, string>(HALL_SERVICES.map((s) => [s.sim, s.prefix]));
  const past: SimVisit[][] = [];
  const tickets: Insertable<QueueTicketTable>[] = [];
  const visits: Insertable<QueueVisitTable>[] = [];
  const counters: Insertable<QueueDayCounterTable>[] = [];
  for (let i = days; i >= 1; i -= 1) {
    const date = addDays(today, -i);
    const w = weekdayOf(date);
    if (w === 'sat' || w === 'sun') continue;
    const load = w === 'mon' ? 1.3 : w === 'fri' ? 1.15 : 1;
    const day = simulateDay(DEMO_FLOOR, 7000 + i, simHistory(past.slice(-20)), load);
    past.push(day);
    const numbers = new Map<string, number>();
    const at = (minutes: number) => new Date(instantOf(date, '00:00').getTime() + minutes * 60_000);
    for (const v of [...day].sort((a, b) => a.arrival - b.arrival)) {
      const n = (numbers.get(v.serviceId) ?? 0) + 1;
      numbers.set(v.serviceId, n);
      const ticketId = randomUUID();
      const serviceId = serviceIds.get(v.serviceId)!;
      const noShow = (n * 37) % 50 === 0;
      tickets.push({
        municipality_id: municipalityId, id: ticketId, location_id: locationId, service_date: date, first_service_id: serviceId, number: n,
        display_number: displayNumberOf(prefix.get(v.serviceId)!, n), token_hash: hashToken(newToken()), channel: 'kiosk', needs_assistance: v.needsAssistance,
        reservation_id: null, resident_id: null, notify_email: null, notify_ahead: null, notified_at: null, issued_at: at(v.arrival),
      });
      visits.push({
        municipality_id: municipalityId, id: randomUUID(), ticket_id: ticketId, seq: 1, location_id: locationId, service_id: serviceId, service_date: date,
        state: noShow ? 'no_show' : 'done', priority: v.needsAssistance ? 1 : 0, queued_at: at(v.arrival), order_at: at(v.arrival),
        eligible_at: null, slot_starts_at: null, desk_id: deskIds.get(v.deskId)!, called_by: null, first_called_at: at(v.called), called_at: at(v.called),
        call_count: noShow ? 3 : 1, serving_at: noShow ? null : at(v.called + 0.3), finished_at: noShow ? at(v.called + 3) : at(v.finished), served_by: null,
      });
    }
    for (const [sim, n] of numbers) counters.push({ municipality_id: municipalityId, service_id: serviceIds.get(sim)!, service_date: date, last_number: n });
  }
  await db.transaction().execute(async (trx) => {
    for (let i = 0; i < tickets.length; i += 500) await trx.insertInto('queue_ticket').values(tickets.slice(i, i + 500)).execute();
    for (let i = 0; i < visits.length; i += 500) await trx.insertInto('queue_visit').values(visits.slice(i, i + 500)).execute();
    for (let i = 0; i < counters.length; i += 500) await trx.insertInto('queue_day_counter').values(counters.slice(i, i + 500)).execute();
  });
}
