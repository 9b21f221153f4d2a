import type { ReactNode, SelectHTMLAttributes } from 'react';
import { FieldError, FieldHint, FieldLabel, inputClasses, useFieldIds } from './Field';

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectFieldProps extends SelectHTMLAttributes<HTMLSelectElement> {
  label: string;
  options: SelectOption[];
  hint?: ReactNode;
  error?: string | undefined;
}

export function SelectField({ label, options, hint, error, id, required, className = '', ...rest }: SelectFieldProps) {
  const ids = useFieldIds(id, hint, error);
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <FieldLabel htmlFor={ids.inputId} required={required}>
        {label}
      </FieldLabel>
      {hint ? <FieldHint id={ids.hintId}>{hint}</FieldHint> : null}
      {error ? <FieldError id={ids.errorId} message={error} /> : null}
      <select
        id={ids.inputId}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        className={`${inputClasses} pr-10`}
        {...rest}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
