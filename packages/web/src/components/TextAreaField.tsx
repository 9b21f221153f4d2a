import type { ComponentProps, ReactNode } from 'react';
import { FieldError, FieldHint, FieldLabel, inputClasses, useFieldIds } from './Field';

export interface TextAreaFieldProps extends ComponentProps<'textarea'> {
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
}

/** A multi-line TextField: same label, hint and error wiring. */
export function TextAreaField({ label, hint, error, id, required, className = '', rows = 3, ...rest }: TextAreaFieldProps) {
  const ids = useFieldIds(id, hint, error);
  return (
    <div className={`flex flex-col gap-1 ${className}`}>
      <FieldLabel htmlFor={ids.inputId} required={required}>
        {label}
      </FieldLabel>
      {hint ? <FieldHint id={ids.hintId}>{hint}</FieldHint> : null}
      {error ? <FieldError id={ids.errorId} message={error} /> : null}
      <textarea
        id={ids.inputId}
        required={required}
        rows={rows}
        aria-invalid={error ? true : undefined}
        aria-describedby={ids.describedBy}
        className={inputClasses}
        {...rest}
      />
    </div>
  );
}
