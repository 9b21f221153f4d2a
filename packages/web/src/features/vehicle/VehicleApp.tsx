import { applyPrefill, evaluateForm } from '@madoguchi/procedures';
import { formatWareki, isIsoDate, parseJapaneseDate, todayInJapan } from '@madoguchi/jp';
import type { CardFaceAttributes } from '@madoguchi/card';
import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { Alert } from '../../components/Alert';
import { Badge } from '../../components/Badge';
import { Button } from '../../components/Button';
import { Loading } from '../../components/Loading';
import { SelectField } from '../../components/SelectField';
import { Tabs } from '../../components/Tabs';
import { TextField } from '../../components/TextField';
import { CounterCardPanel } from '../counter/CounterCardPanel';
import { VehicleDevice } from './device';
import type { LocalCase, LocalTicket, ProcedureBundle, StaffSession } from './localStore';
import type { ShippedProcedure, StopProgressMap, VehicleIdentity } from './types';
import { VehicleForm } from './VehicleForm';
import { VehicleSignature } from './VehicleSignature';
import { checkSignature, signatureAnswers, signatureFieldIds, type SignatureMode } from './signing';
import { registerVehicleServiceWorker } from './serviceWorker';

type Phase = 'loading' | 'enrol' | 'signIn' | 'pin' | 'ready';

function useOnline() {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const up = () => setOnline(true);
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => {
      window.removeEventListener('online', up);
      window.removeEventListener('offline', down);
    };
  }, []);
  return online;
}

const messageOf = (e: unknown) => (e instanceof Error ? e.message : 'うまくいきませんでした。もう一度お試しください。');

function Screen({ title, children }: { title: string; children: ReactNode }) {
  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-3xl flex-col gap-6 px-6 py-10">
      <h1 className="text-std-32B-150">{title}</h1>
      {children}
    </main>
  );
}

/**
 * 移動市役所の端末 (/vehicle): installable, works offline. Staff sign in online once a day; then the
 * PIN opens the tablet offline for a bounded time. Cases are sealed and go through the device
 * outbox; the screen always says what is 「この端末に保存済み・未登録」 and what is 「登録済み」.
 */
export function VehicleApp() {
  const [device, setDevice] = useState<VehicleDevice | null>(null);
  const [phase, setPhase] = useState<Phase>('loading');
  const [fatal, setFatal] = useState<string | null>(null);

  const decide = useCallback(async (d: VehicleDevice) => {
    if (!(await d.identity())) return setPhase('enrol');
    if (d.unlocked) return setPhase('ready');
    const s = await d.session();
    setPhase(s && Date.parse(s.offlineUntil) > Date.now() ? 'pin' : 'signIn');
  }, []);

  useEffect(() => {
    document.title = '移動市役所 端末 | 窓口支援システム';
    // Installable: the manifest is linked only from the vehicle's page.
    if (!document.querySelector('link[rel="manifest"]')) {
      const link = document.createElement('link');
      link.rel = 'manifest';
      link.href = '/vehicle.webmanifest';
      document.head.append(link);
    }
    void registerVehicleServiceWorker();
    VehicleDevice.open().then(async (d) => {
      setDevice(d);
      await decide(d);
    }, (e: unknown) => setFatal(`この端末の保存領域を開けませんでした（${messageOf(e)}）。`));
  }, [decide]);

  if (fatal) return <Screen title="移動市役所 端末"><Alert variant="error" title="起動できません">{fatal}</Alert></Screen>;
  if (!device || phase === 'loading') return <Screen title="移動市役所 端末"><Loading label="端末を準備しています…" /></Screen>;
  switch (phase) {
    case 'enrol':
      return <EnrolScreen device={device} onDone={() => void decide(device)} />;
    case 'signIn':
      return <SignInScreen device={device} onDone={() => setPhase('ready')} />;
    case 'pin':
      return <PinScreen device={device} onDone={() => setPhase('ready')} onNeedSignIn={() => setPhase('signIn')} />;
    default:
      return <HomeScreen device={device} onLock={() => { device.lock(); void decide(device); }} />;
  }
}

