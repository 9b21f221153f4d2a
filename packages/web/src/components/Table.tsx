import { useEffect, useRef, useState, type ReactNode } from 'react';

/** True while the element is narrower than its content, i.e. while it can be scrolled sideways. */
function useHorizontalOverflow<E extends HTMLElement>() {
  const ref = useRef<E>(null);
  const [overflowing, setOverflowing] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => setOverflowing(element.scrollWidth > element.clientWidth);
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return { ref, overflowing };
}

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  className?: string;
}

export interface TableProps<T> {
  caption: string;
  /** Hide the caption visually when the page heading already says the same. */
  captionHidden?: boolean;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  rowClassName?: (row: T) => string;
  /** Narrower cell padding for tables with many columns on a portrait tablet. */
  dense?: boolean;
}

export function Table<T>({ caption, captionHidden = false, columns, rows, rowKey, rowClassName, dense = false }: TableProps<T>) {
  const padding = dense ? 'px-3' : 'px-4';
  const { ref, overflowing } = useHorizontalOverflow<HTMLDivElement>();
  return (
    // Wide tables scroll sideways on a portrait tablet; only then is the region a tab stop, so
    // keyboard users can scroll it without meeting an extra stop on every table.
    <div
      ref={ref}
      role="region"
      aria-label={caption}
      tabIndex={overflowing ? 0 : undefined}
      className="overflow-x-auto rounded-8 border border-solid-gray-200"
    >
      <table className="w-full border-collapse bg-white text-left">
        <caption className={captionHidden ? 'sr-only' : 'px-4 py-3 text-left text-std-17B-170'}>{caption}</caption>
        <thead className="bg-solid-gray-50">
          <tr>
            {columns.map((column) => (
              <th
                key={column.header}
                scope="col"
                className={`border-b border-solid-gray-300 ${padding} py-3 text-std-16B-170 whitespace-nowrap ${column.className ?? ''}`}
              >
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)} className={`border-b border-solid-gray-200 last:border-b-0 ${rowClassName?.(row) ?? ''}`}>
              {columns.map((column) => (
                <td key={column.header} className={`${padding} py-3 align-top text-std-16N-170 ${column.className ?? ''}`}>
                  {column.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
