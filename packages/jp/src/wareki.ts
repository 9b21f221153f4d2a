import { eraOf, type EraLetter, type EraName } from './era';
import { isoDateParts, type IsoDate } from './iso-date';

export interface WarekiDate {
  readonly era: EraName;
  readonly eraLetter: EraLetter;
  /** 1 for 元年. */
  readonly eraYear: number;
  readonly month: number;
  readonly day: number;
}

/**
 * - `long`: 令和8年11月29日, with 元年 for year 1 (official documents)
 * - `short`: R8.11.29 (lists and narrow columns)
 * - `numeric`: 令和1年5月1日, never 元年 (for systems and forms that expect digits)
 */
export type WarekiStyle = 'long' | 'short' | 'numeric';

export interface WarekiOptions {
  readonly style?: WarekiStyle;
}

/** Splits a date into era, era year, month and day; throws before 1873-01-01 (see EARLIEST_SUPPORTED_DATE). */
export function toWareki(date: IsoDate): WarekiDate {
  const era = eraOf(date);
  if (era === undefined) {
    throw new RangeError(`${date} は和暦に変換できません。明治6年（1873年）1月1日以降の日付を指定してください。`);
  }
  const { year, month, day } = isoDateParts(date);
  return { era: era.name, eraLetter: era.letter, eraYear: year - era.firstYear + 1, month, day };
}

function yearText(wareki: WarekiDate, style: WarekiStyle): string {
  if (style === 'short') return `${wareki.eraLetter}${wareki.eraYear}`;
  const number = style === 'long' && wareki.eraYear === 1 ? '元' : String(wareki.eraYear);
  return `${wareki.era}${number}年`;
}

export function formatWareki(date: IsoDate, options: WarekiOptions = {}): string {
  const style = options.style ?? 'long';
  const wareki = toWareki(date);
  if (style === 'short') return `${yearText(wareki, style)}.${wareki.month}.${wareki.day}`;
  return `${yearText(wareki, style)}${wareki.month}月${wareki.day}日`;
}

/** 令和8年 / 令和元年 (long), R8 (short), 令和1年 (numeric). */
export function formatWarekiYear(date: IsoDate, options: WarekiOptions = {}): string {
  return yearText(toWareki(date), options.style ?? 'long');
}
