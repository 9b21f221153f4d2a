import type { Role } from '../../api/types';

export interface StaffFormValues {
  displayName: string;
  loginId: string;
  password: string;
  roles: Role[];
  departmentIds: string[];
}

export type StaffFormErrors = Partial<Record<keyof StaffFormValues, string>>;

export type StaffFormMode = 'create' | 'edit';

const LOGIN_ID = /^[\x21-\x7e]+$/;

/** Checks the staff form before sending; the server applies the same rules and its own policy. */
export function checkStaffForm(values: StaffFormValues, mode: StaffFormMode): StaffFormErrors {
  const errors: StaffFormErrors = {};
  if (values.displayName.trim() === '') errors.displayName = '氏名を入力してください。';
  if (mode === 'create') {
    const loginId = values.loginId.trim();
    if (loginId === '') errors.loginId = 'ログインIDを入力してください。';
    else if (!LOGIN_ID.test(loginId))
      errors.loginId = 'ログインIDは半角の英数字と記号で、空白を入れずに入力してください。';
    if (values.password === '') errors.password = '初期パスワードを入力するか、「パスワードを自動で作る」を押してください。';
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
