import type { Department, DepartmentChange, NewDepartment } from '../../api/types';

// The server's rules for departments (modules/tenancy in the server package), repeated so the form
// can explain a problem before sending. The server remains the judge (and the one that knows which
// codes and names are taken).

export const DEPARTMENT_CODE_PATTERN = /^[a-z][a-z0-9_-]{1,31}$/;
export const DEPARTMENT_NAME_MAX = 50;
export const DEPARTMENT_LOCATION_MAX = 100;

export interface DepartmentFormValues {
  code: string;
  name: string;
  location: string;
}

export type DepartmentFormErrors = Partial<Record<keyof DepartmentFormValues, string>>;

export type DepartmentFormMode = 'create' | 'edit';

export const emptyDepartmentForm: DepartmentFormValues = { code: '', name: '', location: '' };

export function departmentFormValues(department: Department): DepartmentFormValues {
  return { code: department.code, name: department.name, location: department.location ?? '' };
}

export function checkDepartmentForm(values: DepartmentFormValues, mode: DepartmentFormMode): DepartmentFormErrors {
  const errors: DepartmentFormErrors = {};
  if (mode === 'create') {
    const code = values.code.trim();
    if (code === '') errors.code = '課コードを入力してください（例：shimin）。';
    else if (!DEPARTMENT_CODE_PATTERN.test(code)) {
      errors.code = '課コードは半角の英小文字で始まる2〜32文字（英小文字・数字・「-」「_」）で入力してください（例：shimin）。';
    }
  }
  const name = values.name.trim();
  if (name === '') errors.name = '課の名前を入力してください（例：市民税務課）。';
  else if (name.length > DEPARTMENT_NAME_MAX) errors.name = `課の名前は${DEPARTMENT_NAME_MAX}文字以内で入力してください（いまは${name.length}文字です）。`;
  const location = values.location.trim();
  if (location.length > DEPARTMENT_LOCATION_MAX) {
    errors.location = `窓口の場所は${DEPARTMENT_LOCATION_MAX}文字以内で入力してください（いまは${location.length}文字です）。`;
  }
  return errors;
}

export function toNewDepartment(values: DepartmentFormValues): NewDepartment {
  const location = values.location.trim();
  return { code: values.code.trim(), name: values.name.trim(), location: location === '' ? null : location };
}

/** Only what changed, so an unchanged save sends (and the audit log records) nothing new. */
export function toDepartmentChange(values: DepartmentFormValues, before: Department): DepartmentChange {
  const change: DepartmentChange = {};
  const name = values.name.trim();
  const location = values.location.trim() === '' ? null : values.location.trim();
  if (name !== before.name) change.name = name;
  if (location !== before.location) change.location = location;
  return change;
}

/** Departments in use first (by code), then the retired ones, so the list reads like the organisation chart. */
export function sortDepartments<T extends Department>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => Number(b.active) - Number(a.active) || a.code.localeCompare(b.code));
}
