import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  individualNumberCheckDigit,
  isValidIndividualNumber,
  isValidLocalGovernmentCode,
  localGovernmentCodeCheckDigit,
  maskIndividualNumber,
  toLocalGovernmentCode,
  validateIndividualNumber,
  validateLocalGovernmentCode,
} from './check-digits';

const elevenDigits = fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 11, maxLength: 11 });

describe('個人番号', () => {
  it('accepts published sample numbers', () => {
    // Sample numbers used in public explanations of the 総務省令 formula.
    expect(isValidIndividualNumber('123456789018')).toBe(true);
    expect(isValidIndividualNumber('023456789013')).toBe(true);
    expect(individualNumberCheckDigit('12345678901')).toBe(8);
  });

  it('accepts the groups printed on the card and full-width digits', () => {
    expect(validateIndividualNumber('1234 5678 9018')).toEqual({ ok: true, value: '123456789018' });
    expect(validateIndividualNumber('１２３４－５６７８－９０１８')).toEqual({ ok: true, value: '123456789018' });
  });

  it('gives 0 when the remainder is 0 or 1', () => {
    expect(individualNumberCheckDigit('00000000000')).toBe(0); // remainder 0
    expect(individualNumberCheckDigit('00000000005')).toBe(1); // 5×2 = 10, remainder 10, 11 − 10
    expect(individualNumberCheckDigit('00000000006')).toBe(0); // 6×2 = 12, remainder 1
    expect(individualNumberCheckDigit('00000010000')).toBe(5); // 1×6 = 6, 11 − 6
    expect(individualNumberCheckDigit('10000000000')).toBe(5); // leftmost weight is 6
  });

  it('accepts exactly one check digit for every 11-digit body', () => {
    fc.assert(
      fc.property(elevenDigits, (body) => {
        const valid = [...'0123456789'].filter((digit) => isValidIndividualNumber(body + digit));
        expect(valid).toEqual([String(individualNumberCheckDigit(body))]);
      }),
      { numRuns: 200 },
    );
  });

  it('explains errors without echoing the number', () => {
    const wrong = validateIndividualNumber('123456789019');
    expect(wrong).toEqual({
      ok: false,
      code: 'INDIVIDUAL_NUMBER_CHECK_DIGIT',
      message: '個人番号の検査用数字が一致しません。12桁の番号をもう一度確認してください。',
    });
    const short = validateIndividualNumber('12345678901');
    expect(short).toMatchObject({ ok: false, code: 'INDIVIDUAL_NUMBER_FORMAT' });
    expect(!short.ok && short.message).not.toContain('12345678901');
    expect(validateIndividualNumber('')).toMatchObject({ ok: false, code: 'INDIVIDUAL_NUMBER_EMPTY' });
    expect(validateIndividualNumber('12345678901a')).toMatchObject({ ok: false, code: 'INDIVIDUAL_NUMBER_FORMAT' });
  });

  it('masks all but the last four digits', () => {
    expect(maskIndividualNumber('123456789018')).toBe('●●●●●●●●9018');
    expect(maskIndividualNumber('1234 5678 9018')).toBe('●●●●●●●●9018');
    expect(maskIndividualNumber('123')).toBe('●●●');
  });
});

describe('全国地方公共団体コード', () => {
  it.each([
    ['062120', '尾花沢市'],
    ['131016', '千代田区'],
    ['011002', '札幌市'],
    ['011011', '札幌市中央区'],
    ['060003', '山形県'],
    ['141003', '横浜市'],
  ])('%s (%s) is valid', (code) => {
    expect(isValidLocalGovernmentCode(code)).toBe(true);
    expect(toLocalGovernmentCode(code.slice(0, 5))).toBe(code);
  });

  it('uses the last digit of 11 − remainder (remainder 0 → 1, remainder 1 → 0)', () => {
    expect(localGovernmentCodeCheckDigit('01101')).toBe(1); // sum 11, remainder 0
    expect(localGovernmentCodeCheckDigit('06212')).toBe(0); // sum 45, remainder 1
  });

  it('accepts exactly one check digit for every 5-digit body', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 5, maxLength: 5 }), (body) => {
        const valid = [...'0123456789'].filter((digit) => isValidLocalGovernmentCode(body + digit));
        expect(valid).toEqual([String(localGovernmentCodeCheckDigit(body))]);
      }),
      { numRuns: 200 },
    );
  });

  it('explains errors and offers the 6-digit form of a 5-digit code', () => {
    expect(validateLocalGovernmentCode('062121')).toMatchObject({ ok: false, code: 'LOCAL_GOVERNMENT_CODE_CHECK_DIGIT' });
    expect(validateLocalGovernmentCode('06212')).toEqual({
      ok: false,
      code: 'LOCAL_GOVERNMENT_CODE_FORMAT',
      message: '地方公共団体コードは検査数字を含む6桁で入力してください。06212 の場合は 062120 です。',
    });
    expect(validateLocalGovernmentCode('０６２１２０')).toEqual({ ok: true, value: '062120' });
    expect(validateLocalGovernmentCode('')).toMatchObject({ ok: false, code: 'LOCAL_GOVERNMENT_CODE_EMPTY' });
    expect(() => localGovernmentCodeCheckDigit('0621')).toThrow(RangeError);
  });
});
