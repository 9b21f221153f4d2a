// Age sampling shaped like a rural Tohoku town's population pyramid in the mid-2020s: few
// children, a dip in the twenties (young people leave for 仙台 and Tokyo), the baby-boom cohort
// in its late seventies, and a long tail of the very old. Household builders draw the ages of
// their "anchor" members from this shape within the range their household type allows.

import type { Rng } from './prng';

const MAX_AGE = 104;

/** Relative number of residents aged `age` (not normalised). */
function populationWeight(age: number): number {
  if (age < 15) return 0.55;
  if (age < 20) return 0.65;
  if (age < 30) return 0.5;
  if (age < 40) return 0.65;
  if (age < 50) return 0.85;
  if (age < 60) return 0.95;
  if (age < 65) return 1.0;
  if (age < 75) return 1.15;
  if (age < 80) return 1.35;
  if (age < 85) return 1.15;
  if (age < 90) return 0.95;
  if (age < 95) return 0.45;
  if (age < 100) return 0.15;
  return 0.02;
}

// cumulative[a] = total weight of ages below a.
const cumulative = new Float64Array(MAX_AGE + 2);
for (let a = 0; a <= MAX_AGE; a++) cumulative[a + 1] = (cumulative[a] ?? 0) + populationWeight(a);

/** An age in [min, max] (whole years, inclusive) drawn from the town's pyramid. */
export function ageIn(rng: Rng, min: number, max: number): number {
  const lo = Math.max(0, Math.min(min, MAX_AGE));
  const hi = Math.max(lo, Math.min(max, MAX_AGE));
  const from = cumulative[lo] ?? 0;
  const to = cumulative[hi + 1] ?? 0;
  const x = from + rng.next() * (to - from);
  let a = lo;
  while (a < hi && (cumulative[a + 1] ?? 0) <= x) a++;
  return a;
}

/** Husband's age minus wife's age, in years: mostly 0–5, sometimes the wife is older. */
const SPOUSE_GAPS: ReadonlyArray<readonly [number, number]> = [
  [-4, 2], [-3, 3], [-2, 5], [-1, 8], [0, 14], [1, 15], [2, 14], [3, 12],
  [4, 9], [5, 7], [6, 5], [7, 3], [8, 2], [9, 1], [10, 1], [12, 1],
];
const GAP_TOTAL = SPOUSE_GAPS.reduce((s, [, w]) => s + w, 0);

export function spouseGap(rng: Rng): number {
  let x = rng.next() * GAP_TOTAL;
  for (const [gap, w] of SPOUSE_GAPS) {
    if (x < w) return gap;
    x -= w;
  }
  return 2;
}

/**
 * Whether a parent drawn only from a child's age is still alive: a householder of 68 may well
 * have a mother of 95, but rarely one of 101. Without this the parents of older householders
 * pile up at the top of the age range.
 */
export function stillAlive(rng: Rng, age: number): boolean {
  if (age < 85) return true;
  if (age < 90) return rng.chance(0.8);
  if (age < 95) return rng.chance(0.55);
  if (age < 100) return rng.chance(0.25);
  return age <= MAX_AGE && rng.chance(0.06);
}
