import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { useSearch } from '@tanstack/react-router';
import { CardError } from '@madoguchi/card';
import { formatYen } from '@madoguchi/jp';
import { loadAgentSettings, saveAgentSettings, validateAgentSettings, type AgentSettings } from '../../card/agentSettings';
import { beep, unlockAudio } from './feedback';
import { Keypad } from './Keypad';
import type { BoardingDecision, TerminalEngine } from './logic/engine';
import type { ListDriver } from './logic/list';
import { type Refusal, fareErrorMessage, refusal } from './logic/refusals';
import { checkFare, describeRule, splitFare, type FareSplit } from './logic/subsidy';
import { useCardTap } from './useCardTap';
import { useTerminalEngine } from './useTerminal';

/**
 * 電子タクシー券 — the in-taxi terminal (a tablet beside the meter, a card reader through the local
 * card agent). Built for elderly drivers: one thing per screen, very large type, high contrast,
 * green for yes and red for no with a sound, and three steps: the passenger's card on the reader,
 * the meter fare on the keypad, 確定. The ride is a signed device event; offline the terminal
 * decides from its signed list within the bounds the list carries. 練習モード records nothing.
 */

type Stage =
  | { kind: 'ready' }
  | { kind: 'checking' }
  | { kind: 'fare'; decision: Extract<BoardingDecision, { ok: true }>; fare: string; error: string | null }
  | { kind: 'confirm'; decision: Extract<BoardingDecision, { ok: true }>; split: FareSplit; busy: boolean }
  | { kind: 'done'; decision: Extract<BoardingDecision, { ok: true }>; split: FareSplit; synced: boolean }
  | { kind: 'refused'; refusal: Refusal; givenName?: string };

const DRIVER_KEY = 'madoguchi.taxi.driver';
const big = 'min-h-24 rounded-16 border-4 px-8 text-[32px] font-bold focus-visible:outline-4 focus-visible:outline-yellow-700 disabled:opacity-50';
const primary = `${big} border-key-900 bg-key-900 text-white active:bg-key-1000`;
const secondary = `${big} border-solid-gray-800 bg-white text-solid-gray-900 active:bg-solid-gray-100`;
const small = 'min-h-14 rounded-12 border-2 border-solid-gray-800 bg-white px-4 text-[20px] font-bold text-solid-gray-900 focus-visible:outline-4 focus-visible:outline-yellow-700 disabled:opacity-50';

const yen = (n: number) => formatYen(n);
const timeOf = (iso: string | null) => (iso ? new Date(iso).toLocaleTimeString('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' }) : '—');

export function TerminalPage() {
  const engine = useTerminalEngine();
  const search = useSearch({ strict: false }) as { demo?: string };
  const [enrolled, setEnrolled] = useState<boolean | null>(null);
  const [driver, setDriver] = useState<ListDriver | null>(null);

  useEffect(() => {
    document.title = '電子タクシー券 端末 | madoguchi';
    if (!engine) return;
    void engine.identity().then((id) => setEnrolled(id !== null));
    const saved = sessionStorage.getItem(DRIVER_KEY);
    if (saved) {
      const found = engine.list()?.body.drivers.find((d) => d.code === saved);
      if (found) setDriver(found);
    }
  }, [engine]);

  if (!engine || enrolled === null) {
    return <Screen tone="plain"><p className="text-[32px]">準備しています…</p></Screen>;
  }
  if (!enrolled) return <SetupScreen engine={engine} demo={search.demo ?? null} onDone={() => setEnrolled(true)} />;
  if (!driver) {
    return <SignInScreen engine={engine} onSignedIn={(d) => { sessionStorage.setItem(DRIVER_KEY, d.code); setDriver(d); }} />;
  }
  return <RideScreens engine={engine} driver={driver} demo={search.demo ?? null} onSignOut={() => { sessionStorage.removeItem(DRIVER_KEY); engine.eraseList(); setDriver(null); }} />;
}

