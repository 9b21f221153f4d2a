import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { formatWareki, type IsoDate } from '@madoguchi/jp';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { appendAudit } from '../../platform/audit/audit';
import { AppError, badRequest, notFound } from '../../platform/http/errors';
import type { MailOutcome } from '../../platform/mail/mailer';
import { getMunicipality } from '../tenancy/service';
import { requireLocation, requireService } from './config';
import { recordEvent } from './events';
import { addDays, instantOf, localDate, localTime, parseHours, sessionsOn, WEEKDAY_LABELS } from './hours';
import {
  displayNumberOf, hashToken, iso, newReservationCode, newToken, RESERVATION_LEAD_MS,
  type Db, type QueueDeps, type QueueSignal,
} from './model';
import { nextNumber } from './tickets';

/**
 * Reservations: slots per service with a capacity. The capacity check and the write are ONE
 * statement (`update slot set booked = booked + 1 where booked < capacity`, then the insert in the
 * same statement), so however many residents press 予約する at once, a slot is never overbooked;
 * a CHECK on the slot refuses it even if a later code path forgot. A booking is first held for a
 * few minutes while the resident confirms; an unconfirmed hold lapses and gives its place back.
 */

export const HOLD_MS = 5 * 60_000;
/** A booking checked in later than this after its end time waits like a walk-in. */
export const LATE_GRACE_MS = 15 * 60_000;

export interface SlotView {
  id: string;
  serviceId: string;
  locationId: string;
  date: string;
  startsAt: string;
  endsAt: string;
  capacity: number;
  remaining: number;
}

export interface ContactInput {
  name: string;
  email?: string | null;
  phone?: string | null;
}

export interface ReservationView {
  id: string;
  code: string;
  state: 'held' | 'confirmed' | 'checked_in' | 'cancelled' | 'expired';
  serviceId: string;
  serviceName: string;
  locationId: string;
  locationName: string;
  place: string;
  date: string;
  dateLabel: string;
  startsAt: string;
  endsAt: string;
  holdExpiresAt: string | null;
  confirmationMail: string | null;
  reminderMail: string | null;
}

export interface StaffReservationView extends ReservationView {
  name: string;
  email: string | null;
  phone: string | null;
  channel: 'online' | 'staff';
  displayNumber: string | null;
}

const RESERVATION_NOT_FOUND = () => notFound('RESERVATION_NOT_FOUND', '予約が見つかりません。予約時に届いたメールまたは画面のリンクから開き直してください。');

export function contactKey(input: ContactInput): string | null {
  if (input.email) return `mail:${input.email.trim().toLowerCase()}`;
  const digits = (input.phone ?? '').replace(/\D/g, '');
  if (digits.length >= 10) return `tel:${digits}`;
  return null;
}

/** 令和8年11月28日（土） */
export function dateLabel(date: string): string {
  return `${formatWareki(date as IsoDate)}（${WEEKDAY_LABELS[localTime(instantOf(date, '12:00')).weekday]}）`;
}

const hhmm = (d: Date | string) => {
  const t = localTime(new Date(d));
  return `${Math.floor(t.minutes / 60)}:${String(t.minutes % 60).padStart(2, '0')}`;
};

/** Gives back the places of holds that lapsed. One statement: each hold is released exactly once. */
export async function releaseExpiredHolds(db: Db, municipalityId: string, now: Date, slotId?: string): Promise<number> {
  const result = await sql<{ n: string }>`
    with expired as (
      update queue_reservation set state = 'expired', hold_expires_at = null
      where municipality_id = ${municipalityId} and state = 'held' and hold_expires_at <= ${now}
        ${slotId ? sql`and slot_id = ${slotId}` : sql``}
      returning slot_id
    ), counts as (select slot_id, count(*)::int as n from expired group by slot_id)
    update queue_reservation_slot s set booked = s.booked - counts.n
    from counts where s.municipality_id = ${municipalityId} and s.id = counts.slot_id
    returning counts.n::text as n`.execute(db);
  return result.rows.reduce((a, r) => a + Number(r.n), 0);
}

export async function listSlots(deps: QueueDeps, municipalityId: string, input: { serviceId: string; from: string; to: string }): Promise<SlotView[]> {
  const service = await requireService(deps.db, municipalityId, input.serviceId, { activeOnly: true });
  if (!service.reservable) throw new AppError(409, 'RESERVATION_NOT_OFFERED', `「${service.name}」は予約を受け付けていません。当日、窓口の受付機で整理券をお取りください。`);
  const now = deps.now();
  const rows = await deps.db.selectFrom('queue_reservation_slot as s')
    .select((eb) => ['s.id', 's.service_id', 's.location_id', 's.service_date', 's.starts_at', 's.ends_at', 's.capacity', 's.booked',
      // Lapsed holds not yet given back still count as free.
      eb.selectFrom('queue_reservation as r').select((e) => e.fn.countAll<string>().as('n'))
        .whereRef('r.municipality_id', '=', 's.municipality_id').whereRef('r.slot_id', '=', 's.id')
        .where('r.state', '=', 'held').where('r.hold_expires_at', '<=', now).as('lapsed')])
    .where('s.municipality_id', '=', municipalityId).where('s.service_id', '=', service.id)
    .where('s.service_date', '>=', input.from).where('s.service_date', '<=', input.to).where('s.starts_at', '>', now)
    .orderBy('s.starts_at')
    .execute();
  return rows.map((r) => ({
    id: r.id, serviceId: r.service_id, locationId: r.location_id, date: r.service_date, startsAt: iso(r.starts_at)!, endsAt: iso(r.ends_at)!,
    capacity: r.capacity, remaining: Math.max(0, r.capacity - r.booked + Number(r.lapsed ?? 0)),
  }));
}