function EnrolScreen({ device, onDone }: { device: VehicleDevice; onDone: () => void }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const online = useOnline();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await device.enrol(code);
      onDone();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Screen title="端末の登録">
      <p className="text-std-17N-170">管理者から受け取った登録コードを入力してください。この端末で鍵を作り、公開鍵だけを市役所のサーバーに登録します。</p>
      {!online ? <Alert variant="warning" title="オフラインです">端末の登録にはネットワークが必要です。</Alert> : null}
      {error ? <Alert variant="error" title="登録できませんでした">{error}</Alert> : null}
      <form onSubmit={submit} className="flex flex-col gap-4">
        <TextField label="登録コード" required value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off" />
        <Button type="submit" disabled={busy || !code.trim() || !online}>この端末を登録する</Button>
      </form>
    </Screen>
  );
}

function SignInScreen({ device, onDone }: { device: VehicleDevice; onDone: () => void }) {
  const [form, setForm] = useState({ municipalityCode: localStorage.getItem('madoguchi.vehicle.municipalityCode') ?? '', loginId: '', password: '', pin: '', pin2: '' });
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const online = useOnline();
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    if (!/^\d{6,12}$/.test(form.pin)) return setError('暗証番号は6〜12桁の数字にしてください。');
    if (form.pin !== form.pin2) return setError('確認のために入力した暗証番号が一致しません。');
    setBusy(true);
    try {
      const res = await fetch('/api/auth/login', {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ municipalityCode: form.municipalityCode.normalize('NFKC').trim(), loginId: form.loginId.trim(), password: form.password }),
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        throw new Error(body?.error?.message ?? 'ログインできませんでした。');
      }
      localStorage.setItem('madoguchi.vehicle.municipalityCode', form.municipalityCode.trim());
      await device.signIn(form.pin);
      onDone();
    } catch (err) {
      setError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Screen title="職員のサインイン（1日1回・オンライン）">
      <p className="text-std-17N-170">サインインすると、この端末に今日の手続きの版とデータ用の鍵が届きます。ここで決めた暗証番号で、12時間はオフラインでも端末を開けます。</p>
      {!online ? <Alert variant="warning" title="オフラインです">サインインにはネットワークが必要です。電波の届く場所で行ってください。</Alert> : null}
      {error ? <Alert variant="error" title="サインインできませんでした">{error}</Alert> : null}
      <form onSubmit={submit} className="flex flex-col gap-4">
        <TextField label="地方公共団体コード" required inputMode="numeric" value={form.municipalityCode} onChange={set('municipalityCode')} />
        <TextField label="ログインID" required autoComplete="username" value={form.loginId} onChange={set('loginId')} />
        <TextField label="パスワード" required type="password" autoComplete="current-password" value={form.password} onChange={set('password')} />
        <TextField label="オフライン用の暗証番号（6〜12桁の数字）" required type="password" inputMode="numeric" autoComplete="off" value={form.pin} onChange={set('pin')} />
        <TextField label="暗証番号（確認）" required type="password" inputMode="numeric" autoComplete="off" value={form.pin2} onChange={set('pin2')} />
        <Button type="submit" disabled={busy || !online}>{busy ? 'サインインしています…' : 'サインインする'}</Button>
      </form>
    </Screen>
  );
}

function PinScreen({ device, onDone, onNeedSignIn }: { device: VehicleDevice; onDone: () => void; onNeedSignIn: () => void }) {
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [session, setSession] = useState<StaffSession | null>(null);
  useEffect(() => void device.session().then(setSession), [device]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    const r = await device.unlock(pin);
    setBusy(false);
    setPin('');
    if (r === 'ok') return onDone();
    if (r === 'wrong') return setError('暗証番号が違います。5回続けて間違えると、オンラインでのサインインが必要になります。');
    setError(r === 'locked' ? '暗証番号を5回間違えたため、オフラインでは開けなくなりました。オンラインでサインインしてください。' : 'オフラインで開ける時間が過ぎました。オンラインでサインインしてください。');
    onNeedSignIn();
  };
  return (
    <Screen title="暗証番号で開く">
      {session ? <p className="text-std-17N-170">{`${session.staff.displayName} さんの端末です。${new Date(session.offlineUntil).toLocaleString('ja-JP', { timeZone: 'Asia/Tokyo' })} まで、オフラインでも暗証番号で開けます。`}</p> : null}
      {error ? <Alert variant="error" title="開けませんでした">{error}</Alert> : null}
      <form onSubmit={submit} className="flex flex-col gap-4">
        <TextField label="暗証番号" required type="password" inputMode="numeric" autoComplete="off" value={pin} onChange={(e) => setPin(e.target.value)} />
        <Button type="submit" disabled={busy || pin.length < 6}>{busy ? '確認しています…' : '開く'}</Button>
        <Button variant="tertiary" onClick={onNeedSignIn}>別の職員がサインインする（オンライン）</Button>
      </form>
    </Screen>
  );
}

