import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addYears, ageOn, ageOnIso, civilFromDays, daysFromCivil, formatIsoDate, parseIsoDate } from './dates';

// Day numbers from 1900-01-01 to 2100-12-31.
const dayNumber = fc.integer({ min: -25567, max: 47482 });

describe('day numbers', () => {
  it('agree with Date.UTC', () => {
    fc.assert(
      fc.property(dayNumber, (days) => {
        const d = new Date(days * 86_400_000);
        expect(civilFromDays(days)).toEqual({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
        expect(daysFromCivil(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())).toBe(days);
        expect(formatIsoDate(days)).toBe(d.toISOString().slice(0, 10));
      }),
    );
  });

  it('parse what they format and reject impossible dates', () => {
    fc.assert(
      fc.property(dayNumber, (days) => {
        expect(parseIsoDate(formatIsoDate(days))).toBe(days);
      }),
    );
    expect(() => parseIsoDate('2025-02-29')).toThrow(/no such date/);
    expect(() => parseIsoDate('2026-4-1')).toThrow(/YYYY-MM-DD/);
    expect(parseIsoDate('2024-02-29')).toBe(daysFromCivil(2024, 2, 29));
  });
});

describe('ages', () => {
  it('turn n exactly on the day addYears(n) gives, and not the day before', () => {
    fc.assert(
      fc.property(dayNumber, fc.integer({ min: 1, max: 100 }), (birth, n) => {
        const birthday = addYears(birth, n);
        expect(ageOn(birth, birthday)).toBe(n);
        expect(ageOn(birth, birthday - 1)).toBe(n - 1);
        expect(ageOnIso(formatIsoDate(birth), formatIsoDate(birthday))).toBe(n);
        expect(ageOnIso(formatIsoDate(birth), formatIsoDate(birthday - 1))).toBe(n - 1);
      }),
    );
  });

  it('count a 29 February birthday on 1 March in common years', () => {
    const birth = daysFromCivil(2004, 2, 29);
    expect(formatIsoDate(addYears(birth, 1))).toBe('2005-03-01');
    expect(ageOn(birth, daysFromCivil(2005, 2, 28))).toBe(0);
    expect(ageOn(birth, daysFromCivil(2005, 3, 1))).toBe(1);
    expect(formatIsoDate(addYears(birth, 4))).toBe('2008-02-29');
  });
});
