import { describe, expect, it } from 'vitest';
import { formatAddress, kanjiNumeralToNumber } from './address';
import { formatYen } from './money';

describe('formatAddress', () => {
  it('joins the parts in order with the building after a space', () => {
    expect(formatAddress({ prefecture: '山形県', city: '尾花沢市', town: '若葉町一丁目', block: '1番3号', building: 'コーポ若葉101' })).toBe(
      '山形県尾花沢市若葉町一丁目1番3号 コーポ若葉101',
    );
  });

  it('skips missing and blank parts', () => {
    expect(formatAddress({ city: '尾花沢市', town: '大字尾花沢', block: '1234' })).toBe('尾花沢市大字尾花沢1234');
    expect(formatAddress({ prefecture: ' 山形県 ', city: '尾花沢市', town: '', block: '', building: '  ' })).toBe('山形県尾花沢市');
  });
});

describe('kanjiNumeralToNumber', () => {
  it.each([
    ['一', 1],
    ['十', 10],
    ['十一', 11],
    ['二十三', 23],
    ['百', 100],
    ['百五', 105],
    ['千二百三十四', 1234],
    ['三千', 3000],
    ['一万', 10_000],
    ['十二万三千四百五十六', 123_456],
    ['二〇二六', 2026],
    ['〇', 0],
  ])('%s → %d', (text, expected) => {
    expect(kanjiNumeralToNumber(text)).toBe(expected);
  });

  it('rejects what is not a kanji numeral', () => {
    for (const text of ['', '丁目', '一二十', '十十', '十百', '二万三万', '万', '〇十', '12', '一丁目']) {
      expect(kanjiNumeralToNumber(text), text).toBeUndefined();
    }
  });
});

describe('formatYen', () => {
  it('groups thousands and adds 円', () => {
    expect(formatYen(1_234_567)).toBe('1,234,567円');
    expect(formatYen(0)).toBe('0円');
    expect(formatYen(-1000)).toBe('-1,000円');
  });

  it('refuses fractions and non-numbers', () => {
    expect(() => formatYen(1.5)).toThrow(RangeError);
    expect(() => formatYen(Number.NaN)).toThrow(RangeError);
  });
});
