// Date-only arithmetic on day numbers (days since 1970-01-01, proleptic Gregorian). Date-only
// values carry no time zone, so JS Date (and its local-time pitfalls) stays out of the generator.

/** Day number of a civil date (after H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export interface Civil {
  year: number;
  month: number;
  day: number;
}

export function civilFromDays(days: number): Civil {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function parseIsoDate(text: string): number {
  const m = ISO_DATE.exec(text);
  if (!m) throw new Error(`not a YYYY-MM-DD date: ${text}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const days = daysFromCivil(year, month, day);
  const back = civilFromDays(days);
  if (back.year !== year || back.month !== month || back.day !== day) throw new Error(`no such date: ${text}`);
  return days;
}

const TWO_DIGITS: readonly string[] = Array.from({ length: 32 }, (_, i) => String(i).padStart(2, '0'));

export function formatIsoDate(days: number): string {
  const { year, month, day } = civilFromDays(days);
  return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
}

/**
 * The same calendar day `years` later. 29 February becomes 1 March in common years, which is the
 * day ageOn counts the birthday on, so ageOn(b, addYears(b, n)) === n always holds.
 */
export function addYears(days: number, years: number): number {
  const { year, month, day } = civilFromDays(days);
  // daysFromCivil normalises 29 Feb of a common year to 1 March by itself.
  return daysFromCivil(year + years, month, day);
}

/** Completed years of age on `at` of someone born on `birth` (a 29 Feb birthday counts on 1 Mar). */
export function ageOn(birth: number, at: number): number {
  const b = civilFromDays(birth);
  const a = civilFromDays(at);
  const beforeBirthday = a.month < b.month || (a.month === b.month && a.day < b.day);
  return a.year - b.year - (beforeBirthday ? 1 : 0);
}

/** Same as ageOn for YYYY-MM-DD strings, without building day numbers (used by summaries). */
export function ageOnIso(birthDate: string, at: string): number {
  const years = Number(at.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return at.slice(5) < birthDate.slice(5) ? years - 1 : years;
}

export const DAYS_PER_YEAR = 365.2425;
