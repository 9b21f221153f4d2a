import { erased, type OutboxCounts, type OutboxHead, type OutboxRecord, type OutboxStore, type StoredIdentity } from './store';

/** An in-memory store for Node, tests and the simulator. Records are copied in and out like a real store. */
export interface MemoryOutboxStore extends OutboxStore {
  snapshot(): { identity: StoredIdentity | null; head: OutboxHead | null; records: OutboxRecord[] };
  /** Loses these records, as a browser evicting storage would (the simulator's partial storage loss). */
  forget(seqs: number[]): void;
}

export function createMemoryOutboxStore(): MemoryOutboxStore {
  let identity: StoredIdentity | null = null;
  let head: OutboxHead | null = null;
  const records = new Map<number, OutboxRecord>();
  const copy = <T>(v: T): T => structuredClone(v);
  return {
    async loadIdentity() {
      return identity;
    },
    async saveIdentity(id, h) {
      identity = id;
      head = { ...h };
    },
    async head() {
      return head ? { ...head } : null;
    },
    async commitAppend(expectedHeadSeq, record) {
      if (!head || head.seq !== expectedHeadSeq || records.has(record.seq)) return false;
      records.set(record.seq, copy(record));
      head = { seq: record.seq, hash: record.hash };
      return true;
    },
    async pending(limit) {
      return [...records.values()].filter((r) => r.state === 'pending').sort((a, b) => a.seq - b.seq).slice(0, limit).map(copy);
    },
    async get(seq) {
      const r = records.get(seq);
      return r ? copy(r) : null;
    },
    async settle(updates) {
      for (const u of updates) {
        const r = records.get(u.seq);
        if (r) records.set(u.seq, erased(r, u.state, copy(u.outcome)));
      }
    },
    async counts() {
      const c: OutboxCounts = { pending: 0, acknowledged: 0, refused: 0 };
      for (const r of records.values()) c[r.state] += 1;
      return c;
    },
    async all() {
      return [...records.values()].sort((a, b) => a.seq - b.seq).map(copy);
    },
    async clear() {
      identity = null;
      head = null;
      records.clear();
    },
    forget(seqs) {
      for (const s of seqs) records.delete(s);
    },
    snapshot() {
      return { identity, head: head ? { ...head } : null, records: [...records.values()].map(copy) };
    },
  };
}
