import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { formatWareki, type IsoDate } from '@madoguchi/jp';
import { useMe } from '../../app/auth';
import { usePageTitle } from '../../app/usePageTitle';
import { detailsByPath } from '../../api/errors';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button, buttonClasses } from '../../components/Button';
import { CheckboxGroup } from '../../components/CheckboxGroup';
import { ErrorAlert } from '../../components/ErrorAlert';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Section } from '../../components/Section';
import { SelectField } from '../../components/SelectField';
import { Table } from '../../components/Table';
import { TextField } from '../../components/TextField';
import { staffOutreachApi, shiftMonth, trimTime, type CancelNotice, type Plan, type Route } from './outreachApi';
import { outreachKeys } from './OutreachPublicLayout';

const WEEKDAYS = ['日', '月', '火', '水', '木', '金', '土'];
const dateLabel = (date: string) => `${formatWareki(date as IsoDate)}（${WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()]}）`;
const todayInJapan = () => new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
const addDays = (date: string, n: number) => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const monthRange = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return { from: `${month}-01`, to: `${month}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate()).padStart(2, '0')}` };
};
const STATE: Record<Route['state'], { label: string; tone: 'neutral' | 'positive' | 'negative' }> = {
  draft: { label: '下書き', tone: 'neutral' },
  published: { label: '公開済み', tone: 'positive' },
  cancelled: { label: '運休', tone: 'negative' },
};

interface StopRow { stopId: string; start: string; end: string; serviceIds: string[] }
const emptyStop = (plan: Plan): StopRow => ({ stopId: '', start: '10:00', end: '11:00', serviceIds: plan.services.slice(0, 1).map((s) => s.id) });

/** A new route: the day, the vehicle, up to twelve stops in order, each with its times and 用件. */
/** A day's stops at most: one queue session each (the queue holds 12 dated sessions a day). */
const MAX_STOPS = 12;

/**
 * Changing a published route: the running stops' times and services (or taking a stop off). The
 * date and booking slots stay. The server refuses a change that would leave a booked resident
 * outside the stops (cancel that stop instead, so they are told).
 */
function EditRouteForm({ route, plan, onDone }: { route: Route; plan: Plan; onDone: () => void }) {
  const running = route.stops.filter((s) => s.state === 'scheduled');
  const [stops, setStops] = useState<StopRow[]>(running.map((s) => ({ stopId: s.stopId, start: s.start, end: s.end, serviceIds: s.serviceIds })));
  const save = useMutation({
    mutationFn: () => staffOutreachApi.updateRoute(route.id, { date: route.date, stops, staffIds: route.staffIds, deviceIds: route.deviceIds, slotMinutes: route.slotMinutes, slotCapacity: route.slotCapacity, note: route.note }),
    onSuccess: onDone,
  });
  const errors = detailsByPath(save.error);
  const vehicle = plan.vehicles.find((v) => v.id === route.vehicleId);
  const services = plan.services.filter((s) => s.locationId === vehicle?.queueLocationId);
  const stopName = (id: string) => plan.stops.find((s) => s.id === id)?.name ?? '';
  const update = (i: number, patch: Partial<StopRow>) => setStops(stops.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <form
      aria-label={`${dateLabel(route.date)}の運行の変更`}
      className="flex flex-col gap-3 rounded-8 border-2 border-key-900 p-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      <p className="text-std-16N-170">公開済みの運行です。停車時間と用件を変えられます。予約の入った時間を外す変更はできません（その停車場所を運休にすると予約者に連絡されます）。</p>
      {save.isError ? <ErrorAlert error={save.error} /> : null}
      <ol className="flex flex-col gap-3">
        {stops.map((s, i) => (
          <li key={s.stopId} className="flex flex-col gap-2">
            <div className="flex flex-wrap items-end gap-4">
              <p className="min-w-48 text-std-17B-170">{stopName(s.stopId)}</p>
              <TextField label={`${stopName(s.stopId)}の到着`} type="time" step={300} value={s.start} onChange={(e) => update(i, { start: e.target.value })} error={errors.get(`stops.${i}.start`)} className="w-40" />
              <TextField label={`${stopName(s.stopId)}の出発`} type="time" step={300} value={s.end} onChange={(e) => update(i, { end: e.target.value })} error={errors.get(`stops.${i}.end`)} className="w-40" />
              {stops.length > 1 ? (
                <Button type="button" variant="tertiary" size="sm" onClick={() => setStops(stops.filter((_, j) => j !== i))}>
                  {stopName(s.stopId)}を外す
                </Button>
              ) : null}
            </div>
            <CheckboxGroup legend={`${stopName(s.stopId)}で受け付ける用件`} options={services.map((x) => ({ value: x.id, label: x.name }))} value={s.serviceIds} onChange={(serviceIds) => update(i, { serviceIds })} error={errors.get(`stops.${i}.serviceIds`)} columns={2} />
          </li>
        ))}
      </ol>
      <div>
        <Button type="submit" disabled={save.isPending}>
          変更を保存して予約枠に反映
        </Button>
      </div>
    </form>
  );
}

