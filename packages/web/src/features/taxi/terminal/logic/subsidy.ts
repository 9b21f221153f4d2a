/**
 * The subsidy of one ride under a programme's rule version (the same shape and arithmetic as the
 * server's modules/taxi/rules.ts, whose rule the list carries). Pure and browser-safe: the terminal
 * shows it before 確定 (online and offline); the server recomputes it authoritatively from the
 * rule version the ride names and refuses a ride whose figures differ.
 */
export type SubsidyRule =
  /** A share of the fare (rounded down to the yen), capped per ride: half up to ¥1,000 (前橋 マイタク). */
  | { readonly kind: 'rate'; readonly percent: number; readonly maxYen: number }
  /** A fixed amount per ride, never more than the fare. */
  | { readonly kind: 'fixed'; readonly amountYen: number };

export interface FareSplit {
  readonly fare: number;
  readonly subsidy: number;
  readonly passenger: number;
}

/** Below this a meter fare is a mistyped number (no Japanese taxi starts under ¥100). */
export const MIN_FARE_YEN = 100;

export type FareProblem = 'FARE_ZERO' | 'FARE_TOO_LOW' | 'FARE_TOO_HIGH' | 'FARE_NOT_INTEGER';

export function checkFare(fare: number, bounds: { minYen: number; maxYen: number }): FareProblem | null {
  if (!Number.isSafeInteger(fare)) return 'FARE_NOT_INTEGER';
  if (fare <= 0) return 'FARE_ZERO';
  if (fare < Math.max(bounds.minYen, MIN_FARE_YEN)) return 'FARE_TOO_LOW';
  if (fare > bounds.maxYen) return 'FARE_TOO_HIGH';
  return null;
}

/** Yen are whole: a half of an odd fare is rounded down (the city never pays a fraction). */
export function splitFare(fare: number, rule: SubsidyRule): FareSplit {
  const raw = rule.kind === 'rate' ? Math.min(Math.floor((fare * rule.percent) / 100), rule.maxYen) : rule.amountYen;
  const subsidy = Math.max(0, Math.min(raw, fare));
  return { fare, subsidy, passenger: fare - subsidy };
}

/** The rule in words for the driver and the passenger. */
export function describeRule(rule: SubsidyRule): string {
  return rule.kind === 'rate'
    ? `運賃の${rule.percent === 50 ? '半額' : `${rule.percent}%`}（1回${rule.maxYen.toLocaleString('ja-JP')}円まで）`
    : `1回${rule.amountYen.toLocaleString('ja-JP')}円`;
}