function uniqueConstraint(error: unknown): string | null {
  const e = error as { code?: unknown; constraint?: unknown; message?: unknown } | null;
  if (e?.code !== '23505') return null;
  return String(e.constraint ?? e.message ?? '');
}

export interface NewReservation {
  slotId: string;
  contact: ContactInput;
  channel: 'online' | 'staff';
}

export interface HeldReservation {
  reservationId: string;
  /** The resident's link to the booking and, on the day, the ticket's status page. Shown once. */
  token: string;
  code: string;
  state: 'held' | 'confirmed';
  holdExpiresAt: string | null;
}

/**
 * Takes a place in the slot. Online bookings are held for HOLD_MS until confirmed; staff bookings
 * (made on the phone or at the desk) are confirmed at once.
 */
export async function bookSlot(deps: QueueDeps, municipalityId: string, input: NewReservation, staff: StaffPrincipal | null = null, requestId: string | null = null): Promise<HeldReservation> {
  const now = deps.now();
  const key = contactKey(input.contact) ?? (input.channel === 'staff' ? `none:${randomUUID()}` : null);
  if (!key) {
    throw badRequest('RESERVATION_CONTACT_REQUIRED', 'メールアドレスか電話番号のどちらかを入力してください。予約の確認や変更のお知らせに使います。', [{ path: 'email', message: 'メールアドレスか電話番号を入力してください。' }]);
  }
  const slot = await deps.db.selectFrom('queue_reservation_slot as s')
    .innerJoin('queue_service as v', (j) => j.onRef('v.municipality_id', '=', 's.municipality_id').onRef('v.id', '=', 's.service_id'))
    .select(['s.id', 's.starts_at', 'v.reservable', 'v.active', 'v.name'])
    .where('s.municipality_id', '=', municipalityId).where('s.id', '=', input.slotId)
    .executeTakeFirst();
  if (!slot || !slot.active) throw notFound('RESERVATION_SLOT_NOT_FOUND', '予約枠が見つかりません。空き状況を読み込み直して選び直してください。');
  if (!slot.reservable) throw new AppError(409, 'RESERVATION_NOT_OFFERED', `「${slot.name}」は予約を受け付けていません。`);
  if (new Date(slot.starts_at).getTime() <= now.getTime()) {
    throw new AppError(409, 'RESERVATION_SLOT_PAST', 'この時間帯は既に始まっているか過ぎているため予約できません。別の時間帯を選んでください。');
  }
  await releaseExpiredHolds(deps.db, municipalityId, now, input.slotId);

  const held = input.channel === 'online';
  const id = randomUUID();
  const token = newToken();
  const code = newReservationCode();
  const holdExpiresAt = held ? new Date(now.getTime() + HOLD_MS) : null;
  const signals: QueueSignal[] = [];
  try {
    await deps.db.transaction().execute(async (trx) => {
      const inserted = await sql<{ id: string; service_id: string; location_id: string; service_date: string; starts_at: Date }>`
        with taken as (
          update queue_reservation_slot set booked = booked + 1
          where municipality_id = ${municipalityId} and id = ${input.slotId} and booked < capacity and starts_at > ${now}
          returning id, service_id, location_id, service_date, starts_at
        )
        insert into queue_reservation (municipality_id, id, slot_id, service_id, location_id, service_date, state, hold_expires_at, code, token_hash,
          name, email, phone, contact_key, channel, created_at, confirmed_at)
        select ${municipalityId}::uuid, ${id}::uuid, taken.id, taken.service_id, taken.location_id, taken.service_date, ${held ? 'held' : 'confirmed'}::text,
          ${holdExpiresAt}::timestamptz, ${code}::text, ${hashToken(token)}::char(64), ${input.contact.name}::text, ${input.contact.email ?? null}::text,
          ${input.contact.phone ?? null}::text, ${key}::text, ${input.channel}::text, ${now}::timestamptz, ${held ? null : now}::timestamptz
        from taken
        returning id, service_id, location_id, service_date::text as service_date, (select starts_at from taken) as starts_at`.execute(trx);
      const row = inserted.rows[0];
      if (!row) throw new AppError(409, 'RESERVATION_SLOT_FULL', 'この時間帯は満員になりました。別の時間帯を選んでください。');
      if (!held) await createReservedTicket(trx, signals, municipalityId, row, id, token, now, staff?.id ?? null);
      if (staff) {
        await appendAudit(trx, { municipalityId, actorStaffId: staff.id, action: 'queue.reservation_change', subjectType: 'queue_reservation', subjectId: id, requestId, details: { change: 'book', slotId: input.slotId } }, now);
      }
    });
  } catch (error) {
    const constraint = uniqueConstraint(error);
    if (constraint?.includes('one_per_person')) {
      throw new AppError(409, 'RESERVATION_DUPLICATE', 'この連絡先で、同じ日・同じ用件の予約が既にあります。予約を変更する場合は、予約済みの予約を開いて変更してください。');
    }
    throw error;
  }
  deps.live.publish(signals);
  return { reservationId: id, token, code, state: held ? 'held' : 'confirmed', holdExpiresAt: iso(holdExpiresAt) };
}

