import { Button } from './Button';

export interface PaginationProps {
  total: number;
  offset: number;
  limit: number;
  onChange: (offset: number) => void;
  label?: string;
}

export function Pagination({ total, offset, limit, onChange, label = 'ページ送り' }: PaginationProps) {
  if (total <= limit) return null;
  const first = offset + 1;
  const last = Math.min(offset + limit, total);
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap items-center justify-between gap-3">
      <Button variant="secondary" size="sm" disabled={offset === 0} onClick={() => onChange(Math.max(0, offset - limit))}>
        ← 前の{limit}件
      </Button>
      <p className="text-std-16N-170">
        全{total}件中 {first}〜{last}件目
      </p>
      <Button variant="secondary" size="sm" disabled={last >= total} onClick={() => onChange(offset + limit)}>
        次の{limit}件 →
      </Button>
    </nav>
  );
}
