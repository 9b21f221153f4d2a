import { useId, type ReactNode } from 'react';
import { FieldError, FieldHint, RequiredMark } from './Field';

export interface CheckboxOption {
  value: string;
  label: string;
  description?: string;
}

export interface CheckboxGroupProps {
  legend: string;
  options: CheckboxOption[];
  value: string[];
  onChange: (value: string[]) => void;
  hint?: ReactNode;
  error?: string | undefined;
  required?: boolean;
  disabled?: boolean;
  /** Lay long option lists out in two columns on wider screens. */
  columns?: 1 | 2;
}

export function CheckboxGroup({
  legend,
  options,
  value,
  onChange,
  hint,
  error,
  required,
  disabled,
  columns = 1,
}: CheckboxGroupProps) {
  const baseId = useId();
  const hintId = `${baseId}-hint`;
  const errorId = `${baseId}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  const toggle = (option: string, checked: boolean) =>
    onChange(checked ? [...value, option] : value.filter((item) => item !== option));
  return (
    <fieldset className="flex flex-col gap-1" aria-describedby={describedBy} aria-invalid={error ? true : undefined}>
      <legend className="flex items-center gap-2 text-std-16B-170 text-solid-gray-900">
        {legend}
        {required ? <RequiredMark /> : null}
      </legend>
      {hint ? <FieldHint id={hintId}>{hint}</FieldHint> : null}
      {error ? <FieldError id={errorId} message={error} /> : null}
      <div className={columns === 2 ? 'grid grid-cols-1 gap-1 sm:grid-cols-2' : 'flex flex-col gap-1'}>
        {options.map((option) => {
          const inputId = `${baseId}-${option.value}`;
          return (
            <label
              key={option.value}
              htmlFor={inputId}
              className="flex min-h-11 cursor-pointer items-start gap-3 rounded-8 px-2 py-2 hover:bg-solid-gray-50"
            >
              <input
                id={inputId}
                type="checkbox"
                className="mt-1 size-6 shrink-0 accent-key-900"
                checked={value.includes(option.value)}
                disabled={disabled}
                onChange={(event) => toggle(option.value, event.target.checked)}
              />
              <span className="flex flex-col">
                <span className="text-std-16N-170">{option.label}</span>
                {option.description ? (
                  <span className="text-std-16N-170 text-solid-gray-700">{option.description}</span>
                ) : null}
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
