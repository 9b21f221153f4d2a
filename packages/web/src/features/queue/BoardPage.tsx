import { useQuery } from '@tanstack/react-query';
import { useParams } from '@tanstack/react-router';
import { useCallback, useEffect, useRef, useState } from 'react';
import { publicQueueApi, type Announcement, type Board } from './queueApi';
import { formatTime, waitText } from './queueFormat';
import { queueKeys } from './QueuePublicLayout';
import { useEventStream } from './useEventStream';

const SOUND_KEY = 'madoguchi.queue.board.sound';
const VOICE_KEY = 'madoguchi.queue.board.voice';
/** How long a new call stays highlighted across the screen. */
const HIGHLIGHT_MS = 8_000;

/** "ピンポーン": two sine tones, made in the browser so nothing is downloaded. */
function chime(context: AudioContext): Promise<void> {
  const now = context.currentTime;
  for (const [freq, at] of [[880, 0], [660, 0.45]] as const) {
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.type = 'sine';
    osc.frequency.value = freq;
    gain.gain.setValueAtTime(0.0001, now + at);
    gain.gain.exponentialRampToValueAtTime(0.4, now + at + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, now + at + 0.9);
    osc.connect(gain).connect(context.destination);
    osc.start(now + at);
    osc.stop(now + at + 1);
  }
  return new Promise((resolve) => setTimeout(resolve, 1_300));
}

function speak(text: string): Promise<void> {
  return new Promise((resolve) => {
    if (typeof speechSynthesis === 'undefined') return resolve();
    const u = new SpeechSynthesisUtterance(text);
    u.lang = 'ja-JP';
    u.rate = 0.9;
    const voice = speechSynthesis.getVoices().find((v) => v.lang.startsWith('ja'));
    if (voice) u.voice = voice;
    u.onend = () => resolve();
    u.onerror = () => resolve();
    speechSynthesis.speak(u);
    // Some engines never fire onend; do not block the next announcement for long.
    setTimeout(resolve, 12_000);
  });
}

/** Announcements are played one after another, never over each other. */
function useAnnouncer(sound: boolean, voice: boolean) {
  const queue = useRef<Announcement[]>([]);
  const playing = useRef(false);
  const audio = useRef<AudioContext | null>(null);
  const settings = useRef({ sound, voice });
  settings.current = { sound, voice };
  const play = useCallback(async () => {
    if (playing.current) return;
    playing.current = true;
    while (queue.current.length > 0) {
      const a = queue.current.shift()!;
      if (settings.current.sound) {
        audio.current ??= typeof AudioContext === 'undefined' ? null : new AudioContext();
        if (audio.current) {
          await audio.current.resume().catch(() => {});
          await chime(audio.current);
        }
      }
      if (settings.current.voice) await speak(a.speech);
    }
    playing.current = false;
  }, []);
  const announce = useCallback((list: Announcement[]) => {
    queue.current.push(...list);
    void play();
  }, [play]);
  /** Browsers allow sound only after a tap; this is that tap. */
  const unlock = useCallback(() => {
    audio.current ??= typeof AudioContext === 'undefined' ? null : new AudioContext();
    void audio.current?.resume();
    if (typeof speechSynthesis !== 'undefined') speechSynthesis.speak(new SpeechSynthesisUtterance(''));
  }, []);
  return { announce, unlock };
}

function useClock(): string {
  const [now, setNow] = useState(() => new Date().toISOString());
  useEffect(() => {
    const t = setInterval(() => setNow(new Date().toISOString()), 15_000);
    return () => clearInterval(t);
  }, []);
  return formatTime(now);
}

const toggleClasses = (on: boolean) =>
  `min-h-12 rounded-8 border-2 px-4 text-[20px] font-bold ${on ? 'border-yellow-300 bg-yellow-300 text-black' : 'border-white bg-black text-white'}`;

/**
 * The display in the hall (a TV, read from 5 metres): numbers being called and their desks, the
 * latest call highlighted, a chime and a spoken announcement (switchable), waiting counts. Black
 * background, white and yellow text: high contrast for older eyes.
 */
