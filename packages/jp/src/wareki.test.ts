import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERAS, eraOf } from './era';
import type { IsoDate } from './iso-date';
import { parseJapaneseDate } from './parse-date';
import { isoDateArbitrary } from './test-arbitraries';
import { formatWareki, formatWarekiYear, toWareki } from './wareki';

const d = (text: string) => text as IsoDate;

describe('formatWareki', () => {
  it('formats the three styles', () => {
    expect(formatWareki(d('2026-11-29'))).toBe('令和8年11月29日');
    expect(formatWareki(d('2026-11-29'), { style: 'short' })).toBe('R8.11.29');
    expect(formatWareki(d('2026-11-29'), { style: 'numeric' })).toBe('令和8年11月29日');
    expect(formatWarekiYear(d('2026-11-29'))).toBe('令和8年');
    expect(formatWarekiYear(d('2026-11-29'), { style: 'short' })).toBe('R8');
  });

  it('writes year 1 as 元年 only in the long style', () => {
    expect(formatWareki(d('2019-05-01'))).toBe('令和元年5月1日');
    expect(formatWareki(d('2019-05-01'), { style: 'numeric' })).toBe('令和1年5月1日');
    expect(formatWareki(d('2019-05-01'), { style: 'short' })).toBe('R1.5.1');
    expect(formatWarekiYear(d('1989-01-08'))).toBe('平成元年');
  });

  it('switches era on the first day of each era', () => {
    expect(formatWareki(d('1912-07-29'))).toBe('明治45年7月29日');
    expect(formatWareki(d('1912-07-30'))).toBe('大正元年7月30日');
    expect(formatWareki(d('1926-12-24'))).toBe('大正15年12月24日');
    expect(formatWareki(d('1926-12-25'))).toBe('昭和元年12月25日');
    expect(formatWareki(d('1989-01-07'))).toBe('昭和64年1月7日');
    expect(formatWareki(d('1989-01-08'))).toBe('平成元年1月8日');
    expect(formatWareki(d('2019-04-30'))).toBe('平成31年4月30日');
    expect(formatWareki(d('2019-05-01'))).toBe('令和元年5月1日');
    expect(formatWareki(d('1873-01-01'))).toBe('明治6年1月1日');
  });

  it('refuses dates before the Gregorian calendar was adopted in Japan', () => {
    expect(eraOf(d('1872-12-31'))).toBeUndefined();
    expect(() => formatWareki(d('1872-12-31'))).toThrow(/明治6年/);
  });

  it('derives each era end from the next era start', () => {
    expect(ERAS.map((era) => era.end)).toEqual(['1912-07-29', '1926-12-24', '1989-01-07', '2019-04-30', undefined]);
  });
});

describe('formatWareki against ICU (ja-JP-u-ca-japanese, UTC)', () => {
  // stack.md §7: a date-only value must be formatted in UTC, or ICU applies Tokyo local mean time
  // before 1888 and the day shifts.
  const icu = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
    timeZone: 'UTC',
    era: 'long',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
  });

  it('agrees on era, year, month and day for random dates 1873–2100', () => {
    fc.assert(
      fc.property(isoDateArbitrary(1873, 2100), (date) => {
        const parts = icu.formatToParts(new Date(`${date}T00:00:00Z`));
        const part = (type: string) => parts.find((candidate) => candidate.type === type)?.value;
        const wareki = toWareki(date);
        expect([wareki.era, wareki.eraYear, wareki.month, wareki.day]).toEqual([
          part('era'),
          Number(part('year')),
          Number(part('month')),
          Number(part('day')),
        ]);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('format → parse round trip', () => {
  it('parses every style back to the same date', () => {
    fc.assert(
      fc.property(isoDateArbitrary(1873, 2100), fc.constantFrom('long', 'short', 'numeric' as const), (date, style) => {
        expect(parseJapaneseDate(formatWareki(date, { style }))).toEqual({ ok: true, value: date });
      }),
      { numRuns: 1000 },
    );
  });
});
