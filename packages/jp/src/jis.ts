/**
 * Characters of JIS X 0208 (JIS level 1 and 2 kanji plus its kana, Latin, Greek, Cyrillic and
 * symbols), built once on first use by decoding every double-byte Shift_JIS code.
 *
 * The WHATWG decoder is really Windows-31J, so only the JIS X 0208 rows are decoded: lead bytes
 * 0x81–0x84 (rows 1–8) and 0x88–0x9F, 0xE0–0xEA (rows 15–84). That leaves out NEC special characters
 * (①, ㈱), the IBM extension kanji and the user-defined area, which other systems cannot read.
 */
let jisX0208: ReadonlySet<number> | undefined;

// Windows-31J decodes these JIS X 0208 codes to different code points than the JIS mapping does
// (e.g. 0x8160 to ～ FULLWIDTH TILDE instead of 〜 WAVE DASH). Input from Macs and IMEs uses the JIS
// form, so both are accepted.
const JIS_MAPPING_ALTERNATIVES = [0x301c, 0x2016, 0x2212, 0x2014, 0x00a2, 0x00a3, 0x00ac];

function jisX0208Set(): ReadonlySet<number> {
  if (jisX0208 !== undefined) return jisX0208;
  const decoder = new TextDecoder('shift_jis');
  const leads = [0x81, 0x82, 0x83, 0x84];
  for (let lead = 0x88; lead <= 0x9f; lead += 1) leads.push(lead);
  for (let lead = 0xe0; lead <= 0xea; lead += 1) leads.push(lead);
  const codes = new Set<number>(JIS_MAPPING_ALTERNATIVES);
  for (const lead of leads) {
    for (let trail = 0x40; trail <= 0xfc; trail += 1) {
      if (trail === 0x7f) continue;
      const char = decoder.decode(new Uint8Array([lead, trail]));
      const code = char.codePointAt(0);
      if (code !== undefined && code !== 0xfffd && char.length === 1) codes.add(code);
    }
  }
  jisX0208 = codes;
  return codes;
}

function isAllowedCodePoint(code: number): boolean {
  // Printable ASCII, tab and line breaks (JIS X 0201 Roman), and half-width katakana (JIS X 0201 kana).
  if ((code >= 0x20 && code <= 0x7e) || code === 0x09 || code === 0x0a || code === 0x0d) return true;
  if (code >= 0xff61 && code <= 0xff9f) return true;
  return jisX0208Set().has(code);
}

/**
 * The distinct characters of `text` outside JIS X 0201/0208, in order of appearance: kanji beyond
 * level 2 (𠮷, 髙), variation sequences (葛󠄀), NEC/IBM extensions (①, ㈱) and emoji. Use it to warn
 * before online input reaches a system limited to JIS level 1/2 (外字 must be handled at the counter).
 */
export function findNonJisCharacters(text: string): string[] {
  const found = new Set<string>();
  for (const char of text) {
    if (!isAllowedCodePoint(char.codePointAt(0) ?? 0)) found.add(char);
  }
  return [...found];
}

/** True when every character is in JIS X 0208 (JIS level 1/2 kanji and its symbols) or JIS X 0201. */
export function isJisLevel12(text: string): boolean {
  return findNonJisCharacters(text).length === 0;
}
