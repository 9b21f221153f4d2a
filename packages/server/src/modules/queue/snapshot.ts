import { sql } from 'kysely';
import { describeSessions, isOpenAt, localTime, parseHours, sessionsOn } from './hours';
import { deskCapacity, estimateWaitMinutes, serviceMinutes, type HistoryStat } from './estimate';
import type { Db, QueueVisitState } from './model';

/**
 * Everything the live screens of one location need, read in one go: the queue in call order with
 * each visit's position and estimate, the desks and who is at them, the last calls. Built once per
 * change and shared by every board, status page and desk screen of the location.
 */

export interface QueueEntry {
  visitId: string;
  ticketId: string;
  serviceId: string;
  displayNumber: string | null;
  /** The state as the resident should see it: a booking whose time has come counts as waiting. */
  state: QueueVisitState;
  priority: number;
  orderAt: Date;
  queuedAt: Date | null;
  needsAssistance: boolean;
  channel: string;
  slotStartsAt: Date | null;
  eligibleAt: Date | null;
  deskId: string | null;
  calledAt: Date | null;
  callCount: number;
  /** Callable visits of the same service in front of this one (null unless waiting). */
  ahead: number | null;
  estimateMinutes: number | null;
}

export interface ServiceSnapshot {
  id: string;
  name: string;
  ticketPrefix: string;
  departmentId: string | null;
  active: boolean;
  waiting: number;
  /** Minutes a ticket taken now would wait. */
  estimateMinutes: number;
  openDesks: number;
  minutesPerResident: number;
}

export interface DeskSnapshot {
  id: string;
  name: string;
  open: boolean;
  serviceIds: string[];
  current: QueueEntry | null;
}

export interface RecentCall {
  visitId: string;
  displayNumber: string;
  deskName: string;
  serviceName: string;
  calledAt: Date;
  callCount: number;
  state: QueueVisitState;
}

export interface LocationSnapshot {
  municipalityId: string;
  locationId: string;
  /** The last event of this location the snapshot includes (the SSE id). */
  seq: string;
  at: Date;
  location: { id: string; name: string; place: string; kind: 'hall' | 'vehicle'; open: boolean; todaySessions: string };
  services: ServiceSnapshot[];
  desks: DeskSnapshot[];
  entries: QueueEntry[];
  byTicket: Map<string, QueueEntry>;
  recentCalls: RecentCall[];
}

/** Service-time history changes slowly; it is read at most every few minutes per location. */
export class HistoryCache {
  readonly #entries = new Map<string, { at: number; stats: Map<string, HistoryStat> }>();
  constructor(readonly ttlMs = 5 * 60_000, readonly days = 28) {}

