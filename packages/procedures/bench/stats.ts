export type Stats = { n: number; p50: number; p95: number; min: number; max: number };

export function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1) + 0.5))] ?? Number.NaN;
  return { n: s.length, p50: at(0.5), p95: at(0.95), min: s[0] ?? Number.NaN, max: s[s.length - 1] ?? Number.NaN };
}

export const ms = (n: number): string => n.toFixed(n < 1 ? 3 : 1);
