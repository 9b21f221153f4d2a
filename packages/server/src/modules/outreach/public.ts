import { formatWareki, type IsoDate } from '@madoguchi/jp';
import { badRequest, notFound } from '../../platform/http/errors';
import { loadConfig } from '../queue/config';
import { queueRuntime } from '../queue/runtime';
import { findMunicipalityByCode } from '../tenancy/service';
import { buildCalendar, type IcalEvent } from './ical';
import { jstDate, jstInstant, jstTime, type Db, type OutreachDeps } from './model';
import { monthRange } from './publish';

/**
 * What residents see without logging in: the month's schedule per district, the calendar feed and
 * where the vehicle is now. Only published routes appear (a cancelled one stays, marked 運休 with
 * its reason); drafts never do.
 */

const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];

export interface PublicStop {
  routeStopId: string;
  date: string;
  start: string;
  end: string;
  stopId: string;
  stopCode: string;
  stopName: string;
  address: string;
  accessibility: string;
  latitude: number;
  longitude: number;
  districtCode: string;
  districtName: string;
  vehicleName: string;
  /** The vehicle's queue location (its congestion page and kiosk). */
  locationId: string;
  services: string[];
  state: 'scheduled' | 'cancelled';
  cancelReason: string | null;
  /** The queue location to book at, when the stop is ahead, running and offers a bookable service. */
  bookingLocationId: string | null;
  changedAt: string;
}

export interface PublicDistrict { code: string; name: string; areas: string[] }

export interface PublicSchedule {
  municipalityName: string;
  month: string;
  monthLabel: string;
  monthPublished: boolean;
  districts: PublicDistrict[];
  days: { date: string; dateLabel: string; weekday: string; stops: PublicStop[] }[];
}

export async function publicMunicipality(db: Db, code: string) {
  const m = await findMunicipalityByCode(db, code);
  if (!m) throw notFound('MUNICIPALITY_NOT_FOUND', 'この自治体の移動市役所の案内はありません。URLを確認してください。');
  return m;
}

export function dayLabel(date: string): string {
  return `${formatWareki(date as IsoDate)}（${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]}）`;
}

