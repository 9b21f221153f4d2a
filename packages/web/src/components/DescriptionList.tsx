import type { ReactNode } from 'react';

export interface DescriptionItem {
  term: string;
  detail: ReactNode;
}

export function DescriptionList({ items }: { items: DescriptionItem[] }) {
  return (
    <dl className="grid grid-cols-1 sm:grid-cols-[minmax(8rem,auto)_1fr]">
      {items.map((item) => (
        <div key={item.term} className="contents">
          <dt className="border-t border-solid-gray-200 pt-3 text-std-16B-170 text-solid-gray-700 sm:pr-6 sm:pb-3">{item.term}</dt>
          <dd className="pb-3 text-std-16N-170 text-solid-gray-900 sm:border-t sm:border-solid-gray-200 sm:pt-3">
            {item.detail}
          </dd>
        </div>
      ))}
    </dl>
  );
}
