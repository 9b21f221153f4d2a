import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { AppError, notFound } from '../../platform/http/errors';
import { assertOpen, requireLocation, requireService } from './config';
import { recordEvent } from './events';
import { roundedMinutes } from './estimate';
import { localDate } from './hours';
import {
  displayNumberOf, hashToken, iso, MAX_TICKETS_PER_SERVICE_DAY, newToken, VISIT_STATE_LABELS,
  type Db, type QueueDeps, type QueueSignal, type QueueVisitState,
} from './model';
import type { HistoryCache, LocationSnapshot } from './snapshot';
import { buildLocationSnapshot } from './snapshot';

/** Remote tickets (taken from home) one service may hold at once, so a script cannot fill the queue. */
export const MAX_REMOTE_WAITING_PER_SERVICE = 20;

export type TicketChannel = 'kiosk' | 'staff' | 'remote';

export interface IssueInput {
  municipalityId: string;
  locationId: string;
  serviceId: string;
  channel: TicketChannel;
  needsAssistance: boolean;
  staffId: string | null;
}

export interface IssuedTicket {
  ticketId: string;
  /** The status page's capability; shown once (QR code on the receipt), only its hash is stored. */
  token: string;
  displayNumber: string;
}

/** The next number of a service today, handed out by one atomic upsert. */
export async function nextNumber(trx: Db, municipalityId: string, serviceId: string, date: string): Promise<number> {
  const row = await trx
    .insertInto('queue_day_counter')
    .values({ municipality_id: municipalityId, service_id: serviceId, service_date: date, last_number: 1 })
    .onConflict((oc) => oc.columns(['municipality_id', 'service_id', 'service_date']).doUpdateSet({ last_number: sql`queue_day_counter.last_number + 1` }))
    .returning('last_number')
    .executeTakeFirstOrThrow();
  if (row.last_number > MAX_TICKETS_PER_SERVICE_DAY) {
    throw new AppError(409, 'QUEUE_NUMBERS_EXHAUSTED', '本日この用件の整理券は上限に達しました。職員に声をおかけください。');
  }
  return row.last_number;
}

export async function issueTicket(deps: QueueDeps, input: IssueInput): Promise<IssuedTicket> {
  const signals: QueueSignal[] = [];
  const now = deps.now();
  const issued = await deps.db.transaction().execute(async (trx) => {
    const location = await requireLocation(trx, input.municipalityId, input.locationId, { activeOnly: true });
    const service = await requireService(trx, input.municipalityId, input.serviceId, { activeOnly: true });
    if (service.location_id !== location.id) throw notFound('QUEUE_SERVICE_NOT_FOUND', 'この場所では扱っていない用件です。一覧から選び直してください。');
    // Staff may hand out a ticket after hours (a resident still in the hall); the kiosk and home may not.
    if (input.channel !== 'staff') assertOpen(location, now);
    const date = localDate(now);
    if (input.channel === 'remote') {
      if (!location.remote_tickets) throw new AppError(403, 'QUEUE_REMOTE_DISABLED', `${location.name}では、自宅からの整理券の発行を行っていません。会場の受付機で整理券をお取りください。`);
      const remote = await trx.selectFrom('queue_visit as v')
        .innerJoin('queue_ticket as t', (j) => j.onRef('t.municipality_id', '=', 'v.municipality_id').onRef('t.id', '=', 'v.ticket_id'))
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('v.municipality_id', '=', input.municipalityId).where('v.service_id', '=', service.id).where('v.service_date', '=', date)
        .where('v.state', '=', 'waiting').where('t.channel', '=', 'remote')
        .executeTakeFirstOrThrow();
      if (Number(remote.n) >= MAX_REMOTE_WAITING_PER_SERVICE) {
        throw new AppError(409, 'QUEUE_REMOTE_FULL', '自宅から発行できる整理券が上限に達しています。しばらくしてからもう一度お試しいただくか、会場の受付機をご利用ください。');
      }
    }
    const number = await nextNumber(trx, input.municipalityId, service.id, date);
    const ticketId = randomUUID();
    const visitId = randomUUID();
    const token = newToken();
    const displayNumber = displayNumberOf(service.ticket_prefix, number);
    await trx.insertInto('queue_ticket').values({
      municipality_id: input.municipalityId, id: ticketId, location_id: location.id, service_date: date, first_service_id: service.id,
      number, display_number: displayNumber, token_hash: hashToken(token), channel: input.channel, needs_assistance: input.needsAssistance,
      reservation_id: null, resident_id: null, notify_email: null, notify_ahead: null, notified_at: null, issued_at: now,
    }).execute();
    await trx.insertInto('queue_visit').values({
      municipality_id: input.municipalityId, id: visitId, ticket_id: ticketId, seq: 1, location_id: location.id, service_id: service.id,
      service_date: date, state: 'waiting', priority: input.needsAssistance ? 1 : 0, queued_at: now, order_at: now,
      eligible_at: null, slot_starts_at: null, desk_id: null, called_by: null, first_called_at: null, called_at: null,
      serving_at: null, finished_at: null, served_by: null,
    }).execute();
    await recordEvent(trx, signals, {
      municipalityId: input.municipalityId, locationId: location.id, kind: 'issued', at: now, ticketId, visitId,
      serviceId: service.id, staffId: input.staffId, details: { channel: input.channel, displayNumber },
    });
    return { ticketId, token, displayNumber };
  });
  deps.live.publish(signals);
  return issued;
}

