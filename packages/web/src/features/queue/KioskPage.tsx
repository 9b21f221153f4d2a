import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useEffect, useState, type ReactNode } from 'react';
import { ApiError } from '../../api/errors';
import { QrCode } from '../../components/QrCode';
import { publicQueueApi, type IssuedTicket, type PublicLocation } from './queueApi';
import { numberForScreenReader, waitText } from './queueFormat';
import { queueKeys } from './QueuePublicLayout';
import { TicketReceipt, type Paper } from './TicketReceipt';

const tokenKey = (code: string) => `madoguchi.queue.kiosk.${code}`;
const paperKey = 'madoguchi.queue.kiosk.paper';
/** After this long the ticket screen goes back to the start for the next resident. */
const RESET_MS = 30_000;

const bigButton =
  'flex min-h-28 w-full flex-col items-center justify-center gap-1 rounded-16 border-4 px-4 py-4 text-center transition-colors focus-visible:outline-4';

function KioskMessage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main id="main" className="flex min-h-screen flex-col items-center justify-center gap-6 bg-white p-10 text-center">
      <h1 className="text-[40px] font-bold text-solid-gray-900">{title}</h1>
      <div className="text-[24px] text-solid-gray-800">{children}</div>
    </main>
  );
}

function IssuedScreen({ ticket, location, cityName, paper, onDone }: { ticket: IssuedTicket; location: PublicLocation; cityName: string; paper: Paper; onDone: () => void }) {
  const url = `${window.location.origin}${ticket.statusPath}`;
  useEffect(() => {
    // Printing starts by itself; kiosk browsers run with --kiosk-printing so no dialog appears.
    const print = setTimeout(() => window.print(), 300);
    const back = setTimeout(onDone, RESET_MS);
    return () => {
      clearTimeout(print);
      clearTimeout(back);
    };
  }, [onDone]);
  const s = ticket.status;
  return (
    <>
      <main id="main" className="flex min-h-screen flex-col items-center justify-center gap-6 bg-white p-8 text-center print:hidden">
        <h1 className="text-[32px] font-bold text-solid-gray-900">整理券をお取りください</h1>
        <p className="text-[24px] text-solid-gray-800">{s.serviceName}</p>
        <p className="text-[28px] text-solid-gray-800">受付番号</p>
        <p className="font-bold leading-none tabular-nums text-key-900" style={{ fontSize: '140px' }} aria-label={numberForScreenReader(ticket.displayNumber)}>
          {ticket.displayNumber}
        </p>
        <p className="text-[28px] text-solid-gray-900">
          {s.state === 'arrived' ? '予約時刻の10分前から優先してお呼びします' : `あなたの前に ${s.ahead ?? 0}人 ・ 目安 ${waitText(s.estimatedWaitMinutes)}`}
        </p>
        <div className="flex flex-wrap items-center justify-center gap-6">
          <QrCode value={url} label="順番の確認ページのQRコード" size={200} />
          <p className="max-w-md text-left text-[22px] text-solid-gray-800">
            スマートフォンでQRコードを読み取ると、順番と待ち時間の目安がわかります。会場の外でお待ちいただけます。
          </p>
        </div>
        <button type="button" onClick={onDone} className={`${bigButton} max-w-md border-key-900 bg-key-900 text-[26px] font-bold text-white`}>
          最初の画面に戻る
        </button>
      </main>
      <TicketReceipt status={s} statusUrl={url} paper={paper} cityName={cityName} />
    </>
  );
}

function ReservationCheckIn({ onCheckIn, error, busy, onBack }: { onCheckIn: (code: string) => void; error: unknown; busy: boolean; onBack: () => void }) {
  const [code, setCode] = useState('');
  return (
    <main id="main" className="flex min-h-screen flex-col items-center justify-center gap-6 bg-white p-8">
      <h1 className="text-[36px] font-bold text-solid-gray-900">予約の受付</h1>
      <form
        className="flex w-full max-w-xl flex-col gap-5"
        onSubmit={(e) => {
          e.preventDefault();
          onCheckIn(code);
        }}
      >
        <label htmlFor="reservation-code" className="text-[24px] font-bold">
          予約番号（メールや予約画面にあります。例: AB12-CD34）
        </label>
        <input
          id="reservation-code"
          value={code}
          onChange={(e) => setCode(e.target.value.toUpperCase())}
          autoComplete="off"
          autoCapitalize="characters"
          className="min-h-20 rounded-12 border-4 border-solid-gray-600 px-6 text-center font-mono text-[40px] tracking-widest"
          aria-describedby={error ? 'checkin-error' : undefined}
          required
        />
        {error ? (
          <p id="checkin-error" role="alert" className="rounded-12 border-4 border-red-900 bg-red-50 p-4 text-[22px] font-bold text-red-1000">
            {error instanceof ApiError ? error.message : '受付できませんでした。職員に声をおかけください。'}
          </p>
        ) : null}
        <button type="submit" disabled={busy} className={`${bigButton} border-key-900 bg-key-900 text-[28px] font-bold text-white disabled:opacity-60`}>
          {busy ? '受付しています…' : '受付する'}
        </button>
        <button type="button" onClick={onBack} className={`${bigButton} border-solid-gray-600 bg-white text-[24px] text-solid-gray-900`}>
          戻る
        </button>
      </form>
    </main>
  );
}

/**
 * The touch kiosk at the entrance (or the vehicle's tablet). A tablet becomes a kiosk once an
 * administrator opens /q/<code>/kiosk?token=… on it; the token is kept on the device.
 */
