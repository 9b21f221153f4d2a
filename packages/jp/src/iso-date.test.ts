import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, compareIsoDate, daysBetween, isIsoDate, isoDateFromParts, isoDateParts, parseIsoDate } from './iso-date';
import { isoDateArbitrary } from './test-arbitraries';

describe('isIsoDate / parseIsoDate', () => {
  it('accepts real dates, including 2/29 in leap years', () => {
    expect(isIsoDate('2026-11-29')).toBe(true);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2000-02-29')).toBe(true);
  });

  it('rejects impossible dates and other shapes', () => {
    for (const text of ['2026-02-30', '2026-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-1-29', '20261129', '2026-11-29T00:00', '']) {
      expect(isIsoDate(text), text).toBe(false);
    }
    expect(isIsoDate(20261129)).toBe(false);
  });

  it('explains in Japanese what was wrong', () => {
    const impossible = parseIsoDate('2026-02-30');
    expect(impossible).toEqual({ ok: false, code: 'ISO_DATE_NOT_IN_CALENDAR', message: expect.stringContaining('2026年2月30日は存在しない') });
    expect(parseIsoDate('2026/11/29')).toMatchObject({ ok: false, code: 'ISO_DATE_FORMAT' });
    expect(parseIsoDate('2026-11-29')).toEqual({ ok: true, value: '2026-11-29' });
  });
});

describe('date arithmetic', () => {
  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28' as never, 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28' as never, 1)).toBe('2023-03-01');
    expect(addDays('2026-12-31' as never, 1)).toBe('2027-01-01');
    expect(addDays('2019-05-01' as never, -1)).toBe('2019-04-30');
  });

  it('addDays and daysBetween are inverse, and order matches text order', () => {
    fc.assert(
      fc.property(isoDateArbitrary(), fc.integer({ min: -40_000, max: 40_000 }), (date, days) => {
        const moved = addDays(date, days);
        expect(isIsoDate(moved)).toBe(true);
        expect(daysBetween(date, moved)).toBe(days);
        expect(Math.sign(compareIsoDate(moved, date))).toBe(Math.sign(days));
      }),
      { numRuns: 300 },
    );
  });

  it('isoDateParts and isoDateFromParts round-trip', () => {
    fc.assert(
      fc.property(isoDateArbitrary(1, 9999), (date) => {
        const { year, month, day } = isoDateParts(date);
        expect(isoDateFromParts(year, month, day)).toBe(date);
      }),
      { numRuns: 300 },
    );
  });
});
