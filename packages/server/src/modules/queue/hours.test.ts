import { describe, expect, it } from 'vitest';
import { describeSessions, MAX_DATED_SESSIONS, OpeningHoursSchema, parseHours, sessionsOn } from './hours';

/** Twelve 30-minute sessions from 08:00, one per hour: a vehicle's day of stops. */
const stopsDay = (n: number): [string, string][] => Array.from({ length: n }, (_, i) => [`${String(8 + i).padStart(2, '0')}:00`, `${String(8 + i).padStart(2, '0')}:30`]);

describe('dated sessions (the vehicle stops of a day)', () => {
  it('holds twelve sessions on a date, in the order given', () => {
    expect(MAX_DATED_SESSIONS).toBe(12);
    const hours = OpeningHoursSchema.parse({ dates: { '2026-12-01': stopsDay(12) } });
    expect(sessionsOn(hours, '2026-12-01')).toHaveLength(12);
    expect(describeSessions(sessionsOn(hours, '2026-12-01')).split('、').at(-1)).toBe('19:00〜19:30');
  });

  it('refuses a thirteenth session with a message that says the limit', () => {
    const parsed = OpeningHoursSchema.safeParse({ dates: { '2026-12-01': stopsDay(13) } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe('1日の受付時間帯は12件までです。');
    // Stored hours that do not parse fall back to closed, never to a half-read day.
    expect(sessionsOn(parseHours({ dates: { '2026-12-01': stopsDay(13) } }), '2026-12-01')).toEqual([]);
  });

  it('keeps the weekly hours at four sessions a day', () => {
    expect(OpeningHoursSchema.safeParse({ weekly: { mon: stopsDay(5) } }).success).toBe(false);
    expect(OpeningHoursSchema.safeParse({ weekly: { mon: stopsDay(4) } }).success).toBe(true);
  });
});