function Screen({ tone, children, label }: { tone: 'plain' | 'ok' | 'refused' | 'training'; children: ReactNode; label?: string }) {
  const colours = {
    plain: 'bg-white text-solid-gray-900',
    ok: 'bg-green-50 text-solid-gray-900',
    refused: 'bg-red-50 text-solid-gray-900',
    training: 'bg-yellow-50 text-solid-gray-900',
  }[tone];
  return (
    <main id="main" aria-label={label} className={`flex min-h-screen flex-col ${colours}`} onPointerDown={unlockAudio}>
      {children}
    </main>
  );
}

// ---- setup: enrol the terminal and pair the card reader ----

function SetupScreen({ engine, demo, onDone }: { engine: TerminalEngine; demo: string | null; onDone: () => void }) {
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await engine.enrol(code);
      const list = await engine.refreshList();
      if (!list.ok) setError(list.message);
      onDone();
    } catch (e) {
      setError(e instanceof Error ? e.message : '登録できませんでした。');
    } finally {
      setBusy(false);
    }
  };
  return (
    <Screen tone="plain">
      <div className="mx-auto flex w-full max-w-3xl flex-col gap-8 p-10">
        <h1 className="text-[40px] font-bold">タクシー端末の登録</h1>
        <p className="text-[24px]">市役所から受け取った登録コードを入力して「登録する」を押してください。この作業は最初の1回だけです。</p>
        <label className="flex flex-col gap-3 text-[24px] font-bold">
          登録コード
          <input value={code} onChange={(e) => setCode(e.target.value)} autoComplete="off"
            className="min-h-20 rounded-12 border-4 border-solid-gray-800 px-6 font-mono text-[36px] tracking-widest" />
        </label>
        {error && <p role="alert" className="rounded-12 border-4 border-red-900 bg-red-50 p-5 text-[24px] font-bold text-red-1000">{error}</p>}
        <button type="button" className={primary} disabled={busy || code.trim() === ''} onClick={() => void submit()}>登録する</button>
        <ReaderSettings demo={demo} />
      </div>
    </Screen>
  );
}

interface DemoReader {
  agentUrl: string | null;
  pairingToken: string | null;
  cards: { id: string; label: string; note: string }[];
}

async function fetchDemoReader(code: string): Promise<DemoReader | null> {
  const res = await fetch(`/api/portal/${encodeURIComponent(code)}/demo/card-reader`, { headers: { accept: 'application/json' } }).catch(() => null);
  return res && res.ok ? ((await res.json()) as DemoReader) : null;
}

function ReaderSettings({ demo, onSaved }: { demo: string | null; onSaved?: (s: AgentSettings) => void }) {
  const current = loadAgentSettings();
  const [url, setUrl] = useState(current?.url ?? 'ws://127.0.0.1:47800/');
  const [token, setToken] = useState(current?.pairingToken ?? '');
  const [message, setMessage] = useState<string | null>(null);
  const save = (settings: { url: string; pairingToken: string }) => {
    const checked = validateAgentSettings(settings);
    if (!checked.ok) {
      setMessage(checked.errors.url ?? checked.errors.pairingToken ?? '入力を確かめてください。');
      return;
    }
    saveAgentSettings(checked.settings);
    setMessage('カードリーダーの設定を保存しました。');
    onSaved?.(checked.settings);
  };
  const useDemo = async () => {
    const reader = demo ? await fetchDemoReader(demo) : null;
    if (!reader?.agentUrl || !reader.pairingToken) {
      setMessage('デモ用カードリーダーが見つかりません。サーバーの起動時の表示を確かめてください。');
      return;
    }
    setUrl(reader.agentUrl);
    setToken(reader.pairingToken);
    save({ url: reader.agentUrl, pairingToken: reader.pairingToken });
  };
  return (
    <section aria-labelledby="reader-settings" className="flex flex-col gap-4 rounded-16 border-2 border-solid-gray-400 p-6">
      <h2 id="reader-settings" className="text-[28px] font-bold">カードリーダー</h2>
      <label className="flex flex-col gap-2 text-[20px] font-bold">
        カード読み取りアプリのアドレス
        <input value={url} onChange={(e) => setUrl(e.target.value)} className="min-h-14 rounded-8 border-2 border-solid-gray-800 px-4 text-[22px]" />
      </label>
      <label className="flex flex-col gap-2 text-[20px] font-bold">
        ペアリングトークン
        <input value={token} onChange={(e) => setToken(e.target.value)} className="min-h-14 rounded-8 border-2 border-solid-gray-800 px-4 font-mono text-[22px]" />
      </label>
      <div className="flex flex-wrap gap-4">
        <button type="button" className={small} onClick={() => save({ url, pairingToken: token })}>保存する</button>
        {demo && <button type="button" className={small} onClick={() => void useDemo()}>デモ用カードリーダーを使う</button>}
      </div>
      {message && <p role="status" className="text-[20px]">{message}</p>}
    </section>
  );
}

