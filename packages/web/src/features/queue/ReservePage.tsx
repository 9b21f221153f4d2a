import { useMutation, useQuery } from '@tanstack/react-query';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useMemo, useState } from 'react';
import { detailsByPath } from '../../api/errors';
import { Alert } from '../../components/Alert';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { publicQueueApi, type HeldReservation, type Slot } from './queueApi';
import { addDays, formatShortDate, formatTime, todayInJapan } from './queueFormat';
import { queueKeys, useOverview, useQueueCode } from './QueuePublicLayout';

/** Seconds left on a hold, ticking. */
function useCountdown(until: string | null): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!until) return undefined;
    const t = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(t);
  }, [until]);
  return until ? Math.max(0, Math.floor((Date.parse(until) - now) / 1000)) : 0;
}

/** Dates first (with how many places are free), then the times of the chosen date. */
export function SlotPicker({ slots, selected, onSelect }: { slots: Slot[]; selected: string | null; onSelect: (slot: Slot) => void }) {
  const byDate = useMemo(() => {
    const map = new Map<string, Slot[]>();
    for (const s of slots) map.set(s.date, [...(map.get(s.date) ?? []), s]);
    return [...map.entries()].map(([date, list]) => ({ date, list, free: list.reduce((n, s) => n + s.remaining, 0) }));
  }, [slots]);
  const [date, setDate] = useState<string | null>(null);
  const chosen = byDate.find((d) => d.date === date) ?? byDate.find((d) => d.free > 0) ?? byDate[0];
  if (!chosen) return <Alert variant="info">この期間に予約できる時間帯はありません。別の用件を選ぶか、当日受付機で整理券をお取りください。</Alert>;
  return (
    <div className="flex flex-col gap-4">
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-std-17B-170">日付</legend>
        <div className="grid grid-cols-3 gap-2 sm:grid-cols-5">
          {byDate.map((d) => (
            <button
              key={d.date}
              type="button"
              aria-pressed={chosen.date === d.date}
              disabled={d.free === 0}
              onClick={() => setDate(d.date)}
              className={`flex min-h-14 flex-col items-center justify-center rounded-8 border-2 px-1 text-std-16B-170 ${
                chosen.date === d.date ? 'border-key-900 bg-key-900 text-white' : 'border-key-900 bg-white text-key-900 hover:bg-key-50'
              } disabled:border-solid-gray-300 disabled:bg-solid-gray-50 disabled:text-solid-gray-600`}
            >
              <span>{formatShortDate(d.list[0]!.startsAt)}</span>
              <span className="text-dns-14N-130">{d.free === 0 ? '満員' : `空き${d.free}`}</span>
            </button>
          ))}
        </div>
      </fieldset>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-std-17B-170">{formatShortDate(chosen.list[0]!.startsAt)}の時間</legend>
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-3">
          {chosen.list.map((s) => (
            <button
              key={s.id}
              type="button"
              disabled={s.remaining === 0}
              aria-pressed={selected === s.id}
              onClick={() => onSelect(s)}
              className={`flex min-h-14 flex-col items-center justify-center rounded-8 border-2 px-2 text-std-16B-170 ${
                selected === s.id ? 'border-key-900 bg-key-900 text-white' : 'border-key-900 bg-white text-key-900 hover:bg-key-50'
              } disabled:border-solid-gray-300 disabled:bg-solid-gray-50 disabled:text-solid-gray-600`}
            >
              <span>
                {formatTime(s.startsAt)}〜{formatTime(s.endsAt)}
              </span>
              <span className="text-dns-14N-130">{s.remaining === 0 ? '満員' : `残り${s.remaining}`}</span>
            </button>
          ))}
        </div>
      </fieldset>
    </div>
  );
}

