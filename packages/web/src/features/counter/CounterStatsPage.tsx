import { addDays, todayInJapan } from '@madoguchi/jp';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useApi } from '../../api/ApiProvider';
import { usePageTitle } from '../../app/usePageTitle';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { inputClass } from './QuestionField';

interface Bar {
  label: string;
  values: number[];
}

const COLORS = ['#0031d8', '#67b5e0'];

/**
 * Plain SVG bars: one or two series per category, an axis with the maximum, and the numbers in a
 * table beside it for screen readers and for anyone who wants them exactly.
 */
function BarChart({ title, bars, series, unit, labelEvery = 1 }: { title: string; bars: Bar[]; series: string[]; unit: string; labelEvery?: number }) {
  const width = 760;
  const height = 220;
  const left = 40;
  const bottom = 28;
  const max = Math.max(1, ...bars.flatMap((b) => b.values));
  const step = (width - left) / Math.max(1, bars.length);
  const barWidth = Math.max(2, (step * 0.8) / series.length);
  return (
    <figure className="flex flex-col gap-2">
      <figcaption className="text-std-18B-160">{title}</figcaption>
      <div className="flex flex-wrap gap-4 text-std-16N-170">
        {series.map((s, i) => <span key={s} className="flex items-center gap-2"><span aria-hidden="true" className="inline-block size-4 rounded-4" style={{ background: COLORS[i] }} />{s}</span>)}
      </div>
      <svg viewBox={`0 0 ${width} ${height}`} className="w-full" role="img" aria-label={`${title}（棒グラフ。数値は下の表にあります）`}>
        <line x1={left} y1={height - bottom} x2={width} y2={height - bottom} stroke="#767676" />
        <text x={left - 6} y={12} textAnchor="end" fontSize="12" fill="#333">{max}</text>
        <text x={left - 6} y={height - bottom} textAnchor="end" fontSize="12" fill="#333">0</text>
        {bars.map((b, i) => (
          <g key={b.label}>
            {b.values.map((v, j) => {
              const h = ((height - bottom - 16) * v) / max;
              return <rect key={j} x={left + i * step + step * 0.1 + j * barWidth} y={height - bottom - h} width={barWidth} height={h} fill={COLORS[j]} rx="2" />;
            })}
            {i % labelEvery === 0 ? <text x={left + i * step + step / 2} y={height - 8} textAnchor="middle" fontSize="12" fill="#333">{b.label}</text> : null}
          </g>
        ))}
      </svg>
      <details>
        <summary className="flex min-h-11 cursor-pointer items-center text-std-16N-170 text-key-900 underline">表で見る</summary>
        <table className="mt-2 w-full text-left text-std-16N-170">
          <thead><tr><th className="py-1">項目</th>{series.map((s) => <th key={s} className="py-1">{`${s}（${unit}）`}</th>)}</tr></thead>
          <tbody>{bars.map((b) => <tr key={b.label} className="border-t border-solid-gray-200"><td className="py-1">{b.label}</td>{b.values.map((v, j) => <td key={j} className="py-1">{v}</td>)}</tr>)}</tbody>
        </table>
      </details>
    </figure>
  );
}

/** Minutes from start to completion per procedure: a bar for the median, a tick for the 90th percentile. */
function DurationChart({ rows }: { rows: { title: string; medianMinutes: number; p90Minutes: number; visits: number }[] }) {
  const max = Math.max(1, ...rows.map((r) => r.p90Minutes));
  const rowH = 34;
  const labelW = 280;
  const width = 760;
  return (
    <figure className="flex flex-col gap-2">
      <figcaption className="text-std-18B-160">手続きごとの所要時間（受付開始から完了まで）</figcaption>
      <p className="text-std-16N-170 text-solid-gray-700">棒は中央値、縦線は90%の受付がそれまでに終わった時間です。</p>
      <svg viewBox={`0 0 ${width} ${rows.length * rowH + 10}`} className="w-full" role="img" aria-label="手続きごとの所要時間（数値は下の表にあります）">
        {rows.map((r, i) => {
          const y = i * rowH + 4;
          const scale = (m: number) => ((width - labelW - 70) * m) / max;
          return (
            <g key={r.title}>
              <text x={labelW - 8} y={y + 20} textAnchor="end" fontSize="13" fill="#1a1a1a">{r.title.length > 20 ? `${r.title.slice(0, 19)}…` : r.title}</text>
              <rect x={labelW} y={y + 6} width={Math.max(2, scale(r.medianMinutes))} height={rowH - 14} fill={COLORS[0]} rx="2" />
              <line x1={labelW + scale(r.p90Minutes)} x2={labelW + scale(r.p90Minutes)} y1={y + 2} y2={y + rowH - 4} stroke="#d92b2b" strokeWidth="3" />
              <text x={labelW + scale(r.p90Minutes) + 6} y={y + 20} fontSize="13" fill="#1a1a1a">{`${r.medianMinutes}分`}</text>
            </g>
          );
        })}
      </svg>
      <details>
        <summary className="flex min-h-11 cursor-pointer items-center text-std-16N-170 text-key-900 underline">表で見る</summary>
        <table className="mt-2 w-full text-left text-std-16N-170">
          <thead><tr><th>手続き</th><th>受付数</th><th>中央値（分）</th><th>90%（分）</th></tr></thead>
          <tbody>{rows.map((r) => <tr key={r.title} className="border-t border-solid-gray-200"><td>{r.title}</td><td>{r.visits}</td><td>{r.medianMinutes}</td><td>{r.p90Minutes}</td></tr>)}</tbody>
        </table>
      </details>
    </figure>
  );
}

