/**
 * Login attempts per client address in a fixed window, in memory. Per-account lockout (in the
 * database) stops guessing one password; this stops one machine from trying many accounts. A
 * multi-process deployment should move this to a shared store.
 */
export class AttemptLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();

  constructor(
    readonly maxAttempts: number,
    readonly windowMs: number,
  ) {}

  /** Records an attempt; returns the time until the window resets when over the limit, else 0. */
  hit(key: string, now: number): number {
    const w = this.#windows.get(key);
    if (!w || now - w.start >= this.windowMs) {
      this.#windows.set(key, { start: now, count: 1 });
      this.#sweep(now);
      return 0;
    }
    w.count += 1;
    return w.count > this.maxAttempts ? w.start + this.windowMs - now : 0;
  }

  #sweep(now: number) {
    if (this.#windows.size < 10_000) return;
    for (const [k, w] of this.#windows) if (now - w.start >= this.windowMs) this.#windows.delete(k);
  }
}