// ---- the resident's view of a ticket ------------------------------------------------------

export interface TicketLeg {
  serviceName: string;
  state: QueueVisitState;
  stateLabel: string;
}

/** What the status page shows. Numbers, places and times only: nothing about who the resident is. */
export interface TicketStatus {
  displayNumber: string | null;
  state: QueueVisitState;
  stateLabel: string;
  serviceName: string;
  locationName: string;
  place: string;
  deskName: string | null;
  /** Residents ahead in the same queue; null unless waiting. */
  ahead: number | null;
  estimatedWaitMinutes: number | null;
  issuedAt: string;
  calledAt: string | null;
  callCount: number;
  reservation: { startsAt: string; endsAt: string; code: string } | null;
  legs: TicketLeg[];
  notify: { email: string | null; ahead: number | null; mailAvailable: boolean };
  /** The SSE id this status corresponds to. */
  seq: string;
}

export interface TicketRow {
  id: string;
  municipality_id: string;
  location_id: string;
  display_number: string | null;
  issued_at: Date;
  notify_email: string | null;
  notify_ahead: number | null;
  reservation_id: string | null;
}

const TICKET_COLUMNS = ['id', 'municipality_id', 'location_id', 'display_number', 'issued_at', 'notify_email', 'notify_ahead', 'reservation_id'] as const;

/** By the receipt's token, or by the booking's token (the resident's link to a booking leads to its ticket). */
export async function findTicketByToken(db: Db, municipalityId: string, token: string): Promise<TicketRow> {
  const hash = hashToken(token);
  const row = await db.selectFrom('queue_ticket').select(TICKET_COLUMNS)
    .where('token_hash', '=', hash).where('municipality_id', '=', municipalityId)
    .executeTakeFirst()
    ?? await db.selectFrom('queue_reservation as r')
      .innerJoin('queue_ticket as t', (j) => j.onRef('t.municipality_id', '=', 'r.municipality_id').onRef('t.id', '=', 'r.ticket_id'))
      .select(TICKET_COLUMNS.map((c) => `t.${c}` as const))
      .where('r.token_hash', '=', hash).where('r.municipality_id', '=', municipalityId)
      .executeTakeFirst();
  if (!row) throw notFound('QUEUE_TICKET_NOT_FOUND', '整理券が見つかりません。整理券のQRコードを読み取り直してください。');
  return row;
}

export interface LegRow {
  id: string;
  seq: number;
  service_id: string;
  service_name: string;
  location_id: string;
  state: QueueVisitState;
  desk_id: string | null;
  called_at: Date | null;
  call_count: number;
}

export async function ticketLegs(db: Db, municipalityId: string, ticketId: string): Promise<LegRow[]> {
  return db.selectFrom('queue_visit as v')
    .innerJoin('queue_service as s', (j) => j.onRef('s.municipality_id', '=', 'v.municipality_id').onRef('s.id', '=', 'v.service_id'))
    .select(['v.id', 'v.seq', 'v.service_id', 's.name as service_name', 'v.location_id', 'v.state', 'v.desk_id', 'v.called_at', 'v.call_count'])
    .where('v.municipality_id', '=', municipalityId).where('v.ticket_id', '=', ticketId)
    .orderBy('v.seq')
    .execute();
}

function maskEmail(email: string): string {
  const [local, domain] = email.split('@');
  return `${(local ?? '').slice(0, 2)}***@${domain ?? ''}`;
}

