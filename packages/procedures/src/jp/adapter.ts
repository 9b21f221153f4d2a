import {
  ageOn as jpAgeOn,
  fiscalYearOf,
  formatPostalCode as jpFormatPostalCode,
  formatWareki as jpFormatWareki,
  isIsoDate as jpIsIsoDate,
  isoDateParts,
  isValidIndividualNumber as jpIsValidIndividualNumber,
  parseJapaneseDate as jpParseJapaneseDate,
  validateKatakanaName,
} from '@madoguchi/jp';

/**
 * The Japanese primitives this package uses, all from @madoguchi/jp, with
 * plain-string signatures: answers arrive as JSON, so dates are checked here
 * once and the rest of the package never deals with branded types.
 */
export function isIsoDate(value: unknown): value is string {
  return jpIsIsoDate(value);
}

/** 令和8年11月29日; text that is not an ISO date is returned unchanged. */
export function formatWareki(iso: string): string {
  return jpIsIsoDate(iso) ? jpFormatWareki(iso) : iso;
}

export type ParsedDate = { ok: true; value: string } | { ok: false; code: string; message: string };

export function parseJapaneseDate(text: string): ParsedDate {
  return jpParseJapaneseDate(text);
}

/** Normalised katakana reading (width, hiragana → katakana, single spaces), or the reason it is not one. */
export function normalizeKana(text: string): ParsedDate {
  return validateKatakanaName(text);
}

export function postalCodeDigits(text: string): string | null {
  const formatted = jpFormatPostalCode(text);
  return /^\d{3}-\d{4}$/.test(formatted) ? formatted.replace('-', '') : null;
}

export function formatPostalCode(code: string): string {
  return jpFormatPostalCode(code);
}

export function ageOn(birthDate: string, date: string): number {
  return jpIsIsoDate(birthDate) && jpIsIsoDate(date) ? jpAgeOn(birthDate, date) : Number.NaN;
}

/**
 * School year as a number for rules: 1 = 小学1年 … 9 = 中学3年, 12 = 高校3年 年代, 0 or less
 * before school. Same cohort rule as schoolGradeOn (4/2–4/1, 早生まれ), but not clipped, so
 * rules can say "up to the end of 高校生年代" (≤ 12).
 */
export function schoolYearOn(birthDate: string, date: string): number {
  if (!jpIsIsoDate(birthDate) || !jpIsIsoDate(date)) return Number.NaN;
  const birth = isoDateParts(birthDate);
  const entryFiscalYear = birth.year + (birth.month < 4 || (birth.month === 4 && birth.day === 1) ? 6 : 7);
  return fiscalYearOf(date) - entryFiscalYear + 1;
}

export function isValidIndividualNumber(digits: string): boolean {
  return jpIsValidIndividualNumber(digits);
}
