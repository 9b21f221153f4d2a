import type { ComponentProps, ReactNode } from 'react';
import { FieldError, FieldHint, FieldLabel, inputClasses, useFieldIds } from './Field';

export interface TextFieldProps extends ComponentProps<'input'> {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
}

export function TextField({ label, hint, error, id, required, className = '', ...rest }: TextFieldProps) {
  const ids = useFieldIds(id, hint, error);
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <FieldLabel htmlFor={ids.inputId} required={required}>
        {label}
      </FieldLabel>
      {hint ? <FieldHint id={ids.hintId}>{hint}</FieldHint> : null}
      {error ? <FieldError id={ids.errorId} message={error} /> : null}
      <input
        id={ids.inputId}
        required={required}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        className={inputClasses}
        {...rest}
      />
    </div>
  );
}
