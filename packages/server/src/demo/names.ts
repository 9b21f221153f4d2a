import { GIVEN_NAME_BANDS } from './tables/given-names';
import { SURNAME_DATA } from './tables/surnames';
import { WeightedTable, type Rng } from './prng';
import type { Sex } from './types';

export interface Name {
  kanji: string;
  kana: string;
}

function parseSurnames(text: string): Array<readonly [Name, number]> {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0)
    .map((line) => {
      const [kanji, kana, weight] = line.split(/\s+/);
      if (!kanji || !kana || !weight) throw new Error(`bad surname line: ${line}`);
      return [{ kanji, kana }, Number(weight)] as const;
    });
}

function parsePairs(text: string): Name[] {
  const words = text.split(/\s+/).filter((w) => w.length > 0);
  if (words.length % 2 !== 0) throw new Error(`odd number of words in a name list: ${text.slice(0, 40)}`);
  const names: Name[] = [];
  for (let i = 0; i < words.length; i += 2) names.push({ kanji: words[i] as string, kana: words[i + 1] as string });
  return names;
}

export const SURNAMES: readonly Name[] = parseSurnames(SURNAME_DATA).map(([name]) => name);
const surnameTable = new WeightedTable(parseSurnames(SURNAME_DATA));

interface Band {
  untilYear: number;
  female: WeightedTable<Name>;
  male: WeightedTable<Name>;
}

// Within a band the first names were the most popular: weight falls off gently with position.
function bandTable(names: readonly Name[]): WeightedTable<Name> {
  return new WeightedTable(names.map((n, i) => [n, 1 / (1 + i / 12)] as const));
}

export const GIVEN_NAMES_BY_BAND: ReadonlyArray<{ untilYear: number; female: readonly Name[]; male: readonly Name[] }> =
  GIVEN_NAME_BANDS.map((b) => ({ untilYear: b.untilYear, female: parsePairs(b.female), male: parsePairs(b.male) }));

const bands: readonly Band[] = GIVEN_NAMES_BY_BAND.map((b) => ({
  untilYear: b.untilYear,
  female: bandTable(b.female),
  male: bandTable(b.male),
}));

export function pickSurname(rng: Rng): Name {
  return surnameTable.pick(rng);
}

/** A surname different from `other` (for 妻の父, 同居人 …). */
export function pickOtherSurname(rng: Rng, other: Name): Name {
  for (;;) {
    const name = surnameTable.pick(rng);
    if (name.kanji !== other.kanji) return name;
  }
}

/**
 * A given name fashionable in the birth year. The year is jittered by a few years so that the
 * switch between generations is gradual rather than a cliff at the band edge.
 */
export function pickGivenName(rng: Rng, sex: Sex, birthYear: number, avoid: readonly string[] = []): Name {
  const year = birthYear + rng.int(-4, 4);
  const band = bands.find((b) => year <= b.untilYear) ?? (bands[bands.length - 1] as Band);
  const table = sex === 'female' ? band.female : band.male;
  let name = table.pick(rng);
  // Siblings do not share a given name; a few retries are enough with 45 names per band.
  for (let i = 0; i < 8 && avoid.includes(name.kanji); i++) name = table.pick(rng);
  return name;
}