export function KioskPage() {
  const { code } = useParams({ strict: false }) as { code: string };
  const search = useSearch({ strict: false }) as { token?: string; paper?: string };
  const navigate = useNavigate();
  const [token, setToken] = useState(() => localStorage.getItem(tokenKey(code)) ?? '');
  const [paper] = useState<Paper>(() => {
    if (search.paper === 'a4' || search.paper === 'receipt') localStorage.setItem(paperKey, search.paper);
    return localStorage.getItem(paperKey) === 'a4' ? 'a4' : 'receipt';
  });
  useEffect(() => {
    document.documentElement.lang = 'ja';
    document.title = '受付機';
    if (search.token) {
      localStorage.setItem(tokenKey(code), search.token);
      setToken(search.token);
      // The token does not stay in the address bar (or in the history of a shared tablet).
      void navigate({ to: '/q/$code/kiosk', params: { code }, search: {}, replace: true });
    }
  }, [search.token, code, navigate]);

  const api = publicQueueApi(code);
  const kiosk = useQuery({ queryKey: ['queue', code, 'kiosk', token], queryFn: () => api.kiosk(token), enabled: token !== '', retry: false });
  const overview = useQuery({ queryKey: queueKeys.overview(code), queryFn: () => api.overview(), refetchInterval: 30_000 });
  const [assist, setAssist] = useState(false);
  const [mode, setMode] = useState<'services' | 'reservation'>('services');
  const [issued, setIssued] = useState<IssuedTicket | null>(null);
  const issue = useMutation({ mutationFn: (serviceId: string) => api.issueAtKiosk(token, kiosk.data!.locationId, serviceId, assist), onSuccess: setIssued });
  const checkIn = useMutation({ mutationFn: (reservationCode: string) => api.checkInAtKiosk(token, kiosk.data!.locationId, reservationCode), onSuccess: setIssued });
  const reset = () => {
    setIssued(null);
    setAssist(false);
    setMode('services');
    issue.reset();
    checkIn.reset();
    void overview.refetch();
  };

  if (!token || kiosk.isError) {
    return (
      <KioskMessage title="この端末は受付機として登録されていません">
        <p>職員に連絡してください。</p>
        <p className="mt-4 text-[18px]">（管理者: 窓口の設定で受付機を登録し、表示されたアドレスをこの端末で開いてください）</p>
      </KioskMessage>
    );
  }
  if (kiosk.isPending || overview.isPending) return <KioskMessage title="準備しています…">しばらくお待ちください。</KioskMessage>;
  if (overview.isError) return <KioskMessage title="ただいま受付できません">職員に声をおかけください。</KioskMessage>;
  const location = overview.data.locations.find((l) => l.id === kiosk.data.locationId);
  if (!location) return <KioskMessage title="ただいま受付できません">この受付機の窓口は休止中です。職員に声をおかけください。</KioskMessage>;
  const cityName = overview.data.municipality.name;

  if (issued) return <IssuedScreen ticket={issued} location={location} cityName={cityName} paper={paper} onDone={reset} />;
  if (mode === 'reservation') {
    return <ReservationCheckIn onCheckIn={(c) => checkIn.mutate(c)} error={checkIn.error} busy={checkIn.isPending} onBack={() => { checkIn.reset(); setMode('services'); }} />;
  }
  return (
    <main id="main" className="flex min-h-screen flex-col gap-6 bg-solid-gray-50 p-8">
      <header className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <p className="text-[22px] text-solid-gray-800">
            {cityName} {location.name}
          </p>
          <h1 className="text-[40px] font-bold text-solid-gray-900">ご用件を選んでください</h1>
        </div>
        <p className="text-[22px] text-solid-gray-800">受付時間 {location.todaySessions}</p>
      </header>
      {!location.open ? (
        <p role="status" className="rounded-12 border-4 border-yellow-900 bg-yellow-50 p-5 text-[24px] font-bold">
          ただいま受付時間外です（本日: {location.todaySessions}）。
        </p>
      ) : null}
      {issue.isError ? (
        <p role="alert" className="rounded-12 border-4 border-red-900 bg-red-50 p-5 text-[24px] font-bold text-red-1000">
          {issue.error instanceof ApiError ? issue.error.message : '整理券を発行できませんでした。職員に声をおかけください。'}
        </p>
      ) : null}
      <div className="grid grid-cols-1 gap-5 md:grid-cols-2">
        {location.services.map((s) => (
          <button
            key={s.id}
            type="button"
            disabled={issue.isPending || !location.open}
            onClick={() => issue.mutate(s.id)}
            className={`${bigButton} border-key-900 bg-white text-solid-gray-900 hover:bg-key-50 active:bg-key-100 disabled:border-solid-gray-300 disabled:text-solid-gray-600`}
          >
            <span className="text-[30px] font-bold">{s.name}</span>
            <span className="text-[22px] text-solid-gray-800">
              待ち {s.waiting}人 ・ 目安 {waitText(s.estimateMinutes)}
            </span>
          </button>
        ))}
      </div>
      <div className="flex flex-wrap gap-5">
        <label className="flex min-h-20 flex-1 cursor-pointer items-center gap-4 rounded-16 border-4 border-solid-gray-600 bg-white px-6 text-[24px]">
          <input type="checkbox" checked={assist} onChange={(e) => setAssist(e.target.checked)} className="size-9" />
          介助が必要です（車いす・筆談・付き添いなど）
        </label>
        <button type="button" onClick={() => setMode('reservation')} className={`${bigButton} min-h-20 flex-1 border-solid-gray-900 bg-white text-[26px] font-bold text-solid-gray-900`}>
          予約の方はこちら
        </button>
      </div>
    </main>
  );
}