function Total({ label, value }: { label: string; value: string }) {
  return (
    <div className="flex flex-col gap-1 rounded-12 border border-solid-gray-200 bg-white p-4">
      <span className="text-std-16N-170 text-solid-gray-700">{label}</span>
      <span className="text-std-32B-150">{value}</span>
    </div>
  );
}

/** 窓口の統計: visits per day and hour, time per procedure, procedures per visit. */
export function CounterStatsPage() {
  usePageTitle('窓口の統計');
  const api = useApi();
  const today = todayInJapan();
  const [from, setFrom] = useState<string>(addDays(today, -29));
  const [to, setTo] = useState<string>(today);
  const stats = useQuery({ queryKey: ['counter-stats', from, to], queryFn: () => api.counter.stats(from, to) });
  return (
    <>
      <PageHeader title="窓口の統計" description="書かない窓口の受付数と所要時間です。個人の情報は含みません。" />
      <div className="mb-6 flex flex-wrap items-end gap-4">
        <label className="flex flex-col gap-1"><span className="text-std-17B-170">開始日</span><input type="date" className={inputClass()} value={from} onChange={(e) => e.target.value && setFrom(e.target.value)} /></label>
        <label className="flex flex-col gap-1"><span className="text-std-17B-170">終了日</span><input type="date" className={inputClass()} value={to} onChange={(e) => e.target.value && setTo(e.target.value)} /></label>
      </div>
      {stats.isPending ? <Loading /> : stats.isError ? <ErrorAlert error={stats.error} /> : (
        <div className="flex flex-col gap-6">
          <div className="grid grid-cols-2 gap-4 md:grid-cols-4">
            <Total label="受付数" value={`${stats.data.totals.started}件`} />
            <Total label="完了" value={`${stats.data.totals.completed}件`} />
            <Total label="所要時間（中央値）" value={stats.data.totals.medianMinutes === null ? '—' : `${stats.data.totals.medianMinutes}分`} />
            <Total label="受け付けた手続き" value={`${stats.data.totals.casesCreated}件`} />
          </div>
          <Section title="日別の受付数">
            <BarChart title="日別の受付数" series={['受付', '完了']} unit="件" labelEvery={Math.ceil(stats.data.perDay.length / 10)}
              bars={stats.data.perDay.map((d) => ({ label: d.date.slice(5).replace('-', '/'), values: [d.started, d.completed] }))} />
          </Section>
          <Section title="時間帯別の受付数">
            <BarChart title="時間帯別の受付数（受付を始めた時刻）" series={['受付', '完了']} unit="件"
              bars={stats.data.perHour.filter((h) => h.hour >= 7 && h.hour <= 19).map((h) => ({ label: `${h.hour}時`, values: [h.started, h.completed] }))} />
          </Section>
          <Section title="手続きごとの所要時間">
            {stats.data.byProcedure.length === 0 ? <p className="text-std-16N-170">この期間に完了した受付はありません。</p> : <DurationChart rows={stats.data.byProcedure} />}
          </Section>
          <Section title="1回の受付で行った手続きの数">
            <BarChart title="1回の受付で行った手続きの数" series={['受付']} unit="件" bars={stats.data.proceduresPerVisit.map((p) => ({ label: `${p.procedures}件`, values: [p.visits] }))} />
          </Section>
        </div>
      )}
    </>
  );
}
