import { formatPostalCode, normalizePostalCode } from '@madoguchi/jp';
import type { MunicipalitySettings, MunicipalitySettingsChange } from '../../api/types';

// The server's rules for the municipality settings (modules/tenancy/settings.ts in the server
// package), repeated so the form can explain a problem before sending. The server remains the judge.

export type SettingKey = keyof MunicipalitySettings;

export const SETTING_KEYS: readonly SettingKey[] = ['displayName', 'postalCode', 'address', 'phone', 'openingHours'];

export type SettingsFormValues = Record<SettingKey, string>;
export type SettingsFormErrors = Partial<Record<SettingKey, string>>;

const MAX_LENGTH: Partial<Record<SettingKey, { label: string; max: number }>> = {
  displayName: { label: '庁舎の表示名', max: 40 },
  address: { label: '住所', max: 120 },
  openingHours: { label: '開庁時間', max: 200 },
};

/** As the server tidies a phone number: full-width digits and dash look-alikes become 0-9 and -. */
export function normalizePhone(text: string): string {
  return text.normalize('NFKC').replace(/[‐‑‒–—―−ーｰ]/gu, '-').replace(/\s+/gu, '');
}

export function settingsFormValues(settings: MunicipalitySettings): SettingsFormValues {
  return {
    displayName: settings.displayName ?? '',
    postalCode: settings.postalCode ? formatPostalCode(settings.postalCode) : '',
    address: settings.address ?? '',
    phone: settings.phone ?? '',
    openingHours: settings.openingHours ?? '',
  };
}

export function checkSettingsForm(values: SettingsFormValues): SettingsFormErrors {
  const errors: SettingsFormErrors = {};
  for (const key of SETTING_KEYS) {
    const rule = MAX_LENGTH[key];
    const length = values[key].trim().length;
    if (rule && length > rule.max) errors[key] = `${rule.label}は${rule.max}文字以内で入力してください（いまは${length}文字です）。`;
  }
  if (values.postalCode.trim() !== '' && normalizePostalCode(values.postalCode) === undefined) {
    errors.postalCode = '郵便番号は「999-4292」のように7桁の数字で入力してください。';
  }
  const phone = normalizePhone(values.phone);
  if (phone !== '') {
    if (!/^0\d{1,4}-\d{1,4}-\d{3,4}$/.test(phone)) {
      errors.phone = '代表電話は「0237-22-1111」のように、市外局番から数字とハイフンで入力してください。';
    } else if (![10, 11].includes(phone.replace(/-/g, '').length)) {
      errors.phone = '代表電話の桁数が違います。市外局番から10桁（携帯電話は11桁）で入力してください。';
    }
  }
  return errors;
}

/**
 * The fields that differ from what is saved; an emptied field becomes null (「未設定に戻す」).
 * Compared after the same tidying the server does, so retyping a value the same way is no change.
 */
export function toSettingsChange(values: SettingsFormValues, saved: MunicipalitySettings): MunicipalitySettingsChange {
  const tidy: Record<SettingKey, (text: string) => string> = {
    displayName: (text) => text.trim(),
    postalCode: (text) => normalizePostalCode(text) ?? text.trim(),
    address: (text) => text.trim(),
    phone: normalizePhone,
    openingHours: (text) => text.split(/\r\n|\r|\n/u).map((line) => line.trim()).filter(Boolean).join('\n'),
  };
  const change: MunicipalitySettingsChange = {};
  for (const key of SETTING_KEYS) {
    const value = tidy[key](values[key]);
    const next = value === '' ? null : value;
    if (next !== saved[key]) change[key] = next;
  }
  return change;
}
