import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { usePageTitle } from '../../app/usePageTitle';
import { buttonClasses } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { BarChart, ColumnChart } from './charts';
import { deskKeys } from './DeskPage';
import { staffQueueApi } from './queueApi';
import { addDays, todayInJapan } from './queueFormat';

const min = (v: number | null) => (v === null ? '—' : `${v}分`);

/** Wait and service times by 用件, hour and day, for deciding desks and hours; CSV for the rest. */
export function QueueStatsPage() {
  usePageTitle('窓口の統計');
  const today = todayInJapan();
  const [from, setFrom] = useState(addDays(today, -27));
  const [to, setTo] = useState(today);
  const [locationId, setLocationId] = useState('');
  const config = useQuery({ queryKey: deskKeys.config, queryFn: staffQueueApi.config });
  const stats = useQuery({ queryKey: ['queue', 'stats', from, to, locationId], queryFn: () => staffQueueApi.stats(from, to, locationId || undefined) });
  const s = stats.data;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="窓口の統計"
        description="待ち時間は整理券を取ってから最初に呼ばれるまで、対応時間は対応を始めてから終わるまでです。"
        actions={
          <a href={staffQueueApi.statsCsvUrl(from, to, locationId || undefined)} download className={buttonClasses('secondary', 'sm')}>
            CSVをダウンロード
          </a>
        }
      />
      <Section title="期間と場所">
        <div className="flex flex-wrap items-end gap-4">
          <TextField label="開始日" type="date" value={from} onChange={(e) => setFrom(e.target.value)} className="w-56" />
          <TextField label="終了日" type="date" value={to} onChange={(e) => setTo(e.target.value)} className="w-56" />
          <SelectField
            label="場所"
            value={locationId}
            onChange={(e) => setLocationId(e.target.value)}
            options={[{ value: '', label: 'すべての場所' }, ...(config.data?.locations ?? []).map((l) => ({ value: l.id, label: l.name }))]}
            className="min-w-60"
          />
        </div>
      </Section>
      {stats.isPending ? <Loading label="集計しています…" /> : null}
      {stats.isError ? <ErrorAlert error={stats.error} /> : null}
      {s ? (
        <>
          <Section title="合計">
            <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
              {[
                ['受付', `${s.total.visits}件`],
                ['平均待ち時間', min(s.total.avgWaitMinutes)],
                ['平均対応時間', min(s.total.avgServiceMinutes)],
                ['不在', `${s.total.noShow}件`],
              ].map(([k, v]) => (
                <div key={k} className="rounded-8 border border-solid-gray-300 p-4">
                  <dt className="text-std-16N-170 text-solid-gray-800">{k}</dt>
                  <dd className="text-std-28B-150 tabular-nums">{v}</dd>
                </div>
              ))}
            </dl>
          </Section>
          <Section title="用件ごと">
            <div className="flex flex-col gap-6">
              <BarChart title="平均待ち時間（用件ごと）" unit="分" bars={s.byService.map((b) => ({ label: b.serviceName, value: b.avgWaitMinutes }))} />
              <BarChart title="平均対応時間（用件ごと）" unit="分" bars={s.byService.map((b) => ({ label: b.serviceName, value: b.avgServiceMinutes }))} />
              <table className="w-full border-collapse text-left text-std-16N-170">
                <caption className="sr-only">用件ごとの件数と時間</caption>
                <thead>
                  <tr className="border-b-2 border-solid-gray-600">
                    <th scope="col" className="py-2 pr-3">用件</th>
                    <th scope="col" className="py-2 pr-3 text-right">受付</th>
                    <th scope="col" className="py-2 pr-3 text-right">平均待ち</th>
                    <th scope="col" className="py-2 pr-3 text-right">待ち（9割の人が以内）</th>
                    <th scope="col" className="py-2 pr-3 text-right">平均対応</th>
                    <th scope="col" className="py-2 pr-3 text-right">転送</th>
                    <th scope="col" className="py-2 text-right">不在</th>
                  </tr>
                </thead>
                <tbody>
                  {s.byService.map((b) => (
                    <tr key={b.serviceId} className="border-b border-solid-gray-200">
                      <th scope="row" className="py-2 pr-3 font-normal">{b.serviceName}</th>
                      <td className="py-2 pr-3 text-right tabular-nums">{b.visits}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{min(b.avgWaitMinutes)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{min(b.p90WaitMinutes)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{min(b.avgServiceMinutes)}</td>
                      <td className="py-2 pr-3 text-right tabular-nums">{b.transferred}</td>
                      <td className="py-2 text-right tabular-nums">{b.noShow}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </Section>
          <Section title="時間帯ごと">
            <div className="flex flex-col gap-6">
              <ColumnChart title="受付件数（時台ごと、期間の合計）" unit="件" columns={s.byHour.map((h) => ({ label: `${h.hour}時`, value: h.visits }))} />
              <ColumnChart title="平均待ち時間（時台ごと）" unit="分" columns={s.byHour.map((h) => ({ label: `${h.hour}時`, value: h.avgWaitMinutes }))} />
            </div>
          </Section>
          <Section title="日ごと">
            <ColumnChart title="受付件数（日ごと）" unit="件" columns={s.byDay.map((d) => ({ label: `${Number(d.date.slice(8))}`, value: d.visits }))} />
          </Section>
        </>
      ) : null}
    </div>
  );
}
