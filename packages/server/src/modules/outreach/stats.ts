import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Services } from '../../platform/http/context';
import { badRequest } from '../../platform/http/errors';
import { listProcedures } from '../procedures/service';
import { queueStatistics } from '../queue/stats';

/**
 * Stop statistics. Residents served and procedures done come from the rows the vehicle's sync
 * ingestion records (recordStopService: one per case, grouped into a resident's visit by visit
 * key); waits from the device-measured wait of each row and, per day, from the queue's own events
 * at the vehicle's location (the queue's statistics, not a second count). Cancelled stops are
 * counted separately so a 運休 day does not read as a day nobody came.
 */

export interface StopStatRow {
  residents: number;
  procedures: number;
  avgWaitMinutes: number | null;
  maxWaitMinutes: number | null;
}

export interface OutreachStatistics {
  from: string;
  to: string;
  total: StopStatRow & { stopsScheduled: number; stopsCancelled: number };
  byDistrict: (StopStatRow & { districtId: string; districtName: string; stopsScheduled: number; stopsCancelled: number })[];
  byStop: (StopStatRow & { stopId: string; stopName: string; districtName: string; visits: number; residentsPerVisit: number | null })[];
  byDay: (StopStatRow & { date: string; queueVisits: number; queueAvgWaitMinutes: number | null })[];
  byProcedure: { procedureId: string; title: string; count: number }[];
}

interface Row { stop_id: string; district_id: string; date: string; visit: string; procedure_id: string | null; wait: number | null }

const round = (v: number) => Math.round(v * 10) / 10;

