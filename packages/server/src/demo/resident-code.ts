// 住民票コード for demo residents: 10 digits that look random plus a check digit, 11 in all.
//
// Uniqueness without remembering every code issued: the n-th resident's 10-digit body is a
// keyed permutation (a 4-round Feistel network over two 5-digit halves) of n, so distinct n give
// distinct bodies and the generator needs no Set — it must stay O(1) in memory for a 1M city.

import { hashString } from './prng';

const HALF = 100_000;
const ROUNDS = 4;

function roundFunction(value: number, key: number): number {
  let h = Math.imul(value ^ key, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca77);
  h ^= h >>> 13;
  return (h >>> 0) % HALF;
}

/**
 * A check digit by the modulus-11 weighted sum common to Japanese identifiers (weights 2…7
 * repeating from the rightmost digit). Only the shape of the real code matters for the demo.
 */
export function checkDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * ((i % 6) + 2);
  }
  const r = sum % 11;
  return r <= 1 ? 0 : 11 - r;
}

export class ResidentCodeIssuer {
  private readonly keys: number[];
  private counter = 0;

  constructor(seed: number, localGovernmentCode: string) {
    const base = hashString(`${seed}:${localGovernmentCode}`);
    this.keys = Array.from({ length: ROUNDS }, (_, i) => hashString(`${base}:${i}`));
  }

  /** The body for index n (0 ≤ n < 10^10): a bijection, so distinct n never collide. */
  bodyFor(n: number): string {
    let left = Math.floor(n / HALF);
    let right = n % HALF;
    for (const key of this.keys) {
      const next = (left + roundFunction(right, key)) % HALF;
      left = right;
      right = next;
    }
    return String(left * HALF + right).padStart(10, '0');
  }

  next(): string {
    const body = this.bodyFor(this.counter++);
    return body + String(checkDigit(body));
  }
}