/** Book a time at a counter: choose 用件, time, leave a contact, confirm within the hold. */
export function ReservePage() {
  const code = useQueueCode();
  const search = useSearch({ strict: false }) as { location?: string };
  const navigate = useNavigate();
  const overview = useOverview(code);
  const api = publicQueueApi(code);
  const services = (overview.data?.locations ?? [])
    .filter((l) => !search.location || l.id === search.location)
    .flatMap((l) => l.services.filter((s) => s.reservable).map((s) => ({ ...s, locationName: l.name })));
  const [serviceId, setServiceId] = useState('');
  const chosenService = serviceId || services[0]?.id || '';
  const from = todayInJapan();
  const to = addDays(from, 20);
  const slots = useQuery({ queryKey: queueKeys.slots(code, chosenService, from), queryFn: () => api.slots(chosenService, from, to), enabled: chosenService !== '' });
  const [slot, setSlot] = useState<Slot | null>(null);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const [held, setHeld] = useState<HeldReservation | null>(null);
  const book = useMutation({
    mutationFn: () => api.book(slot!.id, { name, email: email.trim() || null, phone: phone.trim() || null }),
    onSuccess: setHeld,
    onError: () => void slots.refetch(),
  });
  const confirm = useMutation({
    mutationFn: () => api.confirm(held!.token),
    onSuccess: () => void navigate({ to: '/q/$code/r/$token', params: { code, token: held!.token }, search: { done: '1' } }),
  });
  const left = useCountdown(held?.holdExpiresAt ?? null);
  useEffect(() => {
    document.title = '窓口の予約';
  }, []);
  const errors = detailsByPath(book.error);

  if (overview.isPending) return <Loading />;
  if (overview.isError) return <ErrorAlert error={overview.error} />;
  if (held) {
    const r = held.reservation;
    return (
      <div className="flex flex-col gap-5">
        <h1 className="text-std-28B-150">予約の確定</h1>
        <Alert variant={left > 0 ? 'warning' : 'error'} title={left > 0 ? `あと${Math.floor(left / 60)}分${left % 60}秒以内に確定してください` : '仮予約の有効時間が過ぎました'}>
          {left > 0 ? 'この時間を過ぎると、仮押さえした枠はほかの方が予約できるようになります。' : 'もう一度、時間帯を選び直してください。'}
        </Alert>
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-2 rounded-12 border border-solid-gray-200 bg-white p-5 text-std-16N-170">
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
          <dt className="font-bold">お名前</dt>
          <dd>{name}</dd>
        </dl>
        {confirm.isError ? <ErrorAlert error={confirm.error} focusOnMount /> : null}
        {left > 0 ? (
          <Button onClick={() => confirm.mutate()} busy={confirm.isPending} busyLabel="確定しています…">
            予約を確定する
          </Button>
        ) : (
          <Button variant="secondary" onClick={() => { setHeld(null); setSlot(null); void slots.refetch(); }}>
            時間帯を選び直す
          </Button>
        )}
      </div>
    );
  }
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <h1 className="text-std-28B-150">窓口の予約</h1>
        <p className="text-std-16N-170">予約すると、当日は予約時刻の10分前から優先してお呼びします。予約がなくても、当日受付機で整理券をお取りいただけます。</p>
      </div>
      {services.length === 0 ? (
        <Alert variant="info">いま予約を受け付けている用件はありません。</Alert>
      ) : (
        <>
          <SelectField
            label="用件"
            value={chosenService}
            onChange={(e) => {
              setServiceId(e.target.value);
              setSlot(null);
            }}
            options={services.map((s) => ({ value: s.id, label: `${s.name}（${s.locationName}）` }))}
          />
          <section aria-labelledby="slots-title" className="flex flex-col gap-3">
            <h2 id="slots-title" className="text-std-20B-150">
              日時を選ぶ
            </h2>
            {slots.isPending ? <Loading label="空き状況を読み込んでいます…" /> : null}
            {slots.isError ? <ErrorAlert error={slots.error} /> : null}
            {slots.data ? <SlotPicker slots={slots.data} selected={slot?.id ?? null} onSelect={setSlot} /> : null}
          </section>
          {slot ? (
            <form
              className="flex flex-col gap-4 rounded-12 border border-solid-gray-200 bg-white p-5"
              onSubmit={(e) => {
                e.preventDefault();
                book.mutate();
              }}
              noValidate
            >
              <h2 className="text-std-20B-150">
                {formatShortDate(slot.startsAt)} {formatTime(slot.startsAt)}〜 の予約
              </h2>
              <TextField label="お名前" value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" required error={errors.get('contact.name')} />
              <TextField label="メールアドレス" type="email" inputMode="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} hint="予約の確認と前日のお知らせを送ります。" error={errors.get('contact.email')} />
              <TextField label="電話番号" type="tel" inputMode="tel" autoComplete="tel" value={phone} onChange={(e) => setPhone(e.target.value)} hint="メールアドレスがない場合に入力してください。" error={errors.get('contact.phone')} />
              {book.isError ? <ErrorAlert error={book.error} focusOnMount /> : null}
              <Button type="submit" busy={book.isPending} busyLabel="空きを確認しています…">
                この時間で予約する
              </Button>
            </form>
          ) : null}
        </>
      )}
    </div>
  );
}
