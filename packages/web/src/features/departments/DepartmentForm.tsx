import { useState, type FormEvent, type ReactNode } from 'react';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';
import { checkDepartmentForm, type DepartmentFormErrors, type DepartmentFormMode, type DepartmentFormValues } from './departmentForm';

export interface DepartmentFormProps {
  mode: DepartmentFormMode;
  initial: DepartmentFormValues;
  onSubmit: (values: DepartmentFormValues) => void;
  onCancel: () => void;
  busy: boolean;
  submitLabel: string;
  /** Errors the server returned, keyed by field path. */
  serverErrors: Map<string, string>;
  /** A server error shown above the fields. */
  banner?: ReactNode;
}

export function DepartmentForm({ mode, initial, onSubmit, onCancel, busy, submitLabel, serverErrors, banner }: DepartmentFormProps) {
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<DepartmentFormErrors>({});
  // Remounting the error summary on each attempt moves focus to it again.
  const [attempt, setAttempt] = useState(0);
  const error = (field: keyof DepartmentFormValues) => errors[field] ?? serverErrors.get(field);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempt((count) => count + 1);
    const found = checkDepartmentForm(values, mode);
    setErrors(found);
    if (Object.keys(found).length === 0) onSubmit(values);
  };

  return (
    <form noValidate onSubmit={submit} className="flex flex-col gap-5">
      {Object.keys(errors).length > 0 ? (
        <Alert key={attempt} variant="error" title="入力内容を確認してください" focusOnMount>
          赤字で示した項目を直してから、もう一度「{submitLabel}」を押してください。
        </Alert>
      ) : null}
      {banner}
      <TextField
        label="課の名前"
        hint="画面や手続き案内書に表示される名前です（例：市民税務課）。"
        required
        autoComplete="off"
        value={values.name}
        onChange={(event) => setValues({ ...values, name: event.target.value })}
        error={error('name')}
        className="max-w-xl"
      />
      {mode === 'create' ? (
        <TextField
          label="課コード"
          hint="システムの中で課を見分けるための記号です。半角の英小文字で始め、英小文字・数字・「-」「_」を使います。あとから変更できません（例：shimin）。"
          required
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          value={values.code}
          onChange={(event) => setValues({ ...values, code: event.target.value })}
          error={error('code')}
          className="max-w-xl [&_input]:font-mono"
        />
      ) : (
        <p className="text-std-16N-170">
          課コード: <span className="font-mono">{values.code}</span>（変更できません）
        </p>
      )}
      <TextField
        label="窓口の場所"
        hint="来庁した人への案内に使います。空欄でもかまいません（例：1階 3番窓口）。"
        autoComplete="off"
        value={values.location}
        onChange={(event) => setValues({ ...values, location: event.target.value })}
        error={error('location')}
        className="max-w-xl"
      />
      <div className="flex flex-wrap gap-3">
        <Button type="submit" busy={busy} busyLabel="保存しています…">
          {submitLabel}
        </Button>
        <Button variant="tertiary" onClick={onCancel}>
          やめる
        </Button>
      </div>
    </form>
  );
}