/** A booking's ticket waits in state 'reserved' (no number yet) until the resident checks in. */
async function createReservedTicket(trx: Db, signals: QueueSignal[], municipalityId: string,
  slot: { service_id: string; location_id: string; service_date: string; starts_at: Date | string }, reservationId: string, token: string, now: Date, staffId: string | null) {
  const ticketId = randomUUID();
  const visitId = randomUUID();
  const startsAt = new Date(slot.starts_at);
  await trx.insertInto('queue_ticket').values({
    municipality_id: municipalityId, id: ticketId, location_id: slot.location_id, service_date: slot.service_date, first_service_id: slot.service_id,
    number: null, display_number: null, token_hash: hashToken(token), channel: 'reservation', needs_assistance: false,
    reservation_id: reservationId, resident_id: null, notify_email: null, notify_ahead: null, notified_at: null, issued_at: now,
  }).execute();
  await trx.insertInto('queue_visit').values({
    municipality_id: municipalityId, id: visitId, ticket_id: ticketId, seq: 1, location_id: slot.location_id, service_id: slot.service_id,
    service_date: slot.service_date, state: 'reserved', priority: 1, queued_at: null, order_at: startsAt,
    eligible_at: new Date(startsAt.getTime() - RESERVATION_LEAD_MS), slot_starts_at: startsAt, desk_id: null, called_by: null,
    first_called_at: null, called_at: null, serving_at: null, finished_at: null, served_by: null,
  }).execute();
  await trx.updateTable('queue_reservation').set({ ticket_id: ticketId }).where('municipality_id', '=', municipalityId).where('id', '=', reservationId).execute();
  await recordEvent(trx, signals, { municipalityId, locationId: slot.location_id, kind: 'issued', at: now, ticketId, visitId, serviceId: slot.service_id, staffId, details: { channel: 'reservation' } });
}

async function findByToken(db: Db, municipalityId: string, token: string) {
  const row = await db.selectFrom('queue_reservation').selectAll().where('token_hash', '=', hashToken(token)).where('municipality_id', '=', municipalityId).executeTakeFirst();
  if (!row) throw RESERVATION_NOT_FOUND();
  return row;
}

export async function reservationView(db: Db, municipalityId: string, reservationId: string): Promise<ReservationView> {
  const r = await db.selectFrom('queue_reservation as r')
    .innerJoin('queue_reservation_slot as s', (j) => j.onRef('s.municipality_id', '=', 'r.municipality_id').onRef('s.id', '=', 'r.slot_id'))
    .innerJoin('queue_service as v', (j) => j.onRef('v.municipality_id', '=', 'r.municipality_id').onRef('v.id', '=', 'r.service_id'))
    .innerJoin('queue_location as l', (j) => j.onRef('l.municipality_id', '=', 'r.municipality_id').onRef('l.id', '=', 'r.location_id'))
    .select(['r.id', 'r.code', 'r.state', 'r.service_id', 'v.name as service_name', 'r.location_id', 'l.name as location_name', 'l.place',
      'r.service_date', 's.starts_at', 's.ends_at', 'r.hold_expires_at', 'r.confirmation_mail', 'r.reminder_mail'])
    .where('r.municipality_id', '=', municipalityId).where('r.id', '=', reservationId)
    .executeTakeFirst();
  if (!r) throw RESERVATION_NOT_FOUND();
  return {
    id: r.id, code: r.code, state: r.state, serviceId: r.service_id, serviceName: r.service_name, locationId: r.location_id, locationName: r.location_name,
    place: r.place, date: r.service_date, dateLabel: dateLabel(r.service_date), startsAt: iso(r.starts_at)!, endsAt: iso(r.ends_at)!,
    holdExpiresAt: iso(r.hold_expires_at), confirmationMail: r.confirmation_mail, reminderMail: r.reminder_mail,
  };
}

export async function getReservation(deps: QueueDeps, municipalityId: string, token: string): Promise<ReservationView> {
  const row = await findByToken(deps.db, municipalityId, token);
  return reservationView(deps.db, municipalityId, row.id);
}

