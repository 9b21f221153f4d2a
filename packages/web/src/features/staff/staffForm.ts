import type { Role } from '../../api/types';
import { LOGIN_ID_PATTERN, LOGIN_ID_RULE_MESSAGE, passwordLengthProblem } from '../../lib/credentialRules';

export interface StaffFormValues {
  displayName: string;
  loginId: string;
  password: string;
  roles: Role[];
  departmentIds: string[];
}

export type StaffFormErrors = Partial<Record<keyof StaffFormValues, string>>;

export type StaffFormMode = 'create' | 'edit';

/** Checks the staff form before sending; the server applies the same rules and its own policy. */
export function checkStaffForm(values: StaffFormValues, mode: StaffFormMode): StaffFormErrors {
  const errors: StaffFormErrors = {};
  if (values.displayName.trim() === '') errors.displayName = '氏名を入力してください。';
  if (mode === 'create') {
    const loginId = values.loginId.trim();
    if (loginId === '') errors.loginId = 'ログインIDを入力してください。';
    else if (!LOGIN_ID_PATTERN.test(loginId)) errors.loginId = LOGIN_ID_RULE_MESSAGE;
    const passwordProblem =
      values.password === ''
        ? '初期パスワードを入力するか、「パスワードを自動で作る」を押してください。'
        : passwordLengthProblem(values.password);
    if (passwordProblem) errors.password = passwordProblem;
  }
  if (values.roles.length === 0) errors.roles = '役割を1つ以上選んでください。';
  return errors;
}

// No 0/O, 1/l/I: the password is read out or written down once for the new staff member.
const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random initial password, drawn with the browser's cryptographic generator. */
export function generatePassword(length = 14): string {
  const bytes = new Uint32Array(length);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (value) => PASSWORD_ALPHABET[value % PASSWORD_ALPHABET.length]).join('');
}
