import fc from 'fast-check';
import { schoolGradeOn } from '@madoguchi/jp';
import type { IsoDate } from '@madoguchi/jp';
import { describe, expect, it } from 'vitest';
import { formatWareki, normalizeKana, postalCodeDigits, schoolYearOn } from './adapter';

const day = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe('jp adapter', () => {
  it('agrees with schoolGradeOn for every 小学・中学 year', () => {
    fc.assert(fc.property(day, day, (birth, on) => {
      const grade = schoolGradeOn(birth as IsoDate, on as IsoDate);
      const year = schoolYearOn(birth, on);
      if (grade.stage === 'elementary') expect(year).toBe(grade.grade);
      if (grade.stage === 'juniorHigh') expect(year).toBe(grade.grade + 6);
      if (grade.stage === 'preschool') expect(year).toBeLessThanOrEqual(0);
      if (grade.stage === 'afterJuniorHigh') expect(year).toBeGreaterThan(9);
    }), { numRuns: 300 });
  });

  it('passes non-dates through and formats dates in 和暦', () => {
    expect(formatWareki('2019-05-01')).toBe('令和元年5月1日');
    expect(formatWareki('not a date')).toBe('not a date');
  });

  it('normalises readings and postal codes', () => {
    expect(normalizeKana('やまだ　たろう')).toEqual({ ok: true, value: 'ヤマダ タロウ' });
    expect(normalizeKana('山田').ok).toBe(false);
    expect(postalCodeDigits('〒９９９－４２９２')).toBe('9994292');
    expect(postalCodeDigits('999-42')).toBeNull();
  });
});
