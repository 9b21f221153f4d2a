import { EARLIEST_SUPPORTED_DATE, ERAS, eraByLetter, eraByName, lastEraYear, type Era, type EraLetter, type EraName } from './era';
import { compareIsoDate, daysInMonth, isoDateFromParts, isoDateParts, type IsoDate } from './iso-date';
import { err, ok, type Result } from './result';
import { formatWarekiYear } from './wareki';

export type DateParseErrorCode =
  | 'DATE_EMPTY'
  | 'DATE_UNRECOGNIZED'
  | 'DATE_INCOMPLETE'
  | 'DATE_ERA_YEAR_ZERO'
  | 'DATE_ERA_YEAR_BEYOND_END'
  | 'DATE_BEFORE_ERA_START'
  | 'DATE_AFTER_ERA_END'
  | 'DATE_NOT_IN_CALENDAR'
  | 'DATE_OUT_OF_RANGE';

export type DateParseResult = Result<IsoDate, DateParseErrorCode>;

/** What a search box asked for: always a closed range, one day long for an exact date. */
export interface DateQuery {
  readonly precision: 'day' | 'month' | 'year';
  readonly from: IsoDate;
  readonly to: IsoDate;
}

export type DateQueryResult = Result<DateQuery, DateParseErrorCode>;

type YearSpec =
  | { readonly calendar: 'era'; readonly era: Era; readonly eraYear: number }
  | { readonly calendar: 'gregorian'; readonly year: number };

interface DateSpec {
  readonly year: YearSpec;
  readonly month: number | undefined;
  readonly day: number | undefined;
}

const EXAMPLES = '「令和8年11月29日」「R8.11.29」「2026-11-29」';
const ERA_TOKEN = '明治|大正|昭和|平成|令和|明|大|昭|平|令|M|T|S|H|R';
// Year, then optionally month, then optionally day; each part may end with 年/月/日 or a separator.
const REST = '(?:(?:年|[./-])(?:(\\d{1,2})(?:(?:月|[./-])(?:(\\d{1,2})日?)?)?)?)?';
const ERA_PATTERN = new RegExp(`^(${ERA_TOKEN})(元|\\d{1,2})${REST}$`);
const ERA_COMPACT_PATTERN = /^([MTSHR])(\d{2})(\d{2})(\d{2})$/;
const GREGORIAN_PATTERN = new RegExp(`^(\\d{4})${REST}$`);
const GREGORIAN_COMPACT_PATTERN = /^(\d{4})(\d{2})(\d{2})$/;

const SINGLE_KANJI_ERAS: Readonly<Record<string, EraName>> = {
  明: '明治',
  大: '大正',
  昭: '昭和',
  平: '平成',
  令: '令和',
};

function normalizeDateText(text: string): string {
  // NFKC turns full-width digits and separators into ASCII and the one-character era signs
  // (㋿ ㍻ ㍼ ㍽ ㍾) into their two-kanji names.
  return text
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[ー―‐−–—]/g, '-')
    .replace(/^西暦/, '')
    .toUpperCase();
}

function eraFromToken(token: string): Era {
  if (/^[MTSHR]$/.test(token)) return eraByLetter(token as EraLetter);
  return eraByName(SINGLE_KANJI_ERAS[token] ?? (token as EraName));
}

function optionalNumber(text: string | undefined): number | undefined {
  return text === undefined || text === '' ? undefined : Number(text);
}

function readDateSpec(normalized: string): DateSpec | undefined {
  const compactEra = ERA_COMPACT_PATTERN.exec(normalized);
  if (compactEra) {
    const [, letter = '', year = '', month = '', day = ''] = compactEra;
    return {
      year: { calendar: 'era', era: eraFromToken(letter), eraYear: Number(year) },
      month: Number(month),
      day: Number(day),
    };
  }
  const eraMatch = ERA_PATTERN.exec(normalized);
  if (eraMatch) {
    const [, token = '', year = '', month, day] = eraMatch;
    return {
      year: { calendar: 'era', era: eraFromToken(token), eraYear: year === '元' ? 1 : Number(year) },
      month: optionalNumber(month),
      day: optionalNumber(day),
    };
  }
  const compact = GREGORIAN_COMPACT_PATTERN.exec(normalized);
  if (compact) {
    const [, year = '', month = '', day = ''] = compact;
    return { year: { calendar: 'gregorian', year: Number(year) }, month: Number(month), day: Number(day) };
  }
  const gregorian = GREGORIAN_PATTERN.exec(normalized);
  if (gregorian) {
    const [, year = '', month, day] = gregorian;
    return { year: { calendar: 'gregorian', year: Number(year) }, month: optionalNumber(month), day: optionalNumber(day) };
  }
  return undefined;
}

