import { randomUUID } from 'node:crypto';
import type { Insertable, Kysely } from 'kysely';
import type { Database, OutreachStopServiceTable } from '../../platform/db/schema';
import { appendAudit } from '../../platform/audit/audit';
import type { Role, StaffPrincipal } from '../../platform/auth/roles';
import { silentLogger } from '../../platform/log';
import { nullMailer } from '../../platform/mail/mailer';
import { createRng } from '../../demo/prng';
import { OBANAZAWA_TOWNS } from '../../demo/tables/towns';
import { requireLocation, updateLocation } from '../queue/config';
import { parseHours } from '../queue/hours';
import { queueRuntime } from '../queue/runtime';
import { jstDate, jstInstant, type OutreachDeps } from './model';
import { createDistrict, createRoute, createStop, createVehicle } from './plan';
import { publishMonth } from './publish';

/**
 * The demo city's 移動市役所: one vehicle on the queue's 'idou-shiyakusho' location, the five 地区
 * of 尾花沢市 with their real 大字 (from the demo generator's town table), eight stops in each (a
 * 公民館 or 集会所 per 大字; coordinates are rough positions around each district's centre, not
 * surveyed), a month of weekday routes published from tomorrow, and two past weeks with residents
 * served so the statistics have something to show.
 */

const DISTRICTS: { code: string; name: string; areas: string[]; centre: [number, number] }[] = [
  { code: 'obanazawa', name: '尾花沢地区', areas: ['尾花沢', '五十沢', '朧気', '二藤袋', '牛房野', '若葉町', '新町', '上町'], centre: [38.601, 140.406] },
  { code: 'fukuhara', name: '福原地区', areas: ['寺内', '荻袋', '野黒沢', '芦沢', '毒沢', '名木沢', '南沢'], centre: [38.575, 140.345] },
  { code: 'miyazawa', name: '宮沢地区', areas: ['正厳', '丹生', '高橋', '行沢', '中島', '押切', '富山', '岩谷沢', '市野々'], centre: [38.655, 140.405] },
  { code: 'tamano', name: '玉野地区', areas: ['原田', '北郷', '鶴巻田', '上柳渡戸', '下柳渡戸', '銀山新畑', '母袋'], centre: [38.600, 140.500] },
  { code: 'tokiwa', name: '常盤地区', areas: ['延沢', '六沢', '鶴子', '細野', '畑沢'], centre: [38.555, 140.455] },
];

const STOPS_PER_DISTRICT = 8;
const KINDS = ['公民館', '集会所', 'コミュニティセンター', '生活センター'];
const ACCESS = ['段差なし・車いす用スロープあり', '駐車場あり（5台）', '入口に段差あり（職員が介助します）', '屋内で待てます・トイレあり', ''];

export interface DemoOutreachResult { districts: number; stops: number; routes: number; served: number }