function bookingMail(municipalityName: string, v: ReservationView, manageUrl: string | null, kind: 'confirmation' | 'reminder') {
  const when = `${v.dateLabel} ${hhmm(v.startsAt)}〜${hhmm(v.endsAt)}`;
  const lines = [
    kind === 'confirmation' ? `${municipalityName}の窓口の予約を受け付けました。` : `${municipalityName}の窓口のご予約の日が近づきました。`,
    '',
    `用件: ${v.serviceName}`,
    `日時: ${when}`,
    `場所: ${v.locationName}${v.place ? `（${v.place}）` : ''}`,
    `予約番号: ${v.code}`,
    '',
    '当日は、会場の受付機で「予約の方」を選び、予約番号を入力してください。予約時刻の10分前から優先してお呼びします。',
    manageUrl ? `予約の確認・変更・取消: ${manageUrl}` : '予約の変更・取消は、予約を受け付けたときのメールにあるリンクから行えます。',
    '',
    'このメールは送信専用です。',
  ];
  return { subject: `【${municipalityName}】${kind === 'confirmation' ? '窓口のご予約を受け付けました' : '窓口のご予約のお知らせ'}（${when}）`, text: lines.join('\n') };
}

/**
 * Confirms a held booking. Confirming twice (a double tap) returns the same booking; a hold that
 * lapsed is refused and its place has gone back to the slot.
 */
export async function confirmReservation(deps: QueueDeps, municipalityId: string, token: string, manageUrl: string | null): Promise<ReservationView> {
  const now = deps.now();
  const row = await findByToken(deps.db, municipalityId, token);
  const signals: QueueSignal[] = [];
  const confirmed = await deps.db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('queue_reservation').set({ state: 'confirmed', confirmed_at: now, hold_expires_at: null })
      .where('municipality_id', '=', municipalityId).where('id', '=', row.id).where('state', '=', 'held').where('hold_expires_at', '>', now)
      .returning(['id']).executeTakeFirst();
    if (!updated) return false;
    const slot = await trx.selectFrom('queue_reservation_slot').select(['service_id', 'location_id', 'service_date', 'starts_at'])
      .where('municipality_id', '=', municipalityId).where('id', '=', row.slot_id).executeTakeFirstOrThrow();
    await createReservedTicket(trx, signals, municipalityId, slot, row.id, token, now, null);
    return true;
  });
  if (!confirmed) {
    const current = await findByToken(deps.db, municipalityId, token);
    if (current.state === 'confirmed' || current.state === 'checked_in') return reservationView(deps.db, municipalityId, current.id);
    if (current.state === 'held' || current.state === 'expired') {
      await releaseExpiredHolds(deps.db, municipalityId, now, current.slot_id);
      throw new AppError(409, 'RESERVATION_HOLD_EXPIRED', `仮予約の有効時間（${HOLD_MS / 60_000}分）が過ぎたため、予約は確定していません。もう一度、空いている時間帯を選んでください。`);
    }
    throw new AppError(409, 'RESERVATION_CANCELLED', 'この予約は取り消されています。もう一度予約してください。');
  }
  deps.live.publish(signals);
  const view = await reservationView(deps.db, municipalityId, row.id);
  const outcome = await mailTo(deps, municipalityId, row.email, view, manageUrl, 'confirmation');
  await deps.db.updateTable('queue_reservation').set({ confirmation_mail: outcome }).where('municipality_id', '=', municipalityId).where('id', '=', row.id).execute();
  return { ...view, confirmationMail: outcome };
}

async function mailTo(deps: QueueDeps, municipalityId: string, email: string | null, view: ReservationView, manageUrl: string | null, kind: 'confirmation' | 'reminder'): Promise<MailOutcome | 'no_address'> {
  if (!email) return 'no_address';
  if (!deps.mailer.configured) return 'not_sent';
  const m = await getMunicipality(deps.db, municipalityId);
  return deps.mailer.send({ to: email, ...bookingMail(m.name, view, manageUrl, kind) });
}

/** Cancels a booking and gives its place back, in one statement; the booking's ticket is cancelled too. */
async function cancelById(deps: QueueDeps, municipalityId: string, reservationId: string, staff: StaffPrincipal | null, requestId: string | null): Promise<void> {
  const now = deps.now();
  const signals: QueueSignal[] = [];
  await deps.db.transaction().execute(async (trx) => {
    const result = await sql<{ ticket_id: string | null; location_id: string }>`
      with cancelled as (
        update queue_reservation set state = 'cancelled', cancelled_at = ${now}, hold_expires_at = null
        where municipality_id = ${municipalityId} and id = ${reservationId} and state in ('held', 'confirmed')
        returning slot_id, ticket_id, location_id
      ), freed as (
        update queue_reservation_slot s set booked = s.booked - 1 from cancelled
        where s.municipality_id = ${municipalityId} and s.id = cancelled.slot_id
        returning s.id
      )
      select ticket_id, location_id from cancelled where exists (select 1 from freed)`.execute(trx);
    const row = result.rows[0];
    if (!row) {
      const current = await trx.selectFrom('queue_reservation').select('state').where('municipality_id', '=', municipalityId).where('id', '=', reservationId).executeTakeFirst();
      if (!current) throw RESERVATION_NOT_FOUND();
      if (current.state === 'checked_in') throw new AppError(409, 'RESERVATION_ALREADY_CHECKED_IN', '受付済みの予約は取り消せません。窓口の職員にお申し出ください。');
      throw new AppError(409, 'RESERVATION_NOT_ACTIVE', 'この予約は既に取り消されているか、有効期限が切れています。');
    }
    if (row.ticket_id) {
      const visit = await trx.updateTable('queue_visit').set({ state: 'cancelled', finished_at: now })
        .where('municipality_id', '=', municipalityId).where('ticket_id', '=', row.ticket_id).where('state', '=', 'reserved')
        .returning(['id']).executeTakeFirst();
      await recordEvent(trx, signals, { municipalityId, locationId: row.location_id, kind: 'cancelled', at: now, ticketId: row.ticket_id, visitId: visit?.id ?? null, staffId: staff?.id ?? null });
    }
    if (staff) {
      await appendAudit(trx, { municipalityId, actorStaffId: staff.id, action: 'queue.reservation_change', subjectType: 'queue_reservation', subjectId: reservationId, requestId, details: { change: 'cancel' } }, now);
    }
  });
  deps.live.publish(signals);
}