function yearLabel(year: YearSpec): string {
  if (year.calendar === 'gregorian') return `${year.year}年`;
  return `${year.era.name}${year.eraYear === 1 ? '元' : year.eraYear}年`;
}

function previousEra(era: Era): Era | undefined {
  return ERAS[ERAS.indexOf(era) - 1];
}

function nextEra(era: Era): Era | undefined {
  return ERAS[ERAS.indexOf(era) + 1];
}

const OUT_OF_RANGE_MESSAGE =
  '明治6年（1873年）1月1日より前の日付は扱えません。明治6年1月1日以降の日付を入力してください。';

/** Checks the year alone and returns its Gregorian number. */
function resolveYear(year: YearSpec): Result<number, DateParseErrorCode> {
  if (year.calendar === 'gregorian') {
    if (year.year < isoDateParts(EARLIEST_SUPPORTED_DATE).year) return err('DATE_OUT_OF_RANGE', OUT_OF_RANGE_MESSAGE);
    return ok(year.year);
  }
  const { era, eraYear } = year;
  if (eraYear === 0) {
    return err(
      'DATE_ERA_YEAR_ZERO',
      `${era.name}0年という年はありません。最初の年は「${era.name}元年」（または「${era.name}1年」）と入力してください。`,
    );
  }
  const gregorianYear = era.firstYear + eraYear - 1;
  const last = lastEraYear(era);
  if (last !== undefined && eraYear > last) {
    const lastDayOfYear = isoDateFromParts(gregorianYear, 12, 31);
    const suggestion =
      lastDayOfYear === undefined ? '' : `${era.name}${eraYear}年は${gregorianYear}年なので、「${formatWarekiYear(lastDayOfYear)}」と入力してください。`;
    return err('DATE_ERA_YEAR_BEYOND_END', `${era.name}は${last}年（${era.firstYear + last - 1}年）までです。${suggestion}`);
  }
  if (gregorianYear < isoDateParts(EARLIEST_SUPPORTED_DATE).year) return err('DATE_OUT_OF_RANGE', OUT_OF_RANGE_MESSAGE);
  return ok(gregorianYear);
}

function checkMonth(month: number): Result<number, DateParseErrorCode> {
  if (month < 1 || month > 12) return err('DATE_NOT_IN_CALENDAR', `${month}月という月はありません。月は1から12で入力してください。`);
  return ok(month);
}

function beforeStartMessage(era: Era, precision: 'day' | 'month'): string {
  const start = isoDateParts(era.start);
  const previous = previousEra(era);
  const previousEnd = previous?.end === undefined ? undefined : isoDateParts(previous.end);
  const lastYear = previous === undefined ? undefined : lastEraYear(previous);
  const head = `${era.name}元年は${start.month}月${start.day}日から始まります。`;
  if (previous === undefined || previousEnd === undefined || lastYear === undefined) return head;
  const boundary = precision === 'day' ? `${previousEnd.month}月${previousEnd.day}日以前` : `${start.month}月より前`;
  return `${head}${boundary}は${previous.name}${lastYear}年で入力してください。`;
}

function afterEndMessage(era: Era, precision: 'day' | 'month'): string {
  const following = nextEra(era);
  if (era.end === undefined || following === undefined) return '';
  const end = isoDateParts(era.end);
  const nextStart = isoDateParts(following.start);
  const last = lastEraYear(era) ?? 0;
  const boundary = precision === 'day' ? `${nextStart.month}月${nextStart.day}日以降` : `${end.month}月より後`;
  return `${era.name}${last}年は${end.month}月${end.day}日までです。${boundary}は${following.name}元年で入力してください。`;
}