export async function seedDemoOutreach(deps: { db: Kysely<Database>; now: () => Date }, municipalityId: string): Promise<DemoOutreachResult> {
  const services: OutreachDeps = { db: deps.db, now: deps.now, logger: silentLogger, mailer: nullMailer };
  const staff = await deps.db.selectFrom('staff_user').select(['id', 'login_id', 'display_name', 'roles', 'department_ids'])
    .where('municipality_id', '=', municipalityId).where('active', '=', true).orderBy('login_id').execute();
  const adminRow = staff.find((s) => (s.roles as string[]).includes('municipality_admin'));
  if (!adminRow) throw new Error('the demo outreach is planned by an administrator; create the demo staff first');
  const admin: StaffPrincipal = {
    id: adminRow.id, municipalityId, loginId: adminRow.login_id, displayName: adminRow.display_name, roles: adminRow.roles as Role[],
    departmentIds: adminRow.department_ids, totpEnabled: true, sessionTokenHash: '',
  };
  const clerk = staff.find((s) => (s.roles as string[]).includes('counter_staff'));
  const location = await deps.db.selectFrom('queue_location').select('id').where('municipality_id', '=', municipalityId).where('code', '=', 'idou-shiyakusho').executeTakeFirstOrThrow();
  const queueServices = await deps.db.selectFrom('queue_service').select(['id', 'code']).where('municipality_id', '=', municipalityId).where('location_id', '=', location.id).execute();
  const svc = (code: string) => queueServices.find((s) => s.code === code)!.id;

  // The schedule of the vehicle is outreach's from now on: the queue demo's placeholder days go.
  const current = await requireLocation(deps.db, municipalityId, location.id);
  await updateLocation(queueRuntime(services).deps(), admin, location.id, { hours: { ...parseHours(current.hours), dates: {}, notes: {} } }, null);

  const known = new Set(OBANAZAWA_TOWNS.towns.map((t) => t.name));
  const rng = createRng(20261201);
  const vehicle = (await createVehicle(services, admin, { code: 'idou-1', name: '移動市役所号', queueLocationId: location.id }, null)).id;
  const stopsByDistrict: string[][] = [];
  let stopCount = 0;
  for (const [di, d] of DISTRICTS.entries()) {
    const areas = d.areas.filter((a) => known.has(a));
    const district = (await createDistrict(services, admin, { code: d.code, name: d.name, areas: areas.map((a) => (OBANAZAWA_TOWNS.towns.find((t) => t.name === a)?.kind === 'oaza' ? `大字${a}` : a)), sortOrder: di + 1 }, null)).id;
    const ids: string[] = [];
    for (let i = 0; i < STOPS_PER_DISTRICT; i += 1) {
      const area = areas[i % areas.length]!;
      const kind = i < areas.length ? KINDS[i % 2]! : KINDS[2 + (i % 2)]!;
      const town = OBANAZAWA_TOWNS.towns.find((t) => t.name === area)!;
      const address = `山形県尾花沢市${town.kind === 'oaza' ? `大字${area}` : area}${rng.int(10, town.maxLot ?? 900)}番地`;
      ids.push((await createStop(services, admin, {
        districtId: district, code: `${d.code}-${i + 1}`, name: `${area}${kind}`, address,
        latitude: Math.round((d.centre[0] + (rng.next() - 0.5) * 0.04) * 1e5) / 1e5, longitude: Math.round((d.centre[1] + (rng.next() - 0.5) * 0.05) * 1e5) / 1e5,
        accessibility: rng.pick(ACCESS), sortOrder: i + 1,
      }, null)).id);
      stopCount += 1;
    }
    stopsByDistrict.push(ids);
  }

  // Weekdays from tomorrow for a month: one district a day in turn, two stops (morning, afternoon).
  const today = jstDate(deps.now());
  const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
  const next = new Map<number, number>();
  const pickStops = (di: number) => {
    const n = next.get(di) ?? 0;
    next.set(di, n + 2);
    const list = stopsByDistrict[di]!;
    return [list[n % list.length]!, list[(n + 1) % list.length]!];
  };
  const months = new Set<string>();
  let routes = 0;
  let day = 0;
  for (let i = 1; i <= 31; i += 1) {
    const date = addDays(today, i);
    if (weekday(date) === 0 || weekday(date) === 6) continue;
    const di = day % DISTRICTS.length;
    day += 1;
    const [morning, afternoon] = pickStops(di);
    await createRoute(services, admin, {
      vehicleId: vehicle, date, slotMinutes: 30, slotCapacity: 3, staffIds: clerk ? [clerk.id] : [],
      stops: [
        { stopId: morning!, start: '10:00', end: '11:30', serviceIds: [svc('idou-certificates'), svc('idou-taxi'), svc('idou-soudan')] },
        { stopId: afternoon!, start: '13:30', end: '15:00', serviceIds: [svc('idou-certificates'), svc('idou-taxi'), svc('idou-soudan')] },
      ],
    }, null);
    months.add(date.slice(0, 7));
    routes += 1;
  }
  for (const month of months) await publishMonth(services, admin, month, null);

  // Two past weeks as the vehicle lived them: published routes and the residents it served.
  const history: Insertable<OutreachStopServiceTable>[] = [];
  const procedures = ['seal-registration', 'taxi-subsidy-application', 'nhi-enrollment', 'my-number-card-address-change', 'pension-category-change'];
  for (let i = 14; i >= 1; i -= 1) {
    const date = addDays(today, -i);
    if (weekday(date) === 0 || weekday(date) === 6) continue;
    const di = (i * 3) % DISTRICTS.length;
    const [morning, afternoon] = pickStops(di);
    const routeId = randomUUID();
    const at = jstInstant(date, '08:00');
    await deps.db.insertInto('outreach_route').values({
      municipality_id: municipalityId, id: routeId, vehicle_id: vehicle, service_date: date, state: 'published', staff_ids: clerk ? [clerk.id] : [],
      device_ids: [], slot_minutes: 30, slot_capacity: 3, note: '', cancel_reason: null, published_at: at, cancelled_at: null, created_at: at, updated_at: at,
    }).execute();
    for (const [seq, stopId, start, end] of [[1, morning!, '10:00', '11:30'], [2, afternoon!, '13:30', '15:00']] as const) {
      const routeStopId = randomUUID();
      await deps.db.insertInto('outreach_route_stop').values({
        municipality_id: municipalityId, id: routeStopId, route_id: routeId, seq, stop_id: stopId, start_time: start, end_time: end,
        service_ids: [svc('idou-certificates'), svc('idou-soudan')], state: 'scheduled', cancel_reason: null, cancelled_at: null,
        arrived_at: jstInstant(date, start), departed_at: jstInstant(date, end),
      }).execute();
      const residents = rng.int(2, 14);
      for (let r = 0; r < residents; r += 1) {
        const servedAt = new Date(jstInstant(date, start).getTime() + rng.int(0, 85) * 60_000);
        const wait = rng.int(0, Math.min(25, 2 + residents * 2)) * 60;
        const count = rng.chance(0.3) ? 2 : 1;
        for (let k = 0; k < count; k += 1) {
          history.push({
            municipality_id: municipalityId, id: randomUUID(), route_stop_id: routeStopId, case_id: null, procedure_id: rng.pick(procedures), visit_key: `${routeStopId}:${r}`,
            served_at: servedAt, wait_seconds: wait, device_id: null, recorded_at: new Date(jstInstant(date, end).getTime()),
          });
        }
      }
    }
  }
  // The past as one insert and one audit event: it is demo history, not residents served today.
  await deps.db.transaction().execute(async (trx) => {
    for (let i = 0; i < history.length; i += 500) await trx.insertInto('outreach_stop_service').values(history.slice(i, i + 500)).execute();
    await appendAudit(trx, { municipalityId, actorStaffId: null, action: 'outreach.stop_service', subjectType: 'outreach_demo', details: { rows: history.length } }, deps.now());
  });
  return { districts: DISTRICTS.length, stops: stopCount, routes, served: history.length };
}
