import { useId } from 'react';

// Charts as plain SVG: a chart library would be most of the queue chunk for a few bars. Each chart
// is a <figure> with a caption and the same numbers as a table behind a disclosure, so screen
// reader users and anyone printing get the data, not just the picture.

export interface Bar {
  label: string;
  value: number | null;
  /** Shown at the end of the bar instead of the number (e.g. "約15分"). */
  valueLabel?: string;
}

/**
 * Horizontal bars, one row per label, drawn with HTML boxes rather than SVG so the Japanese labels
 * keep their readable size on a phone (an SVG scales its text down with its width).
 */
export function BarChart({ title, bars, unit, max }: { title: string; bars: Bar[]; unit: string; max?: number }) {
  const captionId = useId();
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value ?? 0), 1);
  return (
    <figure aria-labelledby={captionId} className="flex flex-col gap-2">
      <figcaption id={captionId} className="text-std-17B-170 text-solid-gray-900">
        {title}
      </figcaption>
      <div aria-hidden="true" className="flex flex-col gap-2">
        {bars.map((b) => (
          <div key={b.label} className="grid grid-cols-1 gap-x-3 sm:grid-cols-[14rem_1fr] sm:items-center">
            <span className="text-std-16N-170 text-solid-gray-900">{b.label}</span>
            <span className="flex items-center gap-2">
              <span className="h-5 rounded-4 bg-key-900" style={{ width: `${b.value === null ? 0 : Math.max(1, (b.value / top) * 70)}%` }} />
              <span className="text-std-16B-170 whitespace-nowrap text-solid-gray-900">{b.valueLabel ?? (b.value === null ? '—' : `${b.value}${unit}`)}</span>
            </span>
          </div>
        ))}
      </div>
      <DataTable caption={title} head={['項目', '値']} rows={bars.map((b) => [b.label, b.valueLabel ?? (b.value === null ? '—' : `${b.value}${unit}`)])} />
    </figure>
  );
}

/** Vertical columns over a shared axis (hours of the day, days of a month). */
export function ColumnChart({ title, columns, unit }: { title: string; columns: Bar[]; unit: string }) {
  const captionId = useId();
  const top = Math.max(...columns.map((c) => c.value ?? 0), 1);
  const width = 720;
  const height = 220;
  const left = 44;
  const bottom = 28;
  const step = (width - left) / Math.max(1, columns.length);
  const scale = (v: number) => ((height - bottom - 10) * v) / top;
  const ticks = [0, top / 2, top].map((t) => (top >= 10 ? Math.round(t) : Math.round(t * 10) / 10));
  return (
    <figure aria-labelledby={captionId} className="flex flex-col gap-2">
      <figcaption id={captionId} className="text-std-17B-170 text-solid-gray-900">
        {title}
      </figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} className="h-auto w-full max-w-3xl" aria-hidden="true">
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left} x2={width} y1={height - bottom - scale(t)} y2={height - bottom - scale(t)} stroke="#d9d9d9" />
            <text x={left - 6} y={height - bottom - scale(t) + 5} textAnchor="end" fontSize="13" fill="#4d4d4d">
              {t}
            </text>
          </g>
        ))}
        {columns.map((c, i) => {
          const h = c.value === null ? 0 : scale(c.value);
          const x = left + i * step;
          const everyOther = columns.length > 16 && i % 2 === 1;
          return (
            <g key={c.label}>
              <rect x={x + step * 0.15} y={height - bottom - h} width={step * 0.7} height={h} rx="2" fill="#0031d8" />
              {everyOther ? null : (
                <text x={x + step / 2} y={height - 8} textAnchor="middle" fontSize="13" fill="#1a1a1a">
                  {c.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <DataTable caption={title} head={['', `値（${unit}）`]} rows={columns.map((c) => [c.label, c.value === null ? '—' : String(c.value)])} />
    </figure>
  );
}

export interface HeatCell {
  row: string;
  column: string;
  value: number;
  label: string;
}

/** Weekday × hour: darker is busier. The darkest blue keeps white text readable (contrast ≥ 4.5). */
export function Heatmap({ title, rows, columns, cells, legend }: { title: string; rows: string[]; columns: string[]; cells: HeatCell[]; legend: string }) {
  const captionId = useId();
  const top = Math.max(...cells.map((c) => c.value), 1);
  const shades = ['#f0f4ff', '#c5d7fb', '#7096f8', '#3460fb', '#0031d8', '#00118f'];
  const at = (row: string, column: string) => cells.find((c) => c.row === row && c.column === column);
  return (
    <figure aria-labelledby={captionId} className="flex flex-col gap-2">
      <figcaption id={captionId} className="text-std-17B-170 text-solid-gray-900">
        {title}
      </figcaption>
      {/* Focusable, so keyboard users can scroll the hours that do not fit a phone's width. */}
      <div className="overflow-x-auto" tabIndex={0} role="region" aria-label={`${title}（横にスクロールできます）`}>
        <table className="border-separate border-spacing-1 text-center text-dns-14N-130">
          <caption className="sr-only">{title}（{legend}）</caption>
          <thead>
            <tr>
              <th scope="col" className="px-1 text-solid-gray-800">
                <span className="sr-only">曜日</span>
              </th>
              {columns.map((c) => (
                <th key={c} scope="col" className="min-w-9 px-1 font-normal text-solid-gray-800">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r}>
                <th scope="row" className="px-2 text-std-16B-170 text-solid-gray-900">
                  {r}
                </th>
                {columns.map((c) => {
                  const cell = at(r, c);
                  const level = cell ? Math.min(shades.length - 1, Math.floor((cell.value / top) * (shades.length - 1) + 0.5)) : 0;
                  return (
                    <td key={c} className="h-9 min-w-9 rounded-4 px-1" style={{ backgroundColor: shades[level], color: level >= 3 ? '#ffffff' : '#1a1a1a' }}>
                      {cell ? cell.label : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="text-dns-14N-130 text-solid-gray-700">{legend}</p>
    </figure>
  );
}

function DataTable({ caption, head, rows }: { caption: string; head: string[]; rows: string[][] }) {
  return (
    <details className="text-std-16N-170">
      <summary className="min-h-11 cursor-pointer py-2 text-key-900 underline underline-offset-4">表で見る</summary>
      <table className="mt-2 border-collapse text-left">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr>
            {head.map((h) => (
              <th key={h} scope="col" className="border-b border-solid-gray-300 px-3 py-1">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r[0]}>
              {r.map((v, i) => (i === 0 ? <th key={i} scope="row" className="border-b border-solid-gray-200 px-3 py-1 font-normal">{v}</th> : <td key={i} className="border-b border-solid-gray-200 px-3 py-1">{v}</td>))}
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}