export interface TicketContext {
  ticket: TicketRow;
  legs: LegRow[];
  reservation: TicketStatus['reservation'];
}

/** What a status page needs besides the live snapshot; reloaded only when its ticket changes. */
export async function loadTicketContext(db: Db, ticket: TicketRow): Promise<TicketContext> {
  const legs = await ticketLegs(db, ticket.municipality_id, ticket.id);
  let reservation: TicketStatus['reservation'] = null;
  if (ticket.reservation_id) {
    const r = await db.selectFrom('queue_reservation as r')
      .innerJoin('queue_reservation_slot as s', (j) => j.onRef('s.municipality_id', '=', 'r.municipality_id').onRef('s.id', '=', 'r.slot_id'))
      .select(['s.starts_at', 's.ends_at', 'r.code'])
      .where('r.municipality_id', '=', ticket.municipality_id).where('r.id', '=', ticket.reservation_id)
      .executeTakeFirst();
    if (r) reservation = { startsAt: iso(r.starts_at)!, endsAt: iso(r.ends_at)!, code: r.code };
  }
  return { ticket, legs, reservation };
}

export async function reloadTicket(db: Db, municipalityId: string, ticketId: string): Promise<TicketContext> {
  const ticket = await db.selectFrom('queue_ticket').select(TICKET_COLUMNS)
    .where('municipality_id', '=', municipalityId).where('id', '=', ticketId).executeTakeFirstOrThrow();
  return loadTicketContext(db, ticket);
}

export const currentLocationOf = (ctx: TicketContext) => ctx.legs[ctx.legs.length - 1]!.location_id;

/** The ticket's status from its rows and the live snapshot of the location its current visit is at. */
export function ticketStatusFrom(ctx: TicketContext, snapshot: LocationSnapshot, mailAvailable: boolean): TicketStatus {
  const { ticket, legs } = ctx;
  const current = legs[legs.length - 1]!;
  const live = snapshot.byTicket.get(ticket.id);
  const inSnapshot = live !== undefined && live.visitId === current.id;
  const state: QueueVisitState = inSnapshot ? live.state : current.state;
  const deskId = inSnapshot ? live.deskId : current.desk_id;
  const desk = deskId ? snapshot.desks.find((d) => d.id === deskId) ?? null : null;
  const waiting = state === 'waiting' && inSnapshot;
  return {
    displayNumber: ticket.display_number,
    state,
    stateLabel: VISIT_STATE_LABELS[state],
    serviceName: current.service_name,
    locationName: snapshot.location.name,
    place: snapshot.location.place,
    deskName: state === 'called' || state === 'serving' ? desk?.name ?? null : null,
    ahead: waiting ? live.ahead : null,
    estimatedWaitMinutes: waiting && live.estimateMinutes !== null ? roundedMinutes(live.estimateMinutes) : null,
    issuedAt: iso(ticket.issued_at)!,
    calledAt: inSnapshot ? iso(live.calledAt) : iso(current.called_at),
    callCount: inSnapshot ? live.callCount : current.call_count,
    reservation: ctx.reservation,
    legs: legs.map((l) => {
      const s = l.id === current.id ? state : l.state;
      return { serviceName: l.service_name, state: s, stateLabel: VISIT_STATE_LABELS[s] };
    }),
    notify: { email: ticket.notify_email ? maskEmail(ticket.notify_email) : null, ahead: ticket.notify_ahead, mailAvailable },
    seq: snapshot.seq,
  };
}

export async function getTicketStatus(deps: QueueDeps, history: HistoryCache, municipalityId: string, token: string): Promise<TicketStatus> {
  const ctx = await loadTicketContext(deps.db, await findTicketByToken(deps.db, municipalityId, token));
  const snapshot = await buildLocationSnapshot(deps.db, history, municipalityId, currentLocationOf(ctx), deps.now());
  return ticketStatusFrom(ctx, snapshot, deps.mailer.configured);
}

/** The resident asks for an e-mail when `ahead` or fewer are in front (once per ticket). */
export async function setTicketNotification(deps: QueueDeps, municipalityId: string, token: string, input: { email: string | null; ahead: number }): Promise<void> {
  const ticket = await findTicketByToken(deps.db, municipalityId, token);
  await deps.db.updateTable('queue_ticket')
    .set({ notify_email: input.email, notify_ahead: input.email ? input.ahead : null, notified_at: null })
    .where('municipality_id', '=', municipalityId).where('id', '=', ticket.id)
    .execute();
}