  async get(db: Db, municipalityId: string, locationId: string, now: Date): Promise<Map<string, HistoryStat>> {
    const today = localTime(now).date;
    const key = `${municipalityId}:${locationId}:${today}`;
    const hit = this.#entries.get(key);
    if (hit && now.getTime() - hit.at < this.ttlMs && now.getTime() >= hit.at) return hit.stats;
    const stats = await serviceTimeHistory(db, municipalityId, locationId, today, this.days);
    if (this.#entries.size > 1000) this.#entries.clear();
    this.#entries.set(key, { at: now.getTime(), stats });
    return stats;
  }
}

/** Hour of day in Japan, computed from epoch seconds so the session's time zone does not matter. */
const jstHour = (column: string) => sql<number>`floor(((extract(epoch from ${sql.ref(column)})::bigint + 32400) % 86400) / 3600)::int`;

export const historyKey = (serviceId: string, hour: number) => `${serviceId}:${hour}`;

/** Mean minutes per resident (called → finished) by service and hour over the last `days` days. */
export async function serviceTimeHistory(db: Db, municipalityId: string, locationId: string, today: string, days: number): Promise<Map<string, HistoryStat>> {
  const rows = await db
    .selectFrom('queue_visit')
    .select((eb) => [
      'service_id',
      jstHour('called_at').as('hour'),
      sql<string>`avg(extract(epoch from finished_at - called_at)) / 60`.as('mean'),
      eb.fn.countAll<string>().as('n'),
    ])
    .where('municipality_id', '=', municipalityId)
    .where('location_id', '=', locationId)
    .where('service_date', '<', today)
    .where('service_date', '>=', sql<string>`(${today}::date - ${days}::int)`)
    .where('state', 'in', ['done', 'transferred'])
    .where('called_at', 'is not', null)
    .where('finished_at', 'is not', null)
    .groupBy(['service_id', sql`2`])
    .execute();
  return new Map(rows.map((r) => [historyKey(r.service_id, Number(r.hour)), { meanMinutes: Number(r.mean), samples: Number(r.n) }]));
}

type ActiveVisitRow = [
  id: string, ticketId: string, serviceId: string, state: QueueVisitState, priority: number, orderAt: number, queuedAt: number | null,
  eligibleAt: number | null, slotStartsAt: number | null, deskId: string | null, calledAt: number | null, callCount: number,
  displayNumber: string | null, needsAssistance: boolean, channel: string,
];

/**
 * The open visits of a location today, as one JSON array: with thousands waiting, decoding one
 * value is several times faster than thousands of rows of fifteen columns (PGlite most of all).
 * Times come as epoch milliseconds.
 */
async function activeVisits(db: Db, municipalityId: string, locationId: string, today: string): Promise<ActiveVisitRow[]> {
  const ms = (column: string) => sql`(extract(epoch from ${sql.ref(column)}) * 1000)::float8`;
  const { rows } = await sql<{ visits: ActiveVisitRow[] | string | null }>`
    select coalesce(json_agg(json_build_array(v.id, v.ticket_id, v.service_id, v.state, v.priority, ${ms('v.order_at')}, ${ms('v.queued_at')},
      ${ms('v.eligible_at')}, ${ms('v.slot_starts_at')}, v.desk_id, ${ms('v.called_at')}, v.call_count, t.display_number, t.needs_assistance, t.channel)), '[]') as visits
    from queue_visit v
    join queue_ticket t on t.municipality_id = v.municipality_id and t.id = v.ticket_id
    where v.municipality_id = ${municipalityId} and v.location_id = ${locationId} and v.service_date = ${today}
      and v.state in ('arrived', 'waiting', 'called', 'serving')`.execute(db);
  const value = rows[0]?.visits ?? [];
  return typeof value === 'string' ? (JSON.parse(value) as ActiveVisitRow[]) : value;
}

export function effectiveState(state: QueueVisitState, eligibleAt: Date | null, now: Date): QueueVisitState {
  return state === 'arrived' && eligibleAt !== null && eligibleAt.getTime() <= now.getTime() ? 'waiting' : state;
}

/** The call order: priority first (due bookings, assistance), then the time the visit is ordered by. */
export function callOrder(a: { priority: number; orderAt: Date; visitId: string }, b: { priority: number; orderAt: Date; visitId: string }): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  const t = a.orderAt.getTime() - b.orderAt.getTime();
  if (t !== 0) return t;
  return a.visitId < b.visitId ? -1 : a.visitId > b.visitId ? 1 : 0;
}

