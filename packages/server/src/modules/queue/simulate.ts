import { createRng, type Rng } from '../../demo/prng';
import { deskCapacity, estimateWaitMinutes, serviceMinutes, type DeskLoad, type HistoryStat } from './estimate';

/**
 * A simulated day at a counter floor: residents arrive (Poisson, busier in the morning and after
 * lunch), desks call them in the production call order and serve them for a log-normal time. At
 * each arrival the production wait estimate is computed from what a real server would know then
 * (queue, open desks, history of earlier days, today's finished visits) and compared with the wait
 * that followed. Used to measure the estimate (bench/queue-estimate.ts, estimate.test.ts) and to give
 * the demo city a history for its charts.
 */

export interface SimService {
  id: string;
  /** What an administrator would configure as the usual minutes per resident. */
  defaultMinutes: number;
  /** What it really takes on average, and how much it varies (coefficient of variation). */
  meanMinutes: number;
  cv: number;
  /** Residents per hour at the busiest hour; other hours follow ARRIVAL_PROFILE. */
  peakPerHour: number;
  assistanceShare?: number;
}

export interface SimDesk {
  id: string;
  serviceIds: string[];
  /** Minutes since midnight. */
  opens: number;
  closes: number;
  /** A break (lunch) when the desk is closed. */
  pause?: [number, number];
}

export interface SimConfig {
  services: SimService[];
  desks: SimDesk[];
  /** Minutes since midnight when tickets are handed out. */
  opens: number;
  closes: number;
}

export interface SimVisit {
  serviceId: string;
  deskId: string;
  arrival: number;
  called: number;
  finished: number;
  estimate: number;
  naiveEstimate: number;
  needsAssistance: boolean;
}

/** Relative arrival rate by hour of day (Japanese city halls: a morning peak, a smaller one after lunch). */
export const ARRIVAL_PROFILE: Record<number, number> = { 8: 0.7, 9: 1, 10: 0.9, 11: 0.7, 12: 0.45, 13: 0.8, 14: 0.75, 15: 0.6, 16: 0.4, 17: 0.1 };

export const DEMO_FLOOR: SimConfig = {
  opens: 8 * 60 + 30,
  closes: 17 * 60 + 15,
  services: [
    { id: 'certificates', defaultMinutes: 4, meanMinutes: 4.5, cv: 0.5, peakPerHour: 14, assistanceShare: 0.05 },
    { id: 'moving', defaultMinutes: 15, meanMinutes: 17, cv: 0.45, peakPerHour: 3 },
    { id: 'tax', defaultMinutes: 6, meanMinutes: 5.5, cv: 0.6, peakPerHour: 5 },
    { id: 'insurance', defaultMinutes: 8, meanMinutes: 9, cv: 0.5, peakPerHour: 5, assistanceShare: 0.1 },
    { id: 'children', defaultMinutes: 10, meanMinutes: 11, cv: 0.5, peakPerHour: 2 },
    { id: 'welfare', defaultMinutes: 10, meanMinutes: 12, cv: 0.6, peakPerHour: 2, assistanceShare: 0.2 },
  ],
  desks: [
    { id: 'd1', serviceIds: ['certificates', 'moving'], opens: 510, closes: 1035 },
    { id: 'd2', serviceIds: ['certificates', 'tax'], opens: 510, closes: 1035, pause: [720, 780] },
    { id: 'd3', serviceIds: ['moving', 'certificates'], opens: 510, closes: 1035, pause: [750, 810] },
    { id: 'd4', serviceIds: ['insurance'], opens: 510, closes: 1035, pause: [720, 780] },
    { id: 'd5', serviceIds: ['insurance', 'moving'], opens: 540, closes: 1020 },
    { id: 'd6', serviceIds: ['welfare'], opens: 510, closes: 1035 },
    { id: 'd7', serviceIds: ['children'], opens: 510, closes: 1035 },
  ],
};