// ---- driver sign-in ----

function SignInScreen({ engine, onSignedIn }: { engine: TerminalEngine; onSignedIn: (d: ListDriver) => void }) {
  const [field, setField] = useState<'code' | 'pin'>('code');
  const [code, setCode] = useState('');
  const [pin, setPin] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [hasList, setHasList] = useState(engine.list() !== null);

  const signIn = async () => {
    setBusy(true);
    setError(null);
    if (engine.list() === null) {
      const pulled = await engine.refreshList();
      setHasList(pulled.ok);
      if (!pulled.ok) {
        setError(pulled.message);
        setBusy(false);
        return;
      }
    }
    const d = await engine.signInDriver(code, pin);
    setBusy(false);
    if (d) {
      beep('ok');
      onSignedIn(d);
    } else {
      beep('refused');
      setError('乗務員番号か暗証番号が違います。もう一度入れてください。');
      setPin('');
      setField('pin');
    }
  };
  const value = field === 'code' ? code : pin;
  const set = field === 'code' ? setCode : setPin;
  const max = field === 'code' ? 8 : 4;
  return (
    <Screen tone="plain">
      <div className="mx-auto grid w-full max-w-5xl grid-cols-2 gap-10 p-8">
        <div className="flex flex-col gap-6">
          <h1 className="text-[40px] font-bold">乗務の開始</h1>
          <button type="button" onClick={() => setField('code')} aria-pressed={field === 'code'}
            className={`flex flex-col items-start rounded-16 border-4 p-4 text-left ${field === 'code' ? 'border-key-900 bg-key-50' : 'border-solid-gray-400'}`}>
            <span className="text-[24px] font-bold">乗務員番号</span>
            <span className="min-h-12 font-mono text-[44px] tracking-widest" data-testid="driver-code">{code || ' '}</span>
          </button>
          <button type="button" onClick={() => setField('pin')} aria-pressed={field === 'pin'}
            className={`flex flex-col items-start rounded-16 border-4 p-4 text-left ${field === 'pin' ? 'border-key-900 bg-key-50' : 'border-solid-gray-400'}`}>
            <span className="text-[24px] font-bold">暗証番号（4けた）</span>
            <span className="min-h-12 font-mono text-[44px] tracking-[0.5em]">{'●'.repeat(pin.length) || ' '}</span>
          </button>
          {error && <p role="alert" className="rounded-12 border-4 border-red-900 bg-white p-4 text-[24px] font-bold text-red-1000">{error}</p>}
          {!hasList && !error && <p className="text-[20px]">はじめに名簿を受け取ります。電波の届く所で操作してください。</p>}
          <button type="button" className={primary} disabled={busy || code === '' || pin.length !== 4} onClick={() => void signIn()}>開始する</button>
        </div>
        <Keypad
          label={field === 'code' ? '乗務員番号の入力' : '暗証番号の入力'}
          onDigit={(d) => {
            if (value.length >= max) return;
            set(value + d);
            // A known driver number moves straight on to the PIN: one tap fewer.
            if (field === 'code' && engine.list()?.body.drivers.some((x) => x.code === value + d)) setField('pin');
          }}
          onClear={() => set('')}
          onBack={() => set(value.slice(0, -1))}
        />
      </div>
    </Screen>
  );
}

