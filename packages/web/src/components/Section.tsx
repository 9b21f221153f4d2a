import { useId, type ReactNode } from 'react';

export interface SectionProps {
  title: string;
  children: ReactNode;
  actions?: ReactNode;
  className?: string;
}

/** A white card with an h2; labelled by its title so it is a named region for screen readers. */
export function Section({ title, children, actions, className = '' }: SectionProps) {
  const headingId = useId();
  return (
    <section aria-labelledby={headingId} className={`rounded-12 border border-solid-gray-200 bg-white p-6 ${className}`}>
      <div className="mb-4 flex flex-wrap items-center justify-between gap-3">
        <h2 id={headingId} className="text-std-22B-150 text-solid-gray-900">
          {title}
        </h2>
        {actions ? <div className="flex flex-wrap gap-3">{actions}</div> : null}
      </div>
      {children}
    </section>
  );
}
