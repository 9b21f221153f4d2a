// CJK compatibility ideographs (e.g. 神 U+FA19) are registered glyph variants in family registers;
// NFKC would replace them with the unified ideograph and change the person's name, so they are kept.
const COMPATIBILITY_IDEOGRAPH = /[\uf900-\ufaff\u{2f800}-\u{2fa1f}]/u;
const OUTSIDE_COMPATIBILITY_IDEOGRAPHS = /[^\uf900-\ufaff\u{2f800}-\u{2fa1f}]+/gu;

/**
 * Normalises a typed name or free-text field for storage: half-width カナ become full-width,
 * full-width ASCII becomes half-width (ＡＢＣ１２３ → ABC123), spacing voiced marks are joined to the
 * kana before them (カ゛ → ガ), runs of spaces (including the full-width space) become one ASCII
 * space, and the ends are trimmed. Kanji variants and variation selectors are preserved.
 */
export function normalizeName(text: string): string {
  const joinedMarks = text.replace(/([\u3041-\u30ff\uff66-\uff9d])\u309b/gu, '$1\u3099').replace(/([\u3041-\u30ff\uff66-\uff9d])\u309c/gu, '$1\u309a');
  const normalized = COMPATIBILITY_IDEOGRAPH.test(joinedMarks)
    ? joinedMarks.replace(OUTSIDE_COMPATIBILITY_IDEOGRAPHS, (run) => run.normalize('NFKC'))
    : joinedMarks.normalize('NFKC');
  return normalized.replace(/\s+/gu, ' ').trim();
}
