import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateEligibility, type EligibilityAnswers, type RegistryFacts } from './eligibility';
import { capExceeded, fiscalYearMonths, japanMonthRange, japanPeriods, MAEBASHI_STYLE_RULES, splitFare, TaxiRulesSchema, type TaxiRules } from './rules';

const rules = MAEBASHI_STYLE_RULES;
const ON = '2026-11-29';

const birthDate = fc.date({ min: new Date('1910-01-01T00:00:00Z'), max: new Date('2020-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const facts = fc.record<RegistryFacts>({ status: fc.constantFrom('active', 'moved_out', 'deceased'), birthDate });
const answers = fc.record<EligibilityAnswers>({
  disabilityCertificate: fc.constantFrom('none', 'physical', 'mental', 'rehabilitation'),
  licenceReturned: fc.boolean(),
  householdHasCar: fc.boolean(),
});

describe('eligibility (前橋 マイタク style rules)', () => {
  it('the 80-year-old of the Done-when is eligible by age, with the reason in Japanese', () => {
    const r = evaluateEligibility(rules, { status: 'active', birthDate: '1946-05-01' }, { disabilityCertificate: 'none', licenceReturned: false, householdHasCar: true }, ON);
    expect(r.eligible).toBe(true);
    expect(r.age).toBe(80);
    expect(r.reasons.find((x) => x.code === 'age')).toEqual({ code: 'age', met: true, text: '80歳で「75歳以上の方」に当てはまります。' });
    expect(r.summary).toBe('対象です（年齢）。');
  });

  it('a 70-year-old with a car and a licence is not eligible, and every criterion says why', () => {
    const r = evaluateEligibility(rules, { status: 'active', birthDate: '1956-01-01' }, { disabilityCertificate: 'none', licenceReturned: false, householdHasCar: true }, ON);
    expect(r.eligible).toBe(false);
    expect(r.reasons.filter((x) => !x.met).map((x) => x.code)).toEqual(['age', 'disabilityCertificate', 'licenceReturned', 'noCarHousehold']);
    expect(r.reasons.find((x) => x.code === 'noCarHousehold')?.text).toBe('世帯に自動車があるため「65歳以上で世帯に自動車がない方」には当てはまりません。');
  });

  it('age is the legal age: born on 11/30, 75 is reached on 11/29', () => {
    expect(evaluateEligibility(rules, { status: 'active', birthDate: '1951-11-30' }, { disabilityCertificate: 'none', licenceReturned: false, householdHasCar: true }, ON).eligible).toBe(true);
    expect(evaluateEligibility(rules, { status: 'active', birthDate: '1951-12-01' }, { disabilityCertificate: 'none', licenceReturned: false, householdHasCar: true }, ON).eligible).toBe(false);
  });

  it('property: eligible exactly when resident and at least one criterion holds', () => {
    fc.assert(fc.property(facts, answers, (f, a) => {
      const r = evaluateEligibility(rules, f, a, ON);
      const age = r.age;
      const expected = f.status === 'active' && (
        age >= 75
        || a.disabilityCertificate !== 'none'
        || (a.licenceReturned && age >= 65)
        || (!a.householdHasCar && age >= 65));
      expect(r.eligible).toBe(expected);
      expect(r.reasons).toHaveLength(1 + rules.eligibility.criteria.length);
      expect(r.eligible).toBe(r.reasons[0]!.met && r.reasons.slice(1).some((x) => x.met));
      for (const reason of r.reasons) expect(reason.text).toMatch(/[ぁ-んァ-ン一-龯]/);
    }), { numRuns: 500 });
  });

  it('property: anyone not living in the city is never eligible, whatever they answer', () => {
    fc.assert(fc.property(birthDate, answers, fc.constantFrom('moved_out' as const, 'deceased' as const), (b, a, status) => {
      expect(evaluateEligibility(rules, { status, birthDate: b }, a, ON).eligible).toBe(false);
    }));
  });

  it('property: more favourable answers never make an eligible resident ineligible (monotone)', () => {
    fc.assert(fc.property(facts, answers, (f, a) => {
      const before = evaluateEligibility(rules, f, a, ON).eligible;
      const better = evaluateEligibility(rules, f, { disabilityCertificate: a.disabilityCertificate === 'none' ? 'physical' : a.disabilityCertificate, licenceReturned: true, householdHasCar: false }, ON).eligible;
      if (before) expect(better).toBe(true);
    }));
  });
});

describe('subsidy and caps', () => {
  it('¥2,400 → ¥1,000 subsidised, ¥1,400 paid; ¥1,500 → ¥750', () => {
    expect(splitFare(rules.subsidy, 2400)).toEqual({ subsidyYen: 1000, passengerYen: 1400 });
    expect(splitFare(rules.subsidy, 1500)).toEqual({ subsidyYen: 750, passengerYen: 750 });
    expect(splitFare(rules.subsidy, 1001)).toEqual({ subsidyYen: 500, passengerYen: 501 });
    expect(splitFare({ kind: 'fixed', amountYen: 500 }, 300)).toEqual({ subsidyYen: 300, passengerYen: 0 });
    expect(() => splitFare(rules.subsidy, 0)).toThrow(RangeError);
  });

  it('property: subsidy + passenger = fare, subsidy within the rule', () => {
    const rule = fc.oneof(
      fc.record({ kind: fc.constant('rate' as const), percent: fc.integer({ min: 1, max: 100 }), maxYen: fc.integer({ min: 1, max: 100_000 }) }),
      fc.record({ kind: fc.constant('fixed' as const), amountYen: fc.integer({ min: 1, max: 100_000 }) }),
    );
    fc.assert(fc.property(rule, fc.integer({ min: 1, max: 999_998 }), (r, fare) => {
      const s = splitFare(r, fare);
      expect(s.subsidyYen + s.passengerYen).toBe(fare);
      expect(s.subsidyYen).toBeGreaterThanOrEqual(0);
      expect(s.subsidyYen).toBeLessThanOrEqual(r.kind === 'rate' ? r.maxYen : r.amountYen);
      expect(Number.isInteger(s.subsidyYen)).toBe(true);
    }));
  });

  it('caps: the third ride of a day, the 71st of the year', () => {
    expect(capExceeded(rules.caps, { day: 1, month: 10, year: 30 })).toBeNull();
    expect(capExceeded(rules.caps, { day: 2, month: 10, year: 30 })).toEqual({ cap: 'perDay', limit: 2, used: 2 });
    expect(capExceeded(rules.caps, { day: 0, month: 10, year: 70 })).toEqual({ cap: 'perYear', limit: 70, used: 70 });
    expect(capExceeded({ ...rules.caps, perMonth: 10 }, { day: 0, month: 10, year: 10 })).toEqual({ cap: 'perMonth', limit: 10, used: 10 });
  });

  it('Japan periods: 23:30 UTC on 31 March is 1 April in Japan, the next fiscal year', () => {
    expect(japanPeriods(new Date('2027-03-31T14:59:59Z'))).toEqual({ day: '2027-03-31', month: '2027-03', fiscalYear: 2026 });
    expect(japanPeriods(new Date('2027-03-31T15:00:00Z'))).toEqual({ day: '2027-04-01', month: '2027-04', fiscalYear: 2027 });
    expect(japanMonthRange('2026-12')).toEqual({ from: new Date('2026-11-30T15:00:00Z'), to: new Date('2026-12-31T15:00:00Z') });
    expect(fiscalYearMonths(2026)[0]).toBe('2026-04');
    expect(fiscalYearMonths(2026)[11]).toBe('2027-03');
  });

  it('the rules schema refuses a fare bound out of order', () => {
    const bad: TaxiRules = { ...rules, fare: { minYen: 100, maxYen: 1000, unusualYen: 5000 } };
    expect(TaxiRulesSchema.safeParse(bad).success).toBe(false);
    expect(TaxiRulesSchema.safeParse(rules).success).toBe(true);
  });
});
