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

  it('refuses login ids with spaces or full-width characters', () => {
    expect(checkStaffForm({ ...valid, loginId: 'hana ko' }, 'create').loginId).toBeDefined();
    expect(checkStaffForm({ ...valid, loginId: 'はなこ' }, 'create').loginId).toBeDefined();
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
