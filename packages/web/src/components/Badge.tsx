import type { ReactNode } from 'react';

export type BadgeTone = 'neutral' | 'positive' | 'negative' | 'notice';

const toneClasses: Record<BadgeTone, string> = {
  neutral: 'border-solid-gray-600 bg-white text-solid-gray-800',
  positive: 'border-green-800 bg-green-50 text-green-900',
  negative: 'border-red-900 bg-red-50 text-red-1000',
  notice: 'border-yellow-900 bg-yellow-50 text-yellow-1100',
};

export function Badge({ tone = 'neutral', children }: { tone?: BadgeTone; children: ReactNode }) {
  return (
    <span className={`inline-flex items-center rounded-4 border px-2 text-dns-14B-130 leading-6 whitespace-nowrap ${toneClasses[tone]}`}>
      {children}
    </span>
  );
}
