import { sql } from 'kysely';
import { addDays, localDate, WEEKDAYS, weekdayOf, type Weekday } from './hours';
import type { Db } from './model';

/**
 * Statistics from the visits themselves (one row per service a ticket queued for):
 *   wait    = first call − joining the queue
 *   service = finished − start of service (or the call, when the desk skipped 対応開始)
 * Hours are Japan time, computed from epoch seconds so the database's time zone does not matter.
 */

const jst = (column: string) => sql<number>`((extract(epoch from ${sql.ref(column)})::bigint + 32400) % 86400) / 3600`;

interface Cell {
  date: string;
  serviceId: string;
  hour: number;
  visits: number;
  done: number;
  noShow: number;
  transferred: number;
  waitSum: number;
  waitN: number;
  serviceSum: number;
  serviceN: number;
}

async function cells(db: Db, municipalityId: string, input: { from: string; to: string; locationId?: string }): Promise<Cell[]> {
  const rows = await db.selectFrom('queue_visit')
    .select((eb) => [
      'service_date', 'service_id',
      sql<number>`floor(${jst('queued_at')})::int`.as('hour'),
      eb.fn.countAll<string>().as('visits'),
      sql<string>`count(*) filter (where state = 'done')`.as('done'),
      sql<string>`count(*) filter (where state = 'no_show')`.as('no_show'),
      sql<string>`count(*) filter (where state = 'transferred')`.as('transferred'),
      sql<string>`coalesce(sum(extract(epoch from first_called_at - queued_at)) filter (where first_called_at is not null), 0)`.as('wait_sum'),
      sql<string>`count(*) filter (where first_called_at is not null)`.as('wait_n'),
      sql<string>`coalesce(sum(extract(epoch from finished_at - coalesce(serving_at, called_at))) filter (where state in ('done', 'transferred') and finished_at is not null), 0)`.as('service_sum'),
      sql<string>`count(*) filter (where state in ('done', 'transferred') and finished_at is not null)`.as('service_n'),
    ])
    .where('municipality_id', '=', municipalityId)
    .where('service_date', '>=', input.from).where('service_date', '<=', input.to)
    .where('queued_at', 'is not', null)
    .$if(input.locationId !== undefined, (q) => q.where('location_id', '=', input.locationId!))
    .groupBy(['service_date', 'service_id', sql`3`])
    .execute();
  return rows.map((r) => ({
    date: r.service_date, serviceId: r.service_id, hour: Number(r.hour), visits: Number(r.visits), done: Number(r.done), noShow: Number(r.no_show),
    transferred: Number(r.transferred), waitSum: Number(r.wait_sum) / 60, waitN: Number(r.wait_n), serviceSum: Number(r.service_sum) / 60, serviceN: Number(r.service_n),
  }));
}

export interface StatRow {
  visits: number;
  done: number;
  noShow: number;
  transferred: number;
  avgWaitMinutes: number | null;
  avgServiceMinutes: number | null;
}

function fold(list: Cell[]): StatRow {
  const t = list.reduce((a, c) => ({
    visits: a.visits + c.visits, done: a.done + c.done, noShow: a.noShow + c.noShow, transferred: a.transferred + c.transferred,
    waitSum: a.waitSum + c.waitSum, waitN: a.waitN + c.waitN, serviceSum: a.serviceSum + c.serviceSum, serviceN: a.serviceN + c.serviceN,
  }), { visits: 0, done: 0, noShow: 0, transferred: 0, waitSum: 0, waitN: 0, serviceSum: 0, serviceN: 0 });
  const round = (v: number) => Math.round(v * 10) / 10;
  return {
    visits: t.visits, done: t.done, noShow: t.noShow, transferred: t.transferred,
    avgWaitMinutes: t.waitN > 0 ? round(t.waitSum / t.waitN) : null,
    avgServiceMinutes: t.serviceN > 0 ? round(t.serviceSum / t.serviceN) : null,
  };
}

function groupBy<K>(list: Cell[], key: (c: Cell) => K): Map<K, Cell[]> {
  const m = new Map<K, Cell[]>();
  for (const c of list) {
    const k = key(c);
    const l = m.get(k) ?? [];
    l.push(c);
    m.set(k, l);
  }
  return m;
}

export interface QueueStatistics {
  from: string;
  to: string;
  total: StatRow;
  byService: (StatRow & { serviceId: string; serviceName: string; p90WaitMinutes: number | null })[];
  byHour: (StatRow & { hour: number })[];
  byDay: (StatRow & { date: string })[];
}

