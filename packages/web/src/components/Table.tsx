import type { ReactNode } from 'react';

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
  return (
    // Wide tables scroll sideways on a portrait tablet; the region is focusable so keyboard users
    // can scroll it too.
    <div role="region" aria-label={caption} tabIndex={0} className="overflow-x-auto rounded-8 border border-solid-gray-200">
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
