import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useParams, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { Alert } from '../../components/Alert';
import { Button, buttonClasses } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { publicQueueApi, type Reservation, type Slot } from './queueApi';
import { addDays, formatTime, todayInJapan } from './queueFormat';
import { queueKeys, useQueueCode } from './QueuePublicLayout';
import { SlotPicker } from './ReservePage';

const STATE_LABELS: Record<Reservation['state'], string> = {
  held: '仮予約（まだ確定していません）',
  confirmed: '予約済み',
  checked_in: '受付済み',
  cancelled: '取り消し済み',
  expired: '仮予約の期限切れ',
};

const MAIL_TEXT: Record<string, string> = {
  sent: '確認のメールを送りました。',
  not_sent: 'この窓口ではメールでのお知らせを行っていません。このページのアドレスを保存しておいてください。',
  no_address: 'メールアドレスがないため、確認のメールは送っていません。このページのアドレスを保存しておいてください。',
  failed: '確認のメールを送れませんでした。このページのアドレスを保存しておいてください。',
};

/** A booking, opened from the confirmation e-mail or the link shown after booking. */
export function ReservationPage() {
  const code = useQueueCode();
  const { token } = useParams({ strict: false }) as { token: string };
  const search = useSearch({ strict: false }) as { done?: string };
  const queryClient = useQueryClient();
  const api = publicQueueApi(code);
  const key = queueKeys.reservation(code, token);
  const reservation = useQuery({ queryKey: key, queryFn: () => api.reservation(token) });
  const update = (r: Reservation) => queryClient.setQueryData(key, r);
  const confirm = useMutation({ mutationFn: () => api.confirm(token), onSuccess: update });
  const cancel = useMutation({ mutationFn: () => api.cancel(token), onSuccess: update });
  const [askCancel, setAskCancel] = useState(false);
  const [changing, setChanging] = useState(false);
  const [slot, setSlot] = useState<Slot | null>(null);
  const serviceId = reservation.data?.serviceId ?? '';
  const from = todayInJapan();
  const slots = useQuery({ queryKey: queueKeys.slots(code, serviceId, from), queryFn: () => api.slots(serviceId, from, addDays(from, 20)), enabled: changing && serviceId !== '' });
  const change = useMutation({
    mutationFn: () => api.change(token, slot!.id),
    onSuccess: (r) => {
      update(r);
      setChanging(false);
      setSlot(null);
    },
  });
  useEffect(() => {
    document.title = '予約の確認';
  }, []);

  if (reservation.isPending) return <Loading label="予約を読み込んでいます…" />;
  if (reservation.isError) return <ErrorAlert error={reservation.error} title="予約を表示できません" />;
  const r = reservation.data;
  const active = r.state === 'confirmed';
  return (
    <div className="flex flex-col gap-5">
      <h1 className="text-std-28B-150">予約の確認</h1>
      {search.done && r.state === 'confirmed' ? (
        <Alert variant="success" title="予約を確定しました" focusOnMount>
          <p>{MAIL_TEXT[r.confirmationMail ?? 'not_sent']}</p>
        </Alert>
      ) : null}
      {change.isSuccess ? <Alert variant="success">予約の日時を変更しました。</Alert> : null}
      <section aria-label="予約の内容" className="flex flex-col gap-4 rounded-12 border border-solid-gray-200 bg-white p-5">
        <div className="flex flex-col items-center gap-1">
          <p className="text-std-16B-170 text-solid-gray-800">予約番号</p>
          <p className="font-mono text-std-36B-140 tracking-widest">{r.code}</p>
          <p className="text-std-16N-170">当日、会場の受付機で「予約の方はこちら」を押してこの番号を入力してください。</p>
        </div>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 text-std-16N-170">
          <dt className="font-bold">状態</dt>
          <dd>{STATE_LABELS[r.state]}</dd>
          <dt className="font-bold">用件</dt>
          <dd>{r.serviceName}</dd>
          <dt className="font-bold">日時</dt>
          <dd>
            {r.dateLabel} {formatTime(r.startsAt)}〜{formatTime(r.endsAt)}
          </dd>
          <dt className="font-bold">場所</dt>
          <dd>
            {r.locationName}（{r.place}）
          </dd>
        </dl>
      </section>
      {r.state === 'held' ? (
        <Button onClick={() => confirm.mutate()} busy={confirm.isPending}>
          予約を確定する
        </Button>
      ) : null}
      {r.state === 'confirmed' || r.state === 'checked_in' ? (
        <Link to="/q/$code/t/$token" params={{ code, token }} className={buttonClasses('secondary')}>
          当日の順番を見る
        </Link>
      ) : null}
      {active && !changing ? (
        <div className="flex flex-wrap gap-3">
          <Button variant="secondary" onClick={() => setChanging(true)}>
            日時を変更する
          </Button>
          {askCancel ? null : (
            <Button variant="danger" onClick={() => setAskCancel(true)}>
              予約を取り消す
            </Button>
          )}
        </div>
      ) : null}
      {askCancel && active ? (
        <Alert variant="warning" title="この予約を取り消しますか？">
          <p>取り消すと、この時間帯はほかの方が予約できるようになります。</p>
          <div className="mt-3 flex flex-wrap gap-3">
            <Button variant="danger" onClick={() => cancel.mutate()} busy={cancel.isPending}>
              取り消す
            </Button>
            <Button variant="secondary" onClick={() => setAskCancel(false)}>
              取り消さない
            </Button>
          </div>
        </Alert>
      ) : null}
      {changing ? (
        <section aria-labelledby="change-title" className="flex flex-col gap-3">
          <h2 id="change-title" className="text-std-20B-150">
            新しい日時を選ぶ
          </h2>
          {slots.isPending ? <Loading label="空き状況を読み込んでいます…" /> : null}
          {slots.data ? <SlotPicker slots={slots.data} selected={slot?.id ?? null} onSelect={setSlot} /> : null}
          <div className="flex flex-wrap gap-3">
            <Button disabled={!slot} onClick={() => change.mutate()} busy={change.isPending}>
              この日時に変更する
            </Button>
            <Button variant="secondary" onClick={() => setChanging(false)}>
              変更しない
            </Button>
          </div>
        </section>
      ) : null}
      {[confirm, cancel, change].map((m, i) => (m.isError ? <ErrorAlert key={i} error={m.error} focusOnMount /> : null))}
      {r.state === 'cancelled' || r.state === 'expired' ? (
        <Link to="/q/$code/reserve" params={{ code }} className={buttonClasses('secondary')}>
          新しく予約する
        </Link>
      ) : null}
    </div>
  );
}
