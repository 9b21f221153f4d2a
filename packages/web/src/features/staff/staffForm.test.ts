import { describe, expect, it } from 'vitest';
import { checkStaffForm, generatePassword, type StaffFormValues } from './staffForm';

const valid: StaffFormValues = {
  displayName: '窓口 花子',
  loginId: 'hanako',
  password: 'initial-pass',
  roles: ['counter_staff'],
  departmentIds: [],
};

describe('checkStaffForm', () => {
  it('accepts a complete new account', () => {
    expect(checkStaffForm(valid, 'create')).toEqual({});
  });

  it('requires a name, a login id, a password and a role for a new account', () => {
    const errors = checkStaffForm({ displayName: ' ', loginId: '', password: '', roles: [], departmentIds: [] }, 'create');
    expect(Object.keys(errors).sort()).toEqual(['displayName', 'loginId', 'password', 'roles']);
  });

  it('refuses login ids the server would refuse', () => {
    for (const loginId of ['hana ko', 'はなこ', 'Hanako', '.hanako', 'h']) {
      expect(checkStaffForm({ ...valid, loginId }, 'create').loginId, loginId).toBeDefined();
    }
    expect(checkStaffForm({ ...valid, loginId: 'hanako.m_2-x' }, 'create').loginId).toBeUndefined();
  });

  it('says how long the initial password must be', () => {
    expect(checkStaffForm({ ...valid, password: 'short' }, 'create').password).toBe(
      'パスワードは12文字以上にしてください（いまは5文字です）。',
    );
  });

  it('does not ask for a login id or password when editing', () => {
    expect(checkStaffForm({ ...valid, loginId: '', password: '' }, 'edit')).toEqual({});
  });
});

describe('generatePassword', () => {
  it('avoids characters that are easy to misread', () => {
    for (let i = 0; i < 50; i += 1) {
      const password = generatePassword();
      expect(password).toHaveLength(14);
      expect(password).not.toMatch(/[0O1lI]/);
    }
  });

  it('differs between calls', () => {
    expect(new Set(Array.from({ length: 20 }, () => generatePassword())).size).toBe(20);
  });
});