type Tab = 'queue' | 'case' | 'records';

/** What the clerk is told after a sync: a failure says why; a sync with nothing to send says so, not 「0件」. */
function syncNoteOf(r: Awaited<ReturnType<VehicleDevice['sync']>>): string {
  if (r.error) return `送信できませんでした: ${r.error.message}。電波のある場所で、もう一度「送信」を押してください。`;
  if (r.refused.length) return `登録できなかった記録があります: ${r.refused[0]!.message}`;
  const confirmed = r.stored + r.duplicates;
  return confirmed === 0 ? '送信する記録はありません（すべて送信済みです）。' : `送信しました（${confirmed}件を市役所で確認）。`;
}

function HomeScreen({ device, onLock }: { device: VehicleDevice; onLock: () => void }) {
  const online = useOnline();
  const [tab, setTab] = useState<Tab>('queue');
  const [cases, setCases] = useState<LocalCase[]>([]);
  const [tickets, setTickets] = useState<LocalTicket[]>([]);
  const [bundle, setBundle] = useState<ProcedureBundle | null>(null);
  const [syncing, setSyncing] = useState(false);
  const [syncNote, setSyncNote] = useState<string | null>(null);
  const [pendingEvents, setPendingEvents] = useState(0);
  const [stop, setStop] = useState<string | null>(null);
  const [progress, setProgress] = useState<StopProgressMap>({});
  const kept = useRef<Kept>(new Map()).current;

  const refresh = useCallback(async () => {
    setCases(await device.store.cases());
    setTickets(await device.store.tickets());
    setPendingEvents((await device.outbox.status()).pending);
  }, [device]);

  const sync = useCallback(async () => {
    if (!navigator.onLine) return;
    setSyncing(true);
    try {
      const r = await device.sync();
      setSyncNote(syncNoteOf(r));
      // The stops may have changed (a stop moved or cancelled) since the sign-in.
      setBundle(await device.bundle());
    } catch (e) {
      setSyncNote(`送信できませんでした: ${messageOf(e)}`);
    } finally {
      setSyncing(false);
      await refresh();
    }
  }, [device, refresh]);

  useEffect(() => {
    void (async () => {
      const b = await device.bundle();
      setBundle(b);
      // Where the vehicle is: as chosen, else the stop whose window is now.
      const chosen = await device.currentStop();
      const stops = b?.stops ?? [];
      const now = new Date(Date.now() + 9 * 3600_000).toISOString();
      const here = stops.find((st) => st.routeStopId === chosen) ?? stops.find((st) => st.date === now.slice(0, 10) && st.start <= now.slice(11, 16) && now.slice(11, 16) < st.end);
      setStop(here?.routeStopId ?? null);
      setProgress(await device.stopProgress());
    })();
    void refresh();
  }, [device, refresh]);
  const chooseStop = (id: string) => {
    setStop(id || null);
    void device.setCurrentStop(id || null);
  };
  // 到着・出発: the residents' live status page follows the vehicle (sent now, or at the next sync).
  const markStop = async (stage: 'arrived' | 'departed') => {
    if (!stop) return;
    setProgress(await device.markStop(stop, stage));
    await refresh();
    if (navigator.onLine) void sync();
  };
  const here = stop ? progress[stop] : undefined;
  // The last sync's note is about then; offline, the counts above say what waits.
  useEffect(() => {
    if (!online) setSyncNote(null);
  }, [online]);

  // Back online: send what waited. While online: every 30 s.
  useEffect(() => {
    if (!online) return;
    void sync();
    const t = setInterval(() => void sync(), 30_000);
    return () => clearInterval(t);
  }, [online, sync]);

  const pending = cases.filter((c) => c.state === 'pending');
  const registered = cases.filter((c) => c.state === 'registered');
  const review = cases.filter((c) => c.state === 'review' || c.state === 'refused');

  return (
    <main id="main" className="mx-auto flex min-h-dvh max-w-5xl flex-col gap-6 px-6 py-6">
      <header className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-std-32B-150">移動市役所 端末</h1>
          <p className="text-std-16N-170 text-solid-gray-700">{`${device.staff?.displayName ?? ''} さん`}{bundle ? `・手続き ${bundle.procedures.length}件（${formatWareki(bundle.today as never)} 時点の版）` : ''}</p>
        </div>
        <div className="flex items-center gap-3">
          <span role="status" data-testid="network" className={`rounded-8 px-4 py-2 text-std-17B-170 ${online ? 'bg-green-50 text-green-900' : 'bg-yellow-100 text-solid-gray-900'}`}>
            {online ? 'オンライン' : 'オフライン（端末に保存します）'}
          </span>
          <Button variant="secondary" onClick={() => void sync()} disabled={!online || syncing}>{syncing ? '送信中…' : 'いま送信する'}</Button>
          <Button variant="tertiary" onClick={onLock}>ロック</Button>
        </div>
      </header>
      <section aria-label="この端末の記録の状態" className="grid grid-cols-1 gap-4 sm:grid-cols-3">
        <div className="rounded-12 border-2 border-yellow-700 bg-yellow-50 p-4" data-testid="count-pending">
          <p className="text-std-17B-170">この端末に保存済み・未登録</p>
          <p className="text-std-32B-150">{`${pending.length}件`}</p>
          <p className="text-std-16N-170 text-solid-gray-700">{`送信待ちの記録 ${pendingEvents}件（整理券を含む）`}</p>
        </div>
        <div className="rounded-12 border-2 border-green-700 bg-green-50 p-4" data-testid="count-registered">
          <p className="text-std-17B-170">登録済み</p>
          <p className="text-std-32B-150">{`${registered.length}件`}</p>
          <p className="text-std-16N-170 text-solid-gray-700">受付番号はサーバーが付けます</p>
        </div>
        <div className="rounded-12 border-2 border-solid-gray-420 bg-white p-4" data-testid="count-review">
          <p className="text-std-17B-170">職員の確認待ち</p>
          <p className="text-std-32B-150">{`${review.length}件`}</p>
          <p className="text-std-16N-170 text-solid-gray-700">異動・重複などを市役所で確認します</p>
        </div>
      </section>
      {bundle?.stops?.length ? (
        <section aria-label="停車場所" className="flex flex-wrap items-end gap-4">
          <div className="min-w-80 flex-1">
            <SelectField label="停車場所（いまいる所）" options={[{ value: '', label: '選ばない' }, ...bundle.stops.map((st) => ({ value: st.routeStopId, label: `${formatWareki(st.date as never)} ${st.start}〜${st.end} ${st.name}` }))]} value={stop ?? ''} onChange={(e) => chooseStop(e.target.value)} />
          </div>
          {stop ? (
            <div className="flex flex-wrap items-center gap-3">
              <Button variant={here?.arrivedAt && !here.departedAt ? 'secondary' : 'primary'} onClick={() => void markStop('arrived')} disabled={Boolean(here?.arrivedAt && !here.departedAt)}>到着した</Button>
              <Button variant="secondary" onClick={() => void markStop('departed')} disabled={!here?.arrivedAt || Boolean(here.departedAt)}>出発する</Button>
              <p data-testid="stop-progress" className="text-std-16N-170">{progressText(here)}</p>
            </div>
          ) : null}
        </section>
      ) : null}
      {syncNote ? <p role="status" className="text-std-16N-170">{syncNote}</p> : null}
      <Tabs<Tab> label="端末の機能" selected={tab} onSelect={setTab} items={[
        { key: 'queue', label: '受付・呼出', panel: <QueuePanel device={device} tickets={tickets} today={bundle?.today ?? todayInJapan()} stopId={stop} onChange={refresh} /> },
        {
          key: 'case', label: '新しい申請',
          panel: bundle ? <NewCasePanel device={device} bundle={bundle} tickets={tickets} stopId={stop} kept={kept} onSaved={async () => { await refresh(); if (navigator.onLine) void sync(); setTab('records'); }} /> : <Loading />,
        },
        { key: 'records', label: 'この端末の記録', panel: <RecordsPanel device={device} cases={cases} /> },
      ]} />
    </main>
  );
}