function fold(rows: readonly Row[]): StopStatRow {
  const waits = rows.map((r) => r.wait).filter((w): w is number => w !== null);
  return {
    residents: new Set(rows.map((r) => r.visit)).size,
    procedures: rows.filter((r) => r.procedure_id !== null).length,
    avgWaitMinutes: waits.length > 0 ? round(waits.reduce((a, b) => a + b, 0) / waits.length / 60) : null,
    maxWaitMinutes: waits.length > 0 ? round(Math.max(...waits) / 60) : null,
  };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export async function outreachStatistics(services: Services, staff: StaffPrincipal, input: { from: string; to: string }): Promise<OutreachStatistics> {
  if (!DATE.test(input.from) || !DATE.test(input.to) || input.from > input.to) {
    throw badRequest('OUTREACH_RANGE_INVALID', '期間は開始日と終了日を「2026-12-01」の形式で、開始日を先にして指定してください。', [{ path: 'to', message: '終了日は開始日以降にしてください。' }]);
  }
  if (Date.parse(input.to) - Date.parse(input.from) > 366 * 86_400_000) throw badRequest('OUTREACH_RANGE_INVALID', '一度に集計できるのは1年分までです。期間を短くしてください。', [{ path: 'to', message: '1年以内にしてください。' }]);
  const m = staff.municipalityId;
  const db = services.db;
  const [served, planned, districts, stops, vehicles] = await Promise.all([
    db.selectFrom('outreach_stop_service as ss')
      .innerJoin('outreach_route_stop as rs', (j) => j.onRef('rs.municipality_id', '=', 'ss.municipality_id').onRef('rs.id', '=', 'ss.route_stop_id'))
      .innerJoin('outreach_route as r', (j) => j.onRef('r.municipality_id', '=', 'rs.municipality_id').onRef('r.id', '=', 'rs.route_id'))
      .innerJoin('outreach_stop as s', (j) => j.onRef('s.municipality_id', '=', 'rs.municipality_id').onRef('s.id', '=', 'rs.stop_id'))
      .select(['rs.stop_id', 's.district_id', 'r.service_date', 'ss.id', 'ss.visit_key', 'ss.procedure_id', 'ss.wait_seconds'])
      .where('ss.municipality_id', '=', m).where('r.service_date', '>=', input.from).where('r.service_date', '<=', input.to).execute(),
    db.selectFrom('outreach_route_stop as rs')
      .innerJoin('outreach_route as r', (j) => j.onRef('r.municipality_id', '=', 'rs.municipality_id').onRef('r.id', '=', 'rs.route_id'))
      .innerJoin('outreach_stop as s', (j) => j.onRef('s.municipality_id', '=', 'rs.municipality_id').onRef('s.id', '=', 'rs.stop_id'))
      .select(['rs.id', 'rs.stop_id', 's.district_id', 'rs.state', 'r.state as route_state'])
      .where('rs.municipality_id', '=', m).where('r.published_at', 'is not', null)
      .where('r.service_date', '>=', input.from).where('r.service_date', '<=', input.to).execute(),
    db.selectFrom('outreach_district').select(['id', 'name']).where('municipality_id', '=', m).orderBy('sort_order').orderBy('code').execute(),
    db.selectFrom('outreach_stop as s').innerJoin('outreach_district as d', (j) => j.onRef('d.municipality_id', '=', 's.municipality_id').onRef('d.id', '=', 's.district_id'))
      .select(['s.id', 's.name', 'd.name as district_name']).where('s.municipality_id', '=', m).orderBy('d.sort_order').orderBy('s.sort_order').orderBy('s.code').execute(),
    db.selectFrom('outreach_vehicle').select('queue_location_id').where('municipality_id', '=', m).execute(),
  ]);
  const rows: Row[] = served.map((r) => ({ stop_id: r.stop_id, district_id: r.district_id, date: r.service_date, visit: r.visit_key ?? r.id, procedure_id: r.procedure_id, wait: r.wait_seconds }));
  const isCancelled = (p: { state: string; route_state: string }) => p.state === 'cancelled' || p.route_state === 'cancelled';
  const queueDays = new Map<string, { visits: number; waitSum: number; waitN: number }>();
  for (const v of vehicles) {
    const q = await queueStatistics(db, m, { from: input.from, to: input.to, locationId: v.queue_location_id });
    for (const d of q.byDay) {
      const cur = queueDays.get(d.date) ?? { visits: 0, waitSum: 0, waitN: 0 };
      cur.visits += d.visits;
      if (d.avgWaitMinutes !== null) {
        cur.waitSum += d.avgWaitMinutes * d.done;
        cur.waitN += d.done;
      }
      queueDays.set(d.date, cur);
    }
  }
  const titles = new Map((await listProcedures(services, staff)).items.map((p) => [p.procedureId, p.title]));
  const procedureCounts = new Map<string, number>();
  for (const r of rows) if (r.procedure_id) procedureCounts.set(r.procedure_id, (procedureCounts.get(r.procedure_id) ?? 0) + 1);
  const dates = [...new Set([...rows.map((r) => r.date), ...[...queueDays.entries()].filter(([, v]) => v.visits > 0).map(([d]) => d)])].sort();
  return {
    from: input.from,
    to: input.to,
    total: { ...fold(rows), stopsScheduled: planned.filter((p) => !isCancelled(p)).length, stopsCancelled: planned.filter(isCancelled).length },
    byDistrict: districts.map((d) => ({
      districtId: d.id, districtName: d.name, ...fold(rows.filter((r) => r.district_id === d.id)),
      stopsScheduled: planned.filter((p) => p.district_id === d.id && !isCancelled(p)).length,
      stopsCancelled: planned.filter((p) => p.district_id === d.id && isCancelled(p)).length,
    })),
    byStop: stops.map((s) => {
      const mine = rows.filter((r) => r.stop_id === s.id);
      const visits = planned.filter((p) => p.stop_id === s.id && !isCancelled(p)).length;
      const folded = fold(mine);
      return { stopId: s.id, stopName: s.name, districtName: s.district_name, visits, ...folded, residentsPerVisit: visits > 0 ? round(folded.residents / visits) : null };
    }).filter((s) => s.visits > 0 || s.residents > 0),
    byDay: dates.map((date) => {
      const q = queueDays.get(date);
      return { date, ...fold(rows.filter((r) => r.date === date)), queueVisits: q?.visits ?? 0, queueAvgWaitMinutes: q && q.waitN > 0 ? round(q.waitSum / q.waitN) : null };
    }),
    byProcedure: [...procedureCounts.entries()].sort((a, b) => b[1] - a[1]).map(([procedureId, count]) => ({ procedureId, title: titles.get(procedureId) ?? procedureId, count })),
  };
}
