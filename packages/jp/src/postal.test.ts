import { describe, expect, it } from 'vitest';
import { isValidLocalGovernmentCode } from './check-digits';
import { formatPostalCode, lookupPostalCode, normalizePostalCode, validatePostalCode } from './postal';

describe('normalizePostalCode / formatPostalCode', () => {
  it('reads the usual ways of writing a postal code', () => {
    for (const text of ['〒999-4221', '9994221', '999-4221', '９９９－４２２１', ' 〒 999 4221 ', '999ー4221']) {
      expect(normalizePostalCode(text), text).toBe('9994221');
    }
    for (const text of ['999-422', '99942211', 'abc-defg', '']) expect(normalizePostalCode(text), text).toBeUndefined();
  });

  it('formats with a hyphen and leaves other text as it was', () => {
    expect(formatPostalCode('9994221')).toBe('999-4221');
    expect(formatPostalCode('〒９９９４２２１')).toBe('999-4221');
    expect(formatPostalCode(' 不明 ')).toBe('不明');
  });

  it('explains invalid input', () => {
    expect(validatePostalCode('〒999-4221')).toEqual({ ok: true, value: '9994221' });
    expect(validatePostalCode('')).toMatchObject({ ok: false, code: 'POSTAL_CODE_EMPTY' });
    expect(validatePostalCode('999-42')).toMatchObject({ ok: false, code: 'POSTAL_CODE_FORMAT', message: expect.stringContaining('7桁') });
  });
});

describe('lookupPostalCode', () => {
  it('finds 尾花沢市 addresses with the 6-digit local government code', async () => {
    expect(await lookupPostalCode('〒999-4221')).toEqual([
      { postalCode: '9994221', prefecture: '山形県', city: '尾花沢市', town: '尾花沢', localGovernmentCode: '062120' },
    ]);
    expect(await lookupPostalCode('999-4201')).toEqual([
      { postalCode: '9994201', prefecture: '山形県', city: '尾花沢市', town: '高橋', localGovernmentCode: '062120' },
    ]);
    const [mobukuro] = await lookupPostalCode('9994331');
    expect(mobukuro).toMatchObject({ city: '尾花沢市', town: '母袋' });
    const [series44] = await lookupPostalCode('9994441');
    expect(series44).toMatchObject({ prefecture: '山形県', city: '尾花沢市', localGovernmentCode: '062120' });
  });

  it('gives valid local government codes elsewhere too', async () => {
    const [chiyoda] = await lookupPostalCode('100-0001');
    expect(chiyoda).toMatchObject({ prefecture: '東京都', city: '千代田区', town: '千代田', localGovernmentCode: '131016' });
    const [sapporo] = await lookupPostalCode('0600000');
    expect(sapporo).toMatchObject({ city: '札幌市中央区', localGovernmentCode: '011011' });
    expect(isValidLocalGovernmentCode(sapporo?.localGovernmentCode ?? '')).toBe(true);
  });

  it('returns nothing for unknown codes, office codes and non-codes', async () => {
    expect(await lookupPostalCode('0000000')).toEqual([]);
    expect(await lookupPostalCode('1008977')).toEqual([]);
    expect(await lookupPostalCode('尾花沢')).toEqual([]);
  });
});
