/**
 * Tidying of what admins type into the department and settings forms. Lighter than
 * `normalizeName` (NFKC of everything): full-width digits and letters (２階, ＦＡＸ) and half-width
 * カナ are folded, but Japanese punctuation such as （）〜・ stays as typed, because that is how
 * the text is printed on notices and guide sheets.
 */
const FOLDABLE_RUN = /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff65-\uff9f]+/gu;

export function tidyText(text: string): string {
  return text.replace(FOLDABLE_RUN, (run) => run.normalize('NFKC')).replace(/\s+/gu, ' ').trim();
}

/** Several lines (平日 / 休日窓口): each line tidied, blank lines dropped. */
export function tidyLines(text: string): string {
  return text.split(/\r\n|\r|\n/u).map(tidyText).filter(Boolean).join('\n');
}

/** Full-width digits and the many dash look-alikes typed on Japanese keyboards become `0-9` and `-`. */
export function normalizePhone(text: string): string {
  return text.normalize('NFKC').replace(/[‐‑‒–—―−ーｰ]/gu, '-').replace(/\s+/gu, '');
}
