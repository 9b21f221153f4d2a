import { useQuery } from '@tanstack/react-query';
import { Link, useSearch } from '@tanstack/react-router';
import { useEffect } from 'react';
import { usePageTitle } from '../../app/usePageTitle';
import { buttonClasses } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { publicOutreachApi, trimTime, type PublicStop } from './outreachApi';
import { outreachKeys, useOutreachCode } from './OutreachPublicLayout';

const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];

/** The weeks of a month as rows of seven dates (null outside the month), Sunday first. */
function weeksOf(month: string): (string | null)[][] {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1, 1));
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const cells: (string | null)[] = Array.from({ length: first.getUTCDay() }, () => null);
  for (let d = 1; d <= days; d += 1) cells.push(`${month}-${String(d).padStart(2, '0')}`);
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks: (string | null)[][] = [];
  for (let i = 0; i < cells.length; i += 7) weeks.push(cells.slice(i, i + 7));
  return weeks;
}

/**
 * The month on one A4 sheet (landscape) to put on a 公民館 notice board or a fridge: a calendar
 * grid with each day's stops and times, 運休 marked, and where to book. Print CSS sets the page;
 * checked as a PDF through Chromium's print in the browser tests.
 */
export function PrintCalendarPage() {
  const code = useOutreachCode();
  const search = useSearch({ strict: false }) as { month?: string; district?: string };
  const schedule = useQuery({
    queryKey: outreachKeys.schedule(code, search.month ?? '', search.district ?? ''),
    queryFn: () => publicOutreachApi(code).schedule(search.month, search.district),
  });
  const data = schedule.data;
  const district = data?.districts.find((d) => d.code === search.district);
  usePageTitle(data ? `${data.monthLabel} 移動市役所 運行カレンダー` : '移動市役所 運行カレンダー');
  useEffect(() => {
    document.documentElement.lang = 'ja';
  }, []);
  if (schedule.isPending) return <Loading label="カレンダーを作っています…" />;
  if (schedule.isError || !data) return <ErrorAlert error={schedule.error} />;
  const byDate = new Map<string, PublicStop[]>(data.days.map((d) => [d.date, d.stops]));
  return (
    <div className="mx-auto max-w-[297mm] bg-white p-4 text-solid-gray-900 print:max-w-none print:p-0">
      <style>{'@page { size: A4 landscape; margin: 8mm; } @media print { html, body { background: #fff; } }'}</style>
      <div className="mb-3 flex flex-wrap gap-2 print:hidden">
        <button type="button" className={buttonClasses('primary', 'md')} onClick={() => window.print()}>
          印刷する
        </button>
        <Link to="/outreach/$code" params={{ code }} search={{ month: data.month, district: search.district }} className={buttonClasses('secondary', 'md')}>
          運行予定に戻る
        </Link>
      </div>
      <main id="main">
        <h1 className="text-std-24B-150 print:text-[18pt]">
          {data.municipalityName} 移動市役所 運行カレンダー {data.monthLabel}
          {district ? ` ${district.name}` : ''}
        </h1>
        <table className="mt-2 w-full table-fixed border-collapse text-[11pt] print:text-[9pt]">
          <caption className="sr-only">{data.monthLabel}の停車場所と時刻</caption>
          <thead>
            <tr>
              {WEEKDAYS.map((w, i) => (
                <th key={w} scope="col" className={`border border-solid-gray-800 py-1 ${i === 0 ? 'text-red-1000' : i === 6 ? 'text-blue-1000' : ''}`}>
                  {w}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeksOf(data.month).map((week) => (
              <tr key={week.find((d) => d) ?? 'empty'}>
                {week.map((date, i) => (
                  <td key={date ?? `x${i}`} className="h-[30mm] border border-solid-gray-800 p-1 align-top print:h-[28mm]">
                    {date ? (
                      <>
                        <div className="font-bold">{Number(date.slice(8))}</div>
                        <ul>
                          {(byDate.get(date) ?? []).map((s) => (
                            <li key={s.routeStopId} className={`leading-tight ${s.state === 'cancelled' ? 'text-red-1000' : ''}`}>
                              {s.state === 'cancelled' ? '【運休】' : ''}
                              {trimTime(s.start)}〜{trimTime(s.end)} {s.stopName}
                            </li>
                          ))}
                        </ul>
                      </>
                    ) : null}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
        <p className="mt-2 text-[11pt] print:text-[9pt]">
          予約・最新の予定・運休のお知らせ: {window.location.origin}/outreach/{code}　受け付ける用件: 住民票・各種証明書、申請、暮らしの相談（停車場所により異なります）
        </p>
      </main>
    </div>
  );
}
