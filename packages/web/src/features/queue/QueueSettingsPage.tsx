import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useMe } from '../../app/auth';
import { usePageTitle } from '../../app/usePageTitle';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { QrCode } from '../../components/QrCode';
import { Section } from '../../components/Section';
import { SelectField } from '../../components/SelectField';
import { TextField } from '../../components/TextField';
import { deskKeys } from './DeskPage';
import { staffQueueApi, type OpeningHours, type QueueConfig, type QueueDesk, type QueueLocation, type QueueService } from './queueApi';
import { addDays, todayInJapan, WEEKDAY_LABELS, type Weekday } from './queueFormat';

const WEEK: Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** Every 15 minutes, 24-hour clock, up to 24:00 (a browser's time input can show neither reliably). */
const TIMES = Array.from({ length: 97 }, (_, i) => `${String(Math.floor(i / 4)).padStart(2, '0')}:${String((i % 4) * 15).padStart(2, '0')}`);

function TimeSelect({ label, value, onChange }: { label: string; value: string; onChange: (value: string) => void }) {
  const options = TIMES.includes(value) ? TIMES : [...TIMES, value].sort();
  return (
    <select aria-label={label} value={value} onChange={(e) => onChange(e.target.value)} className="min-h-11 rounded-8 border border-solid-gray-600 bg-white px-2 tabular-nums">
      {options.map((t) => (
        <option key={t} value={t}>
          {t}
        </option>
      ))}
    </select>
  );
}

function HoursForm({ location, code }: { location: QueueLocation; code: string }) {
  const queryClient = useQueryClient();
  const [weekly, setWeekly] = useState<OpeningHours['weekly']>(location.hours.weekly);
  const [remote, setRemote] = useState(location.remoteTickets);
  const save = useMutation({
    mutationFn: () => staffQueueApi.updateLocation(location.id, { hours: { ...location.hours, weekly }, remoteTickets: remote }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: deskKeys.config }),
  });
  const set = (day: Weekday, from: string, to: string, open: boolean) => setWeekly({ ...weekly, [day]: open ? [[from, to]] : [] });
  return (
    <form
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <p className="text-std-16N-170">
        呼出表示（テレビで開く）:{' '}
        <Link to="/q/$code/board/$location" params={{ code, location: location.code }} className="text-key-900 underline">
          /q/{code}/board/{location.code}
        </Link>
      </p>
      {Object.keys(location.hours.dates).length > 0 ? (
        <p className="text-std-16N-170">日付を指定した受付（停車など）: {Object.keys(location.hours.dates).length}日分。曜日の受付時間より優先されます。</p>
      ) : null}
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-2 text-std-17B-170">曜日ごとの受付時間</legend>
        {WEEK.map((day) => {
          const session = weekly[day]?.[0];
          const open = session !== undefined;
          return (
            <div key={day} className="flex flex-wrap items-center gap-3">
              <label className="flex min-h-11 w-28 items-center gap-2 text-std-16B-170">
                <input type="checkbox" checked={open} onChange={(e) => set(day, session?.[0] ?? '08:30', session?.[1] ?? '17:15', e.target.checked)} className="size-5" />
                {WEEKDAY_LABELS[day]}曜日
              </label>
              {open ? (
                <>
                  <TimeSelect label={`${WEEKDAY_LABELS[day]}曜日の開始`} value={session[0]} onChange={(v) => set(day, v, session[1], true)} />
                  <span aria-hidden="true">〜</span>
                  <TimeSelect label={`${WEEKDAY_LABELS[day]}曜日の終了`} value={session[1]} onChange={(v) => set(day, session[0], v, true)} />
                </>
              ) : (
                <span className="text-solid-gray-700">受付なし</span>
              )}
            </div>
          );
        })}
      </fieldset>
      <label className="flex min-h-11 items-center gap-2 text-std-16N-170">
        <input type="checkbox" checked={remote} onChange={(e) => setRemote(e.target.checked)} className="size-5" />
        自宅から整理券を取れるようにする（受付時間内のみ）
      </label>
      {save.isError ? <ErrorAlert error={save.error} /> : null}
      {save.isSuccess ? <Alert variant="success">保存しました。</Alert> : null}
      <Button type="submit" variant="secondary" busy={save.isPending} className="self-start">
        受付時間を保存する
      </Button>
    </form>
  );
}

