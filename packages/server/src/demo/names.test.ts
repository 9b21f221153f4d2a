import { describe, expect, it } from 'vitest';
import { GIVEN_NAMES_BY_BAND, SURNAMES, type Name } from './names';

/**
 * Every character of JIS X 0208 levels 1 and 2 (第1・第2水準漢字), plus 々, obtained by decoding
 * every Shift_JIS kanji code (lead bytes 0x88–0x9F and 0xE0–0xEA; the IBM/NEC extensions at
 * 0xED and above are outside the standard and excluded).
 */
function jisLevel1And2Kanji(): Set<string> {
  const decoder = new TextDecoder('shift_jis', { fatal: false });
  const set = new Set<string>(['々']);
  const leads = [...range(0x88, 0x9f), ...range(0xe0, 0xea)];
  for (const lead of leads) {
    for (const trail of [...range(0x40, 0x7e), ...range(0x80, 0xfc)]) {
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && ch !== '\ufffd') set.add(ch);
    }
  }
  return set;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

const JIS = jisLevel1And2Kanji();
const KATAKANA = /^[\u30A1-\u30F6ー]+$/;
const allGiven: Name[] = GIVEN_NAMES_BY_BAND.flatMap((b) => [...b.female, ...b.male]);

describe('name tables', () => {
  it('decodes the JIS level 1/2 set itself correctly', () => {
    // Level 1 starts at 亜 (0x889F); level 2 contains 弌 (0x989F); 髙 and 﨑 are outside both.
    expect(JIS.has('亜')).toBe(true);
    expect(JIS.has('弌')).toBe(true);
    expect(JIS.has('髙')).toBe(false);
    expect(JIS.has('﨑')).toBe(false);
    expect(JIS.size).toBeGreaterThan(6300);
  });

  it('has at least 150 distinct surnames and 300 distinct given names', () => {
    expect(new Set(SURNAMES.map((n) => `${n.kanji}/${n.kana}`)).size).toBeGreaterThanOrEqual(150);
    expect(new Set(allGiven.map((n) => `${n.kanji}/${n.kana}`)).size).toBeGreaterThanOrEqual(300);
  });

  it('lists each surname once', () => {
    const kanji = SURNAMES.map((n) => n.kanji);
    expect(kanji.length).toBe(new Set(kanji).size);
  });

  it.each([
    ['surnames', SURNAMES],
    ['given names', allGiven],
  ] as const)('writes %s in JIS level 1/2 kanji with a full-width katakana reading', (_, names) => {
    for (const n of names) {
      expect(n.kanji.length, n.kanji).toBeGreaterThan(0);
      const outside = [...n.kanji].filter((ch) => !JIS.has(ch) || /[\u30A0-\u30FF\u3040-\u309F]/.test(ch));
      expect(outside, `${n.kanji} has characters outside JIS level 1/2 kanji`).toEqual([]);
      expect(n.kana, n.kanji).toMatch(KATAKANA);
    }
  });

  it('reads the tricky regional surnames correctly', () => {
    const reading = (kanji: string) => SURNAMES.find((n) => n.kanji === kanji)?.kana;
    expect(reading('斎藤')).toBe('サイトウ');
    expect(reading('大類')).toBe('オオルイ');
    expect(reading('結城')).toBe('ユウキ');
    expect(reading('菅原')).toBe('スガワラ');
    expect(reading('東海林')).toBe('ショウジ');
    expect(reading('我妻')).toBe('ワガツマ');
  });

  it('gives one reading per name within a band', () => {
    for (const band of GIVEN_NAMES_BY_BAND) {
      for (const list of [band.female, band.male]) {
        const byKanji = new Map<string, string>();
        for (const n of list) {
          const seen = byKanji.get(n.kanji);
          if (seen !== undefined) expect(seen, n.kanji).toBe(n.kana);
          byKanji.set(n.kanji, n.kana);
        }
      }
    }
  });
});