const clock = (iso: string) => new Date(Date.parse(iso) + 9 * 3600_000).toISOString().slice(11, 16);

/** What the tablet recorded at the chosen stop, in words (住民向けの運行状況に送られます). */
function progressText(entry: { arrivedAt: string | null; departedAt: string | null } | undefined): string {
  if (!entry?.arrivedAt) return '到着したら「到着した」を押してください（住民向けの運行状況に表示されます）。';
  if (!entry.departedAt) return `${clock(entry.arrivedAt)} 到着を記録しました。`;
  return `${clock(entry.arrivedAt)} 到着・${clock(entry.departedAt)} 出発を記録しました。`;
}

const SERVICES = ['各種届出・申請', '証明書の請求', '相談'];

function QueuePanel({ device, tickets, today, stopId, onChange }: { device: VehicleDevice; tickets: LocalTicket[]; today: string; stopId: string | null; onChange: () => Promise<void> }) {
  const [service, setService] = useState(SERVICES[0]!);
  const [last, setLast] = useState<LocalTicket | null>(null);
  const waiting = tickets.filter((t) => t.status === 'waiting');
  const called = tickets.filter((t) => t.status === 'called');
  const act = async (fn: () => Promise<LocalTicket>) => {
    const t = await fn();
    setLast(t);
    await onChange();
  };
  return (
    <section aria-labelledby="queue-title" className="flex flex-col gap-4">
      <h2 id="queue-title" className="text-std-24B-150">整理券と呼出（この停車場所）</h2>
      <div className="flex flex-wrap items-end gap-3">
        <SelectField label="用件" options={SERVICES.map((s) => ({ value: s, label: s }))} value={service} onChange={(e) => setService(e.target.value)} />
        <Button onClick={() => void act(() => device.issueTicket(service, today, stopId))}>整理券を発行</Button>
        <Button variant="secondary" disabled={waiting.length === 0} onClick={() => void act(() => device.moveTicket(waiting[0]!, 'called'))}>次の方を呼ぶ</Button>
      </div>
      {last ? <p role="status" className="rounded-8 bg-key-50 px-4 py-3 text-std-20B-150">{last.status === 'waiting' ? `整理券 ${last.number} を発行しました` : last.status === 'called' ? `${last.number} 番の方をお呼びしています` : `${last.number} 番の対応を終えました`}</p> : null}
      <p className="text-std-17N-170">{`待っている方 ${waiting.length}人`}</p>
      <ul className="flex flex-col gap-2">
        {called.map((t) => (
          <li key={t.ticketId} className="flex flex-wrap items-center gap-3 rounded-8 border border-solid-gray-300 px-4 py-2">
            <span className="text-std-24B-150">{t.number}</span>
            <span>{t.serviceLabel}</span>
            <Badge tone="notice">呼出中</Badge>
            <Button size="sm" onClick={() => void act(() => device.moveTicket(t, 'done'))}>{`${t.number} 対応完了`}</Button>
            <Button size="sm" variant="tertiary" onClick={() => void act(() => device.moveTicket(t, 'no_show'))}>不在</Button>
          </li>
        ))}
        {waiting.map((t) => (
          <li key={t.ticketId} className="flex items-center gap-3 px-4 py-1 text-std-17N-170"><span className="font-bold">{t.number}</span><span>{t.serviceLabel}</span><span>待ち</span></li>
        ))}
      </ul>
    </section>
  );
}

