import { describe, expect, it } from 'vitest';
import type { Department } from '../../api/types';
import { checkDepartmentForm, sortDepartments, toDepartmentChange, toNewDepartment } from './departmentForm';

const fukushi: Department = { id: 'd-1', code: 'fukushi', name: '福祉課', location: '1階 6番窓口', active: true, retiredAt: null };

describe('checkDepartmentForm', () => {
  it('accepts a complete new department, the location being optional', () => {
    expect(checkDepartmentForm({ code: 'kanko', name: '商工観光課', location: '' }, 'create')).toEqual({});
  });

  it('requires a code and a name', () => {
    expect(Object.keys(checkDepartmentForm({ code: ' ', name: '  ', location: '' }, 'create')).sort()).toEqual(['code', 'name']);
  });

  it('refuses codes the server would refuse', () => {
    for (const code of ['Shimin', 'shimin ka', '市民', '1ka', 'a', `a${'b'.repeat(32)}`]) {
      expect(checkDepartmentForm({ code, name: '課', location: '' }, 'create').code, code).toMatch(/^課コードは半角の英小文字で始まる/);
    }
    expect(checkDepartmentForm({ code: 'kodomo_mirai-2', name: '課', location: '' }, 'create').code).toBeUndefined();
  });

  it('says how long a name or location may be', () => {
    const errors = checkDepartmentForm({ code: 'x1', name: 'あ'.repeat(51), location: 'い'.repeat(101) }, 'create');
    expect(errors.name).toBe('課の名前は50文字以内で入力してください（いまは51文字です）。');
    expect(errors.location).toBe('窓口の場所は100文字以内で入力してください（いまは101文字です）。');
  });

  it('does not ask for the code when editing, because it cannot change', () => {
    expect(checkDepartmentForm({ code: '', name: '福祉課', location: '' }, 'edit')).toEqual({});
  });
});

describe('turning the form into requests', () => {
  it('sends an empty location as null', () => {
    expect(toNewDepartment({ code: ' kanko ', name: ' 商工観光課 ', location: '  ' })).toEqual({ code: 'kanko', name: '商工観光課', location: null });
  });

  it('sends only what changed', () => {
    expect(toDepartmentChange({ code: 'fukushi', name: '福祉課', location: '1階 6番窓口' }, fukushi)).toEqual({});
    expect(toDepartmentChange({ code: 'fukushi', name: '福祉介護課', location: '1階 6番窓口' }, fukushi)).toEqual({ name: '福祉介護課' });
    expect(toDepartmentChange({ code: 'fukushi', name: '福祉課', location: '' }, fukushi)).toEqual({ location: null });
  });
});

describe('sortDepartments', () => {
  it('puts departments in use first, by code, and retired ones last', () => {
    const retired = { ...fukushi, id: 'd-0', code: 'aaa', active: false, retiredAt: '2026-04-01T00:00:00Z' };
    const shimin = { ...fukushi, id: 'd-2', code: 'shimin' };
    expect(sortDepartments([shimin, retired, fukushi]).map((d) => d.code)).toEqual(['fukushi', 'shimin', 'aaa']);
  });
});