// ---- the ride ----

function RideScreens({ engine, driver, demo, onSignOut }: { engine: TerminalEngine; driver: ListDriver; demo: string | null; onSignOut: () => void }) {
  const [stage, setStage] = useState<Stage>({ kind: 'ready' });
  const [training, setTraining] = useState(false);
  const [status, setStatus] = useState<Awaited<ReturnType<TerminalEngine['status']>> | null>(null);
  const [connection, setConnection] = useState<'online' | 'offline' | 'unknown'>('unknown');
  const [notice, setNotice] = useState<string | null>(null);
  const [agent, setAgent] = useState<AgentSettings | null>(loadAgentSettings());
  const [showSettings, setShowSettings] = useState(agent === null);
  const stageRef = useRef(stage);
  stageRef.current = stage;
  const trainingRef = useRef(training);
  trainingRef.current = training;

  const refreshStatus = useCallback(async () => setStatus(await engine.status()), [engine]);

  const syncNow = useCallback(async (quiet: boolean) => {
    const report = await engine.sync().catch(() => null);
    const ok = report !== null && report.error === null;
    let listOk = ok;
    if (ok) listOk = (await engine.refreshList()).ok;
    setConnection(ok && listOk ? 'online' : 'offline');
    if (!quiet) setNotice(ok && listOk ? `送信と名簿の更新が終わりました（未送信 ${report?.pending ?? 0}件）。` : 'サーバーにつながりません。電波の届く所でもう一度押してください。');
    await refreshStatus();
  }, [engine, refreshStatus]);

  useEffect(() => {
    void syncNow(true);
    const timer = setInterval(() => {
      if (stageRef.current.kind === 'ready') void syncNow(true);
    }, 60_000);
    // Back in coverage: send what waits at once.
    const back = () => void syncNow(true);
    window.addEventListener('online', back);
    return () => {
      clearInterval(timer);
      window.removeEventListener('online', back);
    };
  }, [syncNow]);

  const onCard = useCallback(async (result: { certificate: Uint8Array } | { error: CardError | Error }) => {
    if (stageRef.current.kind !== 'ready') return;
    if ('error' in result) {
      const code = result.error instanceof CardError && result.error.code === 'CARD_NOT_MY_NUMBER_CARD' ? 'NOT_MY_NUMBER_CARD' : 'CARD_READ_FAILED';
      beep('refused');
      setStage({ kind: 'refused', refusal: refusal(code) });
      return;
    }
    setStage({ kind: 'checking' });
    const decision = await engine.board(result.certificate, { training: trainingRef.current });
    if (decision.mode !== 'training') setConnection(decision.mode === 'online' ? 'online' : 'offline');
    if (!decision.ok) {
      beep('refused');
      setStage({ kind: 'refused', refusal: decision.refusal, ...(decision.givenName ? { givenName: decision.givenName } : {}) });
    } else {
      beep('ok');
      setStage({ kind: 'fare', decision, fare: '', error: null });
    }
    await refreshStatus();
  }, [engine, refreshStatus]);

  const reader = useCardTap(agent, (r) => void onCard(r), () => {});

  const next = () => {
    setStage({ kind: 'ready' });
    setNotice(null);
    void refreshStatus();
  };

  const confirm = async () => {
    if (stage.kind !== 'confirm') return;
    setStage({ ...stage, busy: true });
    const result = await engine.confirm(stage.decision, stage.split.fare, driver.code);
    if (result.ok) {
      beep('ok');
      setStage({ kind: 'done', decision: stage.decision, split: result.split, synced: result.synced });
      if (result.synced) setConnection('online');
    } else if ('fareProblem' in result) {
      beep('refused');
      setStage({ kind: 'fare', decision: stage.decision, fare: String(stage.split.fare), error: fareErrorMessage(result.fareProblem, stage.decision.programme.fare.maxYen) });
    } else {
      beep('refused');
      setStage({ kind: 'refused', refusal: result.refusal });
    }
    await refreshStatus();
  };

  const tone = stage.kind === 'refused' ? 'refused' : stage.kind === 'done' ? 'ok' : training ? 'training' : 'plain';
  return (
    <Screen tone={tone} label="電子タクシー券 端末">
      <header className="flex flex-wrap items-center gap-4 border-b-4 border-solid-gray-800 bg-white px-6 py-3 text-[20px]">
        <span className="font-bold">電子タクシー券</span>
        <span>乗務員: {driver.name}</span>
        <span aria-live="polite" className={`rounded-8 px-3 py-1 font-bold ${connection === 'offline' ? 'bg-yellow-300 text-solid-gray-900' : 'bg-green-900 text-white'}`}>
          {connection === 'offline' ? '圏外（名簿で確認）' : connection === 'online' ? '通信中' : '確認中'}
        </span>
        <span>未送信 <b data-testid="pending-count">{status?.pending ?? 0}</b>件</span>
        <span>名簿 {timeOf(status?.listIssuedAt ?? null)} 更新</span>
        {training && <span className="rounded-8 border-4 border-yellow-900 bg-yellow-200 px-3 py-1 text-[24px] font-bold">練習モード（記録しません）</span>}
        <span className="ml-auto flex flex-wrap gap-3">
          {stage.kind === 'ready' && (
            <>
              <button type="button" className={small} onClick={() => void syncNow(false)}>送信・名簿を更新</button>
              <button type="button" className={small} aria-pressed={training} onClick={() => setTraining((t) => !t)}>{training ? '練習をやめる' : '練習モード'}</button>
              <button type="button" className={small} onClick={() => setShowSettings((s) => !s)}>設定</button>
              <button type="button" className={small} onClick={onSignOut}>乗務終了</button>
            </>
          )}
        </span>
      </header>
      {notice && <p role="status" className="bg-white px-6 py-2 text-[22px]">{notice}</p>}
      <div className="flex flex-1 flex-col items-center justify-center gap-8 p-8 text-center">
        {stage.kind === 'ready' && (
          <ReadyView reader={reader} training={training} listProblem={status?.listProblem ?? null} connection={connection} />
        )}
        {stage.kind === 'checking' && <p className="text-[48px] font-bold" role="status">カードを確認しています…</p>}
        {stage.kind === 'fare' && (
          <FareView stage={stage} onChange={(fare, error) => setStage({ ...stage, fare, error })} onCancel={next}
            onNext={() => {
              const fare = Number(stage.fare || '0');
              const s = engineSplit(stage.decision, fare);
              if ('error' in s) {
                beep('refused');
                setStage({ ...stage, error: s.error });
              } else {
                beep('tap');
                setStage({ kind: 'confirm', decision: stage.decision, split: s.split, busy: false });
              }
            }} />
        )}
        {stage.kind === 'confirm' && (
          <div className="flex w-full max-w-4xl flex-col gap-8">
            <h1 className="text-[40px] font-bold">{stage.decision.givenName} さん　この金額で確定しますか</h1>
            <SplitTable split={stage.split} />
            <div className="grid grid-cols-2 gap-6">
              <button type="button" className={secondary} onClick={() => setStage({ kind: 'fare', decision: stage.decision, fare: String(stage.split.fare), error: null })}>戻る</button>
              <button type="button" className={`${big} border-green-900 bg-green-900 text-white`} disabled={stage.busy} onClick={() => void confirm()}>確定</button>
            </div>
          </div>
        )}
        {stage.kind === 'done' && (
          <div className="flex w-full max-w-4xl flex-col items-center gap-6" role="status">
            <p className="text-[56px] font-bold text-green-1000">✓ {stage.decision.mode === 'training' ? '練習なので記録していません' : '記録しました'}</p>
            <p className="text-[36px]">お客様のお支払い</p>
            <p className="text-[96px] font-bold leading-none tabular-nums" data-testid="passenger-pays">{yen(stage.split.passenger)}</p>
            <p className="text-[28px]">運賃 {yen(stage.split.fare)} のうち {yen(stage.split.subsidy)} は市の助成です</p>
            {stage.decision.mode === 'offline' && <p className="text-[24px]">圏外のため端末に保存しました。電波が戻ったら送ります。</p>}
            {stage.decision.mode === 'online' && !stage.synced && <p className="text-[24px]">送信できなかったため端末に保存しました。あとで送ります。</p>}
            <button type="button" className={primary} onClick={next}>次のお客様</button>
          </div>
        )}
        {stage.kind === 'refused' && (
          <div className="flex w-full max-w-4xl flex-col items-center gap-6" role="alert">
            <p className="text-balance text-[52px] font-bold leading-tight text-red-1000">✕ {stage.refusal.title}</p>
            {stage.givenName && <p className="text-[32px]">{stage.givenName} さん</p>}
            <p className="text-balance text-[32px] font-bold">{stage.refusal.advice}</p>
            <button type="button" className={primary} onClick={next}>もどる</button>
          </div>
        )}
      </div>
      {showSettings && stage.kind === 'ready' && (
        <div className="border-t-4 border-solid-gray-800 bg-white p-6">
          <ReaderSettings demo={demo} onSaved={(s) => { setAgent(s); setShowSettings(false); }} />
          {demo && <DemoCards code={demo} />}
        </div>
      )}
    </Screen>
  );
}