const emptyIdentity = { name: '', kana: '', birthDate: '', address: '', sex: '' };

/**
 * The case being taken survives switching to the queue tab and back (only in the page's memory,
 * never stored: it is sealed when saved).
 */
type Kept = Map<string, unknown>;
function useKept<T>(kept: Kept, key: string, initial: T): [T, (v: T) => void] {
  const [value, setValue] = useState<T>(() => (kept.has(key) ? (kept.get(key) as T) : initial));
  const set = useCallback((next: T) => {
    kept.set(key, next);
    setValue(next);
  }, [kept, key]);
  return [value, set];
}

function NewCasePanel({ device, bundle, tickets, stopId, kept, onSaved }: { device: VehicleDevice; bundle: ProcedureBundle; tickets: LocalTicket[]; stopId: string | null; kept: Kept; onSaved: () => Promise<void> }) {
  const [identity, setIdentity] = useKept<VehicleIdentity | null>(kept, 'identity', null);
  const [manual, setManual] = useKept(kept, 'manual', emptyIdentity);
  const [manualError, setManualError] = useState<string | null>(null);
  const [useCard, setUseCard] = useKept(kept, 'useCard', false);
  const [procedure, setProcedure] = useKept<ShippedProcedure | null>(kept, 'procedure', null);
  const [answers, setAnswers] = useKept<Record<string, unknown>>(kept, 'answers', {});
  const [showErrors, setShowErrors] = useState(false);
  const [ticket, setTicket] = useKept(kept, 'ticket', '');
  // The resident's signature: drawn on the screen (a PNG, only in memory until sealed) or on paper.
  const [signatureMode, setSignatureMode] = useKept<SignatureMode>(kept, 'signatureMode', 'screen');
  const [signature, setSignature] = useKept<string | null>(kept, 'signature', null);
  const [signatureError, setSignatureError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string | null>(null);
  const today = todayInJapan();
  const evaluation = useMemo(() => (procedure ? evaluateForm(procedure.definition, withFixed(procedure, answers, identity, signatureMode), { today, channel: 'outreach' }) : null), [procedure, answers, identity, signatureMode, today]);
  const onSignature = useCallback((dataUrl: string | null) => {
    setSignature(dataUrl);
    if (dataUrl) setSignatureError(null);
  }, [setSignature]);

  const start = (id: VehicleIdentity) => setIdentity(id);
  const onCard = async (a: CardFaceAttributes) => {
    start({ method: 'card', name: a.name, kana: null, birthDate: a.birthDate, address: a.address, sex: a.sex === 'male' || a.sex === 'female' ? a.sex : null });
  };
  const submitManual = (e: FormEvent) => {
    e.preventDefault();
    const date = isIsoDate(manual.birthDate) ? { ok: true as const, value: manual.birthDate } : parseJapaneseDate(manual.birthDate);
    if (!manual.name.trim() || !manual.address.trim()) return setManualError('氏名と住所を入力してください。');
    if (!date.ok) return setManualError('生年月日を読み取れません。例: 昭和45年3月2日、1970-03-02');
    setManualError(null);
    start({ method: 'manual', name: manual.name.normalize('NFKC').trim(), kana: manual.kana.trim() || null, birthDate: date.value, address: manual.address.trim(), sex: manual.sex === 'male' || manual.sex === 'female' ? manual.sex : null });
  };
  const choose = (p: ShippedProcedure) => {
    setProcedure(p);
    const card = identity ? { name: identity.name, address: identity.address, birthDate: identity.birthDate } : {};
    const pre = applyPrefill(p.definition, { card, registry: identity ? { resident: { name: identity.name, kana: identity.kana ?? undefined, address: { address: identity.address } } } : null }, {});
    setAnswers(pre.answers);
    setShowErrors(false);
    setSignatureMode('screen');
    setSignature(null);
    setSignatureError(null);
  };
  const save = async () => {
    if (!procedure || !identity || !evaluation) return;
    const signs = signatureFieldIds(procedure.definition).length > 0;
    const signed = signs && signatureMode === 'screen' ? checkSignature(signature) : { ok: true as const };
    setSignatureError(signed.ok ? null : signed.message);
    if (!evaluation.valid || !signed.ok) {
      setShowErrors(true);
      if (!signed.ok) document.querySelector('[data-field] canvas, [data-field] img')?.scrollIntoView({ block: 'center' });
      return;
    }
    setSaving(true);
    setSaveError(null);
    try {
      await device.saveCase({
        procedure, identity, answers: withFixed(procedure, answers, identity, signatureMode), signature: signs && signatureMode === 'screen' ? signature : null,
        ticketNumber: ticket || null, ticketId: tickets.find((t) => t.number === ticket)?.ticketId ?? null, stopId,
      });
      setSignature(null);
      setSignatureMode('screen');
      setIdentity(null);
      setManual(emptyIdentity);
      setProcedure(null);
      setAnswers({});
      setTicket('');
      await onSaved();
    } catch (e) {
      setSaveError(messageOf(e));
    } finally {
      setSaving(false);
    }
  };

  if (!identity) {
    return (
      <section aria-labelledby="identify-title" className="flex flex-col gap-4">
        <h2 id="identify-title" className="text-std-24B-150">1. 本人確認</h2>
        <p className="text-std-16N-170 text-solid-gray-700">住民記録の照会は車両では行いません。カードの券面事項（個人番号は読みません）か、本人確認書類で確かめた内容を入力します。登録のときに市役所で住民記録と照合します。</p>
        <div className="flex gap-3">
          <Button variant={useCard ? 'primary' : 'secondary'} onClick={() => setUseCard(true)}>マイナンバーカードを読み取る</Button>
          <Button variant={useCard ? 'secondary' : 'primary'} onClick={() => setUseCard(false)}>本人確認書類を見て入力する</Button>
        </div>
        {useCard ? <CounterCardPanel onRead={onCard} busy={false} /> : (
          <form onSubmit={submitManual} className="flex flex-col gap-4 rounded-12 border border-solid-gray-300 p-5">
            {manualError ? <Alert variant="error" title="入力を確かめてください">{manualError}</Alert> : null}
            <TextField label="氏名" required value={manual.name} onChange={(e) => setManual({ ...manual, name: e.target.value })} />
            <TextField label="ふりがな" value={manual.kana} onChange={(e) => setManual({ ...manual, kana: e.target.value })} />
            <TextField label="生年月日" required hint="和暦でも入力できます（例: 昭和45年3月2日）。" value={manual.birthDate} onChange={(e) => setManual({ ...manual, birthDate: e.target.value })} />
            <TextField label="住所" required value={manual.address} onChange={(e) => setManual({ ...manual, address: e.target.value })} />
            <SelectField label="性別" options={[{ value: '', label: '選ばない' }, { value: 'male', label: '男' }, { value: 'female', label: '女' }]} value={manual.sex} onChange={(e) => setManual({ ...manual, sex: e.target.value })} />
            <Button type="submit">この人の申請を始める</Button>
          </form>
        )}
      </section>
    );
  }
  if (!procedure) {
    return (
      <section aria-labelledby="choose-title" className="flex flex-col gap-4">
        <h2 id="choose-title" className="text-std-24B-150">{`2. 手続きを選ぶ（${identity.name} さん）`}</h2>
        <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2">
          {bundle.procedures.map((p) => (
            <li key={p.procedureId}>
              <button type="button" onClick={() => choose(p)} className="flex min-h-20 w-full flex-col items-start rounded-12 border-2 border-solid-gray-300 bg-white px-5 py-3 text-left hover:border-key-900">
                <span className="text-std-20B-150">{p.title}</span>
                <span className="text-std-16N-170 text-solid-gray-700">{`${p.departmentName ?? ''}・第${p.version}版`}</span>
              </button>
            </li>
          ))}
        </ul>
        <Button variant="tertiary" onClick={() => setIdentity(null)}>本人確認からやり直す</Button>
      </section>
    );
  }
  const calledTickets = tickets.filter((t) => t.status === 'called' || t.status === 'done');
  const errorCount = evaluation ? Object.values(evaluation.errors).reduce((n, l) => n + l.length, 0) : 0;
  return (
    <section aria-labelledby="form-title" className="flex flex-col gap-5">
      <h2 id="form-title" className="text-std-24B-150">{`3. ${procedure.title}（${identity.name} さん）`}</h2>
      <p className="text-std-16N-170 text-solid-gray-700">{`第${procedure.version}版・${procedure.departmentName ?? ''}へ届きます。`}</p>
      <SelectField label="整理券" options={[{ value: '', label: '整理券なし' }, ...calledTickets.map((t) => ({ value: t.number, label: `${t.number}（${t.serviceLabel}）` }))]} value={ticket} onChange={(e) => setTicket(e.target.value)} />
      {evaluation ? (
        <VehicleForm
          definition={procedure.definition} answers={answers} evaluation={evaluation} onChange={setAnswers} showErrors={showErrors}
          signature={(label) => <VehicleSignature label={label} mode={signatureMode} onMode={setSignatureMode} dataUrl={signature} onDataUrl={onSignature} error={signatureError} />}
        />
      ) : null}
      {showErrors && (errorCount > 0 || signatureError) ? <Alert variant="error" title={`入力が足りない・誤りのある項目が${errorCount + (signatureError ? 1 : 0)}件あります`}>赤い表示の項目を直してから保存してください。</Alert> : null}
      {saveError ? <Alert variant="error" title="保存できませんでした">{saveError}</Alert> : null}
      <div className="flex flex-wrap gap-3">
        <Button onClick={() => void save()} disabled={saving}>{saving ? '保存しています…' : 'この端末に保存する'}</Button>
        <Button variant="tertiary" onClick={() => setProcedure(null)}>手続きを選び直す</Button>
      </div>
    </section>
  );
}

/** What the tablet fills itself: where the signature is (screen or paper), the person fields from the identification. */
function withFixed(p: ShippedProcedure, answers: Record<string, unknown>, identity: VehicleIdentity | null, signatureMode: SignatureMode): Record<string, unknown> {
  const out = { ...answers, ...signatureAnswers(p.definition, signatureMode) };
  for (const step of p.definition.steps) {
    for (const f of step.fields) {
      if (f.type === 'person' && identity && out[f.id] === undefined) out[f.id] = { name: identity.name, birthDate: identity.birthDate, ...(identity.kana ? { kana: identity.kana } : {}) };
    }
  }
  return out;
}

const STATE_LABELS: Record<LocalCase['state'], string> = { pending: 'この端末に保存済み・未登録', registered: '登録済み', review: '職員の確認待ち', refused: '登録できませんでした' };

function RecordsPanel({ device, cases }: { device: VehicleDevice; cases: LocalCase[] }) {
  const [names, setNames] = useState<Record<string, string>>({});
  useEffect(() => {
    let live = true;
    void (async () => {
      const out: Record<string, string> = {};
      for (const c of cases) {
        const n = c.state === 'pending' ? await device.summaryOf(c) : null;
        if (n) out[c.clientCaseId] = n;
      }
      if (live) setNames(out);
    })();
    return () => {
      live = false;
    };
  }, [device, cases]);
  if (cases.length === 0) return <p className="text-std-17N-170">この端末で受け付けた申請はまだありません。</p>;
  return (
    <section aria-labelledby="records-title" className="flex flex-col gap-3">
      <h2 id="records-title" className="text-std-24B-150">この端末の記録</h2>
      <p className="text-std-16N-170 text-solid-gray-700">登録済みになった申請は、氏名などの内容がこの端末から消去されます（受付番号だけが残ります）。</p>
      <table className="w-full border-collapse text-left">
        <thead>
          <tr className="border-b-2 border-solid-gray-420">
            <th scope="col" className="px-3 py-2">状態</th>
            <th scope="col" className="px-3 py-2">手続き</th>
            <th scope="col" className="px-3 py-2">申請者</th>
            <th scope="col" className="px-3 py-2">受付番号</th>
            <th scope="col" className="px-3 py-2">受付時刻</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.clientCaseId} data-state={c.state} className="border-b border-solid-gray-300">
              <td className="px-3 py-2"><Badge tone={c.state === 'registered' ? 'positive' : c.state === 'pending' ? 'notice' : c.state === 'refused' ? 'negative' : 'neutral'}>{STATE_LABELS[c.state]}</Badge>{c.note ? <p className="text-std-16N-170">{c.note}</p> : null}</td>
              <td className="px-3 py-2">{c.title}<br /><span className="text-std-16N-170 text-solid-gray-700">{c.departmentName}</span></td>
              <td className="px-3 py-2">{names[c.clientCaseId] ?? (c.state === 'pending' ? '（暗号化して保存）' : '（消去済み）')}</td>
              <td className="px-3 py-2 font-bold" data-testid="receipt">{c.receiptNumber ?? '—'}</td>
              <td className="px-3 py-2">{new Date(c.createdAt).toLocaleTimeString('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' })}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
