import type { DeviceEvent } from './event';
import type { DeviceKind, EventResult } from './protocol';

/** What the device knows about itself. The private key never leaves the store (non-extractable in the browser). */
export interface StoredIdentity {
  municipalityId: string;
  deviceId: string;
  kind: DeviceKind;
  label: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicKeyJwk: { kty: 'EC'; crv: 'P-256'; x: string; y: string };
  enrolledAt: string;
}

export interface OutboxHead {
  seq: number;
  hash: string;
}

export type RecordState = 'pending' | 'acknowledged' | 'refused';

/**
 * One outbox entry. Pending entries carry the whole signed event. Once the server has acknowledged
 * it, only opId, seq, hash, kind and the outcome remain: the payload and signature are erased.
 */
export interface OutboxRecord {
  seq: number;
  opId: string;
  hash: string;
  kind: string;
  createdAt: string;
  state: RecordState;
  event: DeviceEvent | null;
  outcome: { status: EventResult['status']; at: string; code?: string; message?: string; result?: unknown } | null;
}

export interface OutboxCounts {
  /** 「この端末に保存済み・未登録」 */
  pending: number;
  /** 「登録済み」 */
  acknowledged: number;
  /** Refused by the server (kept on the device; an admin must look). */
  refused: number;
}

/**
 * Persistence for DeviceOutbox. Implementations must make `commitAppend` atomic: the record and the
 * new head are written together or not at all, and only if the head is still `expectedHeadSeq`
 * (two tabs appending at once: one wins, the other retries) — so a seq is never used twice.
 */
export interface OutboxStore {
  loadIdentity(): Promise<StoredIdentity | null>;
  saveIdentity(identity: StoredIdentity, head: OutboxHead): Promise<void>;
  head(): Promise<OutboxHead | null>;
  commitAppend(expectedHeadSeq: number, record: OutboxRecord): Promise<boolean>;
  /** Pending records in seq order, at most `limit`. */
  pending(limit: number): Promise<OutboxRecord[]>;
  get(seq: number): Promise<OutboxRecord | null>;
  /** Writes outcomes; acknowledged ones lose their payload and signature. */
  settle(updates: { seq: number; state: RecordState; outcome: NonNullable<OutboxRecord['outcome']> }[]): Promise<void>;
  counts(): Promise<OutboxCounts>;
  all(): Promise<OutboxRecord[]>;
  /** Everything, identity included (a storage reset; tests and the simulator). */
  clear(): Promise<void>;
}

export function erased(record: OutboxRecord, state: RecordState, outcome: NonNullable<OutboxRecord['outcome']>): OutboxRecord {
  return { ...record, state, outcome, event: state === 'acknowledged' ? null : record.event };
}
