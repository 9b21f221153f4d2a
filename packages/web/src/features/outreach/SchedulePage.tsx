import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { buttonClasses } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { publicOutreachApi, shiftMonth, trimTime, type PublicStop } from './outreachApi';
import { outreachKeys, useOutreachCode } from './OutreachPublicLayout';

function StopCard({ stop, code }: { stop: PublicStop; code: string }) {
  const cancelled = stop.state === 'cancelled';
  return (
    <li className={`flex flex-col gap-2 rounded-12 border-2 bg-white p-4 ${cancelled ? 'border-red-900' : 'border-solid-gray-300'}`}>
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <span className="text-std-24B-150 tabular-nums">{trimTime(stop.start)}〜{trimTime(stop.end)}</span>
        {cancelled ? <span className="rounded-4 bg-red-900 px-2 text-std-17B-170 text-white">運休</span> : null}
      </div>
      <h3 className={`text-std-22B-150 ${cancelled ? 'line-through decoration-2' : ''}`}>{stop.stopName}</h3>
      {cancelled ? <p className="text-std-17B-170 text-red-1000">理由: {stop.cancelReason}</p> : null}
      <p className="text-std-17N-170">{stop.address}</p>
      <p className="text-std-17N-170">
        <span className="font-bold">受け付ける用件: </span>
        {stop.services.join('、')}
      </p>
      {stop.accessibility ? <p className="text-std-17N-170">♿ {stop.accessibility}</p> : null}
      {!cancelled ? (
        <div className="flex flex-wrap gap-2 pt-1">
          {stop.bookingLocationId ? (
            <Link to="/q/$code/reserve" params={{ code }} search={{ location: stop.bookingLocationId }} className={buttonClasses('primary', 'md')}>
              予約する
            </Link>
          ) : null}
          <a href={publicOutreachApi(code).calendarUrl({ stop: stop.stopCode })} className={buttonClasses('secondary', 'md')}>
            この場所の予定をカレンダーに追加
          </a>
        </div>
      ) : null}
    </li>
  );
}

/** The month's stops, by day, for one district or all; 運休 stays visible with its reason. */
export function SchedulePage() {
  const code = useOutreachCode();
  const search = useSearch({ strict: false }) as { month?: string; district?: string };
  const navigate = useNavigate();
  const schedule = useQuery({
    queryKey: outreachKeys.schedule(code, search.month ?? '', search.district ?? ''),
    queryFn: () => publicOutreachApi(code).schedule(search.month, search.district),
  });
  const data = schedule.data;
  usePageTitle(data ? `${data.municipalityName} 移動市役所 ${data.monthLabel}` : '移動市役所の運行予定');
  const go = (next: { month?: string | undefined; district?: string | undefined }) =>
    void navigate({ to: '/outreach/$code', params: { code }, search: { month: next.month, district: next.district } });
  if (schedule.isPending) return <Loading label="運行予定を読み込んでいます…" />;
  if (schedule.isError || !data) return <ErrorAlert error={schedule.error} />;
  const district = data.districts.find((d) => d.code === search.district);
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <h1 className="text-std-28B-150">{data.municipalityName} 移動市役所</h1>
        <p className="text-std-17N-170">市役所の窓口が車でお近くに伺います。住民票の写しなどの証明書、申請、暮らしの相談を受け付けます。</p>
      </div>
      <div className="flex flex-col gap-3">
        <h2 className="text-center text-std-24B-150">{data.monthLabel}</h2>
        <nav aria-label="月の切り替え" className="grid grid-cols-2 gap-2">
          <button type="button" className={buttonClasses('secondary', 'md')} onClick={() => go({ month: shiftMonth(data.month, -1), district: search.district })}>
            ← 前の月
          </button>
          <button type="button" className={buttonClasses('secondary', 'md')} onClick={() => go({ month: shiftMonth(data.month, 1), district: search.district })}>
            次の月 →
          </button>
        </nav>
      </div>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-std-17B-170">地区を選ぶ</legend>
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
          {[{ code: '', name: 'すべての地区' }, ...data.districts].map((d) => (
            <button
              key={d.code}
              type="button"
              aria-pressed={(search.district ?? '') === d.code}
              onClick={() => go({ month: data.month, district: d.code || undefined })}
              className={`min-h-14 rounded-8 border-2 px-2 text-std-17B-170 ${
                (search.district ?? '') === d.code ? 'border-key-900 bg-key-900 text-white' : 'border-key-900 bg-white text-key-900 hover:bg-key-50'
              }`}
            >
              {d.name}
            </button>
          ))}
        </div>
        {district ? <p className="text-std-16N-170 text-solid-gray-800">{district.name}: {district.areas.join('、')}</p> : null}
      </fieldset>
      <div className="flex flex-wrap gap-2">
        <Link to="/outreach/$code/print" params={{ code }} search={{ month: data.month, district: search.district }} className={buttonClasses('secondary', 'md')}>
          印刷用カレンダー（A4）
        </Link>
        <a href={publicOutreachApi(code).calendarUrl({ district: search.district })} className={buttonClasses('secondary', 'md')}>
          {district ? `${district.name}の予定` : 'すべての予定'}をカレンダーアプリに登録
        </a>
      </div>
      {!data.monthPublished && data.days.length === 0 ? <Alert variant="info">この月の運行予定はまだ公開されていません。</Alert> : null}
      {data.monthPublished && data.days.length === 0 ? <Alert variant="info">この月、この地区への運行はありません。ほかの地区や月もご覧ください。</Alert> : null}
      <ol className="flex flex-col gap-6">
        {data.days.map((day) => (
          <li key={day.date} className="flex flex-col gap-3">
            <h2 className="border-b-2 border-key-900 pb-1 text-std-24B-150">{day.dateLabel}</h2>
            <ul className="flex flex-col gap-3">
              {day.stops.map((s) => <StopCard key={s.routeStopId} stop={s} code={code} />)}
            </ul>
          </li>
        ))}
      </ol>
    </div>
  );
}
