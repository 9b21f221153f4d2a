import { describe, expect, it } from 'vitest';
import { closedMonths } from './OperatorPages';
import { dateTimeLabel, lastMonth, monthLabel } from './taxiApi';

describe('taxi screens: dates in Japan', () => {
  it('names months in 和暦 and instants in Japan time', () => {
    expect(monthLabel('2026-10')).toBe('令和8年10月');
    expect(monthLabel('2019-05')).toBe('令和元年5月');
    expect(monthLabel('2019-04')).toBe('2019年4月');
    // 23:30 UTC on 31 October is 1 November 08:30 in Japan.
    expect(dateTimeLabel('2026-10-31T23:30:00Z')).toBe('令和8年11月1日 08:30');
  });

  it('offers the closed months of the fiscal year, newest first', () => {
    expect(lastMonth(new Date('2026-11-29T03:00:00Z'))).toBe('2026-10');
    expect(lastMonth(new Date('2027-01-05T03:00:00Z'))).toBe('2026-12');
    expect(closedMonths(new Date('2026-11-29T03:00:00Z'))).toEqual(['2026-10', '2026-09', '2026-08', '2026-07', '2026-06', '2026-05', '2026-04']);
    // In April the only closed month is March, the last of the previous fiscal year.
    const april = closedMonths(new Date('2027-04-02T03:00:00Z'));
    expect(april[0]).toBe('2027-03');
    expect(april).toHaveLength(12);
    expect(april[11]).toBe('2026-04');
  });
});