function logNormal(rng: Rng, mean: number, cv: number): number {
  const sigma2 = Math.log(1 + cv * cv);
  const mu = Math.log(mean) - sigma2 / 2;
  const u1 = Math.max(rng.next(), 1e-12);
  const u2 = rng.next();
  const z = Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  return Math.exp(mu + Math.sqrt(sigma2) * z);
}

function arrivals(rng: Rng, config: SimConfig, load: number): { t: number; serviceId: string; assist: boolean }[] {
  const out: { t: number; serviceId: string; assist: boolean }[] = [];
  for (const s of config.services) {
    const peak = s.peakPerHour * load;
    let t = config.opens;
    // Thinning: draw at the peak rate, keep with the hour's relative rate.
    for (;;) {
      t += -Math.log(1 - rng.next()) * (60 / peak);
      if (t >= config.closes) break;
      if (rng.next() < (ARRIVAL_PROFILE[Math.floor(t / 60)] ?? 0)) out.push({ t, serviceId: s.id, assist: rng.next() < (s.assistanceShare ?? 0) });
    }
  }
  return out.sort((a, b) => a.t - b.t);
}

const deskOpen = (d: SimDesk, t: number) => t >= d.opens && t < d.closes && !(d.pause && t >= d.pause[0] && t < d.pause[1]);
export const simHistoryKey = (serviceId: string, hour: number) => `${serviceId}:${hour}`;

/** One day. `load` scales arrivals (e.g. 1.3 on a Monday); `history` is what earlier days taught. */
export function simulateDay(config: SimConfig, seed: number, history: Map<string, HistoryStat>, load = 1): SimVisit[] {
  const rng = createRng(seed);
  const todo = arrivals(rng, config, load);
  const byService = new Map(config.services.map((s) => [s.id, s]));
  interface Waiting { i: number; t: number; serviceId: string; assist: boolean; estimate: number; naive: number }
  const queue: Waiting[] = [];
  const desks = config.desks.map((d) => ({ d, busyUntil: -1, current: null as null | { w: Waiting; called: number } }));
  const recent = new Map<string, number[]>();
  const done: SimVisit[] = [];
  let next = 0;
  let t = config.opens;
  const end = config.closes + 8 * 60;

  const finish = (now: number) => {
    for (const desk of desks) {
      if (desk.current && desk.busyUntil <= now) {
        const { w, called } = desk.current;
        done.push({ serviceId: w.serviceId, deskId: desk.d.id, arrival: w.t, called, finished: desk.busyUntil, estimate: w.estimate, naiveEstimate: w.naive, needsAssistance: w.assist });
        const list = recent.get(w.serviceId) ?? [];
        list.unshift(desk.busyUntil - called);
        recent.set(w.serviceId, list.slice(0, 10));
        desk.current = null;
      }
    }
  };
  const call = (now: number) => {
    for (const desk of desks) {
      if (desk.current || !deskOpen(desk.d, now)) continue;
      let best = -1;
      for (let k = 0; k < queue.length; k += 1) {
        const w = queue[k]!;
        if (!desk.d.serviceIds.includes(w.serviceId)) continue;
        const b = best >= 0 ? queue[best]! : null;
        if (!b || (w.assist && !b.assist) || (w.assist === b.assist && w.t < b.t)) best = k;
      }
      if (best < 0) continue;
      const [w] = queue.splice(best, 1);
      const s = byService.get(w!.serviceId)!;
      desk.current = { w: w!, called: now };
      desk.busyUntil = now + 0.3 + logNormal(rng, s.meanMinutes, s.cv);
    }
  };

  while (t < end && (next < todo.length || queue.length > 0 || desks.some((d) => d.current))) {
    finish(t);
    while (next < todo.length && todo[next]!.t <= t) {
      const a = todo[next]!;
      const s = byService.get(a.serviceId)!;
      const hour = Math.floor(a.t / 60);
      const loads: DeskLoad[] = desks.map((d) => ({ open: deskOpen(d.d, a.t), busy: d.current !== null, serviceIds: d.d.serviceIds }));
      const withQueue = new Set(queue.map((w) => w.serviceId));
      withQueue.add(a.serviceId);
      // Residents needing assistance go first, so only they count as ahead of one.
      const ahead = queue.filter((w) => w.serviceId === a.serviceId && (!a.assist || w.assist)).length;
      const S = serviceMinutes({ defaultMinutes: s.defaultMinutes, history: history.get(simHistoryKey(a.serviceId, hour)) ?? null, recent: recent.get(a.serviceId) ?? [] });
      const idle = loads.filter((l) => l.open && !l.busy && l.serviceIds.includes(a.serviceId)).length;
      const estimate = estimateWaitMinutes({ ahead, serviceMinutes: S, capacity: deskCapacity(a.serviceId, loads, withQueue), idleDesks: idle });
      const openForService = loads.filter((l) => l.open && l.serviceIds.includes(a.serviceId)).length;
      queue.push({ i: next, t: a.t, serviceId: a.serviceId, assist: a.assist, estimate, naive: (ahead * s.defaultMinutes) / Math.max(1, openForService) });
      next += 1;
    }
    call(t);
    // Next moment something can change: an arrival, a desk finishing, a desk opening or closing.
    const candidates = [next < todo.length ? todo[next]!.t : Infinity, ...desks.filter((d) => d.current).map((d) => d.busyUntil)];
    for (const d of desks) for (const b of [d.d.opens, d.d.closes, ...(d.d.pause ?? [])]) if (b > t) candidates.push(b);
    const after = Math.min(...candidates);
    if (!Number.isFinite(after)) break;
    t = Math.max(after, t + 1e-6);
  }
  finish(Infinity);
  return done;
}

