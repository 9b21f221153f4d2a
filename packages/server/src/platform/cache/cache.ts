/**
 * Small in-process caches for data that is read on every request and changes never (published,
 * immutable rows) or hardly ever. Each process has its own: nothing here is shared between server
 * processes, so a cache may only hold what every process would read the same from the database.
 */

/** At most `max` entries; the least recently used goes first. For immutable values (no expiry). */
export class LruCache<K, V> {
  private readonly map = new Map<K, V>();
  constructor(private readonly max: number) {}

  get(key: K): V | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      // Map keeps insertion order: re-inserting marks the entry as the most recently used.
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }

  set(key: K, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    while (this.map.size > this.max) this.map.delete(this.map.keys().next().value as K);
  }

  delete(key: K): void {
    this.map.delete(key);
  }

  get size(): number {
    return this.map.size;
  }
}

/** Entries expire `ttlMs` after they were stored (by the clock given); at most `max` entries. */
export class TtlCache<K, V> {
  private readonly lru: LruCache<K, { value: V; until: number }>;
  constructor(private readonly ttlMs: number, max: number, private readonly clock: () => number = Date.now) {
    this.lru = new LruCache(max);
  }

  get(key: K): V | undefined {
    const e = this.lru.get(key);
    if (!e) return undefined;
    if (e.until <= this.clock()) {
      this.lru.delete(key);
      return undefined;
    }
    return e.value;
  }

  set(key: K, value: V): void {
    this.lru.set(key, { value, until: this.clock() + this.ttlMs });
  }

  delete(key: K): void {
    this.lru.delete(key);
  }
}

/** Freezes an object graph (JSON-like data), so a cached value cannot be changed by one of its readers. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
