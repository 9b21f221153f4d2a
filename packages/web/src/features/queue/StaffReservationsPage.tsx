import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useMe } from '../../app/auth';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { deskKeys } from './DeskPage';
import { publicQueueApi, staffQueueApi, type Slot, type StaffReservation } from './queueApi';
import { addDays, formatTime, todayInJapan } from './queueFormat';
import { SlotPicker } from './ReservePage';

const STATE: Record<StaffReservation['state'], { label: string; tone: 'neutral' | 'positive' | 'negative' | 'notice' }> = {
  held: { label: '仮予約', tone: 'notice' },
  confirmed: { label: '予約済み', tone: 'neutral' },
  checked_in: { label: '受付済み', tone: 'positive' },
  cancelled: { label: '取消', tone: 'negative' },
  expired: { label: '期限切れ', tone: 'negative' },
};

function BookForResident({ code, onBooked }: { code: string; onBooked: () => void }) {
  const config = useQuery({ queryKey: deskKeys.config, queryFn: staffQueueApi.config });
  const services = config.data?.services.filter((s) => s.reservable && s.active) ?? [];
  const [serviceId, setServiceId] = useState('');
  const chosen = serviceId || services[0]?.id || '';
  const from = todayInJapan();
  const slots = useQuery({ queryKey: ['queue', code, 'slots', chosen, from], queryFn: () => publicQueueApi(code).slots(chosen, from, addDays(from, 30)), enabled: chosen !== '' });
  const [slot, setSlot] = useState<Slot | null>(null);
  const [name, setName] = useState('');
  const [phone, setPhone] = useState('');
  const [email, setEmail] = useState('');
  const book = useMutation({
    mutationFn: () => staffQueueApi.book(slot!.id, { name, phone: phone || null, email: email || null }),
    onSuccess: () => {
      setSlot(null);
      setName('');
      setPhone('');
      setEmail('');
      void slots.refetch();
      onBooked();
    },
  });
  if (config.isPending) return <Loading />;
  return (
    <div className="flex flex-col gap-4">
      <SelectField label="用件" value={chosen} onChange={(e) => { setServiceId(e.target.value); setSlot(null); }} options={services.map((s) => ({ value: s.id, label: s.name }))} />
      {slots.data ? <SlotPicker slots={slots.data.slice(0, 60)} selected={slot?.id ?? null} onSelect={setSlot} /> : null}
      {slot ? (
        <form
          className="flex flex-col gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            book.mutate();
          }}
        >
          <TextField label="お名前" value={name} onChange={(e) => setName(e.target.value)} required />
          <TextField label="電話番号" type="tel" value={phone} onChange={(e) => setPhone(e.target.value)} hint="電話で受けた予約は電話番号を記録します。" />
          <TextField label="メールアドレス（任意）" type="email" value={email} onChange={(e) => setEmail(e.target.value)} />
          {book.isError ? <ErrorAlert error={book.error} /> : null}
          <Button type="submit" busy={book.isPending}>
            {formatTime(slot.startsAt)}〜で予約する
          </Button>
        </form>
      ) : null}
      {book.isSuccess ? (
        <Alert variant="success" title={`予約しました（予約番号 ${book.data.code}）`}>
          当日はこの予約番号で受付します。
        </Alert>
      ) : null}
    </div>
  );
}

/** The day's bookings for the counter (names and contacts: opening this list is audited). */
export function StaffReservationsPage() {
  usePageTitle('窓口予約');
  const me = useMe();
  const queryClient = useQueryClient();
  const [date, setDate] = useState(todayInJapan());
  const key = ['queue', 'staff', 'reservations', date];
  const list = useQuery({ queryKey: key, queryFn: () => staffQueueApi.reservations(date) });
  const cancel = useMutation({ mutationFn: (id: string) => staffQueueApi.cancel(id), onSettled: () => void queryClient.invalidateQueries({ queryKey: key }) });
  const [cancelling, setCancelling] = useState<string | null>(null);
  const code = me?.municipality.localGovernmentCode ?? '';
  return (
    <div className="flex flex-col gap-6">
      <PageHeader title="窓口予約" description="予約の一覧には予約者の連絡先が含まれます。開いた記録は監査ログに残ります。" />
      <Section title="予約の一覧">
        <div className="mb-4 flex flex-wrap items-end gap-3">
          <TextField label="日付" type="date" value={date} onChange={(e) => setDate(e.target.value)} className="w-56" />
        </div>
        {list.isPending ? <Loading /> : null}
        {list.isError ? <ErrorAlert error={list.error} /> : null}
        {cancel.isError ? <ErrorAlert error={cancel.error} className="mb-3" /> : null}
        {list.data && list.data.length === 0 ? <p>この日の予約はありません。</p> : null}
        {list.data && list.data.length > 0 ? (
          <table className="w-full border-collapse text-left text-std-16N-170">
            <caption className="sr-only">{date}の予約</caption>
            <thead>
              <tr className="border-b-2 border-solid-gray-600">
                <th scope="col" className="py-2 pr-3">時間</th>
                <th scope="col" className="py-2 pr-3">用件</th>
                <th scope="col" className="py-2 pr-3">お名前・連絡先</th>
                <th scope="col" className="py-2 pr-3">予約番号</th>
                <th scope="col" className="py-2 pr-3">状態</th>
                <th scope="col" className="py-2"><span className="sr-only">操作</span></th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((r) => (
                <tr key={r.id} className="border-b border-solid-gray-200 align-top">
                  <td className="py-2 pr-3 whitespace-nowrap">
                    {formatTime(r.startsAt)}〜{formatTime(r.endsAt)}
                  </td>
                  <td className="py-2 pr-3">{r.serviceName}</td>
                  <td className="py-2 pr-3">
                    <span className="block font-bold">{r.name}</span>
                    <span className="block text-dns-14N-130">{[r.phone, r.email].filter(Boolean).join(' / ')}</span>
                  </td>
                  <td className="py-2 pr-3 font-mono">{r.code}</td>
                  <td className="py-2 pr-3">
                    <Badge tone={STATE[r.state].tone}>{STATE[r.state].label}</Badge>
                    {r.displayNumber ? <span className="ml-2 tabular-nums">{r.displayNumber}</span> : null}
                  </td>
                  <td className="py-2 text-right">
                    {r.state === 'confirmed' || r.state === 'held' ? (
                      cancelling === r.id ? (
                        <span className="flex flex-wrap justify-end gap-2">
                          <Button size="sm" variant="danger" onClick={() => cancel.mutate(r.id)} busy={cancel.isPending}>
                            取り消す
                          </Button>
                          <Button size="sm" variant="secondary" onClick={() => setCancelling(null)}>
                            やめる
                          </Button>
                        </span>
                      ) : (
                        <Button size="sm" variant="secondary" onClick={() => setCancelling(r.id)} aria-label={`取消（${r.name}さんの予約）`}>
                          取消
                        </Button>
                      )
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : null}
      </Section>
      <Section title="電話・窓口で受けた予約を登録する">
        {code ? <BookForResident code={code} onBooked={() => void queryClient.invalidateQueries({ queryKey: key })} /> : null}
      </Section>
    </div>
  );
}
