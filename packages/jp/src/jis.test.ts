import { describe, expect, it } from 'vitest';
import { findNonJisCharacters, isJisLevel12 } from './jis';

describe('isJisLevel12 / findNonJisCharacters', () => {
  it('accepts level 1 and 2 kanji, kana, ASCII and JIS symbols', () => {
    expect(isJisLevel12('山田太郎 やまだ ヤマダ ｶﾅ ABC-123 〒999-4221 尾花沢市')).toBe(true);
    expect(isJisLevel12('亜')).toBe(true); // first level 1 kanji
    expect(isJisLevel12('熙')).toBe(true); // last level 2 kanji (row 84)
    expect(isJisLevel12('〜‖−')).toBe(true); // JIS mapping forms
    expect(isJisLevel12('～∥－')).toBe(true); // Windows-31J forms
  });

  it('flags kanji outside level 1/2, variation sequences, vendor extensions and emoji', () => {
    expect(findNonJisCharacters('𠮷野家')).toEqual(['𠮷']);
    expect(findNonJisCharacters('髙橋')).toEqual(['髙']);
    expect(findNonJisCharacters('葛\u{e0100}飾区')).toEqual(['\u{e0100}']);
    expect(findNonJisCharacters('①㈱①')).toEqual(['①', '㈱']);
    expect(findNonJisCharacters('よろしく😀')).toEqual(['😀']);
    expect(isJisLevel12('髙')).toBe(false);
  });

  it('holds exactly the 6,879 characters of JIS X 0208 (plus the JIS-form alternatives)', () => {
    const inJis = [];
    for (let code = 0x80; code <= 0xffff; code += 1) {
      if (code >= 0xff61 && code <= 0xff9f) continue;
      if (isJisLevel12(String.fromCharCode(code))) inJis.push(code);
    }
    expect(inJis.length).toBe(6879 + 7);
  });
});