export async function queueStatistics(db: Db, municipalityId: string, input: { from: string; to: string; locationId?: string }): Promise<QueueStatistics> {
  const [list, services, p90] = await Promise.all([
    cells(db, municipalityId, input),
    db.selectFrom('queue_service').select(['id', 'name', 'sort_order', 'code']).where('municipality_id', '=', municipalityId)
      .$if(input.locationId !== undefined, (q) => q.where('location_id', '=', input.locationId!)).orderBy('sort_order').orderBy('code').execute(),
    db.selectFrom('queue_visit')
      .select(['service_id', sql<string>`percentile_cont(0.9) within group (order by extract(epoch from first_called_at - queued_at)) / 60`.as('p90')])
      .where('municipality_id', '=', municipalityId).where('service_date', '>=', input.from).where('service_date', '<=', input.to)
      .where('first_called_at', 'is not', null).where('queued_at', 'is not', null)
      .$if(input.locationId !== undefined, (q) => q.where('location_id', '=', input.locationId!))
      .groupBy('service_id').execute(),
  ]);
  const byService = groupBy(list, (c) => c.serviceId);
  const p90By = new Map(p90.map((r) => [r.service_id, Math.round(Number(r.p90) * 10) / 10]));
  const byHour = groupBy(list, (c) => c.hour);
  const byDay = groupBy(list, (c) => c.date);
  const days: string[] = [];
  for (let d = input.from; d <= input.to; d = addDays(d, 1)) days.push(d);
  return {
    from: input.from,
    to: input.to,
    total: fold(list),
    byService: services.map((s) => ({ serviceId: s.id, serviceName: s.name, ...fold(byService.get(s.id) ?? []), p90WaitMinutes: p90By.get(s.id) ?? null })),
    byHour: [...byHour.keys()].sort((a, b) => a - b).map((hour) => ({ hour, ...fold(byHour.get(hour)!) })),
    byDay: days.map((date) => ({ date, ...fold(byDay.get(date) ?? []) })),
  };
}

const csvCell = (v: string | number | null) => {
  if (v === null) return '';
  const s = String(v);
  return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** One row per day, service and hour; UTF-8 with a BOM so Excel opens the Japanese headers. */
export async function queueStatisticsCsv(db: Db, municipalityId: string, input: { from: string; to: string; locationId?: string }): Promise<string> {
  const [list, services] = await Promise.all([
    cells(db, municipalityId, input),
    db.selectFrom('queue_service').select(['id', 'name']).where('municipality_id', '=', municipalityId).execute(),
  ]);
  const name = new Map(services.map((s) => [s.id, s.name]));
  const header = ['日付', '用件', '時台', '受付数', '終了', '不在', '転送', '平均待ち時間（分）', '平均対応時間（分）'];
  const lines = [header.join(',')];
  const sorted = [...list].sort((a, b) => a.date.localeCompare(b.date) || (name.get(a.serviceId) ?? '').localeCompare(name.get(b.serviceId) ?? '') || a.hour - b.hour);
  for (const c of sorted) {
    const r = fold([c]);
    lines.push([c.date, name.get(c.serviceId) ?? c.serviceId, c.hour, r.visits, r.done, r.noShow, r.transferred, r.avgWaitMinutes, r.avgServiceMinutes].map(csvCell).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export interface BusyHours {
  weeks: number;
  /** Average residents arriving per hour, and their average wait, for each weekday and hour. */
  cells: { weekday: Weekday; hour: number; arrivals: number; avgWaitMinutes: number | null }[];
}

/** Busy hours by weekday over the last `weeks` weeks, for the public congestion page. */
export async function busyHours(db: Db, municipalityId: string, locationId: string, now: Date, weeks = 8): Promise<BusyHours> {
  const today = localDate(now);
  const from = addDays(today, -weeks * 7);
  const list = await cells(db, municipalityId, { from, to: addDays(today, -1), locationId });
  // Divide by the number of such weekdays that had any visit, so closed days do not dilute the average.
  const openDays = new Map<Weekday, Set<string>>();
  for (const c of list) {
    const w = weekdayOf(c.date);
    const set = openDays.get(w) ?? new Set<string>();
    set.add(c.date);
    openDays.set(w, set);
  }
  const grouped = groupBy(list, (c) => `${weekdayOf(c.date)}:${c.hour}`);
  const out: BusyHours['cells'] = [];
  for (const weekday of WEEKDAYS) {
    const days = openDays.get(weekday)?.size ?? 0;
    if (days === 0) continue;
    for (let hour = 7; hour <= 19; hour += 1) {
      const g = grouped.get(`${weekday}:${hour}`) ?? [];
      const r = fold(g);
      out.push({ weekday, hour, arrivals: Math.round((r.visits / days) * 10) / 10, avgWaitMinutes: r.avgWaitMinutes });
    }
  }
  return { weeks, cells: out };
}