/** Mean minutes per resident by service and hour of the call, from simulated days. */
export function simHistory(days: readonly SimVisit[][]): Map<string, HistoryStat> {
  const acc = new Map<string, { sum: number; n: number }>();
  for (const day of days) {
    for (const v of day) {
      const key = simHistoryKey(v.serviceId, Math.floor(v.called / 60));
      const a = acc.get(key) ?? { sum: 0, n: 0 };
      a.sum += v.finished - v.called;
      a.n += 1;
      acc.set(key, a);
    }
  }
  return new Map([...acc].map(([k, a]) => [k, { meanMinutes: a.sum / a.n, samples: a.n }]));
}

export interface EstimateError {
  days: number;
  visits: number;
  meanWaitMinutes: number;
  maeMinutes: number;
  naiveMaeMinutes: number;
  /** Share of residents whose real wait was within 5 minutes of the estimate. */
  within5: number;
}

/** Mean absolute error of the estimate on `days` simulated days after `warmup` days of history. */
export function measureEstimate(config: SimConfig, opts: { seed: number; warmup: number; days: number }): EstimateError {
  const history: SimVisit[][] = [];
  const loadOf = (d: number) => [1.3, 1, 0.9, 0.95, 1.15][d % 5]!;
  for (let d = 0; d < opts.warmup; d += 1) history.push(simulateDay(config, opts.seed + d, simHistory(history.slice(-20)), loadOf(d)));
  const stats = simHistory(history.slice(-20));
  let n = 0;
  let abs = 0;
  let naive = 0;
  let wait = 0;
  let within = 0;
  for (let d = 0; d < opts.days; d += 1) {
    for (const v of simulateDay(config, opts.seed + 10_000 + d, stats, loadOf(opts.warmup + d))) {
      const actual = v.called - v.arrival;
      n += 1;
      wait += actual;
      abs += Math.abs(v.estimate - actual);
      naive += Math.abs(v.naiveEstimate - actual);
      if (Math.abs(v.estimate - actual) <= 5) within += 1;
    }
  }
  return { days: opts.days, visits: n, meanWaitMinutes: wait / n, maeMinutes: abs / n, naiveMaeMinutes: naive / n, within5: within / n };
}