function ServiceRow({ service }: { service: QueueService }) {
  const queryClient = useQueryClient();
  const [minutes, setMinutes] = useState(String(service.defaultServiceMinutes));
  const [reservable, setReservable] = useState(service.reservable);
  const [active, setActive] = useState(service.active);
  const save = useMutation({
    mutationFn: () => staffQueueApi.updateService(service.id, { defaultServiceMinutes: Number(minutes), reservable, active }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: deskKeys.config }),
  });
  return (
    <tr className="border-b border-solid-gray-200 align-middle">
      <th scope="row" className="py-2 pr-3 text-left font-normal">
        <span className="font-bold">{service.ticketPrefix}</span> {service.name}
        <span className="block text-dns-14N-130 text-solid-gray-700">{service.departmentName ?? ''}</span>
      </th>
      <td className="py-2 pr-3">
        <input type="number" min={0.5} step={0.5} aria-label={`${service.name}の標準の対応時間（分）`} value={minutes} onChange={(e) => setMinutes(e.target.value)} className="min-h-11 w-20 rounded-8 border border-solid-gray-600 px-2" />
      </td>
      <td className="py-2 pr-3">
        <input type="checkbox" aria-label={`${service.name}を予約できるようにする`} checked={reservable} onChange={(e) => setReservable(e.target.checked)} className="size-5" />
      </td>
      <td className="py-2 pr-3">
        <input type="checkbox" aria-label={`${service.name}を受け付ける`} checked={active} onChange={(e) => setActive(e.target.checked)} className="size-5" />
      </td>
      <td className="py-2 text-right">
        <Button size="sm" variant="secondary" onClick={() => save.mutate()} busy={save.isPending} aria-label={`${service.name}を保存`}>
          保存
        </Button>
        {save.isError ? <ErrorAlert error={save.error} className="mt-2 text-left" /> : null}
      </td>
    </tr>
  );
}

function DeskRow({ desk, services }: { desk: QueueDesk; services: QueueService[] }) {
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<string[]>(desk.serviceIds);
  const save = useMutation({
    mutationFn: () => staffQueueApi.updateDesk(desk.id, { serviceIds: selected }),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: deskKeys.config }),
  });
  return (
    <fieldset className="flex flex-col gap-2 border-b border-solid-gray-200 pb-3">
      <legend className="text-std-17B-170">
        {desk.name} {desk.openStaffId ? <Badge tone="positive">受付中</Badge> : null}
      </legend>
      <div className="flex flex-wrap gap-x-4 gap-y-1">
        {services.map((s) => (
          <label key={s.id} className="flex min-h-11 items-center gap-2">
            <input type="checkbox" className="size-5" checked={selected.includes(s.id)} onChange={(e) => setSelected(e.target.checked ? [...selected, s.id] : selected.filter((x) => x !== s.id))} />
            {s.name}
          </label>
        ))}
      </div>
      {save.isError ? <ErrorAlert error={save.error} /> : null}
      <Button size="sm" variant="secondary" onClick={() => save.mutate()} busy={save.isPending} className="self-start">
        {desk.name}の用件を保存
      </Button>
    </fieldset>
  );
}

function Kiosks({ config, code }: { config: QueueConfig; code: string }) {
  const queryClient = useQueryClient();
  const kiosks = useQuery({ queryKey: ['queue', 'staff', 'kiosks'], queryFn: staffQueueApi.kiosks });
  const [locationId, setLocationId] = useState(config.locations[0]?.id ?? '');
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () => staffQueueApi.createKiosk(locationId, name),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['queue', 'staff', 'kiosks'] }),
  });
  const toggle = useMutation({
    mutationFn: (k: { id: string; active: boolean }) => staffQueueApi.setKioskActive(k.id, k.active),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: ['queue', 'staff', 'kiosks'] }),
  });
  const setupUrl = create.data ? `${window.location.origin}/q/${code}/kiosk?token=${create.data.token}` : '';
  return (
    <div className="flex flex-col gap-4">
      <ul className="flex flex-col gap-2">
        {(kiosks.data ?? []).map((k) => (
          <li key={k.id} className="flex flex-wrap items-center gap-3">
            <span>{k.name}（{config.locations.find((l) => l.id === k.locationId)?.name}）</span>
            <Badge tone={k.active ? 'positive' : 'negative'}>{k.active ? '利用中' : '停止中'}</Badge>
            <Button size="sm" variant="secondary" onClick={() => toggle.mutate({ id: k.id, active: !k.active })}>
              {k.active ? '停止する' : '再開する'}
            </Button>
          </li>
        ))}
      </ul>
      <form
        className="flex flex-wrap items-end gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          create.mutate();
        }}
      >
        <SelectField label="場所" value={locationId} onChange={(e) => setLocationId(e.target.value)} options={config.locations.map((l) => ({ value: l.id, label: l.name }))} />
        <TextField label="受付機の名前" value={name} onChange={(e) => setName(e.target.value)} placeholder="例: 1階 入口の受付機" required />
        <Button type="submit" variant="secondary" busy={create.isPending}>
          受付機を登録する
        </Button>
      </form>
      {create.isError ? <ErrorAlert error={create.error} /> : null}
      {create.data ? (
        <Alert variant="warning" title="受付機にするタブレットで、このアドレスを開いてください">
          <p className="break-all font-mono">{setupUrl}</p>
          <p>このアドレスはこの画面でしか表示されません。タブレットのカメラでQRコードを読み取ることもできます。</p>
          <div className="mt-2">
            <QrCode value={setupUrl} label="受付機の登録用のQRコード" size={160} />
          </div>
        </Alert>
      ) : null}
    </div>
  );
}