export async function publicStops(services: OutreachDeps, municipalityId: string, input: { from: string; to: string; districtCode?: string | undefined; stopCode?: string | undefined }): Promise<PublicStop[]> {
  const rows = await services.db.selectFrom('outreach_route_stop as rs')
    .innerJoin('outreach_route as r', (j) => j.onRef('r.municipality_id', '=', 'rs.municipality_id').onRef('r.id', '=', 'rs.route_id'))
    .innerJoin('outreach_vehicle as v', (j) => j.onRef('v.municipality_id', '=', 'r.municipality_id').onRef('v.id', '=', 'r.vehicle_id'))
    .innerJoin('outreach_stop as s', (j) => j.onRef('s.municipality_id', '=', 'rs.municipality_id').onRef('s.id', '=', 'rs.stop_id'))
    .innerJoin('outreach_district as d', (j) => j.onRef('d.municipality_id', '=', 's.municipality_id').onRef('d.id', '=', 's.district_id'))
    .select(['rs.id', 'r.service_date', 'rs.start_time', 'rs.end_time', 'rs.state', 'rs.cancel_reason', 'rs.cancelled_at', 'rs.service_ids', 'r.published_at', 'r.state as route_state',
      's.id as stop_id', 's.code as stop_code', 's.name as stop_name', 's.address', 's.accessibility', 's.latitude', 's.longitude', 'd.code as district_code', 'd.name as district_name',
      'v.name as vehicle_name', 'v.queue_location_id'])
    .where('rs.municipality_id', '=', municipalityId).where('r.published_at', 'is not', null)
    .where('r.service_date', '>=', input.from).where('r.service_date', '<=', input.to)
    .$if(input.districtCode !== undefined, (q) => q.where('d.code', '=', input.districtCode!))
    .$if(input.stopCode !== undefined, (q) => q.where('s.code', '=', input.stopCode!))
    .orderBy('r.service_date').orderBy('rs.start_time').execute();
  const config = await loadConfig(services.db, municipalityId);
  const serviceById = new Map(config.services.map((s) => [s.id, s]));
  const now = services.now();
  return rows.map((r) => {
    const offered = r.service_ids.map((id) => serviceById.get(id)).filter((s) => s !== undefined);
    const cancelled = r.state === 'cancelled' || r.route_state === 'cancelled';
    const bookable = !cancelled && jstInstant(r.service_date, r.start_time) > now && offered.some((s) => s.reservable && s.active);
    return {
      routeStopId: r.id, date: r.service_date, start: r.start_time, end: r.end_time, stopId: r.stop_id, stopCode: r.stop_code, stopName: r.stop_name,
      address: r.address, accessibility: r.accessibility, latitude: Number(r.latitude), longitude: Number(r.longitude), districtCode: r.district_code, districtName: r.district_name,
      vehicleName: r.vehicle_name, locationId: r.queue_location_id, services: offered.map((s) => s.name), state: cancelled ? 'cancelled' : 'scheduled', cancelReason: cancelled ? r.cancel_reason : null,
      bookingLocationId: bookable ? r.queue_location_id : null,
      changedAt: new Date(r.cancelled_at ?? r.published_at ?? now).toISOString(),
    };
  });
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

export async function publicSchedule(services: OutreachDeps, code: string, input: { month?: string | undefined; district?: string | undefined }): Promise<PublicSchedule> {
  const m = await publicMunicipality(services.db, code);
  const month = input.month ?? jstDate(services.now()).slice(0, 7);
  if (!MONTH.test(month)) throw badRequest('OUTREACH_MONTH_INVALID', '月は「2026-12」の形式で指定してください。', [{ path: 'month', message: '形式が正しくありません。' }]);
  const districts = await services.db.selectFrom('outreach_district').select(['id', 'code', 'name', 'areas']).where('municipality_id', '=', m.id).orderBy('sort_order').orderBy('code').execute();
  if (input.district !== undefined && !districts.some((d) => d.code === input.district)) throw notFound('OUTREACH_DISTRICT_NOT_FOUND', 'この地区は見つかりません。地区の一覧から選び直してください。');
  const stops = await publicStops(services, m.id, { ...monthRange(month), districtCode: input.district });
  const published = await services.db.selectFrom('outreach_month').select('month').where('municipality_id', '=', m.id).where('month', '=', month).executeTakeFirst();
  const days = new Map<string, PublicStop[]>();
  for (const s of stops) days.set(s.date, [...(days.get(s.date) ?? []), s]);
  const [y, mo] = month.split('-').map(Number) as [number, number];
  return {
    municipalityName: m.name, month, monthLabel: `${formatWareki(`${month}-01` as IsoDate).replace(/1日$/, '')}（${y}年${mo}月）`,
    monthPublished: published !== undefined,
    districts: districts.map((d) => ({ code: d.code, name: d.name, areas: d.areas })),
    days: [...days.entries()].map(([date, list]) => ({ date, dateLabel: dayLabel(date), weekday: WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!, stops: list })),
  };
}

/** The calendar feed: a month back and four months ahead, for one district or one stop, or all. */
export async function publicCalendar(services: OutreachDeps, code: string, input: { district?: string | undefined; stop?: string | undefined }): Promise<{ filename: string; body: string }> {
  const m = await publicMunicipality(services.db, code);
  const today = jstDate(services.now());
  const from = new Date(Date.parse(`${today}T00:00:00Z`) - 31 * 86_400_000).toISOString().slice(0, 10);
  const to = new Date(Date.parse(`${today}T00:00:00Z`) + 123 * 86_400_000).toISOString().slice(0, 10);
  if (input.district !== undefined) {
    const d = await services.db.selectFrom('outreach_district').select('id').where('municipality_id', '=', m.id).where('code', '=', input.district).executeTakeFirst();
    if (!d) throw notFound('OUTREACH_DISTRICT_NOT_FOUND', 'この地区は見つかりません。地区の一覧から選び直してください。');
  }
  let stopName: string | null = null;
  if (input.stop !== undefined) {
    const s = await services.db.selectFrom('outreach_stop').select('name').where('municipality_id', '=', m.id).where('code', '=', input.stop).executeTakeFirst();
    if (!s) throw notFound('OUTREACH_STOP_NOT_FOUND', 'この停車場所は見つかりません。予定表から選び直してください。');
    stopName = s.name;
  }
  const stops = await publicStops(services, m.id, { from, to, districtCode: input.district, stopCode: input.stop });
  const events: IcalEvent[] = stops.map((s) => ({
    uid: `${s.routeStopId}@outreach.${code}.madoguchi`,
    date: s.date, start: s.start, end: s.end,
    summary: `移動市役所 ${s.stopName}`,
    location: `${s.stopName}（${s.address}）`,
    description: [
      s.state === 'cancelled' ? `運休: ${s.cancelReason ?? ''}` : null,
      `受け付ける用件: ${s.services.join('、')}`,
      s.accessibility ? `バリアフリー: ${s.accessibility}` : null,
      `${m.name} 移動市役所（${s.vehicleName}）`,
    ].filter((x) => x !== null).join('\n'),
    latitude: s.latitude, longitude: s.longitude, cancelled: s.state === 'cancelled',
    stamp: new Date(s.changedAt), sequence: s.state === 'cancelled' ? 1 : 0,
  }));
  const scope = stopName ?? (input.district !== undefined ? stops[0]?.districtName ?? input.district : null);
  return {
    filename: `outreach-${code}${input.district ? `-${input.district}` : ''}${input.stop ? `-${input.stop}` : ''}.ics`,
    body: buildCalendar({ name: `${m.name} 移動市役所${scope ? `（${scope}）` : ''}`, events }),
  };
}

export interface LiveVehicle {
  vehicleName: string;
  date: string;
  /** The stop the vehicle is at: reported arrival not yet left, else the scheduled window now. */
  current: PublicStop | null;
  next: PublicStop | null;
  /** Residents waiting or being called at the stop now (queue tickets and the tablet's synced tickets); null while it is not at a stop. */
  waiting: number | null;
  /** The last time the vehicle told the server anything today (arrival, departure, a served resident). */
  lastReportAt: string | null;
  stops: PublicStop[];
}

export async function liveStatus(services: OutreachDeps, code: string): Promise<{ municipalityName: string; at: string; vehicles: LiveVehicle[] }> {
  const m = await publicMunicipality(services.db, code);
  const now = services.now();
  const today = jstDate(now);
  const time = jstTime(now);
  const stops = await publicStops(services, m.id, { from: today, to: today });
  const progress = stops.length === 0 ? [] : await services.db.selectFrom('outreach_route_stop as rs')
    .leftJoin('outreach_stop_service as ss', (j) => j.onRef('ss.municipality_id', '=', 'rs.municipality_id').onRef('ss.route_stop_id', '=', 'rs.id'))
    .select((eb) => ['rs.id', 'rs.arrived_at', 'rs.departed_at', eb.fn.max('ss.recorded_at').as('last_service')])
    .where('rs.municipality_id', '=', m.id).where('rs.id', 'in', stops.map((s) => s.routeStopId))
    .groupBy(['rs.id', 'rs.arrived_at', 'rs.departed_at']).execute();
  const byId = new Map(progress.map((p) => [p.id, p]));
  const vehicles = new Map<string, PublicStop[]>();
  for (const s of stops) vehicles.set(s.locationId, [...(vehicles.get(s.locationId) ?? []), s]);
  const out: LiveVehicle[] = [];
  for (const list of vehicles.values()) {
    const vehicleName = list[0]!.vehicleName;
    const running = list.filter((s) => s.state === 'scheduled');
    const reported = running.find((s) => byId.get(s.routeStopId)?.arrived_at && !byId.get(s.routeStopId)?.departed_at);
    const current = reported ?? running.find((s) => s.start <= time && time < s.end && !byId.get(s.routeStopId)?.departed_at) ?? null;
    const next = running.find((s) => s.start > (current?.start ?? time) && s.routeStopId !== current?.routeStopId) ?? null;
    let waiting: number | null = null;
    if (current) {
      // Two queues may run at a stop: the queue module's (kiosk tickets, bookings) and the tablet's
      // own offline one, known here once the tablet has synced (vehicle/: outreach_vehicle_ticket).
      const snapshot = await queueRuntime(services).snapshot(m.id, current.locationId);
      const tablet = await services.db.selectFrom('outreach_vehicle_ticket').select((eb) => eb.fn.countAll<string>().as('n'))
        .where('municipality_id', '=', m.id).where('stop_id', '=', current.routeStopId).where('status', 'in', ['waiting', 'called']).executeTakeFirstOrThrow();
      waiting = snapshot.entries.filter((e) => e.state === 'waiting' || e.state === 'called').length + Number(tablet.n);
    }
    const times = list.flatMap((s) => {
      const p = byId.get(s.routeStopId);
      return [p?.arrived_at, p?.departed_at, p?.last_service].filter((t) => t !== null && t !== undefined).map((t) => new Date(t as Date | string).getTime());
    });
    out.push({ vehicleName, date: today, current, next, waiting, lastReportAt: times.length > 0 ? new Date(Math.max(...times)).toISOString() : null, stops: list });
  }
  return { municipalityName: m.name, at: now.toISOString(), vehicles: out };
}
