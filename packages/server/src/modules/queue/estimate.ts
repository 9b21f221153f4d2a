/**
 * Wait estimate (see ARCHITECTURE.md, "Wait estimate"). Pure functions: the live snapshot, the
 * status page and the simulation in bench/queue-estimate.ts all use these.
 *
 *   wait ≈ (ahead + α) × S / c
 *
 * - ahead: callable visits of the same service in front (the call-next order);
 * - S: minutes a desk spends per resident of this service (called → done, which includes the walk
 *   to the desk), learnt from history for this service and hour of day, shrunk towards the
 *   service's configured default while samples are few, and blended with today's recent visits;
 * - c: desk capacity for the service: each open desk serving it counts 1 / (number of services with
 *   a queue that the desk serves), since a desk shared by two queues alternates between them;
 * - α: where the resident stands when the desks are all busy: the desk that frees first has, on
 *   average, part of a service left. Fitted on simulated days (bench/queue-estimate.ts).
 * When a desk is open and idle and nobody is ahead, the wait is the time to be called (~0).
 */
export const ALPHA = 0.5;
/** Samples worth as much as the configured default, when shrinking a small history towards it. */
export const PRIOR_WEIGHT = 5;
/** Today's visits needed before they move the estimate. */
export const RECENT_MIN_SAMPLES = 3;

export interface HistoryStat {
  /** Mean minutes per resident from the last weeks, for this service and hour. */
  meanMinutes: number;
  samples: number;
}

export interface ServiceTimeInput {
  defaultMinutes: number;
  history: HistoryStat | null;
  /** Minutes of today's most recent finished visits of this service (newest first). */
  recent: readonly number[];
}

/** S: minutes per resident for a service now. */
export function serviceMinutes(input: ServiceTimeInput): number {
  const h = input.history;
  const prior = input.defaultMinutes;
  const historical = h && h.samples > 0 ? (h.samples * h.meanMinutes + PRIOR_WEIGHT * prior) / (h.samples + PRIOR_WEIGHT) : prior;
  if (input.recent.length < RECENT_MIN_SAMPLES) return historical;
  const recent = input.recent.slice(0, 10);
  const recentMean = recent.reduce((a, b) => a + b, 0) / recent.length;
  return 0.5 * historical + 0.5 * recentMean;
}

export interface DeskLoad {
  open: boolean;
  /** True while a resident is called or served at this desk. */
  busy: boolean;
  serviceIds: readonly string[];
}

/** c: the share of open desks that works on `serviceId`, given which services have a queue. */
export function deskCapacity(serviceId: string, desks: readonly DeskLoad[], servicesWithQueue: ReadonlySet<string>): number {
  let c = 0;
  for (const d of desks) {
    if (!d.open || !d.serviceIds.includes(serviceId)) continue;
    const competing = d.serviceIds.filter((s) => s === serviceId || servicesWithQueue.has(s)).length;
    c += 1 / Math.max(1, competing);
  }
  return c;
}

export interface EstimateInput {
  ahead: number;
  serviceMinutes: number;
  capacity: number;
  /** Open desks serving this service with nobody at them. */
  idleDesks: number;
  /** When no desk is open: how many usually are at this hour (from history), else 1. */
  fallbackCapacity?: number;
}

/** Minutes until the resident is called. Never negative; rounded by the caller for display. */
export function estimateWaitMinutes(input: EstimateInput): number {
  if (input.idleDesks > input.ahead) return 0;
  const c = input.capacity > 0 ? input.capacity : Math.max(1, input.fallbackCapacity ?? 1);
  const ahead = Math.max(0, input.ahead - input.idleDesks);
  return ((ahead + ALPHA) * input.serviceMinutes) / c;
}

/** What a screen shows: whole minutes, "まもなく" under one minute. */
export function roundedMinutes(minutes: number): number {
  if (minutes < 1) return 0;
  return minutes < 10 ? Math.round(minutes) : Math.round(minutes / 5) * 5;
}
