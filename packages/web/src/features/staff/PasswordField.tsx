import { useState } from 'react';
import { Button } from '../../components/Button';
import { TextField } from '../../components/TextField';
import { generatePassword } from './staffForm';

export interface PasswordFieldProps {
  label: string;
  hint: string;
  value: string;
  onChange: (value: string) => void;
  error?: string | undefined;
}

/** A password an admin sets for someone else: shown in clear so it can be passed on correctly. */
export function PasswordField({ label, hint, value, onChange, error }: PasswordFieldProps) {
  const [visible, setVisible] = useState(false);
  return (
    <div className="flex max-w-xl flex-col gap-2">
      <TextField
        label={label}
        hint={hint}
        required
        type={visible ? 'text' : 'password'}
        autoComplete="new-password"
        spellCheck={false}
        value={value}
        onChange={(event) => onChange(event.target.value)}
        error={error}
        className={visible ? '[&_input]:font-mono' : ''}
      />
      <div className="flex flex-wrap items-center gap-3">
        <Button
          variant="secondary"
          size="sm"
          onClick={() => {
            onChange(generatePassword());
            setVisible(true);
          }}
        >
          パスワードを自動で作る
        </Button>
        <label className="flex min-h-11 cursor-pointer items-center gap-3 text-std-16N-170">
          <input type="checkbox" className="size-6 accent-key-900" checked={visible} onChange={(event) => setVisible(event.target.checked)} />
          パスワードを表示する
        </label>
      </div>
    </div>
  );
}
