import { describe, expect, it } from 'vitest';
import type { MunicipalitySettings } from '../../api/types';
import { checkSettingsForm, settingsFormValues, toSettingsChange, type SettingsFormValues } from './settingsForm';

const saved: MunicipalitySettings = {
  displayName: '尾花沢市役所',
  postalCode: '9994292',
  address: '山形県尾花沢市若葉町一丁目1番3号',
  phone: '0237-22-1111',
  openingHours: '平日 8時30分〜17時15分',
};
const asForm = settingsFormValues(saved);

describe('settingsFormValues', () => {
  it('shows the postal code with its hyphen and unset values as empty fields', () => {
    expect(asForm.postalCode).toBe('999-4292');
    expect(settingsFormValues({ ...saved, phone: null }).phone).toBe('');
  });
});

describe('checkSettingsForm', () => {
  it('accepts saved values and empty fields', () => {
    expect(checkSettingsForm(asForm)).toEqual({});
    expect(checkSettingsForm({ displayName: '', postalCode: '', address: '', phone: '', openingHours: '' })).toEqual({});
  });

  it('accepts full-width digits and dash look-alikes, as the server tidies them', () => {
    expect(checkSettingsForm({ ...asForm, phone: '０２３７ー２２ー１１１１', postalCode: '〒９９９－４２９２' })).toEqual({});
  });

  it('explains a wrong phone number or postal code', () => {
    const errors = checkSettingsForm({ ...asForm, phone: '22-1111', postalCode: '99942' });
    expect(errors.phone).toBe('代表電話は「0237-22-1111」のように、市外局番から数字とハイフンで入力してください。');
    expect(errors.postalCode).toBe('郵便番号は「999-4292」のように7桁の数字で入力してください。');
    expect(checkSettingsForm({ ...asForm, phone: '0237-2222-1111' }).phone).toMatch(/^代表電話の桁数が違います。/);
  });

  it('says how long a field may be', () => {
    expect(checkSettingsForm({ ...asForm, displayName: 'あ'.repeat(41) }).displayName).toBe('庁舎の表示名は40文字以内で入力してください（いまは41文字です）。');
  });
});

describe('toSettingsChange', () => {
  it('is empty when nothing differs, even when retyped in full-width', () => {
    const retyped: SettingsFormValues = { ...asForm, phone: '０２３７－２２－１１１１', postalCode: '9994292', openingHours: ' 平日 8時30分〜17時15分 \n\n' };
    expect(toSettingsChange(retyped, saved)).toEqual({});
  });

  it('sends changed fields, and an emptied one as null', () => {
    expect(toSettingsChange({ ...asForm, displayName: '尾花沢市役所 本庁舎', address: ' ' }, saved)).toEqual({ displayName: '尾花沢市役所 本庁舎', address: null });
  });
});
