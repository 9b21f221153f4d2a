import { useQuery } from '@tanstack/react-query';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { publicOutreachApi, trimTime } from './outreachApi';
import { outreachKeys, useOutreachCode } from './OutreachPublicLayout';

const clock = (iso: string) => new Date(iso).toLocaleTimeString('ja-JP', { timeZone: 'Asia/Tokyo', hour: 'numeric', minute: '2-digit' });

/**
 * Where the vehicle is now and how many are waiting there. Read again every 30 seconds while the
 * phone is online; the time of the vehicle's last report says how fresh it is, since the vehicle
 * itself may be out of coverage.
 */
export function LiveStatusPage() {
  usePageTitle('移動市役所 いまどこ？');
  const code = useOutreachCode();
  const live = useQuery({ queryKey: outreachKeys.live(code), queryFn: () => publicOutreachApi(code).live(), refetchInterval: 30_000 });
  if (live.isPending) return <Loading label="いまの状況を読み込んでいます…" />;
  if (live.isError) return <ErrorAlert error={live.error} />;
  const data = live.data;
  return (
    <div className="flex flex-col gap-6">
      <h1 className="text-std-28B-150">{data.municipalityName} 移動市役所 いまどこ？</h1>
      <p className="text-std-16N-170 text-solid-gray-800" aria-live="polite">{clock(data.at)} 現在（30秒ごとに更新）</p>
      {data.vehicles.length === 0 ? <Alert variant="info">きょうの運行はありません。運行予定のページで次の日をご覧ください。</Alert> : null}
      {data.vehicles.map((v) => (
        <section key={v.vehicleName} aria-label={v.vehicleName} className="flex flex-col gap-4 rounded-12 border-2 border-key-900 bg-white p-4">
          <h2 className="text-std-22B-150">{v.vehicleName}</h2>
          <div>
            <p className="text-std-17B-170">いまの停車場所</p>
            <p className="text-std-28B-150">{v.current ? `${v.current.stopName}（${trimTime(v.current.start)}〜${trimTime(v.current.end)}）` : '移動中・停車していません'}</p>
          </div>
          {v.current ? (
            <div>
              <p className="text-std-17B-170">待っている人</p>
              <p className="text-std-32B-150 tabular-nums">{v.waiting === null ? '—' : `${v.waiting}人`}</p>
            </div>
          ) : null}
          <div>
            <p className="text-std-17B-170">次の停車場所</p>
            <p className="text-std-22B-150">{v.next ? `${v.next.stopName}（${trimTime(v.next.start)}〜）` : 'きょうはこれで終わりです'}</p>
          </div>
          <p className="text-std-16N-170 text-solid-gray-800">
            {v.lastReportAt ? `車両からの最終報告: ${clock(v.lastReportAt)}` : '車両からの報告はまだありません（電波の届かない場所では遅れて届きます）'}
          </p>
          <ol className="flex flex-col gap-1 border-t border-solid-gray-300 pt-3">
            {v.stops.map((s) => (
              <li key={s.routeStopId} className={`text-std-17N-170 ${s.state === 'cancelled' ? 'text-red-1000' : ''}`}>
                {trimTime(s.start)}〜{trimTime(s.end)} {s.stopName}{s.state === 'cancelled' ? `（運休: ${s.cancelReason ?? ''}）` : ''}
              </li>
            ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