function engineSplit(decision: Extract<BoardingDecision, { ok: true }>, fare: number): { split: FareSplit } | { error: string } {
  // The same checks and arithmetic as confirm(), shown before the passenger is asked to pay.
  const problem = checkFare(fare, decision.programme.fare);
  if (problem !== null) return { error: fareErrorMessage(problem, decision.programme.fare.maxYen) };
  return { split: splitFare(fare, decision.programme.rule) };
}

function ReadyView({ reader, training, listProblem, connection }: { reader: string; training: boolean; listProblem: string | null; connection: string }) {
  return (
    <>
      <p className="text-[28px]">{training ? '練習です。どのカードでも試せます。記録はしません。' : 'お客様のマイナンバーカードを'}</p>
      <h1 className="text-[72px] font-bold leading-tight">カードリーダーに<br />のせてください</h1>
      {reader === 'connecting' && <p className="text-[24px]" role="status">カードリーダーに接続しています…</p>}
      {reader === 'failed' && (
        <p role="alert" className="rounded-12 border-4 border-red-900 bg-white p-5 text-[24px] font-bold text-red-1000">
          カードリーダーにつながりません。「設定」でカードリーダーを確かめてください。
        </p>
      )}
      {!training && connection === 'offline' && listProblem && (
        <p role="alert" className="rounded-12 border-4 border-yellow-900 bg-white p-5 text-[24px] font-bold">
          {refusal(listProblem as Parameters<typeof refusal>[0]).title}。{refusal(listProblem as Parameters<typeof refusal>[0]).advice}
        </p>
      )}
    </>
  );
}

