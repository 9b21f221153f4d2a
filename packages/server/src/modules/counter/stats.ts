import { sql } from 'kysely';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { badRequest } from '../../platform/http/errors';
import { COUNTER_EVENT_LABELS, type CounterEvent } from './model';
import type { CounterDeps, VisitResult } from './visits';

/**
 * 窓口の統計: how many visits per day and per hour, how long a visit took from start to
 * completion for each procedure it included, and how many procedures one visit handled. Counts
 * only: no person appears in the answer.
 */
export interface CounterStats {
  from: string;
  to: string;
  totals: { started: number; completed: number; cancelled: number; open: number; medianMinutes: number | null; casesCreated: number };
  perDay: { date: string; started: number; completed: number; cancelled: number }[];
  perHour: { hour: number; started: number; completed: number }[];
  byProcedure: { procedureId: string; title: string; visits: number; medianMinutes: number; p90Minutes: number }[];
  proceduresPerVisit: { procedures: number; visits: number }[];
  byEvent: { event: CounterEvent; label: string; completed: number; medianMinutes: number | null }[];
  byOrigin: { origin: 'counter' | 'kiosk' | 'preEntry'; completed: number }[];
}

const TOKYO_DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Tokyo', year: 'numeric', month: '2-digit', day: '2-digit' });
const TOKYO_HOUR = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', hourCycle: 'h23' });

function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i]!;
}
const round1 = (n: number) => Math.round(n * 10) / 10;

function eachDate(from: string, to: string): string[] {
  const out: string[] = [];
  const d = new Date(`${from}T00:00:00Z`);
  const end = new Date(`${to}T00:00:00Z`);
  while (d <= end && out.length < 370) {
    out.push(d.toISOString().slice(0, 10));
    d.setUTCDate(d.getUTCDate() + 1);
  }
  return out;
}

export async function counterStats(deps: CounterDeps, staff: StaffPrincipal, range: { from: string; to: string }): Promise<CounterStats> {
  if (range.from > range.to) throw badRequest('STATS_RANGE_INVALID', '期間の開始日は終了日以前にしてください。', [{ path: 'from', message: '終了日以前の日にしてください。' }]);
  if (eachDate(range.from, range.to).length > 366) throw badRequest('STATS_RANGE_TOO_LONG', '期間は1年以内にしてください。');
  // Japan has no daylight saving: the day in Tokyo is [date 00:00 +09:00, next day 00:00 +09:00).
  const start = new Date(`${range.from}T00:00:00+09:00`);
  const end = new Date(new Date(`${range.to}T00:00:00+09:00`).getTime() + 86_400_000);
  const rows = await deps.db.selectFrom('counter_visit').select(['status', 'origin', 'life_event', 'started_at', 'completed_at', 'cancelled_at', sql<unknown>`result`.as('result')])
    .where('municipality_id', '=', staff.municipalityId).where('started_at', '>=', start).where('started_at', '<', end).execute();
  const days = new Map(eachDate(range.from, range.to).map((d) => [d, { date: d, started: 0, completed: 0, cancelled: 0 }]));
  const hours = Array.from({ length: 24 }, (_, hour) => ({ hour, started: 0, completed: 0 }));
  const minutesAll: number[] = [];
  const perProcedure = new Map<string, { title: string; minutes: number[] }>();
  const perCount = new Map<number, number>();
  const perEvent = new Map<CounterEvent, number[]>();
  const perOrigin = new Map<'counter' | 'kiosk' | 'preEntry', number>();
  let casesCreated = 0;
  for (const r of rows) {
    const started = new Date(r.started_at);
    const day = days.get(TOKYO_DATE.format(started));
    if (day) day.started++;
    hours[Number(TOKYO_HOUR.format(started)) % 24]!.started++;
    if (r.status === 'cancelled' && day) day.cancelled++;
    if (r.status !== 'completed' || !r.completed_at) continue;
    const completed = new Date(r.completed_at);
    const done = days.get(TOKYO_DATE.format(completed));
    if (done) done.completed++;
    hours[Number(TOKYO_HOUR.format(completed)) % 24]!.completed++;
    const minutes = (completed.getTime() - started.getTime()) / 60_000;
    minutesAll.push(minutes);
    const result = r.result as VisitResult | null;
    const cases = result?.cases ?? [];
    casesCreated += cases.length;
    perCount.set(cases.length, (perCount.get(cases.length) ?? 0) + 1);
    for (const c of cases) {
      const entry = perProcedure.get(c.procedureId) ?? { title: c.title, minutes: [] };
      entry.minutes.push(minutes);
      perProcedure.set(c.procedureId, entry);
    }
    if (r.life_event && r.life_event in COUNTER_EVENT_LABELS) {
      const e = r.life_event as CounterEvent;
      perEvent.set(e, [...(perEvent.get(e) ?? []), minutes]);
    }
    perOrigin.set(r.origin, (perOrigin.get(r.origin) ?? 0) + 1);
  }
  const sorted = [...minutesAll].sort((a, b) => a - b);
  return {
    from: range.from,
    to: range.to,
    totals: {
      started: rows.length, completed: minutesAll.length, cancelled: rows.filter((r) => r.status === 'cancelled').length, open: rows.filter((r) => r.status === 'open').length,
      medianMinutes: sorted.length > 0 ? round1(quantile(sorted, 0.5)) : null, casesCreated,
    },
    perDay: [...days.values()],
    perHour: hours,
    byProcedure: [...perProcedure.entries()].map(([procedureId, v]) => {
      const s = [...v.minutes].sort((a, b) => a - b);
      return { procedureId, title: v.title, visits: s.length, medianMinutes: round1(quantile(s, 0.5)), p90Minutes: round1(quantile(s, 0.9)) };
    }).sort((a, b) => b.visits - a.visits || a.title.localeCompare(b.title, 'ja')),
    proceduresPerVisit: [...perCount.entries()].map(([procedures, visits]) => ({ procedures, visits })).sort((a, b) => a.procedures - b.procedures),
    byEvent: (Object.keys(COUNTER_EVENT_LABELS) as CounterEvent[]).map((event) => {
      const s = [...(perEvent.get(event) ?? [])].sort((a, b) => a - b);
      return { event, label: COUNTER_EVENT_LABELS[event], completed: s.length, medianMinutes: s.length > 0 ? round1(quantile(s, 0.5)) : null };
    }),
    byOrigin: (['counter', 'kiosk', 'preEntry'] as const).map((origin) => ({ origin, completed: perOrigin.get(origin) ?? 0 })),
  };
}