export async function cancelReservation(deps: QueueDeps, municipalityId: string, token: string): Promise<ReservationView> {
  const row = await findByToken(deps.db, municipalityId, token);
  await cancelById(deps, municipalityId, row.id, null, null);
  return reservationView(deps.db, municipalityId, row.id);
}

export async function cancelReservationByStaff(deps: QueueDeps, staff: StaffPrincipal, reservationId: string, requestId: string | null): Promise<ReservationView> {
  await cancelById(deps, staff.municipalityId, reservationId, staff, requestId);
  return reservationView(deps.db, staff.municipalityId, reservationId);
}

/** Moves a booking to another slot of the same service: the new place is taken atomically first. */
async function changeById(deps: QueueDeps, municipalityId: string, reservationId: string, newSlotId: string, staff: StaffPrincipal | null, requestId: string | null): Promise<void> {
  const now = deps.now();
  await releaseExpiredHolds(deps.db, municipalityId, now, newSlotId);
  const signals: QueueSignal[] = [];
  await deps.db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('queue_reservation').selectAll().where('municipality_id', '=', municipalityId).where('id', '=', reservationId).forUpdate().executeTakeFirst();
    if (!current) throw RESERVATION_NOT_FOUND();
    if (current.state !== 'confirmed') {
      throw new AppError(409, 'RESERVATION_NOT_ACTIVE', current.state === 'checked_in' ? '受付済みの予約は変更できません。窓口の職員にお申し出ください。' : '確定していない予約は変更できません。予約を確定するか、新しく予約してください。');
    }
    if (current.slot_id === newSlotId) return;
    const target = await trx.selectFrom('queue_reservation_slot').select(['id', 'service_id', 'starts_at']).where('municipality_id', '=', municipalityId).where('id', '=', newSlotId).executeTakeFirst();
    if (!target) throw notFound('RESERVATION_SLOT_NOT_FOUND', '予約枠が見つかりません。空き状況を読み込み直して選び直してください。');
    if (target.service_id !== current.service_id) throw badRequest('RESERVATION_OTHER_SERVICE', '別の用件の枠には変更できません。今の予約を取り消してから、新しく予約してください。', [{ path: 'slotId', message: '用件が違います。' }]);
    if (new Date(target.starts_at).getTime() <= now.getTime()) throw new AppError(409, 'RESERVATION_SLOT_PAST', 'この時間帯は既に始まっているか過ぎているため予約できません。別の時間帯を選んでください。');
    const taken = await trx.updateTable('queue_reservation_slot').set({ booked: sql`booked + 1` })
      .where('municipality_id', '=', municipalityId).where('id', '=', newSlotId).where(sql<boolean>`booked < capacity`)
      .returning(['id', 'service_id', 'location_id', 'service_date', 'starts_at']).executeTakeFirst();
    if (!taken) throw new AppError(409, 'RESERVATION_SLOT_FULL', 'この時間帯は満員になりました。別の時間帯を選んでください。');
    await trx.updateTable('queue_reservation_slot').set({ booked: sql`booked - 1` }).where('municipality_id', '=', municipalityId).where('id', '=', current.slot_id).execute();
    await trx.updateTable('queue_reservation').set({ slot_id: taken.id, service_date: taken.service_date, reminder_mail: null, reminder_at: null })
      .where('municipality_id', '=', municipalityId).where('id', '=', reservationId).execute();
    if (current.ticket_id) {
      const startsAt = new Date(taken.starts_at);
      await trx.updateTable('queue_ticket').set({ service_date: taken.service_date }).where('municipality_id', '=', municipalityId).where('id', '=', current.ticket_id).execute();
      await trx.updateTable('queue_visit').set({ service_date: taken.service_date, order_at: startsAt, slot_starts_at: startsAt, eligible_at: new Date(startsAt.getTime() - RESERVATION_LEAD_MS) })
        .where('municipality_id', '=', municipalityId).where('ticket_id', '=', current.ticket_id).where('state', '=', 'reserved').execute();
      await recordEvent(trx, signals, { municipalityId, locationId: taken.location_id, kind: 'issued', at: now, ticketId: current.ticket_id, staffId: staff?.id ?? null, details: { change: 'slot' } });
    }
    if (staff) {
      await appendAudit(trx, { municipalityId, actorStaffId: staff.id, action: 'queue.reservation_change', subjectType: 'queue_reservation', subjectId: reservationId, requestId, details: { change: 'move', slotId: newSlotId } }, now);
    }
  }).catch((error: unknown) => {
    if (uniqueConstraint(error)?.includes('one_per_person')) throw new AppError(409, 'RESERVATION_DUPLICATE', 'この連絡先で、その日の同じ用件の予約が既にあります。');
    throw error;
  });
  deps.live.publish(signals);
}

