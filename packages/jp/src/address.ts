export interface AddressParts {
  /** Omitted on forms where the prefecture is implied (within the city's own documents). */
  readonly prefecture?: string;
  readonly city: string;
  /** 町名・大字 and 丁目, e.g. 若葉町一丁目. */
  readonly town: string;
  /** 番地・号, e.g. 1番3号 or 1-3. */
  readonly block: string;
  /** Building name and room, written after a space. */
  readonly building?: string;
}

/** One line in the usual order: 山形県尾花沢市若葉町一丁目1番3号 コーポ若葉101. Empty parts are skipped. */
export function formatAddress(parts: AddressParts): string {
  const main = [parts.prefecture, parts.city, parts.town, parts.block].map((part) => part?.trim() ?? '').join('');
  const building = parts.building?.trim() ?? '';
  return building === '' ? main : `${main} ${building}`;
}

const KANJI_DIGITS: ReadonlyMap<string, number> = new Map([...'〇一二三四五六七八九'].map((char, value) => [char, value]));
const KANJI_UNITS: ReadonlyMap<string, number> = new Map([
  ['十', 10],
  ['百', 100],
  ['千', 1000],
]);

/**
 * Reads a kanji numeral as used in addresses (一丁目, 二十三番地, 千二百, 二〇二六) up to 9999万9999.
 * Returns undefined for anything else, so callers can fall back to the text as written.
 */
export function kanjiNumeralToNumber(text: string): number | undefined {
  const chars = [...text.trim()];
  if (chars.length === 0) return undefined;
  if (chars.length > 1 && chars.every((char) => KANJI_DIGITS.has(char))) {
    return Number(chars.map((char) => KANJI_DIGITS.get(char)).join(''));
  }
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  let lastUnit = Number.POSITIVE_INFINITY;
  let sawMan = false;
  for (const char of chars) {
    const value = KANJI_DIGITS.get(char);
    const unit = KANJI_UNITS.get(char);
    if (value !== undefined) {
      if (digit !== undefined) return undefined;
      digit = value;
    } else if (unit !== undefined) {
      if (unit >= lastUnit || digit === 0) return undefined;
      section += (digit ?? 1) * unit;
      lastUnit = unit;
      digit = undefined;
    } else if (char === '万') {
      const man = section + (digit ?? 0);
      if (sawMan || man === 0) return undefined;
      total = man * 10_000;
      section = 0;
      digit = undefined;
      lastUnit = Number.POSITIVE_INFINITY;
      sawMan = true;
    } else {
      return undefined;
    }
  }
  return total + section + (digit ?? 0);
}