export async function buildLocationSnapshot(db: Db, history: HistoryCache, municipalityId: string, locationId: string, now: Date): Promise<LocationSnapshot> {
  const today = localTime(now).date;
  const [location, services, desks, visits, recent, seqRow, durations, stats] = await Promise.all([
    db.selectFrom('queue_location').select(['id', 'name', 'place', 'kind', 'hours']).where('municipality_id', '=', municipalityId).where('id', '=', locationId).executeTakeFirstOrThrow(),
    db.selectFrom('queue_service').select(['id', 'name', 'ticket_prefix', 'department_id', 'default_service_minutes', 'active', 'sort_order', 'code'])
      .where('municipality_id', '=', municipalityId).where('location_id', '=', locationId).orderBy('sort_order').orderBy('code').execute(),
    db.selectFrom('queue_desk').select(['id', 'name', 'service_ids', 'open_staff_id', 'active'])
      .where('municipality_id', '=', municipalityId).where('location_id', '=', locationId).where('active', '=', true).orderBy('sort_order').orderBy('name').execute(),
    activeVisits(db, municipalityId, locationId, today),
    db.selectFrom('queue_visit as v')
      .innerJoin('queue_ticket as t', (j) => j.onRef('t.municipality_id', '=', 'v.municipality_id').onRef('t.id', '=', 'v.ticket_id'))
      .innerJoin('queue_desk as d', (j) => j.onRef('d.municipality_id', '=', 'v.municipality_id').onRef('d.id', '=', 'v.desk_id'))
      .innerJoin('queue_service as s', (j) => j.onRef('s.municipality_id', '=', 'v.municipality_id').onRef('s.id', '=', 'v.service_id'))
      .select(['v.id', 't.display_number', 'd.name as desk_name', 's.name as service_name', 'v.called_at', 'v.call_count', 'v.state'])
      .where('v.municipality_id', '=', municipalityId).where('v.location_id', '=', locationId).where('v.service_date', '=', today)
      .where('v.called_at', 'is not', null)
      .orderBy('v.called_at', 'desc').limit(8)
      .execute(),
    db.selectFrom('queue_event').select((eb) => eb.fn.max('seq').as('seq')).where('municipality_id', '=', municipalityId).where('location_id', '=', locationId).executeTakeFirst(),
    db.selectFrom('queue_visit').select(['service_id', sql<string>`extract(epoch from finished_at - called_at) / 60`.as('minutes')])
      .where('municipality_id', '=', municipalityId).where('location_id', '=', locationId).where('service_date', '=', today)
      .where('state', 'in', ['done', 'transferred']).where('called_at', 'is not', null).where('finished_at', 'is not', null)
      .orderBy('finished_at', 'desc').limit(300).execute(),
    history.get(db, municipalityId, locationId, now),
  ]);

  const hours = parseHours(location.hours);
  const hour = localTime(now).hour;
  const recentByService = new Map<string, number[]>();
  for (const d of durations) {
    const list = recentByService.get(d.service_id) ?? [];
    if (list.length < 10) list.push(Number(d.minutes));
    recentByService.set(d.service_id, list);
  }
  const minutesFor = new Map(services.map((s) => [s.id, serviceMinutes({
    defaultMinutes: Number(s.default_service_minutes),
    history: stats.get(historyKey(s.id, hour)) ?? null,
    recent: recentByService.get(s.id) ?? [],
  })]));

  const at = (ms: number | null) => (ms === null ? null : new Date(ms));
  const entries: QueueEntry[] = visits.map(([id, ticketId, serviceId, state, priority, orderAt, queuedAt, eligibleAt, slotStartsAt, deskId, calledAt, callCount, displayNumber, needsAssistance, channel]) => ({
    visitId: id, ticketId, serviceId, displayNumber,
    state: effectiveState(state, at(eligibleAt), now),
    priority, orderAt: new Date(orderAt), queuedAt: at(queuedAt), needsAssistance, channel,
    slotStartsAt: at(slotStartsAt), eligibleAt: at(eligibleAt), deskId, calledAt: at(calledAt), callCount, ahead: null, estimateMinutes: null,
  }));
  entries.sort(callOrder);

  const waitingByService = new Map<string, QueueEntry[]>();
  for (const e of entries) {
    if (e.state !== 'waiting') continue;
    const list = waitingByService.get(e.serviceId) ?? [];
    list.push(e);
    waitingByService.set(e.serviceId, list);
  }
  const servicesWithQueue = new Set(waitingByService.keys());
  const busyDesks = new Set(entries.filter((e) => e.deskId && (e.state === 'called' || e.state === 'serving')).map((e) => e.deskId!));
  const deskLoads = desks.map((d) => ({ open: d.open_staff_id !== null, busy: busyDesks.has(d.id), serviceIds: d.service_ids }));

  const serviceSnaps: ServiceSnapshot[] = services.map((s) => {
    const capacity = deskCapacity(s.id, deskLoads, servicesWithQueue);
    const idle = deskLoads.filter((d) => d.open && !d.busy && d.serviceIds.includes(s.id)).length;
    const openDesks = deskLoads.filter((d) => d.open && d.serviceIds.includes(s.id)).length;
    const S = minutesFor.get(s.id)!;
    const queue = waitingByService.get(s.id) ?? [];
    queue.forEach((e, i) => {
      e.ahead = i;
      e.estimateMinutes = estimateWaitMinutes({ ahead: i, serviceMinutes: S, capacity, idleDesks: idle });
    });
    return {
      id: s.id, name: s.name, ticketPrefix: s.ticket_prefix, departmentId: s.department_id, active: s.active,
      waiting: queue.length, openDesks, minutesPerResident: S,
      estimateMinutes: estimateWaitMinutes({ ahead: queue.length, serviceMinutes: S, capacity, idleDesks: idle }),
    };
  });

  const atDesk = new Map(entries.filter((e) => e.deskId && (e.state === 'called' || e.state === 'serving')).map((e) => [e.deskId!, e]));
  return {
    municipalityId,
    locationId,
    seq: seqRow?.seq == null ? '0' : String(seqRow.seq),
    at: now,
    location: {
      id: location.id, name: location.name, place: location.place, kind: location.kind,
      open: isOpenAt(hours, now), todaySessions: describeSessions(sessionsOn(hours, today)),
    },
    services: serviceSnaps,
    desks: desks.map((d) => ({ id: d.id, name: d.name, open: d.open_staff_id !== null, serviceIds: d.service_ids, current: atDesk.get(d.id) ?? null })),
    entries,
    byTicket: new Map(entries.map((e) => [e.ticketId, e])),
    recentCalls: recent.filter((r) => r.display_number !== null).map((r) => ({
      visitId: r.id, displayNumber: r.display_number!, deskName: r.desk_name, serviceName: r.service_name,
      calledAt: new Date(r.called_at!), callCount: r.call_count, state: r.state,
    })),
  };
}
