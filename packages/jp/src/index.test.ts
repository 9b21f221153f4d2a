import { describe, expect, it } from 'vitest';
import * as jp from './index';

describe('package entry point', () => {
  it('exposes the public API as functions', () => {
    const expected = [
      'isIsoDate', 'parseIsoDate', 'formatWareki', 'formatWarekiYear', 'parseJapaneseDate', 'parseDateQuery',
      'ageOn', 'legalAgeOn', 'schoolGradeOn', 'fiscalYearOf', 'todayInJapan', 'normalizeName', 'toKatakana',
      'toHiragana', 'foldKanaForSearch', 'isKatakanaName', 'isJisLevel12', 'isValidIndividualNumber',
      'individualNumberCheckDigit', 'maskIndividualNumber', 'isValidLocalGovernmentCode',
      'localGovernmentCodeCheckDigit', 'normalizePostalCode', 'formatPostalCode', 'lookupPostalCode',
      'formatAddress', 'kanjiNumeralToNumber', 'formatYen',
    ] as const;
    for (const name of expected) expect(typeof jp[name], name).toBe('function');
  });
});