/** Clips a Gregorian range to the era the person named, and explains when nothing is left. */
function clipToEra(
  year: YearSpec,
  from: IsoDate,
  to: IsoDate,
  precision: 'day' | 'month' | 'year',
): Result<{ from: IsoDate; to: IsoDate }, DateParseErrorCode> {
  const lowerBound = year.calendar === 'era' && compareIsoDate(year.era.start, EARLIEST_SUPPORTED_DATE) > 0 ? year.era.start : EARLIEST_SUPPORTED_DATE;
  const clippedFrom = compareIsoDate(from, lowerBound) < 0 ? lowerBound : from;
  const upperBound = year.calendar === 'era' ? year.era.end : undefined;
  const clippedTo = upperBound !== undefined && compareIsoDate(to, upperBound) > 0 ? upperBound : to;
  if (compareIsoDate(clippedFrom, clippedTo) <= 0) return ok({ from: clippedFrom, to: clippedTo });
  const messagePrecision = precision === 'day' ? 'day' : 'month';
  if (year.calendar === 'era' && compareIsoDate(to, year.era.start) < 0) {
    if (compareIsoDate(year.era.start, EARLIEST_SUPPORTED_DATE) <= 0) return err('DATE_OUT_OF_RANGE', OUT_OF_RANGE_MESSAGE);
    return err('DATE_BEFORE_ERA_START', beforeStartMessage(year.era, messagePrecision));
  }
  if (year.calendar === 'era' && upperBound !== undefined && compareIsoDate(from, upperBound) > 0) {
    return err('DATE_AFTER_ERA_END', afterEndMessage(year.era, messagePrecision));
  }
  return err('DATE_OUT_OF_RANGE', OUT_OF_RANGE_MESSAGE);
}

function resolveSpec(spec: DateSpec): DateQueryResult {
  const gregorianYear = resolveYear(spec.year);
  if (!gregorianYear.ok) return gregorianYear;
  const year = gregorianYear.value;
  if (spec.month === undefined) {
    const range = clipToEra(spec.year, isoDateFromParts(year, 1, 1) as IsoDate, isoDateFromParts(year, 12, 31) as IsoDate, 'year');
    return range.ok ? ok({ precision: 'year', ...range.value }) : range;
  }
  const month = checkMonth(spec.month);
  if (!month.ok) return month;
  const lastDay = daysInMonth(year, spec.month);
  if (spec.day === undefined) {
    const range = clipToEra(spec.year, isoDateFromParts(year, spec.month, 1) as IsoDate, isoDateFromParts(year, spec.month, lastDay) as IsoDate, 'month');
    return range.ok ? ok({ precision: 'month', ...range.value }) : range;
  }
  const date = isoDateFromParts(year, spec.month, spec.day);
  if (date === undefined) {
    return err(
      'DATE_NOT_IN_CALENDAR',
      `${yearLabel(spec.year)}${spec.month}月は${lastDay}日までです。${spec.month}月${spec.day}日という日はありません。日付を確認してください。`,
    );
  }
  const range = clipToEra(spec.year, date, date, 'day');
  return range.ok ? ok({ precision: 'day', ...range.value }) : range;
}

function read(text: string): Result<DateSpec, DateParseErrorCode> {
  const normalized = normalizeDateText(text);
  if (normalized === '') return err('DATE_EMPTY', `日付を入力してください。${EXAMPLES}のように入力できます。`);
  const spec = readDateSpec(normalized);
  if (spec === undefined) return err('DATE_UNRECOGNIZED', `日付として読み取れませんでした。${EXAMPLES}のように入力してください。`);
  return ok(spec);
}

/**
 * Reads a full date as staff type it: 和暦 (令和8年11月29日, 令和元年5月1日, R8.11.29, r8/11/29,
 * 昭45.3.1, H310430) or 西暦 (2026-11-29, 2026/11/29, 2026年11月29日, 20261129), in full or half width.
 * Dates that do not exist in the named era are errors, never silently moved to another era.
 */
export function parseJapaneseDate(text: string): DateParseResult {
  const spec = read(text);
  if (!spec.ok) return spec;
  if (spec.value.month === undefined || spec.value.day === undefined) {
    return err('DATE_INCOMPLETE', `日まで入力してください（例：${EXAMPLES}）。`);
  }
  const resolved = resolveSpec(spec.value);
  return resolved.ok ? ok(resolved.value.from) : resolved;
}

/**
 * Reads a search-box date: an exact date, a year (昭和45年, S45, 1970) or a year and month
 * (昭和45年3月, 1970/3). Era years are clipped to the era, so 平成元年 is 1989-01-08〜1989-12-31.
 */
export function parseDateQuery(text: string): DateQueryResult {
  const spec = read(text);
  return spec.ok ? resolveSpec(spec.value) : spec;
}

/** True when the date is inside the range of a query (both ends included). */
export function dateQueryIncludes(query: DateQuery, date: IsoDate): boolean {
  return compareIsoDate(query.from, date) <= 0 && compareIsoDate(date, query.to) <= 0;
}
