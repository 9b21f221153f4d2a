import { describe, expect, it } from 'vitest';
import { createRng, WeightedTable } from './prng';
import { checkDigit, ResidentCodeIssuer } from './resident-code';

describe('createRng', () => {
  it('repeats the same sequence for the same seed and differs for another', () => {
    const draw = (seed: number) => {
      const rng = createRng(seed);
      return Array.from({ length: 50 }, () => rng.next());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('stays within bounds and covers them', () => {
    const rng = createRng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 10_000; i++) {
      const x = rng.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      const n = rng.int(3, 7);
      expect(n).toBeGreaterThanOrEqual(3);
      expect(n).toBeLessThanOrEqual(7);
      seen.add(n);
    }
    expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
  });

  it('is roughly uniform', () => {
    const rng = createRng(7);
    const buckets = new Array<number>(10).fill(0);
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const b = Math.floor(rng.next() * 10);
      buckets[b] = (buckets[b] ?? 0) + 1;
    }
    for (const count of buckets) expect(Math.abs(count - n / 10)).toBeLessThan(n / 100);
  });
});

describe('WeightedTable', () => {
  it('picks in proportion to the weights', () => {
    const table = new WeightedTable([
      ['a', 1],
      ['b', 3],
      ['c', 6],
    ] as const);
    const rng = createRng(3);
    const counts: Record<string, number> = { a: 0, b: 0, c: 0 };
    for (let i = 0; i < 60_000; i++) {
      const k = table.pick(rng);
      counts[k] = (counts[k] ?? 0) + 1;
    }
    expect((counts.a ?? 0) / 60_000).toBeCloseTo(0.1, 1);
    expect((counts.b ?? 0) / 60_000).toBeCloseTo(0.3, 1);
    expect((counts.c ?? 0) / 60_000).toBeCloseTo(0.6, 1);
  });

  it('rejects empty tables and non-positive weights', () => {
    expect(() => new WeightedTable([])).toThrow();
    expect(() => new WeightedTable([['x', 0]])).toThrow(/positive/);
  });
});

describe('ResidentCodeIssuer', () => {
  it('issues 11-digit codes whose last digit checks', () => {
    const issuer = new ResidentCodeIssuer(1, '062120');
    for (let i = 0; i < 1000; i++) {
      const code = issuer.next();
      expect(code).toMatch(/^\d{11}$/);
      expect(checkDigit(code.slice(0, 10))).toBe(Number(code[10]));
    }
  });

  it('never repeats a body: the permutation is injective over 300,000 indices', () => {
    const issuer = new ResidentCodeIssuer(20240201, '062120');
    const seen = new Set<string>();
    for (let n = 0; n < 300_000; n++) seen.add(issuer.bodyFor(n));
    expect(seen.size).toBe(300_000);
  });

  it('depends on seed and municipality', () => {
    const a = new ResidentCodeIssuer(1, '062120').next();
    expect(new ResidentCodeIssuer(1, '062120').next()).toBe(a);
    expect(new ResidentCodeIssuer(2, '062120').next()).not.toBe(a);
    expect(new ResidentCodeIssuer(1, '063410').next()).not.toBe(a);
  });

  it('computes the weighted modulus-11 check digit', () => {
    // 0000000001: 1×2 = 2 → 11 − 2 = 9. 0000000000: remainder 0 → 0.
    expect(checkDigit('0000000001')).toBe(9);
    expect(checkDigit('0000000000')).toBe(0);
    // 1000000000: weight of the leftmost digit is ((9 % 6) + 2) = 5 → 11 − 5 = 6.
    expect(checkDigit('1000000000')).toBe(6);
  });
});
