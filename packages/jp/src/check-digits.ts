import { err, ok, type Result } from './result';

/** Full-width digits become ASCII; spaces and hyphens people type between groups are dropped. */
function compactDigits(text: string): string {
  return text.normalize('NFKC').replace(/[\s\-‐−ー]/gu, '');
}

function digitsOf(text: string, length: number, what: string): number[] {
  if (!new RegExp(`^\\d{${length}}$`).test(text)) throw new RangeError(`${what}は${length}桁の数字で渡してください。`);
  return [...text].map(Number);
}

/**
 * Check digit of a 個人番号 from its first 11 digits: 番号法施行令8条 and 平成26年総務省令第85号 第5条.
 * With Pn the n-th digit counted from the right and Qn = n+1 (n ≤ 6) or n−5 (n ≥ 7), the check digit
 * is 11 − (Σ Pn×Qn mod 11), or 0 when the remainder is 0 or 1.
 */
export function individualNumberCheckDigit(first11: string): number {
  const digits = digitsOf(first11, 11, '個人番号の検査用数字を除く部分');
  let sum = 0;
  for (let n = 1; n <= 11; n += 1) {
    const digit = digits[11 - n] ?? 0;
    sum += digit * (n <= 6 ? n + 1 : n - 5);
  }
  const remainder = sum % 11;
  return remainder <= 1 ? 0 : 11 - remainder;
}

export type IndividualNumberErrorCode = 'INDIVIDUAL_NUMBER_EMPTY' | 'INDIVIDUAL_NUMBER_FORMAT' | 'INDIVIDUAL_NUMBER_CHECK_DIGIT';

/**
 * Checks a typed 個人番号 (spaces, hyphens and full-width digits allowed) and returns its 12 digits.
 * Messages never repeat the number: it must not end up in logs or screenshots of errors.
 */
export function validateIndividualNumber(text: string): Result<string, IndividualNumberErrorCode> {
  const digits = compactDigits(text);
  if (digits === '') return err('INDIVIDUAL_NUMBER_EMPTY', '個人番号（12桁）を入力してください。');
  if (!/^\d{12}$/.test(digits)) {
    return err('INDIVIDUAL_NUMBER_FORMAT', `個人番号は12桁の数字です（入力は${[...digits].length}文字）。マイナンバーカードの裏面の番号を確認して入力してください。`);
  }
  if (individualNumberCheckDigit(digits.slice(0, 11)) !== Number(digits[11])) {
    return err('INDIVIDUAL_NUMBER_CHECK_DIGIT', '個人番号の検査用数字が一致しません。12桁の番号をもう一度確認してください。');
  }
  return ok(digits);
}

export function isValidIndividualNumber(text: string): boolean {
  return validateIndividualNumber(text).ok;
}

/** ●●●●●●●●1234: only the last 4 digits stay visible, so staff can confirm without seeing the number. */
export function maskIndividualNumber(number: string): string {
  const digits = [...compactDigits(number)];
  const visible = digits.length > 4 ? digits.slice(-4).join('') : '';
  return '●'.repeat(digits.length - visible.length) + visible;
}

/**
 * Check digit of a 全国地方公共団体コード from its first 5 digits (JIS X 0402 検査数字): weights
 * 6,5,4,3,2 from the left, then the last digit of 11 − (sum mod 11), so remainder 0 gives 1 and
 * remainder 1 gives 0.
 */
export function localGovernmentCodeCheckDigit(first5: string): number {
  const digits = digitsOf(first5, 5, '地方公共団体コードの上5桁');
  const sum = digits.reduce((total, digit, index) => total + digit * (6 - index), 0);
  return (11 - (sum % 11)) % 10;
}

/** The 6-digit code (with check digit) from the 5-digit form used in statistics and postal data. */
export function toLocalGovernmentCode(first5: string): string {
  return `${first5}${localGovernmentCodeCheckDigit(first5)}`;
}

export type LocalGovernmentCodeErrorCode =
  | 'LOCAL_GOVERNMENT_CODE_EMPTY'
  | 'LOCAL_GOVERNMENT_CODE_FORMAT'
  | 'LOCAL_GOVERNMENT_CODE_CHECK_DIGIT';

export function validateLocalGovernmentCode(text: string): Result<string, LocalGovernmentCodeErrorCode> {
  const digits = compactDigits(text);
  if (digits === '') return err('LOCAL_GOVERNMENT_CODE_EMPTY', '地方公共団体コード（6桁）を入力してください。');
  if (/^\d{5}$/.test(digits)) {
    return err(
      'LOCAL_GOVERNMENT_CODE_FORMAT',
      `地方公共団体コードは検査数字を含む6桁で入力してください。${digits} の場合は ${toLocalGovernmentCode(digits)} です。`,
    );
  }
  if (!/^\d{6}$/.test(digits)) {
    return err('LOCAL_GOVERNMENT_CODE_FORMAT', '地方公共団体コードは6桁の数字で入力してください（例：尾花沢市は062120）。');
  }
  if (localGovernmentCodeCheckDigit(digits.slice(0, 5)) !== Number(digits[5])) {
    return err('LOCAL_GOVERNMENT_CODE_CHECK_DIGIT', '地方公共団体コードの検査数字（6桁目）が一致しません。総務省のコード表で番号を確認してください。');
  }
  return ok(digits);
}

export function isValidLocalGovernmentCode(text: string): boolean {
  return validateLocalGovernmentCode(text).ok;
}