function SlotGenerator({ services }: { services: QueueService[] }) {
  const reservable = services.filter((s) => s.active);
  const [serviceId, setServiceId] = useState(reservable.find((s) => s.reservable)?.id ?? reservable[0]?.id ?? '');
  const [from, setFrom] = useState(addDays(todayInJapan(), 1));
  const [to, setTo] = useState(addDays(todayInJapan(), 28));
  const [minutes, setMinutes] = useState('30');
  const [capacity, setCapacity] = useState('2');
  const generate = useMutation({ mutationFn: () => staffQueueApi.generateSlots({ serviceId, from, to, minutes: Number(minutes), capacity: Number(capacity) }) });
  return (
    <form
      className="flex flex-col gap-3"
      onSubmit={(e) => {
        e.preventDefault();
        generate.mutate();
      }}
    >
      <p className="text-std-16N-170">受付時間の中に、決まった長さの予約枠を作ります。既にある枠はそのまま残ります。</p>
      <div className="flex flex-wrap items-end gap-3">
        <SelectField label="用件" value={serviceId} onChange={(e) => setServiceId(e.target.value)} options={reservable.map((s) => ({ value: s.id, label: s.name }))} />
        <TextField label="開始日" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        <TextField label="終了日" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        <TextField label="1枠の長さ（分）" type="number" min={5} value={minutes} onChange={(e) => setMinutes(e.target.value)} className="w-36" />
        <TextField label="定員" type="number" min={1} value={capacity} onChange={(e) => setCapacity(e.target.value)} className="w-28" />
      </div>
      {generate.isError ? <ErrorAlert error={generate.error} /> : null}
      {generate.isSuccess ? <Alert variant="success">{generate.data.created}枠を作りました（既にあった枠: {generate.data.considered - generate.data.created}）。</Alert> : null}
      <Button type="submit" variant="secondary" busy={generate.isPending} className="self-start">
        予約枠を作る
      </Button>
    </form>
  );
}

/** Hours, 用件, desks, kiosks and bookable slots of each place where residents queue. */
export function QueueSettingsPage() {
  usePageTitle('窓口の設定');
  const me = useMe();
  const config = useQuery({ queryKey: deskKeys.config, queryFn: staffQueueApi.config });
  const code = me?.municipality.localGovernmentCode ?? '';
  if (config.isPending) return <Loading />;
  if (config.isError) return <ErrorAlert error={config.error} />;
  const c = config.data;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="窓口の設定"
        description="整理券・呼出・予約の場所ごとの設定です。変更はすぐに受付機と呼出表示に反映されます。"
        actions={
          <Link to="/admin/queue/stats" className="inline-flex min-h-11 items-center text-std-16B-170 text-key-900 underline">
            窓口の統計を見る
          </Link>
        }
      />
      {c.locations.map((l) => {
        const services = c.services.filter((s) => s.locationId === l.id);
        return (
          <Section key={l.id} title={`${l.name}${l.kind === 'vehicle' ? '（車両）' : ''}`}>
            <div className="flex flex-col gap-8">
              <HoursForm location={l} code={code} />
              <div className="flex flex-col gap-2">
                <h3 className="text-std-17B-170">用件</h3>
                <table className="w-full border-collapse text-std-16N-170">
                  <caption className="sr-only">{l.name}の用件</caption>
                  <thead>
                    <tr className="border-b-2 border-solid-gray-600 text-left">
                      <th scope="col" className="py-2 pr-3">用件</th>
                      <th scope="col" className="py-2 pr-3">標準の対応時間（分）</th>
                      <th scope="col" className="py-2 pr-3">予約</th>
                      <th scope="col" className="py-2 pr-3">受付</th>
                      <th scope="col" className="py-2"><span className="sr-only">操作</span></th>
                    </tr>
                  </thead>
                  <tbody>
                    {services.map((s) => (
                      <ServiceRow key={s.id} service={s} />
                    ))}
                  </tbody>
                </table>
              </div>
              <div className="flex flex-col gap-3">
                <h3 className="text-std-17B-170">窓口（デスク）と扱う用件</h3>
                {c.desks.filter((d) => d.locationId === l.id).map((d) => (
                  <DeskRow key={d.id} desk={d} services={services} />
                ))}
              </div>
            </div>
          </Section>
        );
      })}
      <Section title="受付機">
        <Kiosks config={c} code={code} />
      </Section>
      <Section title="予約枠">
        <SlotGenerator services={c.services} />
      </Section>
    </div>
  );
}