function FareView({ stage, onChange, onNext, onCancel }: {
  stage: Extract<Stage, { kind: 'fare' }>;
  onChange: (fare: string, error: string | null) => void;
  onNext: () => void;
  onCancel: () => void;
}) {
  const d = stage.decision;
  return (
    <div className="grid w-full max-w-6xl grid-cols-2 gap-10 text-left">
      <div className="flex flex-col gap-5">
        <p className="text-[56px] font-bold leading-tight" data-testid="beneficiary">{d.givenName} さん</p>
        <p className="flex flex-wrap items-baseline gap-x-6 text-[28px]">
          <span>残り</span>
          <span>今日 <b className="text-[40px]">{d.remaining.day}</b>回</span>
          {d.remaining.month !== null && <span>今月 <b className="text-[40px]">{d.remaining.month}</b>回</span>}
          <span>今年度 <b className="text-[40px]">{d.remaining.year}</b>回</span>
        </p>
        <p className="text-[22px]">助成: {describeRule(d.programme.rule)}{d.mode === 'offline' ? '（圏外: 名簿で確認）' : ''}</p>
        <label htmlFor="fare" className="text-[28px] font-bold">メーターの運賃</label>
        <output id="fare" aria-live="polite" className="min-h-24 rounded-16 border-4 border-solid-gray-800 bg-white px-6 text-right text-[64px] font-bold tabular-nums" data-testid="fare">
          {stage.fare === '' ? '0' : Number(stage.fare).toLocaleString('ja-JP')}<span className="text-[32px]"> 円</span>
        </output>
        {stage.error && <p role="alert" className="rounded-12 border-4 border-red-900 bg-red-50 p-4 text-[24px] font-bold text-red-1000">{stage.error}</p>}
        <div className="grid grid-cols-2 gap-4">
          <button type="button" className={secondary} onClick={onCancel}>やめる</button>
          <button type="button" className={primary} onClick={onNext}>次へ</button>
        </div>
      </div>
      <Keypad
        label="運賃の入力"
        onDigit={(digit) => {
          if (stage.fare.length >= 6) return;
          onChange(stage.fare === '' && digit === '0' ? '' : stage.fare + digit, null);
        }}
        onClear={() => onChange('', null)}
        onBack={() => onChange(stage.fare.slice(0, -1), null)}
      />
    </div>
  );
}

