import { useState, type FormEvent, type ReactNode } from 'react';
import type { Department, Role } from '../../api/types';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { CheckboxGroup } from '../../components/CheckboxGroup';
import { TextField } from '../../components/TextField';
import { PASSWORD_RULE_HINT } from '../../lib/credentialRules';
import { allRoles, roleDescriptions, roleLabels } from '../../lib/labels';
import { PasswordField } from './PasswordField';
import { checkStaffForm, type StaffFormErrors, type StaffFormMode, type StaffFormValues } from './staffForm';

/**
 * Departments in use, plus a retired one this person still belongs to (marked, so the admin can
 * take it off: the server refuses new assignments to a retired department).
 */
export function departmentOptions(departments: Department[], assigned: readonly string[]) {
  return departments
    .filter((department) => department.active || assigned.includes(department.id))
    .map((department) => ({ value: department.id, label: department.active ? department.name : `${department.name}（廃止）` }));
}

export interface StaffFormProps {
  mode: StaffFormMode;
  initial: StaffFormValues;
  departments: Department[];
  onSubmit: (values: StaffFormValues) => void;
  busy: boolean;
  submitLabel: string;
  /** Errors the server returned, keyed by field path. */
  serverErrors: Map<string, string>;
  /** A notice or error shown above the fields. */
  banner?: ReactNode;
  /** Roles this person may not change (e.g. their own admin role), with the reason. */
  lockedRolesNote?: string;
}

export function StaffForm({
  mode,
  initial,
  departments,
  onSubmit,
  busy,
  submitLabel,
  serverErrors,
  banner,
  lockedRolesNote,
}: StaffFormProps) {
  const [values, setValues] = useState<StaffFormValues>(initial);
  const [errors, setErrors] = useState<StaffFormErrors>({});
  // Remounting the error summary on each attempt moves focus to it again.
  const [attempt, setAttempt] = useState(0);
  const error = (field: keyof StaffFormValues) => errors[field] ?? serverErrors.get(field);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempt((count) => count + 1);
    const found = checkStaffForm(values, mode);
    setErrors(found);
    if (Object.keys(found).length === 0) onSubmit({ ...values, displayName: values.displayName.trim(), loginId: values.loginId.trim() });
  };

  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-6">
      {Object.keys(errors).length > 0 ? (
        <Alert key={attempt} variant="error" title="入力内容を確認してください" focusOnMount>
          赤字で示した項目を直してから、もう一度「{submitLabel}」を押してください。
        </Alert>
      ) : null}
      {banner}
      <TextField
        label="氏名"
        hint="画面や監査ログに表示される名前です（例：窓口 花子）。"
        required
        autoComplete="off"
        value={values.displayName}
        onChange={(event) => setValues({ ...values, displayName: event.target.value })}
        error={error('displayName')}
        className="max-w-xl"
      />
      {mode === 'create' ? (
        <>
          <TextField
            label="ログインID"
            hint="ログインのときに入力するIDです。半角の英小文字・数字と「. _ -」が使えます。あとから変更できません（例：hanako.madoguchi）。"
            required
            autoComplete="off"
            autoCapitalize="none"
            spellCheck={false}
            value={values.loginId}
            onChange={(event) => setValues({ ...values, loginId: event.target.value })}
            error={error('loginId')}
            className="max-w-xl"
          />
          <PasswordField
            label="初期パスワード"
            hint={`${PASSWORD_RULE_HINT}本人に伝え、最初のログインのあとで「パスワードを変更する」から変えてもらってください。`}
            value={values.password}
            onChange={(password) => setValues({ ...values, password })}
            error={error('password')}
          />
        </>
      ) : null}
      <CheckboxGroup
        legend="役割"
        hint={lockedRolesNote ?? '使える画面が役割で決まります。複数選べます。'}
        required
        options={allRoles.map((role: Role) => ({ value: role, label: roleLabels[role], description: roleDescriptions[role] }))}
        value={values.roles}
        onChange={(roles) => setValues({ ...values, roles: roles as Role[] })}
        error={error('roles')}
      />
      <CheckboxGroup
        legend="所属する課"
        hint="担当課職員は、所属する課の申請だけを扱います。"
        options={departmentOptions(departments, initial.departmentIds)}
        columns={2}
        value={values.departmentIds}
        onChange={(departmentIds) => setValues({ ...values, departmentIds })}
        error={error('departmentIds')}
      />
      <div>
        <Button type="submit" busy={busy} busyLabel="保存しています…">
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
