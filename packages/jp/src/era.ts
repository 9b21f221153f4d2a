import { addDays, compareIsoDate, isoDateParts, type IsoDate } from './iso-date';

export type EraName = '明治' | '大正' | '昭和' | '平成' | '令和';
export type EraLetter = 'M' | 'T' | 'S' | 'H' | 'R';

export interface Era {
  readonly name: EraName;
  readonly letter: EraLetter;
  /** First day of the era (Gregorian). */
  readonly start: IsoDate;
  /** Last day of the era, or undefined for the current era. */
  readonly end: IsoDate | undefined;
  /** Gregorian year of the era's first year (元年). */
  readonly firstYear: number;
}

/**
 * Japan used a lunisolar calendar until 明治5年12月2日; the next day was 1873-01-01 (明治6年1月1日).
 * Earlier Gregorian dates do not match what was written at the time, so they are not supported.
 */
export const EARLIEST_SUPPORTED_DATE = '1873-01-01' as IsoDate;

const ERA_STARTS: ReadonlyArray<readonly [EraName, EraLetter, string]> = [
  ['明治', 'M', '1868-01-25'],
  ['大正', 'T', '1912-07-30'],
  ['昭和', 'S', '1926-12-25'],
  ['平成', 'H', '1989-01-08'],
  ['令和', 'R', '2019-05-01'],
];

export const ERAS: readonly Era[] = ERA_STARTS.map(([name, letter, start], index) => {
  const next = ERA_STARTS[index + 1];
  return {
    name,
    letter,
    start: start as IsoDate,
    end: next === undefined ? undefined : addDays(next[2] as IsoDate, -1),
    firstYear: Number(start.slice(0, 4)),
  };
});

export function eraByName(name: EraName): Era {
  const era = ERAS.find((candidate) => candidate.name === name);
  if (era === undefined) throw new RangeError(`未知の元号です: ${name}`);
  return era;
}

export function eraByLetter(letter: EraLetter): Era {
  const era = ERAS.find((candidate) => candidate.letter === letter);
  if (era === undefined) throw new RangeError(`未知の元号の略号です: ${letter}`);
  return era;
}

/** The era a date falls in, or undefined before the earliest supported date. */
export function eraOf(date: IsoDate): Era | undefined {
  if (compareIsoDate(date, EARLIEST_SUPPORTED_DATE) < 0) return undefined;
  for (let index = ERAS.length - 1; index >= 0; index -= 1) {
    const era = ERAS[index];
    if (era !== undefined && compareIsoDate(date, era.start) >= 0) return era;
  }
  return undefined;
}

/** Last era year (e.g. 31 for 平成), or undefined for the current era. */
export function lastEraYear(era: Era): number | undefined {
  return era.end === undefined ? undefined : isoDateParts(era.end).year - era.firstYear + 1;
}