function SplitTable({ split }: { split: FareSplit }) {
  const row = 'flex items-baseline justify-between border-b-2 border-solid-gray-400 py-3';
  return (
    <dl className="w-full rounded-16 border-4 border-solid-gray-800 bg-white px-8 py-4 text-left">
      <div className={row}><dt className="text-[32px]">運賃</dt><dd className="text-[48px] font-bold tabular-nums">{yen(split.fare)}</dd></div>
      <div className={row}><dt className="text-[32px]">市の助成</dt><dd className="text-[48px] font-bold tabular-nums">− {yen(split.subsidy)}</dd></div>
      <div className="flex items-baseline justify-between py-3">
        <dt className="text-[36px] font-bold">お客様のお支払い</dt>
        <dd className="text-[72px] font-bold tabular-nums" data-testid="confirm-passenger">{yen(split.passenger)}</dd>
      </div>
    </dl>
  );
}

function DemoCards({ code }: { code: string }) {
  const [reader, setReader] = useState<DemoReader | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  useEffect(() => {
    void fetchDemoReader(code).then(setReader);
  }, [code]);
  if (!reader || reader.cards.length === 0) return null;
  const insert = async (cardId: string) => {
    const res = await fetch(`/api/portal/${encodeURIComponent(code)}/demo/card-reader/insert`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ cardId }),
    }).catch(() => null);
    setMessage(res?.ok ? 'カードを置きました。' : 'カードを置けませんでした。');
  };
  return (
    <section aria-labelledby="demo-cards" className="mt-6 flex flex-col gap-3">
      <h2 id="demo-cards" className="text-[24px] font-bold">デモ用カード（デモのときだけ）</h2>
      <div className="flex flex-wrap gap-3">
        {reader.cards.map((c) => (
          <button key={c.id} type="button" className={small} onClick={() => void insert(c.id)} title={c.note}>{c.label}</button>
        ))}
      </div>
      {message && <p role="status" className="text-[20px]">{message}</p>}
    </section>
  );
}