export async function changeReservation(deps: QueueDeps, municipalityId: string, token: string, newSlotId: string): Promise<ReservationView> {
  const row = await findByToken(deps.db, municipalityId, token);
  await changeById(deps, municipalityId, row.id, newSlotId, null, null);
  return reservationView(deps.db, municipalityId, row.id);
}

export async function changeReservationByStaff(deps: QueueDeps, staff: StaffPrincipal, reservationId: string, newSlotId: string, requestId: string | null): Promise<ReservationView> {
  await changeById(deps, staff.municipalityId, reservationId, newSlotId, staff, requestId);
  return reservationView(deps.db, staff.municipalityId, reservationId);
}

/**
 * Arrival: the booking's ticket gets today's number and joins the queue. Early arrivals wait as
 * 'arrived' until RESERVATION_LEAD_MS before their time, then are called before walk-ins; a late
 * arrival queues like a walk-in.
 */
export async function checkIn(deps: QueueDeps, municipalityId: string, locationId: string, code: string, staffId: string | null): Promise<{ ticketId: string; displayNumber: string; state: 'arrived' | 'waiting'; token: string }> {
  const now = deps.now();
  const signals: QueueSignal[] = [];
  const normalized = code.trim().toUpperCase().replace(/[^0-9A-Z]/g, '');
  const formatted = normalized.length === 8 ? `${normalized.slice(0, 4)}-${normalized.slice(4)}` : normalized;
  const result = await deps.db.transaction().execute(async (trx) => {
    const r = await trx.selectFrom('queue_reservation as r')
      .innerJoin('queue_reservation_slot as s', (j) => j.onRef('s.municipality_id', '=', 'r.municipality_id').onRef('s.id', '=', 'r.slot_id'))
      .select(['r.id', 'r.state', 'r.ticket_id', 'r.location_id', 'r.service_id', 'r.service_date', 's.starts_at', 's.ends_at'])
      .where('r.municipality_id', '=', municipalityId).where('r.code', '=', formatted)
      .forUpdate()
      .executeTakeFirst();
    if (!r || r.location_id !== locationId) throw notFound('RESERVATION_NOT_FOUND', '予約番号が見つかりません。予約のメールに書かれた番号（例: AB12-CD34）を確かめて、もう一度入力してください。');
    if (r.state === 'checked_in') throw new AppError(409, 'RESERVATION_ALREADY_CHECKED_IN', 'この予約は既に受付済みです。整理券をお持ちでない場合は職員に声をおかけください。');
    if (r.state !== 'confirmed' || !r.ticket_id) throw new AppError(409, 'RESERVATION_NOT_ACTIVE', 'この予約は取り消されているか、確定していません。受付機で整理券をお取りください。');
    if (r.service_date !== localDate(now)) throw new AppError(409, 'RESERVATION_NOT_TODAY', `この予約は${dateLabel(r.service_date)}です。予約の日にお越しください。`);
    const service = await requireService(trx, municipalityId, r.service_id);
    const number = await nextNumber(trx, municipalityId, service.id, r.service_date);
    const displayNumber = displayNumberOf(service.ticket_prefix, number);
    const startsAt = new Date(r.starts_at);
    const eligibleAt = new Date(startsAt.getTime() - RESERVATION_LEAD_MS);
    const late = now.getTime() > new Date(r.ends_at).getTime() + LATE_GRACE_MS;
    const state = !late && now < eligibleAt ? 'arrived' : 'waiting';
    // A fresh token for the printed receipt; the booking's own link keeps working through the booking.
    const token = newToken();
    await trx.updateTable('queue_ticket').set({ number, display_number: displayNumber, issued_at: now, token_hash: hashToken(token) })
      .where('municipality_id', '=', municipalityId).where('id', '=', r.ticket_id).execute();
    const visit = await trx.updateTable('queue_visit')
      .set({ state, priority: late ? 0 : 1, order_at: late ? now : startsAt, queued_at: state === 'arrived' ? eligibleAt : now, eligible_at: late ? now : eligibleAt })
      .where('municipality_id', '=', municipalityId).where('ticket_id', '=', r.ticket_id).where('state', '=', 'reserved')
      .returning('id').executeTakeFirstOrThrow();
    await trx.updateTable('queue_reservation').set({ state: 'checked_in' }).where('municipality_id', '=', municipalityId).where('id', '=', r.id).execute();
    await recordEvent(trx, signals, { municipalityId, locationId, kind: 'checked_in', at: now, ticketId: r.ticket_id, visitId: visit.id, serviceId: service.id, staffId, details: { displayNumber } });
    return { ticketId: r.ticket_id, displayNumber, state, token } as const;
  });
  deps.live.publish(signals);
  return result;
}