function RouteForm({ plan, onSaved }: { plan: Plan; onSaved: (route: Route) => void }) {
  const [date, setDate] = useState(addDays(todayInJapan(), 3));
  const [vehicleId, setVehicleId] = useState(plan.vehicles[0]?.id ?? '');
  const [stops, setStops] = useState<StopRow[]>([emptyStop(plan)]);
  const [staffIds, setStaffIds] = useState<string[]>([]);
  const [deviceIds, setDeviceIds] = useState<string[]>([]);
  const [slotMinutes, setSlotMinutes] = useState('30');
  const [slotCapacity, setSlotCapacity] = useState('2');
  const save = useMutation({
    mutationFn: () => staffOutreachApi.createRoute({ vehicleId, date, stops, staffIds, deviceIds, slotMinutes: Number(slotMinutes), slotCapacity: Number(slotCapacity) }),
    onSuccess: (route) => {
      setStops([emptyStop(plan)]);
      onSaved(route);
    },
  });
  const errors = detailsByPath(save.error);
  const districtName = new Map(plan.districts.map((d) => [d.id, d.name]));
  const vehicle = plan.vehicles.find((v) => v.id === vehicleId);
  const services = plan.services.filter((s) => s.locationId === vehicle?.queueLocationId);
  const update = (i: number, patch: Partial<StopRow>) => setStops(stops.map((s, j) => (j === i ? { ...s, ...patch } : s)));
  return (
    <form
      aria-label="運行計画の作成"
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      {save.isError ? <ErrorAlert error={save.error} /> : null}
      <div className="flex flex-wrap gap-4">
        <TextField label="運行日" type="date" value={date} onChange={(e) => setDate(e.target.value)} error={errors.get('date')} className="w-56" required />
        <SelectField label="車両" value={vehicleId} onChange={(e) => setVehicleId(e.target.value)} options={plan.vehicles.map((v) => ({ value: v.id, label: v.name }))} error={errors.get('vehicleId')} className="min-w-60" />
        <TextField label="予約枠の長さ（分）" type="number" min={10} max={120} value={slotMinutes} onChange={(e) => setSlotMinutes(e.target.value)} error={errors.get('slotMinutes')} className="w-48" />
        <TextField label="1枠の定員（人）" type="number" min={0} max={50} value={slotCapacity} onChange={(e) => setSlotCapacity(e.target.value)} error={errors.get('slotCapacity')} className="w-48" />
      </div>
      <ol className="flex flex-col gap-4">
        {stops.map((s, i) => (
          <li key={i} className="flex flex-col gap-3 rounded-8 border border-solid-gray-300 p-4">
            <h3 className="text-std-17B-170">{i + 1}か所目</h3>
            <div className="flex flex-wrap items-end gap-4">
              <SelectField
                label="停車場所"
                value={s.stopId}
                onChange={(e) => update(i, { stopId: e.target.value })}
                options={[{ value: '', label: '選んでください' }, ...plan.stops.filter((x) => x.active).map((x) => ({ value: x.id, label: `${districtName.get(x.districtId) ?? ''} ${x.name}` }))]}
                error={errors.get(`stops.${i}.stopId`)}
                className="min-w-72"
              />
              <TextField label="到着" type="time" step={300} value={s.start} onChange={(e) => update(i, { start: e.target.value })} error={errors.get(`stops.${i}.start`)} className="w-40" />
              <TextField label="出発" type="time" step={300} value={s.end} onChange={(e) => update(i, { end: e.target.value })} error={errors.get(`stops.${i}.end`)} className="w-40" />
              {stops.length > 1 ? (
                <Button type="button" variant="tertiary" size="sm" onClick={() => setStops(stops.filter((_, j) => j !== i))}>
                  {i + 1}か所目を外す
                </Button>
              ) : null}
            </div>
            <CheckboxGroup
              legend={`${i + 1}か所目で受け付ける用件`}
              options={services.map((x) => ({ value: x.id, label: x.name }))}
              value={s.serviceIds}
              onChange={(serviceIds) => update(i, { serviceIds })}
              error={errors.get(`stops.${i}.serviceIds`)}
              columns={2}
            />
          </li>
        ))}
      </ol>
      {errors.get('stops') && !stops.some((_, i) => errors.has(`stops.${i}`)) ? <Alert variant="error">{errors.get('stops')}</Alert> : null}
      <div className="flex flex-wrap gap-3">
        <Button type="button" variant="secondary" disabled={stops.length >= MAX_STOPS} onClick={() => setStops([...stops, { ...emptyStop(plan), start: stops.at(-1)?.end ?? '13:00', end: '15:00' }])}>
          停車場所を追加
        </Button>
      </div>
      <CheckboxGroup legend="乗車する職員" options={plan.staff.map((p) => ({ value: p.id, label: p.displayName }))} value={staffIds} onChange={setStaffIds} error={errors.get('staffIds')} columns={2} />
      {plan.devices.length > 0 ? (
        <CheckboxGroup legend="乗せる端末（タブレット）" options={plan.devices.map((d) => ({ value: d.id, label: d.label }))} value={deviceIds} onChange={setDeviceIds} error={errors.get('deviceIds')} columns={2} />
      ) : (
        <p className="text-std-16N-170 text-solid-gray-800">車両の端末はまだ登録されていません（「端末の管理」で登録できます）。</p>
      )}
      <div>
        <Button type="submit" disabled={save.isPending}>
          下書きとして保存
        </Button>
      </div>
    </form>
  );
}

