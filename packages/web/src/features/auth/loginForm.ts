import type { LoginRequest } from '../../api/types';
import { toHalfWidthDigits } from '../../lib/format';

export interface LoginFormValues {
  municipalityCode: string;
  loginId: string;
  password: string;
  totpCode: string;
}

export type LoginFieldErrors = Partial<Record<keyof LoginFormValues, string>>;

export type LoginFormResult = { ok: true; request: LoginRequest } | { ok: false; errors: LoginFieldErrors };

const SIX_DIGITS = /^\d{6}$/;

/** Checks what can be checked before asking the server, and normalises what tablets mistype. */
export function readLoginForm(values: LoginFormValues, totpRequired: boolean): LoginFormResult {
  const municipalityCode = toHalfWidthDigits(values.municipalityCode).trim();
  const loginId = values.loginId.trim();
  const totpCode = toHalfWidthDigits(values.totpCode).replace(/\s/g, '');
  const errors: LoginFieldErrors = {};
  if (municipalityCode === '') errors.municipalityCode = '自治体コードを入力してください。';
  else if (!SIX_DIGITS.test(municipalityCode))
    errors.municipalityCode = '自治体コードは6桁の数字で入力してください（例：062120）。';
  if (loginId === '') errors.loginId = 'ログインIDを入力してください。';
  if (values.password === '') errors.password = 'パスワードを入力してください。';
  if (totpRequired && !SIX_DIGITS.test(totpCode))
    errors.totpCode = '認証アプリに表示されている6桁の数字を入力してください。';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const request: LoginRequest = { municipalityCode, loginId, password: values.password };
  if (totpRequired) request.totpCode = totpCode;
  return { ok: true, request };
}
