export { err, ok, type Result } from './result';
export {
  addDays,
  compareIsoDate,
  daysBetween,
  daysInMonth,
  isIsoDate,
  isLeapYear,
  isoDateFromParts,
  isoDateParts,
  parseIsoDate,
  type DateParts,
  type IsoDate,
  type IsoDateErrorCode,
} from './iso-date';
export { EARLIEST_SUPPORTED_DATE, ERAS, eraOf, type Era, type EraLetter, type EraName } from './era';
export { formatWareki, formatWarekiYear, toWareki, type WarekiDate, type WarekiOptions, type WarekiStyle } from './wareki';
export {
  dateQueryIncludes,
  parseDateQuery,
  parseJapaneseDate,
  type DateParseErrorCode,
  type DateParseResult,
  type DateQuery,
  type DateQueryResult,
} from './parse-date';
export { ageOn, fiscalYearOf, legalAgeOn, schoolGradeOn, type SchoolGrade, type SchoolGradeLabel, type SchoolStage } from './age';
export { todayInJapan } from './today';
export { foldKanaForSearch, isKatakanaName, toHiragana, toKatakana, validateKatakanaName, type KanaNameErrorCode } from './kana';
export { normalizeName } from './normalize';
export { findNonJisCharacters, isJisLevel12 } from './jis';
export {
  individualNumberCheckDigit,
  isValidIndividualNumber,
  isValidLocalGovernmentCode,
  localGovernmentCodeCheckDigit,
  maskIndividualNumber,
  toLocalGovernmentCode,
  validateIndividualNumber,
  validateLocalGovernmentCode,
  type IndividualNumberErrorCode,
  type LocalGovernmentCodeErrorCode,
} from './check-digits';
export {
  formatPostalCode,
  lookupPostalCode,
  normalizePostalCode,
  validatePostalCode,
  type PostalAddress,
  type PostalCodeErrorCode,
} from './postal';
export { formatAddress, kanjiNumeralToNumber, type AddressParts } from './address';
export { formatYen } from './money';
