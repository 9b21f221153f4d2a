import { useId, type ReactNode } from 'react';

export interface FieldIds {
  inputId: string;
  hintId: string;
  errorId: string;
  describedBy: string | undefined;
}

/** Ids that tie an input to its label, hint and error message for screen readers. */
export function useFieldIds(id: string | undefined, hint: ReactNode, error: string | undefined): FieldIds {
  const generated = useId();
  const inputId = id ?? generated;
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const describedBy = [error ? errorId : null, hint ? hintId : null].filter(Boolean).join(' ') || undefined;
  return { inputId, hintId, errorId, describedBy };
}

export function FieldLabel({ htmlFor, required, children }: { htmlFor: string; required?: boolean; children: ReactNode }) {
  return (
    <label htmlFor={htmlFor} className="flex flex-wrap items-center gap-2 text-std-16B-170 text-solid-gray-900">
      {children}
      {/* Hidden from the accessible name: the input's own `required` is announced instead. */}
      {required ? <RequiredMark hidden /> : null}
    </label>
  );
}

export function RequiredMark({ hidden = false }: { hidden?: boolean }) {
  return (
    <span aria-hidden={hidden || undefined} className="rounded-4 bg-red-900 px-2 text-dns-14B-130 leading-6 text-white">
      必須
    </span>
  );
}

export function FieldHint({ id, children }: { id: string; children: ReactNode }) {
  return (
    <p id={id} className="text-std-16N-170 text-solid-gray-700">
      {children}
    </p>
  );
}

export function FieldError({ id, message }: { id: string; message: string }) {
  return (
    <p id={id} className="text-std-16B-170 text-red-900">
      <span aria-hidden="true">⚠ </span>
      {message}
    </p>
  );
}

export const inputClasses =
  'block w-full min-h-12 rounded-8 border border-solid-gray-600 bg-white px-4 py-2 text-std-16N-170 text-solid-gray-900 placeholder:text-solid-gray-536 hover:border-solid-gray-900 aria-invalid:border-2 aria-invalid:border-red-900 disabled:bg-solid-gray-50 disabled:text-solid-gray-600';
