import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ageOn, fiscalYearOf, legalAgeOn, schoolGradeOn } from './age';
import { addDays, type IsoDate } from './iso-date';
import { isoDateArbitrary } from './test-arbitraries';
import { todayInJapan } from './today';

const d = (text: string) => text as IsoDate;

describe('ageOn', () => {
  it('goes up on the birthday', () => {
    expect(ageOn(d('1970-03-15'), d('2026-03-14'))).toBe(55);
    expect(ageOn(d('1970-03-15'), d('2026-03-15'))).toBe(56);
    expect(ageOn(d('2026-11-29'), d('2026-11-29'))).toBe(0);
  });

  it('counts a 2/29 birthday on 3/1 in common years', () => {
    expect(ageOn(d('2004-02-29'), d('2023-02-28'))).toBe(18);
    expect(ageOn(d('2004-02-29'), d('2023-03-01'))).toBe(19);
    expect(ageOn(d('2004-02-29'), d('2024-02-28'))).toBe(19);
    expect(ageOn(d('2004-02-29'), d('2024-02-29'))).toBe(20);
  });
});

describe('legalAgeOn', () => {
  it('reaches the age on the day before the birthday', () => {
    expect(legalAgeOn(d('1961-04-02'), d('2026-03-31'))).toBe(64);
    expect(legalAgeOn(d('1961-04-02'), d('2026-04-01'))).toBe(65);
    expect(ageOn(d('1961-04-02'), d('2026-04-01'))).toBe(64);
  });

  it('reaches the age on 2/28 for a 2/29 birth, in common and leap years', () => {
    expect(legalAgeOn(d('2004-02-29'), d('2023-02-27'))).toBe(18);
    expect(legalAgeOn(d('2004-02-29'), d('2023-02-28'))).toBe(19);
    expect(legalAgeOn(d('2004-02-29'), d('2024-02-28'))).toBe(20);
  });

  it('is never behind ageOn and at most one year ahead', () => {
    fc.assert(
      fc.property(isoDateArbitrary(1900, 2050), fc.integer({ min: 0, max: 40_000 }), (birth, days) => {
        const on = addDays(birth, days);
        const difference = legalAgeOn(birth, on) - ageOn(birth, on);
        expect(difference === 0 || difference === 1).toBe(true);
        expect(legalAgeOn(birth, on)).toBe(ageOn(birth, addDays(on, 1)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('fiscalYearOf', () => {
  it('starts the year in April', () => {
    expect(fiscalYearOf(d('2026-03-31'))).toBe(2025);
    expect(fiscalYearOf(d('2026-04-01'))).toBe(2026);
    expect(fiscalYearOf(d('2026-12-31'))).toBe(2026);
    expect(fiscalYearOf(d('2027-01-01'))).toBe(2026);
  });
});

describe('schoolGradeOn', () => {
  const on = d('2026-11-29');

  it('puts children born 4/2 to 4/1 in one grade (4/1 births with the older ones)', () => {
    expect(schoolGradeOn(d('2019-04-01'), on).label).toBe('小2');
    expect(schoolGradeOn(d('2019-04-02'), on).label).toBe('小1');
    expect(schoolGradeOn(d('2020-04-01'), on).label).toBe('小1');
    expect(schoolGradeOn(d('2020-04-02'), on).label).toBe('未就学');
  });

  it('covers the whole range of compulsory education', () => {
    expect(schoolGradeOn(d('2014-06-01'), on)).toEqual({ stage: 'elementary', grade: 6, label: '小6' });
    expect(schoolGradeOn(d('2013-06-01'), on)).toEqual({ stage: 'juniorHigh', grade: 1, label: '中1' });
    expect(schoolGradeOn(d('2011-04-02'), on)).toEqual({ stage: 'juniorHigh', grade: 3, label: '中3' });
    expect(schoolGradeOn(d('2011-04-01'), on)).toEqual({ stage: 'afterJuniorHigh', grade: 0, label: '高校以上' });
    expect(schoolGradeOn(d('2024-01-01'), on)).toEqual({ stage: 'preschool', grade: 0, label: '未就学' });
  });

  it('moves up on April 1, not on the birthday', () => {
    expect(schoolGradeOn(d('2019-08-10'), d('2026-03-31')).label).toBe('未就学');
    expect(schoolGradeOn(d('2019-08-10'), d('2026-04-01')).label).toBe('小1');
  });

  it('agrees with the statute: school starts the first April after legally reaching 6', () => {
    fc.assert(
      fc.property(isoDateArbitrary(1990, 2040), (birth) => {
        let aprilFirst = d(`${Number(birth.slice(0, 4)) + 5}-04-01`);
        while (legalAgeOn(birth, addDays(aprilFirst, -1)) < 6) aprilFirst = d(`${Number(aprilFirst.slice(0, 4)) + 1}-04-01`);
        expect(schoolGradeOn(birth, aprilFirst).label).toBe('小1');
        expect(schoolGradeOn(birth, addDays(aprilFirst, -1)).label).toBe('未就学');
      }),
      { numRuns: 300 },
    );
  });
});

describe('todayInJapan', () => {
  it('uses Japan time, not the host time zone', () => {
    expect(todayInJapan(new Date('2026-11-28T14:59:59Z'))).toBe('2026-11-28');
    expect(todayInJapan(new Date('2026-11-28T15:00:00Z'))).toBe('2026-11-29');
    expect(todayInJapan(new Date('2026-12-31T15:00:00Z'))).toBe('2027-01-01');
  });

  it('returns a valid date for now', () => {
    expect(todayInJapan()).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });
});
