import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema';
import type { Services } from '../../platform/http/context';
import { MAX_DATED_SESSIONS } from '../queue/hours';

export type Db = Kysely<Database> | Transaction<Database>;

/** What planning and publishing need: the database, the clock, and (through the queue) logger and mailer. */
export type OutreachDeps = Pick<Services, 'db' | 'now' | 'logger' | 'mailer'>;

/** Japan time (UTC+9, no daylight saving) whatever the server's zone; routes are planned in it. */
const JST_OFFSET_MS = 9 * 3_600_000;

export function jstDate(at: Date): string {
  return new Date(at.getTime() + JST_OFFSET_MS).toISOString().slice(0, 10);
}

export function jstTime(at: Date): string {
  return new Date(at.getTime() + JST_OFFSET_MS).toISOString().slice(11, 16);
}

/** The instant of a local date and "HH:MM" in Japan. */
export function jstInstant(date: string, time: string): Date {
  const [h, m] = time.split(':').map(Number);
  return new Date(Date.parse(`${date}T00:00:00Z`) - JST_OFFSET_MS + ((h ?? 0) * 60 + (m ?? 0)) * 60_000);
}

export const minutesOf = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** Each stop is one of the day's queue sessions, so a route has at most as many stops as the queue has sessions a day (12). */
export const MAX_STOPS_PER_ROUTE = MAX_DATED_SESSIONS;

export type RouteState = 'draft' | 'published' | 'cancelled';
export const ROUTE_STATE_LABELS: Record<RouteState, string> = { draft: '下書き', published: '公開済み', cancelled: '運休' };
