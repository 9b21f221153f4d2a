import { describe, expect, it } from 'vitest';
import { DEFAULT_REFERENCE_DATE, DEFAULT_SEED, generateCity, OBANAZAWA_POPULATION } from './generate';
import { summarize } from './summarize';
import { OBANAZAWA, OISHIDA, type DemoHousehold } from './types';

const obanazawa = (seed: number) =>
  summarize(generateCity({ seed, municipality: OBANAZAWA, targetPopulation: OBANAZAWA_POPULATION, referenceDate: DEFAULT_REFERENCE_DATE }));

describe('summarize', () => {
  it('counts a hand-made city exactly', () => {
    const person = (birthDate: string, sex: 'male' | 'female', relationship: string) => ({
      residentRecordCode: '00000000000', familyName: '佐藤', givenName: '清', familyNameKana: 'サトウ', givenNameKana: 'キヨシ',
      birthDate, sex, relationship, residentSince: birthDate, movedInFrom: null,
    });
    const address = (town: string, building: string | null = null) => ({
      postalCode: '9994221', prefecture: '山形県', city: '尾花沢市', town, block: '1番地', building,
    });
    const households: DemoHousehold[] = [
      { address: address('大字尾花沢'), members: [person('1950-01-01', 'male', '世帯主'), person('1961-04-01', 'female', '妻')] },
      { address: address('大字尾花沢', 'コーポ若葉101号室'), members: [person('2015-06-01', 'female', '世帯主')] },
      { address: address('若葉町一丁目'), members: [person('1990-04-02', 'male', '世帯主')] },
    ];
    const s = summarize(households, '2026-04-01');
    expect(s.population).toBe(4);
    expect(s.households).toBe(3);
    // 1961-04-01 turns 65 on 2026-04-01: counted.
    expect(s.share65Plus).toBe(0.5);
    expect(s.shareUnder15).toBe(0.25);
    expect(s.meanHouseholdSize).toBeCloseTo(4 / 3);
    expect(s.byTown).toEqual({ 大字尾花沢: { households: 2, population: 3 }, 若葉町一丁目: { households: 1, population: 1 } });
    expect(s.byRelationship).toEqual({ 世帯主: 3, 妻: 1 });
    expect(s.householdSizes).toEqual([0, 2, 1]);
    expect(s.buildingShare).toBeCloseTo(1 / 3);
    expect(s.femaleShare).toBe(0.5);
    expect(s.ageBands[7]).toBe(1); // 35-year-old (1990-04-02 → 35 on 2026-04-01)
  });

  it('is empty for no households', () => {
    const s = summarize([]);
    expect(s.population).toBe(0);
    expect(s.share65Plus).toBe(0);
    expect(s.meanHouseholdSize).toBe(0);
  });
});

describe('the generated 尾花沢市 looks like the real one', () => {
  // Several seeds: the targets must hold for the defaults and not by luck of one seed.
  it.each([DEFAULT_SEED, 1, 2, 3])('with seed %i', (seed) => {
    const s = obanazawa(seed);
    expect(Math.abs(s.population - 14_000) / 14_000).toBeLessThanOrEqual(0.03);
    expect(s.households).toBeGreaterThanOrEqual(4_700);
    expect(s.households).toBeLessThanOrEqual(5_300);
    expect(s.share65Plus).toBeGreaterThanOrEqual(0.37);
    expect(s.share65Plus).toBeLessThanOrEqual(0.43);
    expect(s.shareUnder15).toBeGreaterThanOrEqual(0.08);
    expect(s.shareUnder15).toBeLessThanOrEqual(0.12);
    expect(s.meanHouseholdSize).toBeGreaterThan(2.65);
    expect(s.meanHouseholdSize).toBeLessThan(2.95);
    // Women outnumber men (they live longer); a few percent of households live in apartments.
    expect(s.femaleShare).toBeGreaterThan(0.5);
    expect(s.femaleShare).toBeLessThan(0.55);
    // Every town of the table is inhabited.
    expect(Object.keys(s.byTown).length).toBeGreaterThan(44);
  });

  it('has an ageing pyramid: more people in their seventies than in their twenties', () => {
    const s = obanazawa(DEFAULT_SEED);
    const band = (i: number) => s.ageBands[i] ?? 0;
    expect(band(14) + band(15)).toBeGreaterThan(1.5 * (band(4) + band(5)));
    // Fewer babies than ten-year-olds: births are falling.
    expect(band(0)).toBeLessThan(band(2));
    // A few centenarians at most.
    expect(band(20)).toBeLessThan(40);
  });

  it('for 大石田町 gives about 600 people', () => {
    const s = summarize(generateCity({ seed: DEFAULT_SEED, municipality: OISHIDA, targetPopulation: 600, referenceDate: DEFAULT_REFERENCE_DATE }));
    expect(s.population).toBeGreaterThanOrEqual(600);
    expect(s.population).toBeLessThan(620);
    expect(s.households).toBeGreaterThan(180);
    expect(s.households).toBeLessThan(260);
  });
});
