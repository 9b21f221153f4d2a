import type { QueueSignal } from './model';

/**
 * In-process fan-out of committed queue changes to the open SSE streams (boards, status pages,
 * desk screens). Services publish signals after their transaction commits; for each location with
 * subscribers the feed builds ONE snapshot (a few queries) and hands it to every subscriber, which
 * renders its own message (a board its numbers, a status page its position). Signals that arrive
 * while a snapshot is being built are folded into the next one, so a burst costs one rebuild.
 *
 * One process only. To run several, each process would LISTEN on a PostgreSQL channel and the
 * services would NOTIFY (municipality, location, seq) after commit instead of calling publish()
 * directly; subscribers and snapshots stay as they are (see ARCHITECTURE.md, "Live queue updates").
 */
export interface LiveSubscriber<S> {
  municipalityId: string;
  /** The location whose changes it follows; a status page moves when its ticket is transferred. */
  locationId: string;
  /** Called with a fresh snapshot and the signals it covers; must not throw. */
  update(snapshot: S, signals: readonly QueueSignal[]): void | Promise<void>;
  /** Keeps proxies and the browser from closing an idle stream. */
  heartbeat(): void;
}

export const HEARTBEAT_MS = 20_000;
/**
 * A change waits this long before its snapshot is built, so that a burst (several desks calling at
 * once, which on PGlite commit one after another) becomes one snapshot and one message per screen
 * instead of one per call: the fan-out, not the database, is what costs with thousands of screens.
 */
export const COALESCE_MS = 40;

interface LocationFeed<S> {
  subscribers: Set<LiveSubscriber<S>>;
  pending: QueueSignal[];
  running: boolean;
}

export class LiveFeed<S> {
  readonly #feeds = new Map<string, LocationFeed<S>>();
  readonly #draining = new Set<Promise<void>>();
  #timer: NodeJS.Timeout | null = null;
  #count = 0;

  constructor(
    private readonly buildSnapshot: (municipalityId: string, locationId: string) => Promise<S>,
    private readonly onError: (error: unknown) => void = () => {},
  ) {}

  get subscriberCount(): number {
    return this.#count;
  }

  subscribe(sub: LiveSubscriber<S>): () => void {
    this.#feedFor(sub.municipalityId, sub.locationId).subscribers.add(sub);
    this.#count += 1;
    this.#ensureHeartbeat();
    let active = true;
    return () => {
      if (!active) return;
      active = false;
      this.#remove(sub);
      this.#count -= 1;
      if (this.#count === 0 && this.#timer) {
        clearInterval(this.#timer);
        this.#timer = null;
      }
    };
  }

  /** Resolves when every update in progress has been delivered (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.#draining.size > 0) await Promise.all([...this.#draining]);
  }

  /** Moves a subscriber to another location's feed (a ticket transferred to another floor). */
  move(sub: LiveSubscriber<S>, locationId: string): void {
    if (sub.locationId === locationId) return;
    this.#remove(sub);
    sub.locationId = locationId;
    this.#feedFor(sub.municipalityId, locationId).subscribers.add(sub);
  }

  /** After commit: schedule one snapshot per affected location that has subscribers. */
  publish(signals: readonly QueueSignal[]): void {
    for (const signal of signals) {
      const feed = this.#feeds.get(keyOf(signal.municipalityId, signal.locationId));
      if (!feed || feed.subscribers.size === 0) continue;
      feed.pending.push(signal);
      if (!feed.running) {
        const work = this.#drain(signal.municipalityId, signal.locationId, feed);
        this.#draining.add(work);
        void work.finally(() => this.#draining.delete(work));
      }
    }
  }

  async #drain(municipalityId: string, locationId: string, feed: LocationFeed<S>): Promise<void> {
    feed.running = true;
    try {
      while (feed.pending.length > 0 && feed.subscribers.size > 0) {
        await new Promise((resolve) => setTimeout(resolve, COALESCE_MS));
        const batch = feed.pending;
        feed.pending = [];
        let snapshot: S;
        try {
          snapshot = await this.buildSnapshot(municipalityId, locationId);
        } catch (error) {
          this.onError(error);
          continue;
        }
        await Promise.all([...feed.subscribers].map(async (sub) => {
          try {
            await sub.update(snapshot, batch);
          } catch (error) {
            this.onError(error);
          }
        }));
      }
    } finally {
      feed.running = false;
      feed.pending = [];
      if (feed.subscribers.size === 0) this.#feeds.delete(keyOf(municipalityId, locationId));
    }
  }

  #feedFor(municipalityId: string, locationId: string): LocationFeed<S> {
    const key = keyOf(municipalityId, locationId);
    let feed = this.#feeds.get(key);
    if (!feed) {
      feed = { subscribers: new Set(), pending: [], running: false };
      this.#feeds.set(key, feed);
    }
    return feed;
  }

  #remove(sub: LiveSubscriber<S>): void {
    const key = keyOf(sub.municipalityId, sub.locationId);
    const feed = this.#feeds.get(key);
    if (!feed) return;
    feed.subscribers.delete(sub);
    if (feed.subscribers.size === 0 && !feed.running) this.#feeds.delete(key);
  }

  #ensureHeartbeat(): void {
    if (this.#timer) return;
    this.#timer = setInterval(() => {
      for (const feed of this.#feeds.values()) for (const sub of feed.subscribers) sub.heartbeat();
    }, HEARTBEAT_MS);
    this.#timer.unref();
  }
}

const keyOf = (municipalityId: string, locationId: string) => `${municipalityId}:${locationId}`;
