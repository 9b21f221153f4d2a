import { describe, expect, it } from 'vitest';
import { deepFreeze, LruCache, TtlCache } from './cache';

describe('in-process caches', () => {
  it('LRU: keeps at most max entries and drops the least recently used', () => {
    const c = new LruCache<string, number>(2);
    c.set('a', 1);
    c.set('b', 2);
    expect(c.get('a')).toBe(1); // a is now the most recently used
    c.set('c', 3);
    expect(c.get('b')).toBeUndefined();
    expect(c.get('a')).toBe(1);
    expect(c.get('c')).toBe(3);
    expect(c.size).toBe(2);
  });

  it('TTL: an entry is gone once its time is up', () => {
    let now = 1_000;
    const c = new TtlCache<string, string>(30_000, 10, () => now);
    c.set('062120', 'A市');
    now += 29_999;
    expect(c.get('062120')).toBe('A市');
    now += 1;
    expect(c.get('062120')).toBeUndefined();
  });

  it('deepFreeze freezes nested objects and arrays', () => {
    const v = deepFreeze({ a: { b: [1, { c: 2 }] } });
    expect(Object.isFrozen(v.a.b)).toBe(true);
    expect(Object.isFrozen(v.a.b[1])).toBe(true);
  });
});