/** 運休: the stops to cancel and the reason residents will read; then who was told and who to phone. */
function CancelForm({ route, stopName, onDone }: { route: Route; stopName: (id: string) => string; onDone: () => void }) {
  const running = route.stops.filter((s) => s.state === 'scheduled');
  const [selected, setSelected] = useState<string[]>(running.map((s) => s.id));
  const [reason, setReason] = useState('');
  const [notices, setNotices] = useState<CancelNotice[] | null>(null);
  const cancel = useMutation({
    mutationFn: () => staffOutreachApi.cancel(route.id, reason, selected.length === running.length ? undefined : selected),
    onSuccess: (result) => {
      setNotices(result.notices);
      onDone();
    },
  });
  const errors = detailsByPath(cancel.error);
  if (notices) {
    const phone = notices.filter((n) => n.outcome === 'no_address');
    return (
      <Alert variant="success" title="運休にしました">
        <p>予約していた{notices.length}人の予約を取り消しました。メールアドレスのある{notices.length - phone.length}人にお知らせを送ります。</p>
        {phone.length > 0 ? (
          <>
            <p className="font-bold">電話で連絡してください:</p>
            <ul>
              {phone.map((n) => (
                <li key={n.reservationId}>
                  {n.name} 様 {n.phone ?? ''}（{n.stopName}、予約番号 {n.code}）
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </Alert>
    );
  }
  return (
    <form
      aria-label={`${dateLabel(route.date)}の運休`}
      className="flex flex-col gap-3 rounded-8 border-2 border-red-900 p-4"
      onSubmit={(e) => {
        e.preventDefault();
        cancel.mutate();
      }}
    >
      {cancel.isError ? <ErrorAlert error={cancel.error} /> : null}
      <CheckboxGroup legend="運休にする停車場所" options={running.map((s) => ({ value: s.id, label: `${trimTime(s.start)}〜${trimTime(s.end)} ${stopName(s.stopId)}` }))} value={selected} onChange={setSelected} error={errors.get('routeStopIds')} />
      <TextField label="運休の理由（予約した方へのメールと公開の予定表に表示されます）" value={reason} onChange={(e) => setReason(e.target.value)} placeholder="例: 大雪のため" error={errors.get('reason')} required />
      <div>
        <Button type="submit" variant="danger" disabled={cancel.isPending || selected.length === 0}>
          運休にして予約者に知らせる
        </Button>
      </div>
    </form>
  );
}

function RouteCard({ route, plan, month }: { route: Route; plan: Plan; month: string }) {
  const queryClient = useQueryClient();
  const [cancelling, setCancelling] = useState(false);
  const [editing, setEditing] = useState(false);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: outreachKeys.routes(month) });
  const publish = useMutation({ mutationFn: () => staffOutreachApi.publishRoute(route.id), onSuccess: refresh });
  const remove = useMutation({ mutationFn: () => staffOutreachApi.deleteRoute(route.id), onSuccess: refresh });
  const stopName = (id: string) => plan.stops.find((s) => s.id === id)?.name ?? '';
  const serviceName = (id: string) => plan.services.find((s) => s.id === id)?.name ?? '';
  const state = STATE[route.state];
  return (
    <li className="flex flex-col gap-3 rounded-8 border border-solid-gray-300 bg-white p-4">
      <div className="flex flex-wrap items-center gap-3">
        <h3 className="text-std-20B-150">{dateLabel(route.date)}</h3>
        <Badge tone={state.tone}>{state.label}</Badge>
        <span className="text-std-16N-170">{plan.vehicles.find((v) => v.id === route.vehicleId)?.name}</span>
      </div>
      {route.cancelReason ? <p className="text-std-16B-170 text-red-1000">運休の理由: {route.cancelReason}</p> : null}
      <ol className="flex flex-col gap-1">
        {route.stops.map((s) => (
          <li key={s.id} className={`text-std-16N-170 ${s.state === 'cancelled' ? 'text-red-1000' : ''}`}>
            <span className="tabular-nums">{trimTime(s.start)}〜{trimTime(s.end)}</span> {stopName(s.stopId)}（{s.serviceIds.map(serviceName).join('、')}）
            {s.state === 'cancelled' ? ` — 運休: ${s.cancelReason ?? ''}` : ''}
          </li>
        ))}
      </ol>
      {publish.isError ? <ErrorAlert error={publish.error} /> : null}
      {remove.isError ? <ErrorAlert error={remove.error} /> : null}
      <div className="flex flex-wrap gap-3">
        {route.state === 'draft' ? (
          <>
            <Button size="sm" onClick={() => publish.mutate()} disabled={publish.isPending}>
              公開する
            </Button>
            <Button size="sm" variant="tertiary" onClick={() => remove.mutate()} disabled={remove.isPending}>
              下書きを削除
            </Button>
          </>
        ) : null}
        {route.state === 'published' && !cancelling && !editing ? (
          <>
            <Button size="sm" variant="secondary" onClick={() => setEditing(true)}>
              時間・用件を変更
            </Button>
            <Button size="sm" variant="danger" onClick={() => setCancelling(true)}>
              運休にする
            </Button>
          </>
        ) : null}
      </div>
      {editing ? <EditRouteForm route={route} plan={plan} onDone={() => { setEditing(false); refresh(); }} /> : null}
      {cancelling ? <CancelForm route={route} stopName={stopName} onDone={refresh} /> : null}
    </li>
  );
}

/** A new stop: where it is (address and coordinates, for the statistics' overview) and how to get in. */
function StopForm({ plan }: { plan: Plan }) {
  const queryClient = useQueryClient();
  const [districtId, setDistrictId] = useState(plan.districts[0]?.id ?? '');
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [latitude, setLatitude] = useState('');
  const [longitude, setLongitude] = useState('');
  const [accessibility, setAccessibility] = useState('');
  const save = useMutation({
    mutationFn: () => staffOutreachApi.createStop({ districtId, code, name, address, latitude: Number(latitude), longitude: Number(longitude), accessibility }),
    onSuccess: () => {
      setCode('');
      setName('');
      setAddress('');
      setLatitude('');
      setLongitude('');
      setAccessibility('');
      void queryClient.invalidateQueries({ queryKey: outreachKeys.plan });
    },
  });
  const errors = detailsByPath(save.error);
  return (
    <form
      aria-label="停車場所の追加"
      className="flex flex-col gap-4"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
    >
      {save.isError ? <ErrorAlert error={save.error} /> : null}
      {save.isSuccess ? <Alert variant="success">停車場所を追加しました。運行計画で選べます。</Alert> : null}
      <div className="flex flex-wrap gap-4">
        <SelectField label="地区" value={districtId} onChange={(e) => setDistrictId(e.target.value)} options={plan.districts.map((d) => ({ value: d.id, label: d.name }))} error={errors.get('districtId')} className="min-w-48" />
        <TextField label="名前" value={name} onChange={(e) => setName(e.target.value)} placeholder="例: 鶴子集会所" error={errors.get('name')} required className="min-w-64" />
        <TextField label="コード（半角英小文字・数字・ハイフン）" value={code} onChange={(e) => setCode(e.target.value)} placeholder="例: tokiwa-9" error={errors.get('code')} required className="w-72" />
      </div>
      <TextField label="住所" value={address} onChange={(e) => setAddress(e.target.value)} placeholder="例: 山形県尾花沢市大字鶴子123番地" error={errors.get('address')} required />
      <div className="flex flex-wrap gap-4">
        <TextField label="緯度" inputMode="decimal" value={latitude} onChange={(e) => setLatitude(e.target.value)} placeholder="38.55" error={errors.get('latitude')} required className="w-48" />
        <TextField label="経度" inputMode="decimal" value={longitude} onChange={(e) => setLongitude(e.target.value)} placeholder="140.45" error={errors.get('longitude')} required className="w-48" />
      </div>
      <TextField label="バリアフリー・駐車場など（住民向けの予定表に表示）" value={accessibility} onChange={(e) => setAccessibility(e.target.value)} placeholder="例: 段差なし・車いす用スロープあり" error={errors.get('accessibility')} />
      <div>
        <Button type="submit" variant="secondary" disabled={save.isPending}>
          停車場所を追加
        </Button>
      </div>
    </form>
  );
}

/** Where the vehicle goes: the month's routes, a new route, publishing, 運休. */
export function OutreachPlanningPage() {
  usePageTitle('移動市役所の運行計画');
  const queryClient = useQueryClient();
  const me = useMe();
  const [month, setMonth] = useState(todayInJapan().slice(0, 7));
  const plan = useQuery({ queryKey: outreachKeys.plan, queryFn: staffOutreachApi.plan });
  const routes = useQuery({ queryKey: outreachKeys.routes(month), queryFn: () => staffOutreachApi.routes(monthRange(month).from, monthRange(month).to) });
  const publishMonth = useMutation({
    mutationFn: () => staffOutreachApi.publishMonth(month),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: outreachKeys.routes(month) }),
  });
  const [saved, setSaved] = useState<Route | null>(null);
  const code = me?.municipality.localGovernmentCode ?? '';
  if (plan.isPending) return <Loading label="運行計画を読み込んでいます…" />;
  if (plan.isError) return <ErrorAlert error={plan.error} />;
  const drafts = (routes.data ?? []).filter((r) => r.state === 'draft').length;
  return (
    <div className="flex flex-col gap-6">
      <PageHeader
        title="移動市役所の運行計画"
        description="車両が回る日と停車場所を計画し、公開すると住民向けの予定表と窓口予約の枠に反映されます。"
        actions={
          <>
            <Link to="/admin/outreach/stats" className={buttonClasses('secondary', 'sm')}>
              停車場所の統計
            </Link>
            <Link to="/outreach/vehicle/reviews" className={buttonClasses('secondary', 'sm')}>
              車両からの申請の確認待ち
            </Link>
            <Link to="/vehicle" className={buttonClasses('secondary', 'sm')}>
              車両の端末アプリ
            </Link>
            {code ? (
              <a href={`/outreach/${code}`} className={buttonClasses('secondary', 'sm')} target="_blank" rel="noreferrer">
                住民向けの予定表
              </a>
            ) : null}
          </>
        }
      />
      <Section title="月の運行">
        <div className="flex flex-wrap items-center gap-3">
          <Button variant="secondary" size="sm" onClick={() => setMonth(shiftMonth(month, -1))}>
            ← 前の月
          </Button>
          <h2 className="text-std-20B-150">{formatWareki(`${month}-01` as IsoDate).replace(/1日$/, '')}</h2>
          <Button variant="secondary" size="sm" onClick={() => setMonth(shiftMonth(month, 1))}>
            次の月 →
          </Button>
          <Button size="sm" onClick={() => publishMonth.mutate()} disabled={publishMonth.isPending}>
            この月の予定を公開（下書き{drafts}件）
          </Button>
        </div>
        {publishMonth.isError ? <ErrorAlert error={publishMonth.error} /> : null}
        {publishMonth.data ? <Alert variant="success">{publishMonth.data.published}件の運行を公開しました。</Alert> : null}
        {routes.isPending ? <Loading label="運行を読み込んでいます…" /> : null}
        {routes.isError ? <ErrorAlert error={routes.error} /> : null}
        {routes.data && routes.data.length === 0 ? <p className="text-std-16N-170">この月の運行計画はまだありません。</p> : null}
        <ul className="mt-4 flex flex-col gap-3">
          {(routes.data ?? []).map((r) => <RouteCard key={r.id} route={r} plan={plan.data} month={month} />)}
        </ul>
      </Section>
      <Section title="運行計画を作る">
        {saved ? <Alert variant="success">{dateLabel(saved.date)}の運行を下書きとして保存しました。「公開する」で住民に公開されます。</Alert> : null}
        <RouteForm
          plan={plan.data}
          onSaved={(route) => {
            setSaved(route);
            setMonth(route.date.slice(0, 7));
            void queryClient.invalidateQueries({ queryKey: outreachKeys.routes(route.date.slice(0, 7)) });
          }}
        />
      </Section>
      <Section title={`地区と停車場所（${plan.data.districts.length}地区・${plan.data.stops.length}か所）`}>
        <div className="flex flex-col gap-4">
          {plan.data.districts.map((d) => (
            <Table
              key={d.id}
              caption={`${d.name}（${d.areas.join('、')}）`}
              rows={plan.data.stops.filter((s) => s.districtId === d.id)}
              rowKey={(r) => r.id}
              columns={[
                { header: '停車場所', cell: (r) => r.name },
                { header: '住所', cell: (r) => r.address },
                { header: 'バリアフリー・駐車場など', cell: (r) => r.accessibility || '—' },
                { header: '緯度・経度', cell: (r) => `${r.latitude.toFixed(4)}, ${r.longitude.toFixed(4)}` },
              ]}
              dense
            />
          ))}
          <h3 className="text-std-20B-150">停車場所を追加</h3>
          <StopForm plan={plan.data} />
        </div>
      </Section>
    </div>
  );
}
