import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { foldKanaForSearch, isKatakanaName, toHiragana, toKatakana, validateKatakanaName } from './kana';
import { normalizeName } from './normalize';

describe('normalizeName', () => {
  it('widens half-width kana, narrows full-width ASCII and collapses spaces', () => {
    expect(normalizeName('ﾔﾏﾀﾞ ﾀﾛｳ　１２３ＡＢＣ－')).toBe('ヤマダ タロウ 123ABC-');
    expect(normalizeName('  山田　　太郎  ')).toBe('山田 太郎');
    expect(normalizeName('ヤマダ\t\nタロウ')).toBe('ヤマダ タロウ');
  });

  it('joins a spacing voiced mark to the kana before it', () => {
    expect(normalizeName('カ゛ク')).toBe('ガク');
    expect(normalizeName('ハ゜ン')).toBe('パン');
  });

  it('keeps kanji compatibility ideographs and variation selectors', () => {
    expect(normalizeName('\ufa19田　太郎')).toBe('\ufa19田 太郎');
    expect(normalizeName('葛\u{e0100}飾')).toBe('葛\u{e0100}飾');
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (text) => {
        const once = normalizeName(text);
        expect(normalizeName(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});

describe('toKatakana / toHiragana', () => {
  it('converts by code point and leaves other text alone', () => {
    expect(toKatakana('やまだ たろう')).toBe('ヤマダ タロウ');
    expect(toKatakana('ゔぁいおりん')).toBe('ヴァイオリン');
    expect(toKatakana('らーめん・ゝ')).toBe('ラーメン・ヽ');
    expect(toKatakana('山田ABC')).toBe('山田ABC');
    expect(toHiragana('ヤマダ タロウ')).toBe('やまだ たろう');
    expect(toHiragana('ヴィーナス')).toBe('ゔぃーなす');
    expect(toHiragana('ヷ')).toBe('わ\u3099');
    expect(toHiragana('ヶ')).toBe('ゖ');
  });

  it('reads half-width katakana', () => {
    expect(toKatakana('ﾔﾏﾀﾞ')).toBe('ヤマダ');
    expect(toHiragana('ﾊﾟｰﾄ')).toBe('ぱーと');
  });

  it('round-trips all hiragana through katakana', () => {
    const hiragana = fc.string({ unit: fc.integer({ min: 0x3041, max: 0x3096 }).map((code) => String.fromCodePoint(code)), maxLength: 20 });
    fc.assert(
      fc.property(hiragana, (text) => {
        expect(toHiragana(toKatakana(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

describe('foldKanaForSearch', () => {
  it('gives the same key however a reading was typed', () => {
    const keys = ['ﾔﾏﾀﾞ', 'やまだ', 'ヤマダ', 'ﾔ ﾏ ﾀﾞ', 'ヤマタ゛', 'ヤマタ\u3099'].map(foldKanaForSearch);
    expect(new Set(keys)).toEqual(new Set(['ヤマダ']));
    expect(foldKanaForSearch('ﾔﾏﾀﾞ ﾀﾛｳ')).toBe(foldKanaForSearch('ヤマダ　タロウ'));
    expect(foldKanaForSearch('やまだ　たろう')).toBe('ヤマダタロウ');
  });

  it('folds small kana, ヴ, ヰ ヱ and the middle dot, but keeps ー', () => {
    expect(foldKanaForSearch('キョウコ')).toBe(foldKanaForSearch('ｷﾖｳｺ'));
    expect(foldKanaForSearch('ヴィクトル')).toBe(foldKanaForSearch('ブイクトル'));
    expect(foldKanaForSearch('ヰセキ')).toBe('イセキ');
    expect(foldKanaForSearch('ジョン・スミス')).toBe(foldKanaForSearch('ジョン スミス'));
    expect(foldKanaForSearch('オーノ')).not.toBe(foldKanaForSearch('オオノ'));
    expect(foldKanaForSearch('smith')).toBe('SMITH');
  });

  it('is idempotent and ignores width and script', () => {
    const kana = fc.string({ unit: fc.integer({ min: 0x3041, max: 0x3096 }).map((code) => String.fromCodePoint(code)), maxLength: 15 });
    fc.assert(
      fc.property(kana, (text) => {
        const key = foldKanaForSearch(text);
        expect(foldKanaForSearch(key)).toBe(key);
        expect(foldKanaForSearch(toKatakana(text))).toBe(key);
      }),
      { numRuns: 300 },
    );
  });
});

describe('isKatakanaName / validateKatakanaName', () => {
  it('accepts katakana readings with ー, ・ and single spaces', () => {
    for (const text of ['ヤマダ タロウ', 'ジョン・スミス', 'サトー', 'ヴィクトル']) expect(isKatakanaName(text), text).toBe(true);
  });

  it('rejects other scripts, empty text and stray spaces', () => {
    for (const text of ['', ' ', 'やまだ', '山田', 'ﾔﾏﾀﾞ', 'ヤマダ　タロウ', ' ヤマダ', 'ヤマダ  タロウ', 'ヤマダ1', 'ー']) {
      expect(isKatakanaName(text), text).toBe(false);
    }
  });

  it('normalises what was typed into the value to store', () => {
    expect(validateKatakanaName(' やまだ　ﾀﾛｳ ')).toEqual({ ok: true, value: 'ヤマダ タロウ' });
    expect(validateKatakanaName('　')).toMatchObject({ ok: false, code: 'KANA_NAME_EMPTY' });
    expect(validateKatakanaName('山田 タロウ')).toEqual({
      ok: false,
      code: 'KANA_NAME_INVALID_CHARACTER',
      message: 'フリガナはカタカナで入力してください。「山」「田」は使えません。',
    });
  });
});
