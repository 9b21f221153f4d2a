import { ageOnIso } from './dates';
import { DEFAULT_REFERENCE_DATE } from './generate';
import type { DemoHousehold } from './types';

export interface TownCount {
  households: number;
  population: number;
}

export interface CitySummary {
  population: number;
  households: number;
  /** Share of residents aged 65 or over on the reference date (0–1). */
  share65Plus: number;
  /** Share of residents aged under 15 (0–1). */
  shareUnder15: number;
  meanHouseholdSize: number;
  /** Households and residents per 町字 (address.town, e.g. 若葉町一丁目 or 大字鶴子). */
  byTown: Record<string, TownCount>;
  /** Residents per 続柄. */
  byRelationship: Record<string, number>;
  /** Households by number of members (index = size). */
  householdSizes: number[];
  /** Residents per 5-year age band (index 0 = 0–4, …, 20 = 100+). */
  ageBands: number[];
  femaleShare: number;
  /** Share of households with a 方書 (apartment). */
  buildingShare: number;
  /** Share of residents who moved in (movedInFrom set). */
  movedInShare: number;
}

/** Statistics of a generated city, to check it against the real town it imitates. */
export function summarize(households: Iterable<DemoHousehold>, referenceDate = DEFAULT_REFERENCE_DATE): CitySummary {
  let population = 0;
  let householdCount = 0;
  let over65 = 0;
  let under15 = 0;
  let female = 0;
  let withBuilding = 0;
  let movedIn = 0;
  const byTown: Record<string, TownCount> = {};
  const byRelationship: Record<string, number> = {};
  const householdSizes: number[] = [];
  const ageBands: number[] = new Array<number>(21).fill(0);

  for (const h of households) {
    householdCount++;
    const n = h.members.length;
    population += n;
    householdSizes[n] = (householdSizes[n] ?? 0) + 1;
    if (h.address.building !== null) withBuilding++;
    const town = (byTown[h.address.town] ??= { households: 0, population: 0 });
    town.households++;
    town.population += n;
    for (const m of h.members) {
      const age = ageOnIso(m.birthDate, referenceDate);
      if (age >= 65) over65++;
      if (age < 15) under15++;
      const band = Math.min(20, Math.floor(age / 5));
      ageBands[band] = (ageBands[band] ?? 0) + 1;
      if (m.sex === 'female') female++;
      if (m.movedInFrom !== null) movedIn++;
      byRelationship[m.relationship] = (byRelationship[m.relationship] ?? 0) + 1;
    }
  }
  for (let i = 0; i < householdSizes.length; i++) householdSizes[i] ??= 0;
  const perPerson = (x: number) => (population === 0 ? 0 : x / population);
  return {
    population,
    households: householdCount,
    share65Plus: perPerson(over65),
    shareUnder15: perPerson(under15),
    meanHouseholdSize: householdCount === 0 ? 0 : population / householdCount,
    byTown,
    byRelationship,
    householdSizes,
    ageBands,
    femaleShare: perPerson(female),
    buildingShare: householdCount === 0 ? 0 : withBuilding / householdCount,
    movedInShare: perPerson(movedIn),
  };
}
