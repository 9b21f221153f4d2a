import { useQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useId, useState } from 'react';
import { usePageTitle } from '../../app/usePageTitle';
import { buttonClasses } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { Table } from '../../components/Table';
import { TextField } from '../../components/TextField';
import { BarChart, ColumnChart } from '../queue/charts';
import { staffOutreachApi, type OutreachStatistics, type Plan } from './outreachApi';
import { outreachKeys } from './OutreachPublicLayout';

const todayInJapan = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const min = (v: number | null) => (v === null ? '—' : `${v}分`);
const DISTRICT_COLOURS = ['#0031d8', '#b78f00', '#197a4b', '#c74700', '#6c2bd9'];

/**
 * The districts drawn from the stops' own coordinates (no map tiles: nothing is fetched from
 * elsewhere): one dot per stop, its area by the residents served there, coloured by district.
 */
function DistrictOverview({ plan, stats }: { plan: Plan; stats: OutreachStatistics }) {
  const captionId = useId();
  const served = new Map(stats.byStop.map((s) => [s.stopId, s.residents]));
  const stops = plan.stops.filter((s) => s.active);
  if (stops.length === 0) return null;
  const lats = stops.map((s) => s.latitude);
  const lons = stops.map((s) => s.longitude);
  const [minLat, maxLat, minLon, maxLon] = [Math.min(...lats), Math.max(...lats), Math.min(...lons), Math.max(...lons)];
  const width = 640;
  const height = 420;
  const pad = 30;
  // Longitude degrees are shorter than latitude degrees at 38.6°N; keep the shape true.
  const kx = Math.cos((38.6 * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * kx, 0.01);
  const spanY = Math.max(maxLat - minLat, 0.01);
  const scale = Math.min((width - 2 * pad) / spanX, (height - 2 * pad) / spanY);
  const x = (lon: number) => pad + (lon - minLon) * kx * scale;
  const y = (lat: number) => height - pad - (lat - minLat) * scale;
  const top = Math.max(1, ...stats.byStop.map((s) => s.residents));
  const colour = new Map(plan.districts.map((d, i) => [d.id, DISTRICT_COLOURS[i % DISTRICT_COLOURS.length]!]));
  return (
    <figure aria-labelledby={captionId} className="flex flex-col gap-2">
      <figcaption id={captionId} className="text-std-17B-170">地区ごとの停車場所と利用者数（円の大きさ＝対応した人数、位置は停車場所の緯度経度）</figcaption>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label="停車場所の分布図" className="w-full max-w-3xl rounded-8 border border-solid-gray-300 bg-white">
        {stops.map((s) => {
          const r = 4 + 18 * Math.sqrt((served.get(s.id) ?? 0) / top);
          return (
            <g key={s.id}>
              <circle cx={x(s.longitude)} cy={y(s.latitude)} r={r} fill={colour.get(s.districtId)} fillOpacity={0.55} stroke={colour.get(s.districtId)} strokeWidth={1.5}>
                <title>{`${s.name}: ${served.get(s.id) ?? 0}人`}</title>
              </circle>
            </g>
          );
        })}
        {plan.districts.map((d) => {
          const mine = stops.filter((s) => s.districtId === d.id);
          if (mine.length === 0) return null;
          const cx = mine.reduce((a, s) => a + x(s.longitude), 0) / mine.length;
          const cy = mine.reduce((a, s) => a + y(s.latitude), 0) / mine.length;
          return (
            <text key={d.id} x={cx} y={cy} textAnchor="middle" fontSize={18} fontWeight="bold" fill="#1a1a1a" stroke="#fff" strokeWidth={4} paintOrder="stroke">
              {d.name}
            </text>
          );
        })}
      </svg>
      <ul className="flex flex-wrap gap-4 text-std-16N-170">
        {plan.districts.map((d) => (
          <li key={d.id} className="flex items-center gap-2">
            <span aria-hidden="true" className="inline-block h-4 w-4 rounded-full" style={{ backgroundColor: colour.get(d.id) }} />
            {d.name}
          </li>
        ))}
      </ul>
    </figure>
  );
}

/** Residents served, procedures and waits per stop, district and day. */
export function OutreachStatsPage() {
  usePageTitle('移動市役所の統計');
  const today = todayInJapan();
  const [from, setFrom] = useState(addDays(today, -27));
  const [to, setTo] = useState(addDays(today, 31));
  const plan = useQuery({ queryKey: outreachKeys.plan, queryFn: staffOutreachApi.plan });
  const stats = useQuery({ queryKey: outreachKeys.stats(from, to), queryFn: () => staffOutreachApi.stats(from, to) });
  const s = stats.data;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="移動市役所の統計"
        description="対応した人数と手続きの件数は車両の端末から届いた記録、待ち時間は端末が測った時間です。運休した停車は別に数えます。"
        actions={
          <Link to="/admin/outreach" className={buttonClasses('secondary', 'sm')}>
            運行計画へ
          </Link>
        }
      />
      <Section title="期間">
        <div className="flex flex-wrap items-end gap-4">
          <TextField label="開始日" type="date" value={from} onChange={(e) => setFrom(e.target.value)} className="w-56" />
          <TextField label="終了日" type="date" value={to} onChange={(e) => setTo(e.target.value)} className="w-56" />
        </div>
      </Section>
      {stats.isPending ? <Loading label="集計しています…" /> : null}
      {stats.isError ? <ErrorAlert error={stats.error} /> : null}
      {s ? (
        <>
          <Section title="合計">
            <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
              {[
                ['対応した人数', `${s.total.residents}人`],
                ['手続き', `${s.total.procedures}件`],
                ['平均待ち時間', min(s.total.avgWaitMinutes)],
                ['停車（運休）', `${s.total.stopsScheduled}回（${s.total.stopsCancelled}回）`],
              ].map(([k, v]) => (
                <div key={k} className="rounded-8 border border-solid-gray-300 p-4">
                  <dt className="text-std-16N-170 text-solid-gray-800">{k}</dt>
                  <dd className="text-std-28B-150 tabular-nums">{v}</dd>
                </div>
              ))}
            </dl>
          </Section>
          <Section title="地区ごと">
            {plan.data ? <DistrictOverview plan={plan.data} stats={s} /> : null}
            <BarChart title="地区ごとの対応人数" unit="人" bars={s.byDistrict.map((d) => ({ label: d.districtName, value: d.residents }))} />
            <BarChart title="地区ごとの平均待ち時間" unit="分" bars={s.byDistrict.map((d) => ({ label: d.districtName, value: d.avgWaitMinutes }))} />
          </Section>
          <Section title="日ごと">
            <ColumnChart title="日ごとの対応人数" unit="人" columns={s.byDay.map((d) => ({ label: d.date.slice(5).replace('-', '/'), value: d.residents }))} />
            <Table
              caption="日ごとの対応と待ち時間"
              rows={s.byDay}
              rowKey={(r) => r.date}
              columns={[
                { header: '日付', cell: (r) => r.date.slice(5).replace('-', '/') },
                { header: '対応人数', cell: (r) => `${r.residents}人` },
                { header: '手続き', cell: (r) => `${r.procedures}件` },
                { header: '平均待ち（端末）', cell: (r) => min(r.avgWaitMinutes) },
                { header: '最長待ち（端末）', cell: (r) => min(r.maxWaitMinutes) },
                { header: '整理券（窓口の受付機・予約）', cell: (r) => `${r.queueVisits}件` },
                { header: '平均待ち（整理券）', cell: (r) => min(r.queueAvgWaitMinutes) },
              ]}
              dense
            />
          </Section>
          <Section title="停車場所ごと">
            <Table
              caption="停車場所ごとの利用"
              rows={s.byStop}
              rowKey={(r) => r.stopId}
              columns={[
                { header: '地区', cell: (r) => r.districtName },
                { header: '停車場所', cell: (r) => r.stopName },
                { header: '停車回数', cell: (r) => `${r.visits}回` },
                { header: '対応人数', cell: (r) => `${r.residents}人` },
                { header: '1回あたり', cell: (r) => (r.residentsPerVisit === null ? '—' : `${r.residentsPerVisit}人`) },
                { header: '手続き', cell: (r) => `${r.procedures}件` },
                { header: '平均待ち', cell: (r) => min(r.avgWaitMinutes) },
                { header: '最長待ち', cell: (r) => min(r.maxWaitMinutes) },
              ]}
              dense
            />
          </Section>
          <Section title="手続きごと">
            <BarChart title="手続きごとの件数" unit="件" bars={s.byProcedure.map((p) => ({ label: p.title, value: p.count }))} />
          </Section>
        </>
      ) : null}
    </div>
  );
}