// ---- staff ------------------------------------------------------------------------------------

/** Bookings of a day with the residents' contact details; reading them is audited. */
export async function listReservationsForStaff(deps: QueueDeps, staff: StaffPrincipal, input: { date: string; locationId?: string }, requestId: string | null): Promise<StaffReservationView[]> {
  const rows = await deps.db.selectFrom('queue_reservation as r')
    .innerJoin('queue_reservation_slot as s', (j) => j.onRef('s.municipality_id', '=', 'r.municipality_id').onRef('s.id', '=', 'r.slot_id'))
    .innerJoin('queue_service as v', (j) => j.onRef('v.municipality_id', '=', 'r.municipality_id').onRef('v.id', '=', 'r.service_id'))
    .innerJoin('queue_location as l', (j) => j.onRef('l.municipality_id', '=', 'r.municipality_id').onRef('l.id', '=', 'r.location_id'))
    .leftJoin('queue_ticket as t', (j) => j.onRef('t.municipality_id', '=', 'r.municipality_id').onRef('t.id', '=', 'r.ticket_id'))
    .select(['r.id', 'r.code', 'r.state', 'r.service_id', 'v.name as service_name', 'r.location_id', 'l.name as location_name', 'l.place', 'r.service_date',
      's.starts_at', 's.ends_at', 'r.hold_expires_at', 'r.confirmation_mail', 'r.reminder_mail', 'r.name', 'r.email', 'r.phone', 'r.channel', 't.display_number'])
    .where('r.municipality_id', '=', staff.municipalityId).where('r.service_date', '=', input.date)
    .where('r.state', 'in', ['confirmed', 'checked_in', 'held'])
    .$if(input.locationId !== undefined, (q) => q.where('r.location_id', '=', input.locationId!))
    .orderBy('s.starts_at').orderBy('r.created_at')
    .execute();
  await appendAudit(deps.db, {
    municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'queue.reservation_read', subjectType: 'queue_reservation', requestId,
    details: { date: input.date, reservationIds: rows.map((r) => r.id) },
  }, deps.now());
  return rows.map((r) => ({
    id: r.id, code: r.code, state: r.state, serviceId: r.service_id, serviceName: r.service_name, locationId: r.location_id, locationName: r.location_name,
    place: r.place, date: r.service_date, dateLabel: dateLabel(r.service_date), startsAt: iso(r.starts_at)!, endsAt: iso(r.ends_at)!,
    holdExpiresAt: iso(r.hold_expires_at), confirmationMail: r.confirmation_mail, reminderMail: r.reminder_mail,
    name: r.name, email: r.email, phone: r.phone, channel: r.channel, displayNumber: r.display_number,
  }));
}

export async function bookForResident(deps: QueueDeps, staff: StaffPrincipal, input: { slotId: string; contact: ContactInput }, requestId: string | null) {
  const booked = await bookSlot(deps, staff.municipalityId, { slotId: input.slotId, contact: input.contact, channel: 'staff' }, staff, requestId);
  return { ...booked, reservation: await reservationView(deps.db, staff.municipalityId, booked.reservationId) };
}

/** Slots from the location's opening hours, `minutes` long, each with `capacity` places. Existing slots stay. */
export async function generateSlots(deps: QueueDeps, staff: StaffPrincipal, input: { serviceId: string; from: string; to: string; minutes: number; capacity: number }, requestId: string | null) {
  const service = await requireService(deps.db, staff.municipalityId, input.serviceId);
  const location = await requireLocation(deps.db, staff.municipalityId, service.location_id);
  const hours = parseHours(location.hours);
  const values: { municipality_id: string; id: string; location_id: string; service_id: string; service_date: string; starts_at: Date; ends_at: Date; capacity: number }[] = [];
  for (let date = input.from; date <= input.to; date = addDays(date, 1)) {
    for (const [open, close] of sessionsOn(hours, date)) {
      const end = instantOf(date, close).getTime();
      for (let t = instantOf(date, open).getTime(); t + input.minutes * 60_000 <= end; t += input.minutes * 60_000) {
        values.push({ municipality_id: staff.municipalityId, id: randomUUID(), location_id: location.id, service_id: service.id, service_date: date, starts_at: new Date(t), ends_at: new Date(t + input.minutes * 60_000), capacity: input.capacity });
      }
    }
  }
  const created = await deps.db.transaction().execute(async (trx) => {
    let n = 0;
    for (let i = 0; i < values.length; i += 500) {
      const r = await trx.insertInto('queue_reservation_slot').values(values.slice(i, i + 500))
        .onConflict((oc) => oc.columns(['municipality_id', 'service_id', 'starts_at']).doNothing()).returning('id').execute();
      n += r.length;
    }
    await appendAudit(trx, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'queue.config_update', subjectType: 'queue_config', subjectId: service.id, requestId, details: { what: 'slots.generate', created: n } }, deps.now());
    return n;
  });
  if (!service.reservable) {
    await deps.db.updateTable('queue_service').set({ reservable: true }).where('municipality_id', '=', staff.municipalityId).where('id', '=', service.id).execute();
  }
  return { created, considered: values.length };
}

