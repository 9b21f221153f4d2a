import { z } from '@hono/zod-openapi';

/**
 * Opening hours and local time. City hall runs on Japan time (UTC+9, no daylight saving), whatever
 * the server's own time zone, so local dates and minutes are computed from a fixed offset.
 */
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEKDAY_LABELS: Record<Weekday, string> = { sun: '日', mon: '月', tue: '火', wed: '水', thu: '木', fri: '金', sat: '土' };

const hhmm = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, '時刻は「08:30」の形式で入力してください。');
const Range = z.tuple([hhmm, hhmm]).refine(([a, b]) => a < b, { message: '終了時刻は開始時刻より後にしてください。' });
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日付は「2026-11-28」の形式で入力してください。');

/** Sessions on one date at most: a vehicle's stops in a day (one session per stop). */
export const MAX_DATED_SESSIONS = 12;

export const OpeningHoursSchema = z
  .strictObject({
    /** Regular hours per weekday, e.g. mon: [["08:30","17:15"]]. */
    weekly: z.partialRecord(z.enum(WEEKDAYS), z.array(Range).max(4)).default({}),
    /**
     * Sessions on particular dates (the vehicle's stops), replacing the weekly hours that day. A
     * vehicle visits several stops a day (about 40 stops in 5 districts), so up to 12 a day.
     */
    dates: z.record(isoDate, z.array(Range).max(MAX_DATED_SESSIONS, `1日の受付時間帯は${MAX_DATED_SESSIONS}件までです。`)).default({}),
    /** Closed days (holidays, 年末年始). */
    closed: z.array(isoDate).max(400).default([]),
    /** A word for a date, shown with its sessions: the vehicle's stop (「宮沢地区公民館」). */
    notes: z.record(isoDate, z.string().max(60)).default({}),
  })
  .openapi('OpeningHours');
export type OpeningHours = z.infer<typeof OpeningHoursSchema>;

export const EMPTY_HOURS: OpeningHours = { weekly: {}, dates: {}, closed: [], notes: {} };

export function parseHours(value: unknown): OpeningHours {
  const parsed = OpeningHoursSchema.safeParse(value);
  return parsed.success ? parsed.data : EMPTY_HOURS;
}

export interface LocalTime {
  /** YYYY-MM-DD in Japan. */
  date: string;
  weekday: Weekday;
  /** Minutes since local midnight. */
  minutes: number;
  hour: number;
}

export function localTime(at: Date): LocalTime {
  const shifted = new Date(at.getTime() + JST_OFFSET_MS);
  const minutes = shifted.getUTCHours() * 60 + shifted.getUTCMinutes();
  return {
    date: shifted.toISOString().slice(0, 10),
    weekday: WEEKDAYS[shifted.getUTCDay()]!,
    minutes,
    hour: shifted.getUTCHours(),
  };
}

export const localDate = (at: Date) => localTime(at).date;

/** The instant of a local date and "HH:MM" in Japan. */
export function instantOf(date: string, time: string): Date {
  const [h, m] = time.split(':').map(Number);
  return new Date(Date.parse(`${date}T00:00:00Z`) - JST_OFFSET_MS + ((h ?? 0) * 60 + (m ?? 0)) * 60_000);
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function weekdayOf(date: string): Weekday {
  return WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]!;
}

const toMinutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

/** The sessions on a date: dated sessions win over weekly hours; closed days have none. */
export function sessionsOn(hours: OpeningHours, date: string): [string, string][] {
  if (hours.closed.includes(date)) return [];
  const dated = hours.dates[date];
  if (dated) return dated;
  return hours.weekly[weekdayOf(date)] ?? [];
}

export function isOpenAt(hours: OpeningHours, at: Date): boolean {
  const t = localTime(at);
  return sessionsOn(hours, t.date).some(([a, b]) => toMinutes(a) <= t.minutes && t.minutes < toMinutes(b));
}

/** "8:30〜17:15" for messages; "本日の受付はありません" when closed all day. */
export function describeSessions(sessions: readonly [string, string][]): string {
  if (sessions.length === 0) return '本日の受付はありません';
  const trim = (t: string) => t.replace(/^0/, '');
  return sessions.map(([a, b]) => `${trim(a)}〜${trim(b)}`).join('、');
}

/** The next dates (from `from`, inclusive) with sessions, for the vehicle's schedule. */
export function upcomingSessions(hours: OpeningHours, from: string, days: number): { date: string; sessions: [string, string][]; note: string | null }[] {
  const out: { date: string; sessions: [string, string][]; note: string | null }[] = [];
  for (let i = 0; i < days; i += 1) {
    const date = addDays(from, i);
    const sessions = sessionsOn(hours, date);
    if (sessions.length > 0) out.push({ date, sessions, note: hours.notes[date] ?? null });
  }
  return out;
}
