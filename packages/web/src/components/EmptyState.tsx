import type { ReactNode } from 'react';

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div role="status" className="rounded-8 border-2 border-dashed border-solid-gray-300 bg-white px-6 py-8 text-center">
      <p className="text-std-17B-170 text-solid-gray-900">{title}</p>
      {children ? <div className="mt-1 text-std-16N-170 text-solid-gray-700">{children}</div> : null}
    </div>
  );
}
