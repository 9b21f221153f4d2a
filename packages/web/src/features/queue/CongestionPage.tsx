import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { Alert } from '../../components/Alert';
import { Button, buttonClasses } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { BarChart, Heatmap, type HeatCell } from './charts';
import { publicQueueApi, type PublicLocation } from './queueApi';
import { waitText, WEEKDAY_LABELS, type Weekday } from './queueFormat';
import { queueKeys, useOverview, useQueueCode } from './QueuePublicLayout';

const WEEKDAY_ORDER: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

function BusyHoursChart({ code, location }: { code: string; location: PublicLocation }) {
  const busy = useQuery({ queryKey: queueKeys.busy(code, location.id), queryFn: () => publicQueueApi(code).busyHours(location.id), staleTime: 30 * 60_000 });
  if (busy.isPending) return <Loading label="混雑する時間帯を読み込んでいます…" />;
  if (busy.isError) return <ErrorAlert error={busy.error} />;
  if (busy.data.cells.length === 0) return <p className="text-std-16N-170">まだ十分な記録がありません。</p>;
  const days = WEEKDAY_ORDER.filter((w) => busy.data.cells.some((c) => c.weekday === w));
  const hours = [...new Set(busy.data.cells.filter((c) => c.arrivals > 0).map((c) => c.hour))].sort((a, b) => a - b);
  const cells: HeatCell[] = busy.data.cells.map((c) => ({ row: WEEKDAY_LABELS[c.weekday], column: `${c.hour}時`, value: c.arrivals, label: c.arrivals > 0 ? String(Math.round(c.arrivals)) : '' }));
  return (
    <Heatmap
      title="曜日・時間帯ごとの混雑（来庁者数の平均）"
      rows={days.map((d) => WEEKDAY_LABELS[d])}
      columns={hours.map((h) => `${h}時`)}
      cells={cells}
      legend={`過去${busy.data.weeks}週間の、1時間あたりに受付した人数の平均です。色が濃いほど混み合います。`}
    />
  );
}

function RemoteTicket({ code, location }: { code: string; location: PublicLocation }) {
  const navigate = useNavigate();
  const [serviceId, setServiceId] = useState(location.services[0]?.id ?? '');
  const issue = useMutation({
    mutationFn: () => publicQueueApi(code).issueRemote(location.id, serviceId),
    onSuccess: (ticket) => void navigate({ to: '/q/$code/t/$token', params: { code, token: ticket.token } }),
  });
  return (
    <form
      className="flex flex-col gap-3 rounded-8 border border-solid-gray-300 p-4"
      onSubmit={(e) => {
        e.preventDefault();
        issue.mutate();
      }}
    >
      <p className="text-std-17B-170">自宅から整理券を取る</p>
      <p className="text-std-16N-170">順番が近づくまで、ご自宅などでお待ちいただけます。呼出の時に会場にいらっしゃらない場合は、順番が後になります。</p>
      <label className="flex flex-col gap-1 text-std-16B-170">
        用件
        <select value={serviceId} onChange={(e) => setServiceId(e.target.value)} className="min-h-12 rounded-8 border border-solid-gray-600 bg-white px-3 text-std-16N-170">
          {location.services.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}（待ち{s.waiting}人）
            </option>
          ))}
        </select>
      </label>
      {issue.isError ? <ErrorAlert error={issue.error} /> : null}
      <Button type="submit" busy={issue.isPending} busyLabel="発行しています…">
        整理券を取る
      </Button>
    </form>
  );
}

function LocationSection({ code, location }: { code: string; location: PublicLocation }) {
  const hasReservable = location.services.some((s) => s.reservable);
  return (
    <section aria-labelledby={`loc-${location.id}`} className="flex flex-col gap-4 rounded-12 border border-solid-gray-200 bg-white p-5">
      <div className="flex flex-col gap-1">
        <h2 id={`loc-${location.id}`} className="text-std-24B-150">
          {location.name}
        </h2>
        <p className="text-std-16N-170 text-solid-gray-800">{location.place}</p>
        <p className="text-std-16B-170">
          {location.open ? <span className="text-green-900">受付中</span> : <span className="text-solid-gray-800">受付時間外</span>}
          <span className="font-normal">（本日: {location.todaySessions}）</span>
        </p>
      </div>
      {location.open ? (
        <BarChart
          title="いまの待ち時間の目安"
          unit="分"
          bars={location.services.map((s) => ({ label: s.name, value: s.estimateMinutes, valueLabel: `${waitText(s.estimateMinutes)}（${s.waiting}人）` }))}
        />
      ) : null}
      {location.kind === 'vehicle' && location.upcoming.length > 0 ? (
        <div className="flex flex-col gap-2">
          <h3 className="text-std-17B-170">これからの運行予定</h3>
          <ul className="flex flex-col gap-1 text-std-16N-170">
            {location.upcoming.slice(0, 8).map((u) => (
              <li key={u.date}>
                {u.dateLabel} {u.sessions}
                {u.note ? ` ・ ${u.note}` : ''}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {location.kind === 'hall' ? <BusyHoursChart code={code} location={location} /> : null}
      <div className="flex flex-col gap-3">
        {hasReservable ? (
          <Link to="/q/$code/reserve" params={{ code }} search={{ location: location.id }} className={buttonClasses('secondary')}>
            この窓口を予約する
          </Link>
        ) : null}
        {location.remoteTickets && location.open ? <RemoteTicket code={code} location={location} /> : null}
      </div>
    </section>
  );
}

/** The public front page: how long the wait is now, when it is quiet, where the vehicle goes. */
export function CongestionPage() {
  const code = useQueueCode();
  const overview = useOverview(code);
  const city = overview.data?.municipality.name;
  useEffect(() => {
    if (city) document.title = `窓口の混雑状況 | ${city}`;
  }, [city]);
  if (overview.isPending) return <Loading label="混雑状況を読み込んでいます…" />;
  if (overview.isError) return <ErrorAlert error={overview.error} />;
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <h1 className="text-std-28B-150">窓口の混雑状況</h1>
        <p className="text-std-16N-170">待ち時間は目安です。1分ごとに更新します。</p>
      </div>
      {overview.data.locations.length === 0 ? <Alert variant="info">窓口の案内はまだありません。</Alert> : null}
      {overview.data.locations.map((l) => (
        <LocationSection key={l.id} code={code} location={l} />
      ))}
    </div>
  );
}