/** Capacity changes never go below what is booked (the CHECK would refuse it anyway). */
export async function setSlotCapacity(deps: QueueDeps, staff: StaffPrincipal, slotId: string, capacity: number, requestId: string | null) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx.updateTable('queue_reservation_slot').set({ capacity })
      .where('municipality_id', '=', staff.municipalityId).where('id', '=', slotId).where('booked', '<=', capacity)
      .returning(['id', 'booked', 'capacity']).executeTakeFirst();
    if (!row) {
      const slot = await trx.selectFrom('queue_reservation_slot').select('booked').where('municipality_id', '=', staff.municipalityId).where('id', '=', slotId).executeTakeFirst();
      if (!slot) throw notFound('RESERVATION_SLOT_NOT_FOUND', '予約枠が見つかりません。画面を更新してください。');
      throw badRequest('RESERVATION_CAPACITY_BELOW_BOOKED', `既に${slot.booked}件の予約があるため、定員をそれより少なくできません。`, [{ path: 'capacity', message: `${slot.booked}以上にしてください。` }]);
    }
    await appendAudit(trx, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'queue.config_update', subjectType: 'queue_config', subjectId: slotId, requestId, details: { what: 'slot.capacity', capacity } }, deps.now());
    return { id: row.id, booked: row.booked, capacity: row.capacity };
  });
}

/**
 * E-mail reminders for bookings starting within `aheadMs`, each sent once; the outcome (sent,
 * not_sent, no_address, failed) is kept on the booking. Run periodically by main.ts.
 */
export async function sendDueReminders(deps: QueueDeps, aheadMs = 24 * 60 * 60_000): Promise<number> {
  const now = deps.now();
  const due = await deps.db.selectFrom('queue_reservation as r')
    .innerJoin('queue_reservation_slot as s', (j) => j.onRef('s.municipality_id', '=', 'r.municipality_id').onRef('s.id', '=', 'r.slot_id'))
    .select(['r.municipality_id', 'r.id', 'r.email'])
    .where('r.state', '=', 'confirmed').where('r.reminder_mail', 'is', null)
    .where('s.starts_at', '>', now).where('s.starts_at', '<=', new Date(now.getTime() + aheadMs))
    .limit(200)
    .execute();
  for (const r of due) {
    // Claim the row first, so two runs never send the same reminder twice.
    const claimed = await deps.db.updateTable('queue_reservation').set({ reminder_mail: 'sending', reminder_at: now })
      .where('municipality_id', '=', r.municipality_id).where('id', '=', r.id).where('reminder_mail', 'is', null)
      .returning('id').executeTakeFirst();
    if (!claimed) continue;
    const view = await reservationView(deps.db, r.municipality_id, r.id);
    const outcome = await mailTo(deps, r.municipality_id, r.email, view, null, 'reminder');
    await deps.db.updateTable('queue_reservation').set({ reminder_mail: outcome }).where('municipality_id', '=', r.municipality_id).where('id', '=', r.id).execute();
  }
  return due.length;
}

/**
 * Bookings checked in early wait as 'arrived' until shortly before their time. The screens already
 * treat a due one as waiting; this makes it so in the table and tells the open screens, whose
 * order has changed although nobody pressed anything. Run every half minute by main.ts.
 */
export async function promoteDueBookings(deps: QueueDeps): Promise<number> {
  const now = deps.now();
  const signals: QueueSignal[] = [];
  const today = localDate(now);
  // Location by location, so each UPDATE walks the (municipality, location, day, state) index.
  const locations = await deps.db.selectFrom('queue_location').select(['municipality_id', 'id']).where('active', '=', true).execute();
  let promoted = 0;
  for (const l of locations) {
    promoted += await deps.db.transaction().execute(async (trx) => {
      const rows = await trx.updateTable('queue_visit').set({ state: 'waiting' })
        .where('municipality_id', '=', l.municipality_id).where('location_id', '=', l.id).where('service_date', '=', today)
        .where('state', '=', 'arrived').where('eligible_at', '<=', now)
        .returning(['id', 'ticket_id', 'service_id'])
        .execute();
      for (const r of rows) {
        await recordEvent(trx, signals, { municipalityId: l.municipality_id, locationId: l.id, kind: 'promoted', at: now, ticketId: r.ticket_id, visitId: r.id, serviceId: r.service_id });
      }
      return rows.length;
    });
  }
  deps.live.publish(signals);
  return promoted;
}
