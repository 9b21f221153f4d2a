import { err, ok, type Result } from './result';

declare const isoDateBrand: unique symbol;

/**
 * A calendar date with no time and no time zone, written `YYYY-MM-DD`.
 * Only values checked by `isIsoDate` / `parseIsoDate` (or built by this package) carry the brand,
 * so a function taking `IsoDate` never sees `2026-02-30`.
 */
export type IsoDate = string & { readonly [isoDateBrand]: true };

export interface DateParts {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

export type IsoDateErrorCode = 'ISO_DATE_FORMAT' | 'ISO_DATE_NOT_IN_CALENDAR';

const ISO_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isValidDateParts(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    Number.isInteger(month) &&
    Number.isInteger(day) &&
    year >= 1 &&
    year <= 9999 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Builds an `IsoDate`, or `undefined` when the parts are not a real calendar date. */
export function isoDateFromParts(year: number, month: number, day: number): IsoDate | undefined {
  if (!isValidDateParts(year, month, day)) return undefined;
  const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  return text as IsoDate;
}

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const match = ISO_DATE_PATTERN.exec(value);
  if (!match) return false;
  return isValidDateParts(Number(match[1]), Number(match[2]), Number(match[3]));
}

export function parseIsoDate(text: string): Result<IsoDate, IsoDateErrorCode> {
  const match = ISO_DATE_PATTERN.exec(text);
  if (!match) {
    return err('ISO_DATE_FORMAT', '日付は「2026-11-29」のように、年4桁・月2桁・日2桁をハイフンでつないで入力してください。');
  }
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  const date = isoDateFromParts(year, month, day);
  if (date === undefined) {
    return err('ISO_DATE_NOT_IN_CALENDAR', `${year}年${month}月${day}日は存在しない日付です。月と日を確認してください。`);
  }
  return ok(date);
}

export function isoDateParts(date: IsoDate): DateParts {
  return {
    year: Number(date.slice(0, 4)),
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
  };
}

/** Negative when `a` is earlier, 0 when equal, positive when later (the format sorts as text). */
export function compareIsoDate(a: IsoDate, b: IsoDate): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// Date.UTC is used only as a day counter; no time zone enters because both ends are UTC midnight.
function toDayNumber(date: IsoDate): number {
  const { year, month, day } = isoDateParts(date);
  const utc = new Date(0);
  utc.setUTCFullYear(year, month - 1, day);
  return Math.floor(utc.getTime() / MS_PER_DAY);
}

function fromDayNumber(dayNumber: number): IsoDate {
  const utc = new Date(dayNumber * MS_PER_DAY);
  const date = isoDateFromParts(utc.getUTCFullYear(), utc.getUTCMonth() + 1, utc.getUTCDate());
  if (date === undefined) throw new RangeError('日付が扱える範囲（西暦1年〜9999年）を超えました。');
  return date;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  return toDayNumber(to) - toDayNumber(from);
}
