import { err, ok, type Result } from './result';

const HIRAGANA_FIRST = 0x3041; // ぁ
const HIRAGANA_LAST = 0x3096; // ゖ
const KATAKANA_FIRST = 0x30a1; // ァ
const KATAKANA_LAST = 0x30f6; // ヶ
const KANA_OFFSET = KATAKANA_FIRST - HIRAGANA_FIRST;
const HIRAGANA_ITERATION = new Map([[0x309d, 0x30fd], [0x309e, 0x30fe]]); // ゝゞ ↔ ヽヾ
const KATAKANA_ITERATION = new Map([...HIRAGANA_ITERATION].map(([hiragana, katakana]) => [katakana, hiragana]));
// ヷヸヹヺ have no precomposed hiragana; write them as the plain letter plus a combining voiced mark.
const KATAKANA_WITHOUT_HIRAGANA = new Map([
  [0x30f7, 'わ\u3099'],
  [0x30f8, 'ゐ\u3099'],
  [0x30f9, 'ゑ\u3099'],
  [0x30fa, 'を\u3099'],
]);

/** Half-width katakana (ｶﾞ) becomes full-width (ガ); NFKC composes the separate voiced mark. */
function widenHalfWidthKana(text: string): string {
  return text.replace(/[\uff61-\uff9f]+/g, (run) => run.normalize('NFKC'));
}

/**
 * Hiragana and half-width katakana to full-width katakana; everything else is left alone.
 * ー stays ー (it is used with both scripts), ゔ becomes ヴ.
 */
export function toKatakana(text: string): string {
  let result = '';
  for (const char of widenHalfWidthKana(text)) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= HIRAGANA_FIRST && code <= HIRAGANA_LAST) result += String.fromCodePoint(code + KANA_OFFSET);
    else result += String.fromCodePoint(HIRAGANA_ITERATION.get(code) ?? code);
  }
  return result;
}

/**
 * Full- and half-width katakana to hiragana; everything else is left alone. ヴ becomes ゔ,
 * ヷ〜ヺ become わ゙ ゐ゙ ゑ゙ を゙ (there are no single hiragana for them), ー stays ー.
 */
export function toHiragana(text: string): string {
  let result = '';
  for (const char of widenHalfWidthKana(text)) {
    const code = char.codePointAt(0) ?? 0;
    if (code >= KATAKANA_FIRST && code <= KATAKANA_LAST) result += String.fromCodePoint(code - KANA_OFFSET);
    else result += KATAKANA_WITHOUT_HIRAGANA.get(code) ?? String.fromCodePoint(KATAKANA_ITERATION.get(code) ?? code);
  }
  return result;
}

const SEARCH_FOLDS: ReadonlyMap<string, string> = new Map([
  ...[...'ァィゥェォッャュョヮヵヶ'].map((small, index): [string, string] => [small, 'アイウエオツヤユヨワカケ'[index] ?? small]),
  ['ヰ', 'イ'],
  ['ヱ', 'エ'],
  ['ヴ', 'ブ'],
]);

/**
 * A key for matching name readings however they were typed. ﾔﾏﾀﾞ ﾀﾛｳ, やまだ　たろう and ヤマダタロウ
 * give the same key. The key is for comparison only, never for display. It:
 * - widens half-width kana, narrows full-width ASCII and upper-cases Latin letters (NFKC);
 * - turns hiragana into katakana and composes voiced marks (カ゛ → ガ);
 * - removes spaces and the middle dot, so ジョン・スミス matches ジョン スミス;
 * - folds small kana to large (キョウコ = キヨウコ), because older systems and bank transfer
 *   kana store readings in large kana only;
 * - folds ヴ to ブ and the old ヰ ヱ to イ エ, because the same name is registered both ways.
 * The long vowel mark is kept: オーノ and オオノ are different readings.
 */
export function foldKanaForSearch(text: string): string {
  const composed = text
    .replace(/\u309b/g, '\u3099')
    .replace(/\u309c/g, '\u309a')
    .normalize('NFKC');
  let key = '';
  for (const char of toKatakana(composed)) {
    if (/[\s・]/u.test(char)) continue;
    key += SEARCH_FOLDS.get(char) ?? char;
  }
  return key.normalize('NFC').toUpperCase();
}

// Full-width katakana letters ァ..ヺ, middle dot ・, long vowel mark ー, iteration marks ヽヾ.
const KATAKANA_NAME_CHAR = /^[\u30a1-\u30fa\u30fb\u30fc\u30fd\u30fe ]$/u;

/**
 * True for a reading field of full-width katakana, ー, ・ and single ASCII spaces between words.
 * Run `normalizeName` first so that half-width kana and the full-width space are accepted.
 */
export function isKatakanaName(text: string): boolean {
  if (!/[\u30a1-\u30fa]/u.test(text) || text !== text.trim() || text.includes('  ')) return false;
  return [...text].every((char) => KATAKANA_NAME_CHAR.test(char));
}

export type KanaNameErrorCode = 'KANA_NAME_EMPTY' | 'KANA_NAME_INVALID_CHARACTER';

/**
 * Normalises a typed reading (width, spaces, hiragana → katakana) and checks it is katakana.
 * Returns the value to store.
 */
export function validateKatakanaName(text: string): Result<string, KanaNameErrorCode> {
  const value = toKatakana(
    text
      .replace(/\u309b/g, '\u3099')
      .replace(/\u309c/g, '\u309a')
      .normalize('NFKC')
      .replace(/\s+/gu, ' ')
      .trim(),
  );
  if (value === '') return err('KANA_NAME_EMPTY', 'フリガナを入力してください。');
  const invalid = [...new Set([...value].filter((char) => !KATAKANA_NAME_CHAR.test(char)))];
  if (invalid.length > 0 || !isKatakanaName(value)) {
    const shown = invalid.length > 0 ? `「${invalid.join('」「')}」は使えません。` : '';
    return err('KANA_NAME_INVALID_CHARACTER', `フリガナはカタカナで入力してください。${shown}`);
  }
  return ok(value);
}