export function BoardPage() {
  const { code, location: locationCode } = useParams({ strict: false }) as { code: string; location: string };
  const api = publicQueueApi(code);
  const overview = useQuery({ queryKey: queueKeys.overview(code), queryFn: () => api.overview(), staleTime: 10 * 60_000 });
  const location = overview.data?.locations.find((l) => l.code === locationCode || l.id === locationCode);
  const [board, setBoard] = useState<Board | null>(null);
  const [sound, setSound] = useState(() => localStorage.getItem(SOUND_KEY) !== 'off');
  const [voice, setVoice] = useState(() => localStorage.getItem(VOICE_KEY) !== 'off');
  const [unlocked, setUnlocked] = useState(false);
  const [highlight, setHighlight] = useState<Announcement | null>(null);
  const { announce, unlock } = useAnnouncer(sound, voice);
  const clock = useClock();
  const lastSeq = useRef(0n);

  const stream = useEventStream<Board>(location ? api.boardEventsUrl(location.id) : null, 'board', (b) => {
    // A message older than what is shown (a late write racing a reconnect) is ignored.
    const seq = BigInt(b.seq);
    if (seq < lastSeq.current && !b.initial) return;
    lastSeq.current = seq;
    setBoard(b);
    if (b.announcements.length > 0) {
      announce(b.announcements);
      setHighlight(b.announcements[b.announcements.length - 1]!);
    }
  });
  useEffect(() => {
    if (!highlight) return undefined;
    const t = setTimeout(() => setHighlight(null), HIGHLIGHT_MS);
    return () => clearTimeout(t);
  }, [highlight]);
  useEffect(() => {
    document.documentElement.lang = 'ja';
    document.title = `呼出表示 ${location?.name ?? ''}`;
  }, [location?.name]);
  useEffect(() => localStorage.setItem(SOUND_KEY, sound ? 'on' : 'off'), [sound]);
  useEffect(() => localStorage.setItem(VOICE_KEY, voice ? 'on' : 'off'), [voice]);

  if (overview.isError || (overview.isSuccess && !location)) {
    return (
      <main id="main" className="flex min-h-screen items-center justify-center bg-black p-10 text-center text-[40px] font-bold text-white">
        この呼出表示の場所が見つかりません。アドレスを確認してください。
      </main>
    );
  }
  const calling = board?.desks.filter((d) => d.displayNumber) ?? [];
  return (
    <main id="main" className="flex min-h-screen flex-col gap-6 bg-black p-6 text-white" onClick={() => { if (!unlocked) { unlock(); setUnlocked(true); } }}>
      <header className="flex flex-wrap items-center justify-between gap-4">
        <h1 className="text-[36px] font-bold">
          {location?.name ?? ''} <span className="text-[28px] font-normal">呼出表示</span>
        </h1>
        <div className="flex flex-wrap items-center gap-3">
          {stream !== 'open' ? (
            <span role="status" className="rounded-8 bg-yellow-300 px-3 py-1 text-[20px] font-bold text-black">
              {stream === 'connecting' ? '接続しています…' : '接続が切れました。再接続しています…'}
            </span>
          ) : null}
          <button type="button" aria-pressed={sound} onClick={() => { unlock(); setUnlocked(true); setSound(!sound); }} className={toggleClasses(sound)}>
            チャイム {sound ? 'オン' : 'オフ'}
          </button>
          <button type="button" aria-pressed={voice} onClick={() => { unlock(); setUnlocked(true); setVoice(!voice); }} className={toggleClasses(voice)}>
            音声案内 {voice ? 'オン' : 'オフ'}
          </button>
          <span className="text-[36px] font-bold tabular-nums" aria-label={`現在時刻 ${clock}`}>
            {clock}
          </span>
        </div>
      </header>
      {!unlocked && (sound || voice) ? (
        <p className="rounded-8 border-2 border-white px-4 py-2 text-[22px]">画面を一度タップ（クリック）すると、チャイムと音声案内が流れるようになります。</p>
      ) : null}

      {highlight ? (
        <section aria-live="assertive" className="flex flex-wrap items-center justify-center gap-10 rounded-16 border-8 border-yellow-300 bg-yellow-300 px-8 py-6 text-black">
          <span className="text-[44px] font-bold">お呼び出し</span>
          <span className="font-bold leading-none tabular-nums" style={{ fontSize: 'clamp(96px, 12vw, 240px)' }}>
            {highlight.displayNumber}
          </span>
          <span className="text-[64px] font-bold">→ {highlight.deskName}</span>
        </section>
      ) : null}

      <section aria-labelledby="calling-title" className="flex flex-col gap-4">
        <h2 id="calling-title" className="text-[32px] font-bold text-yellow-300">
          お呼び出し中の番号
        </h2>
        {calling.length === 0 ? (
          <p className="text-[32px]">{board ? 'ただいまお呼び出し中の番号はありません' : '読み込んでいます…'}</p>
        ) : (
          <ul className="grid grid-cols-2 gap-4 lg:grid-cols-3">
            {calling.map((d) => (
              <li key={d.id} className="flex flex-col items-center gap-1 rounded-16 border-4 border-white px-4 py-4">
                <span className="text-[40px] font-bold">{d.name}</span>
                <span className="font-bold leading-none tabular-nums text-yellow-300" style={{ fontSize: 'clamp(80px, 9vw, 200px)' }}>
                  {d.displayNumber}
                </span>
                <span className="text-[28px]">{d.stateLabel}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <section aria-labelledby="recent-title" className="flex flex-col gap-2">
          <h2 id="recent-title" className="text-[28px] font-bold text-yellow-300">
            最近お呼びした番号
          </h2>
          <ul className="flex flex-wrap gap-x-8 gap-y-2 text-[36px] font-bold tabular-nums">
            {(board?.recent ?? []).slice(0, 8).map((r) => (
              <li key={r.visitId}>
                {r.displayNumber}
                <span className="ml-2 text-[24px] font-normal">{r.deskName}</span>
              </li>
            ))}
          </ul>
        </section>
        <section aria-labelledby="waiting-title" className="flex flex-col gap-2">
          <h2 id="waiting-title" className="text-[28px] font-bold text-yellow-300">
            お待ちの方
          </h2>
          <table className="text-[26px]">
            <caption className="sr-only">用件ごとの待ち人数と待ち時間の目安</caption>
            <tbody>
              {(board?.waiting ?? []).map((w) => (
                <tr key={w.serviceId} className="border-b border-solid-gray-700">
                  <th scope="row" className="py-1 pr-4 text-left font-normal">
                    {w.ticketPrefix} {w.serviceName}
                  </th>
                  <td className="py-1 pr-4 text-right tabular-nums">{w.waiting}人</td>
                  <td className="py-1 text-right">{waitText(w.estimateMinutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      {board && !board.location.open ? <p className="text-[28px]">本日の受付: {board.location.todaySessions}</p> : null}
    </main>
  );
}
