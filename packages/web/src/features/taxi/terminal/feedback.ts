/**
 * Sound for a driver who is looking at the road, not the screen: two short high beeps when the
 * card is accepted or the ride is recorded, one long low tone for a refusal. WebAudio only (no
 * files); silent where audio is not allowed yet (the first tap unlocks it).
 */
let context: AudioContext | null = null;

function audio(): AudioContext | null {
  if (typeof window === 'undefined' || typeof window.AudioContext !== 'function') return null;
  context ??= new window.AudioContext();
  if (context.state === 'suspended') void context.resume();
  return context;
}

function tone(ctx: AudioContext, frequency: number, start: number, seconds: number) {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = 'sine';
  osc.frequency.value = frequency;
  gain.gain.setValueAtTime(0.0001, start);
  gain.gain.exponentialRampToValueAtTime(0.4, start + 0.02);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + seconds);
  osc.connect(gain).connect(ctx.destination);
  osc.start(start);
  osc.stop(start + seconds + 0.05);
}

export type Feedback = 'ok' | 'refused' | 'tap';

export function beep(kind: Feedback): void {
  try {
    const ctx = audio();
    if (!ctx) return;
    const t = ctx.currentTime;
    if (kind === 'ok') {
      tone(ctx, 1320, t, 0.12);
      tone(ctx, 1320, t + 0.18, 0.12);
    } else if (kind === 'refused') {
      tone(ctx, 330, t, 0.7);
    } else {
      tone(ctx, 880, t, 0.05);
    }
  } catch {
    // No sound is not an error: the colours and words say the same.
  }
}

/** Unlocks audio on the first touch (browsers start it suspended). */
export function unlockAudio(): void {
  audio();
}
