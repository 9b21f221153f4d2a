import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useEffect, useRef, useState } from 'react';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { TextField } from '../../components/TextField';
import { publicQueueApi, type TicketStatus } from './queueApi';
import { numberForScreenReader, waitText } from './queueFormat';
import { guidance } from './ticketGuidance';
import { queueKeys, useQueueCode } from './QueuePublicLayout';
import { TicketReceipt } from './TicketReceipt';
import { useEventStream } from './useEventStream';

const NOTIFY_KEY = 'madoguchi.queue.notify';

/** Browser notifications: asked for once, then fired when the turn is near or the number is called. */
function useTurnNotifications(status: TicketStatus | undefined, token: string) {
  const [threshold, setThreshold] = useState<number | null>(() => {
    const saved = localStorage.getItem(`${NOTIFY_KEY}.${token}`);
    return saved === null ? null : Number(saved);
  });
  const notified = useRef<string | null>(null);
  useEffect(() => {
    if (!status || threshold === null || typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
    const key = status.state === 'called' ? `called-${status.callCount}` : status.state === 'waiting' && status.ahead !== null && status.ahead <= threshold ? 'near' : null;
    if (!key || notified.current === key) return;
    notified.current = key;
    const body = status.state === 'called' ? `${status.deskName ?? '窓口'}へお越しください。` : `あと${status.ahead}人でお呼びします（目安 ${waitText(status.estimatedWaitMinutes)}）。`;
    new Notification(`受付番号 ${status.displayNumber ?? ''}`, { body, tag: `queue-${token}` });
    navigator.vibrate?.([300, 150, 300]);
  }, [status, threshold, token]);
  const enable = async (ahead: number) => {
    if (typeof Notification === 'undefined') return 'unsupported' as const;
    const permission = Notification.permission === 'default' ? await Notification.requestPermission() : Notification.permission;
    if (permission !== 'granted') return 'denied' as const;
    localStorage.setItem(`${NOTIFY_KEY}.${token}`, String(ahead));
    setThreshold(ahead);
    return 'granted' as const;
  };
  return { threshold, enable };
}

function NotifyPanel({ code, token, status }: { code: string; token: string; status: TicketStatus }) {
  const queryClient = useQueryClient();
  const { threshold, enable } = useTurnNotifications(status, token);
  const [browserResult, setBrowserResult] = useState<'unsupported' | 'denied' | 'granted' | null>(null);
  const [ahead, setAhead] = useState(3);
  const [email, setEmail] = useState('');
  const mail = useMutation({
    mutationFn: (value: string | null) => publicQueueApi(code).notify(token, value, ahead),
    onSuccess: (s) => queryClient.setQueryData(queueKeys.ticket(code, token), s),
  });
  if (!['waiting', 'arrived', 'reserved'].includes(status.state)) return null;
  return (
    <section aria-labelledby="notify-title" className="flex flex-col gap-3 rounded-12 border border-solid-gray-200 bg-white p-5 print:hidden">
      <h2 id="notify-title" className="text-std-20B-150">順番が近づいたら知らせる</h2>
      <label className="flex flex-col gap-1 text-std-16B-170">
        知らせる時
        <select value={ahead} onChange={(e) => setAhead(Number(e.target.value))} className="min-h-12 rounded-8 border border-solid-gray-600 bg-white px-3 text-std-16N-170">
          <option value={5}>あと5人になったら</option>
          <option value={3}>あと3人になったら</option>
          <option value={1}>あと1人になったら</option>
          <option value={0}>次の番になったら</option>
        </select>
      </label>
      {threshold !== null ? (
        <Alert variant="success">この端末に通知します（あと{threshold}人になった時と、呼ばれた時）。画面を閉じずにお待ちください。</Alert>
      ) : (
        <Button variant="secondary" onClick={() => void enable(ahead).then(setBrowserResult)}>
          この端末に通知する
        </Button>
      )}
      {browserResult === 'denied' ? <Alert variant="warning">通知が許可されませんでした。ブラウザの設定で通知を許可するか、メールでのお知らせをご利用ください。</Alert> : null}
      {browserResult === 'unsupported' ? <Alert variant="warning">このブラウザは通知に対応していません。メールでのお知らせをご利用ください。</Alert> : null}
      {status.notify.mailAvailable ? (
        status.notify.email ? (
          <div className="flex flex-col gap-2">
            <p className="text-std-16N-170">
              {status.notify.email} に、あと{status.notify.ahead}人になったらメールでお知らせします。
            </p>
            <Button variant="tertiary" onClick={() => mail.mutate(null)} busy={mail.isPending}>
              メールのお知らせをやめる
            </Button>
          </div>
        ) : (
          <form
            className="flex flex-col gap-3"
            onSubmit={(e) => {
              e.preventDefault();
              mail.mutate(email.trim());
            }}
          >
            <TextField label="メールで知らせる（メールアドレス）" type="email" autoComplete="email" inputMode="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
            <Button type="submit" variant="secondary" busy={mail.isPending} busyLabel="登録しています…">
              メールで知らせる
            </Button>
          </form>
        )
      ) : null}
      {mail.isError ? <ErrorAlert error={mail.error} /> : null}
    </section>
  );
}

/** The resident's phone page behind the QR code: place in the queue, wait, where to go. */
export function TicketStatusPage() {
  const code = useQueueCode();
  const { token } = useParams({ strict: false }) as { token: string };
  const queryClient = useQueryClient();
  const ticket = useQuery({ queryKey: queueKeys.ticket(code, token), queryFn: () => publicQueueApi(code).ticket(token) });
  const [announcement, setAnnouncement] = useState('');
  const stream = useEventStream<TicketStatus>(ticket.isSuccess ? publicQueueApi(code).ticketEventsUrl(token) : null, 'status', (s) => {
    queryClient.setQueryData(queueKeys.ticket(code, token), s);
  });
  const status = ticket.data;
  const g = status ? guidance(status) : null;
  // What a screen reader hears when the status changes (not on every position tick: once per state).
  const lastState = useRef<string>('');
  useEffect(() => {
    if (!status || !g) return;
    const key = `${status.state}-${status.callCount}-${status.ahead ?? ''}`;
    if (lastState.current && lastState.current !== key) setAnnouncement(`${g.title}。${g.text}`);
    lastState.current = key;
    document.title = status.state === 'called' ? `【呼出中】${status.displayNumber ?? ''} ${status.deskName ?? ''}` : `受付番号 ${status.displayNumber ?? '（予約）'} | ${status.locationName}`;
  }, [status, g]);

  if (ticket.isPending) return <Loading label="整理券の状況を読み込んでいます…" />;
  if (ticket.isError) return <ErrorAlert error={ticket.error} title="整理券を表示できません" />;
  const s = ticket.data;
  const called = s.state === 'called';
  return (
    <div className="flex flex-col gap-5">
      <p aria-live="polite" className="sr-only">
        {announcement}
      </p>
      <div className="print:hidden">
        <h1 className="text-std-20B-150 text-solid-gray-800">
          {s.locationName}・{s.serviceName}
        </h1>
      </div>
      <section
        aria-label="受付番号と状況"
        className={`flex flex-col items-center gap-3 rounded-12 border-4 p-6 text-center print:hidden ${called ? 'border-yellow-900 bg-yellow-50' : 'border-key-900 bg-white'}`}
      >
        <p className="text-std-16B-170 text-solid-gray-800">受付番号</p>
        <p className="font-bold tabular-nums leading-none text-solid-gray-900" style={{ fontSize: '72px' }} aria-label={s.displayNumber ? numberForScreenReader(s.displayNumber) : '番号は来庁時にお渡しします'}>
          {s.displayNumber ?? '予約'}
        </p>
        <p className={`text-std-28B-150 ${called ? 'text-red-1000' : 'text-key-900'}`}>{g!.title}</p>
        <p className="text-std-17N-170">{g!.text}</p>
        {s.state === 'waiting' ? (
          <dl className="grid grid-cols-2 gap-4 pt-2">
            <div>
              <dt className="text-std-16N-170 text-solid-gray-800">前の人数</dt>
              <dd className="text-std-32B-150 tabular-nums">{s.ahead ?? '—'}人</dd>
            </div>
            <div>
              <dt className="text-std-16N-170 text-solid-gray-800">待ち時間の目安</dt>
              <dd className="text-std-32B-150">{waitText(s.estimatedWaitMinutes)}</dd>
            </div>
          </dl>
        ) : null}
      </section>
      {stream === 'reconnecting' ? <Alert variant="warning">接続が切れました。自動でつなぎ直しています…（表示は最後に受け取った状況です）</Alert> : null}
      {s.legs.length > 1 ? (
        <section aria-labelledby="legs-title" className="rounded-12 border border-solid-gray-200 bg-white p-5 print:hidden">
          <h2 id="legs-title" className="mb-2 text-std-20B-150">
            本日の手続きの流れ
          </h2>
          <ol className="flex flex-col gap-2">
            {s.legs.map((l, i) => (
              <li key={i} className="flex items-center justify-between gap-3 text-std-16N-170">
                <span>
                  {i + 1}. {l.serviceName}
                </span>
                <span className="text-std-16B-170">{l.stateLabel}</span>
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      <NotifyPanel code={code} token={token} status={s} />
      {s.displayNumber ? (
        <div className="print:hidden">
          <Button variant="tertiary" onClick={() => window.print()}>
            この整理券を印刷する（A4）
          </Button>
        </div>
      ) : null}
      {s.displayNumber ? <TicketReceipt status={s} statusUrl={window.location.href} paper="a4" /> : null}
    </div>
  );
}
