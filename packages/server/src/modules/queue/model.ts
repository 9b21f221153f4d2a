import { createHash, randomBytes } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database, QueueVisitState } from '../../platform/db/schema';
import type { Logger } from '../../platform/log';
import type { MailSender } from '../../platform/mail/mailer';

export type Db = Kysely<Database> | Transaction<Database>;
export type { QueueVisitState };

/** What every queue operation is given. `live` receives what changed once it is committed. */
export interface QueueDeps {
  db: Kysely<Database>;
  now: () => Date;
  logger: Logger;
  mailer: MailSender;
  live: { publish(signals: readonly QueueSignal[]): void };
}

/**
 * Visit states (one visit per service a ticket queues for):
 *   reserved  a booking's ticket; the resident has not arrived
 *   arrived   checked in early for a booking; waits until shortly before the booked time
 *   waiting   in the queue, callable
 *   called    shown on the board for a desk
 *   serving   the desk is attending to the resident
 *   done / no_show / transferred (the ticket continues in another service) / cancelled
 */
export const VISIT_STATE_LABELS: Record<QueueVisitState, string> = {
  reserved: '予約済み',
  arrived: '到着済み（予約時刻待ち）',
  waiting: '順番待ち',
  called: '呼出中',
  serving: '対応中',
  done: '終了',
  no_show: '不在',
  transferred: '次の窓口へ',
  cancelled: '取消',
};

export const OPEN_STATES: readonly QueueVisitState[] = ['reserved', 'arrived', 'waiting', 'called', 'serving'];
export const CALLABLE_STATES: readonly QueueVisitState[] = ['waiting'];
export const AT_DESK_STATES: readonly QueueVisitState[] = ['called', 'serving'];

/** A booking is called with priority from shortly before its time; earlier it waits as 'arrived'. */
export const RESERVATION_LEAD_MS = 10 * 60_000;

/** Ticket numbers per service per day; a fourth digit would not fit the board or the receipt. */
export const MAX_TICKETS_PER_SERVICE_DAY = 999;

export type QueueEventKind =
  | 'issued' | 'checked_in' | 'promoted' | 'called' | 'recalled' | 'serving' | 'done' | 'no_show'
  | 'transferred' | 'returned' | 'cancelled' | 'desk_opened' | 'desk_closed' | 'config_changed' | 'linked';

/** What a committed change tells the live feeds: which location, and the event's sequence number. */
export interface QueueSignal {
  municipalityId: string;
  locationId: string;
  seq: string;
  kind: QueueEventKind;
  ticketId: string | null;
  visitId: string | null;
  deskId: string | null;
}

export function displayNumberOf(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(3, '0')}`;
}

/** 128 random bits, URL-safe: the capability in a status page or booking link. */
export function newToken(): string {
  return randomBytes(16).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** A short code a resident can read out or type at the kiosk: no 0/O, 1/I/L. */
export function newReservationCode(): string {
  const alphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
  const bytes = randomBytes(8);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}

export function iso(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return new Date(value).toISOString();
}

export function minutesBetween(a: Date | string, b: Date | string): number {
  return (new Date(b).getTime() - new Date(a).getTime()) / 60_000;
}
