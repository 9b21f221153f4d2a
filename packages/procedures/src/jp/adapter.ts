/**
 * The Japanese primitives this package needs. Kept behind one module so the
 * rest of the package does not care where they come from.
 */
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = ISO.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = new Date(Date.UTC(y, mo - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d;
}

function parts(iso: string): [number, number, number] {
  return [Number(iso.slice(0, 4)), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
}

export function formatWareki(iso: string): string {
  const [y, m, d] = parts(iso);
  const text = new Intl.DateTimeFormat('ja-JP-u-ca-japanese', {
    era: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC',
  }).format(new Date(Date.UTC(y, m - 1, d)));
  return text.replace(/^(\D+)1年/, '$1元年');
}

export type ParsedDate = { ok: true; value: string } | { ok: false; code: string; message: string };

const ERA_START: Record<string, number> = { 明治: 1868, 大正: 1912, 昭和: 1926, 平成: 1989, 令和: 2019, M: 1868, T: 1912, S: 1926, H: 1989, R: 2019 };

export function parseJapaneseDate(text: string): ParsedDate {
  const t = text.normalize('NFKC').trim();
  const western = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(t);
  const era = /^(明治|大正|昭和|平成|令和|[MTSHR])\s*(元|\d{1,2})[年./-](\d{1,2})[月./-](\d{1,2})日?$/i.exec(t);
  let y: number, m: number, d: number;
  if (western) [y, m, d] = [Number(western[1]), Number(western[2]), Number(western[3])];
  else if (era && era[1] && era[2]) {
    const start = ERA_START[era[1].toUpperCase()] ?? ERA_START[era[1]];
    if (start === undefined) return { ok: false, code: 'DATE_FORMAT', message: '日付の形式が読み取れません。' };
    y = start - 1 + (era[2] === '元' ? 1 : Number(era[2]));
    [m, d] = [Number(era[3]), Number(era[4])];
  } else {
    return { ok: false, code: 'DATE_FORMAT', message: '日付の形式が読み取れません。「令和8年4月1日」または「2026-04-01」の形で入力してください。' };
  }
  const iso = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  if (!isIsoDate(iso)) return { ok: false, code: 'DATE_NOT_IN_CALENDAR', message: 'その日付は暦にありません。月と日を確かめてください。' };
  return { ok: true, value: iso };
}

/** Width/kana normalisation for readings: NFKC, hiragana to katakana, single full-width spaces. */
export function normalizeName(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u3041-\u3096]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0x60))
    .trim()
    .replace(/[\s\u3000]+/g, '\u3000');
}

export function isKatakanaName(text: string): boolean {
  return /^[\u30A1-\u30FA\u30FC\u30FB]+(\u3000[\u30A1-\u30FA\u30FC\u30FB]+)*$/.test(text);
}

export function normalizePostalCode(text: string): string | null {
  const digits = text.normalize('NFKC').replace(/[〒\s-]/g, '');
  return /^\d{7}$/.test(digits) ? digits : null;
}

export function ageOn(birthDate: string, date: string): number {
  const [by, bm, bd] = parts(birthDate);
  const [y, m, d] = parts(date);
  return y - by - (m < bm || (m === bm && d < bd) ? 1 : 0);
}

/**
 * School year in the Japanese sense: 1 = 小学1年 … 9 = 中学3年, 12 = 高校3年;
 * 0 or less before school. Children born 4/2–4/1 form one cohort.
 */
export function schoolYearOn(birthDate: string, date: string): number {
  const [by, bm, bd] = parts(birthDate);
  const [y, m] = parts(date);
  const fiscalYear = m >= 4 ? y : y - 1;
  const cohort = bm > 4 || (bm === 4 && bd >= 2) ? by : by - 1;
  return fiscalYear - cohort - 6;
}
