import { canonicalJson } from './canonical';
import { deviceAuthHeader, ECDSA_P256, EVENT_KIND, GENESIS_HASH, signEvent, type DeviceEvent, type PublicKeyJwk } from './event';
import { isAcknowledged, type EventResult, type PushRequest } from './protocol';
import type { OutboxCounts, OutboxRecord, OutboxStore, RecordState, StoredIdentity } from './store';
import { SyncHttpError, type Authorizer, type SyncTransport } from './transport';
import { uuidv7 } from './uuidv7';

export interface DeviceOutboxOptions {
  /** The device clock (ms); the simulator moves it. */
  now?: () => number;
  /** Events per push request. */
  batchSize?: number;
}

/** The largest payload one event may carry (canonical JSON characters); attachments go elsewhere. */
export const MAX_PAYLOAD_CHARS = 200_000;
/** A push request stays under the server's 1 MB JSON body limit: batches are cut by size as well as count. */
export const MAX_REQUEST_BYTES = 900_000;

export class OutboxError extends Error {
  constructor(
    readonly code: 'NOT_ENROLLED' | 'ALREADY_ENROLLED' | 'BAD_KIND' | 'BAD_PAYLOAD' | 'PAYLOAD_TOO_LARGE' | 'INDIVIDUAL_NUMBER',
    message: string,
  ) {
    super(message);
    this.name = 'OutboxError';
  }
}

/** Field names that would carry the individual number (個人番号) in clear: never put into the outbox. */
const INDIVIDUAL_NUMBER_KEY = /^(individual_?number|my_?number|kojin_?bango|個人番号|マイナンバー)$/i;

function hasIndividualNumberField(value: unknown, depth = 0): boolean {
  if (depth > 32 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => hasIndividualNumberField(v, depth + 1));
  return Object.entries(value as Record<string, unknown>).some(([k, v]) => (INDIVIDUAL_NUMBER_KEY.test(k) && v !== null && v !== undefined && v !== false) || hasIndividualNumberField(v, depth + 1));
}

/** A NUL character or a lone surrogate in any string (keys included). */
function hasUnstorableText(value: unknown, depth = 0): boolean {
  const bad = (t: string) => t.includes('\u0000') || /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(t);
  if (typeof value === 'string') return bad(value);
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => hasUnstorableText(v, depth + 1));
  return Object.entries(value as Record<string, unknown>).some(([k, v]) => bad(k) || hasUnstorableText(v, depth + 1));
}

export interface SyncReport {
  rounds: number;
  sent: number;
  /** Newly stored by the server in this sync (accepted, conflict or rejected). */
  stored: number;
  duplicates: number;
  conflicts: number;
  refused: { seq: number; code: string; message: string }[];
  /** A declared gap (events this device no longer has), if one was reported. */
  gapDeclared: { fromSeq: number; toSeq: number } | null;
  nextExpectedSeq: number | null;
  /** Pending events left on the device after the sync. */
  pending: number;
  /** Why the sync stopped before sending everything (network error, server error …). */
  error: { code: string; message: string } | null;
}

export interface OutboxStatus extends OutboxCounts {
  labels: { pending: string; acknowledged: string; refused: string };
}

/**
 * The device's append-only outbox of signed, hash-chained events.
 *
 * - `append` takes the next seq, chains to the previous hash, signs, and stores record and head
 *   atomically (a seq is never reused, even across reloads or two tabs).
 * - `sync` pushes pending events in seq order and batches; the server commits before it answers.
 *   A dropped connection leaves events pending; the next sync resends them and the server answers
 *   'duplicate' for those it already stored. Acknowledged events lose their payload on the device.
 */
export class DeviceOutbox {
  readonly #store: OutboxStore;
  readonly #now: () => number;
  readonly #batchSize: number;
  #queue: Promise<unknown> = Promise.resolve();
  /** serverTime − device clock, learnt from each reply; used only to sign requests. */
  clockOffsetMs = 0;

  constructor(store: OutboxStore, opts: DeviceOutboxOptions = {}) {
    this.#store = store;
    this.#now = opts.now ?? (() => Date.now());
    this.#batchSize = opts.batchSize ?? 100;
  }

  get store(): OutboxStore {
    return this.#store;
  }

  /** Runs `fn` after every earlier append/sync of this instance. */
  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn, fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async identity(): Promise<StoredIdentity | null> {
    return this.#store.loadIdentity();
  }

  async #requireIdentity(): Promise<StoredIdentity> {
    const id = await this.#store.loadIdentity();
    if (!id) throw new OutboxError('NOT_ENROLLED', 'この端末はまだ登録されていません。管理者から登録コードを受け取り、端末の登録をしてください。');
    return id;
  }

  /**
   * Generates the device key pair (the private key non-extractable unless asked otherwise) and
   * enrols it with the one-time code an admin created. The chain continues where the server is.
   */
  async enrol(transport: SyncTransport, code: string, opts: { extractable?: boolean; replace?: boolean } = {}): Promise<StoredIdentity> {
    return this.#serial(async () => {
      if (!opts.replace && (await this.#store.loadIdentity())) {
        throw new OutboxError('ALREADY_ENROLLED', 'この端末はすでに登録されています。');
      }
      const pair = (await crypto.subtle.generateKey(ECDSA_P256, opts.extractable ?? false, ['sign', 'verify'])) as CryptoKeyPair;
      const jwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
      const publicKeyJwk: PublicKeyJwk = { kty: 'EC', crv: 'P-256', x: jwk.x!, y: jwk.y! };
      const res = await transport.enrol({ code: code.trim(), publicKeyJwk, deviceTime: new Date(this.#now()).toISOString() });
      this.#learnClock(res.serverTime);
      const identity: StoredIdentity = {
        municipalityId: res.municipalityId, deviceId: res.deviceId, kind: res.kind, label: res.label,
        privateKey: pair.privateKey, publicKey: pair.publicKey, publicKeyJwk, enrolledAt: res.serverTime,
      };
      await this.#store.saveIdentity(identity, { seq: res.nextSeq - 1, hash: res.prevHash });
      return identity;
    });
  }

  /** Signs and stores one event. Never sends anything; call sync() for that. */
  append(kind: string, payload: unknown): Promise<DeviceEvent> {
    if (!EVENT_KIND.test(kind)) return Promise.reject(new OutboxError('BAD_KIND', `種類「${kind}」は使えません（例: outreach.case_submitted）。`));
    let size: number;
    try {
      size = canonicalJson(payload).length;
    } catch {
      return Promise.reject(new OutboxError('BAD_PAYLOAD', '記録する内容にJSONで表せない値が含まれています。'));
    }
    // PostgreSQL's jsonb refuses NUL characters and lone surrogates: such an event could never be stored.
    if (hasUnstorableText(payload)) return Promise.reject(new OutboxError('BAD_PAYLOAD', '記録する内容に使えない文字（制御文字など）が含まれています。'));
    if (size > MAX_PAYLOAD_CHARS) return Promise.reject(new OutboxError('PAYLOAD_TOO_LARGE', '記録する内容が大きすぎます。添付ファイルは別に送ってください。'));
    // Defence in depth: the owning modules keep the individual number out of events (or seal them);
    // a field named for it in clear is refused before anything is stored on the device.
    if (hasIndividualNumberField(payload)) return Promise.reject(new OutboxError('INDIVIDUAL_NUMBER', '個人番号は端末の記録に入れられません。個人番号の欄を除いて記録してください。'));
    return this.#serial(async () => {
      const id = await this.#requireIdentity();
      for (;;) {
        const head = await this.#store.head();
        if (!head) throw new OutboxError('NOT_ENROLLED', 'この端末の記録の状態が見つかりません。端末を登録し直してください。');
        const nowMs = this.#now();
        const event = await signEvent(id.privateKey, {
          opId: uuidv7(nowMs), deviceId: id.deviceId, seq: head.seq + 1, prevHash: head.hash, kind, payload: structuredClone(payload),
          deviceTime: new Date(nowMs).toISOString(),
        });
        const record: OutboxRecord = {
          seq: event.seq, opId: event.opId, hash: event.hash, kind, createdAt: event.deviceTime, state: 'pending', event, outcome: null,
        };
        // Another writer (a second tab) took this seq: take the next one.
        if (await this.#store.commitAppend(head.seq, record)) return event;
      }
    });
  }

  async pending(limit = Number.MAX_SAFE_INTEGER): Promise<OutboxRecord[]> {
    return this.#store.pending(limit);
  }

  /** What the screen shows: 「この端末に保存済み・未登録」 and 「登録済み」. */
  async status(): Promise<OutboxStatus> {
    const c = await this.#store.counts();
    return { ...c, labels: { pending: 'この端末に保存済み・未登録', acknowledged: '登録済み', refused: '登録できなかった記録（管理者に連絡）' } };
  }

  /** Signs a request for device-authenticated routes (x-device-auth). */
  authorizer(): Authorizer {
    return async (method, pathWithQuery, body) => {
      const id = await this.#requireIdentity();
      return deviceAuthHeader(id, method, pathWithQuery, body, Math.round(this.#now() + this.clockOffsetMs));
    };
  }

  #learnClock(serverTime: string | undefined) {
    const t = serverTime ? Date.parse(serverTime) : NaN;
    if (Number.isFinite(t)) this.clockOffsetMs = t - this.#now();
  }

  /** Pushes everything pending, in order, batch by batch. Resumable: just call it again. */
  sync(transport: SyncTransport, opts: { maxRounds?: number } = {}): Promise<SyncReport> {
    return this.#serial(() => this.#sync(transport, opts.maxRounds ?? 10_000));
  }

  async #sync(transport: SyncTransport, maxRounds: number): Promise<SyncReport> {
    const id = await this.#requireIdentity();
    const report: SyncReport = { rounds: 0, sent: 0, stored: 0, duplicates: 0, conflicts: 0, refused: [], gapDeclared: null, nextExpectedSeq: null, pending: 0, error: null };
    let gap: { fromSeq: number; toSeq: number } | undefined;
    // A gap is declared at most once per sync: a server that does not take it (a revoked device, a
    // stale view) must not make the device loop.
    let gapTried = false;
    let clockRetried = false;
    while (report.rounds < maxRounds) {
      const batch = fitRequest(await this.#store.pending(this.#batchSize));
      // With nothing pending the first round still goes out, empty: a heartbeat that reports the
      // device's head and clock (the admin's 「最終同期」) and lets the device notice a gap.
      if (batch.length === 0 && !gap && report.rounds > 0) break;
      const head = (await this.#store.head())!;
      const request: PushRequest = {
        deviceId: id.deviceId, head: { seq: head.seq, hash: head.hash }, sentAt: new Date(this.#now()).toISOString(),
        ...(gap ? { gap } : {}), events: batch.map((r) => r.event!),
      };
      report.rounds += 1;
      let res;
      try {
        res = await transport.push(request, this.authorizer());
      } catch (e) {
        if (e instanceof SyncHttpError && e.code === 'DEVICE_CLOCK_SKEW' && !clockRetried) {
          clockRetried = true;
          this.#learnClock((e.body as { error?: { details?: { path: string; message: string }[] } } | null)?.error?.details?.find((d) => d.path === 'serverTime')?.message);
          continue;
        }
        report.error = e instanceof SyncHttpError ? { code: e.code, message: e.message } : { code: 'NETWORK', message: 'サーバーに接続できませんでした。電波の良い場所で、もう一度同期してください。' };
        break;
      }
      this.#learnClock(res.serverTime);
      report.sent += batch.length;
      report.nextExpectedSeq = res.nextExpectedSeq;
      if (gap) report.gapDeclared = gap;
      gap = undefined;
      const at = new Date(this.#now()).toISOString();
      const updates: { seq: number; state: RecordState; outcome: NonNullable<OutboxRecord['outcome']> }[] = [];
      let stop = false;
      for (const r of res.results as EventResult[]) {
        if (isAcknowledged(r)) {
          updates.push({ seq: r.seq, state: 'acknowledged', outcome: outcomeOf(r, at) });
          if (r.status === 'duplicate') report.duplicates += 1;
          else report.stored += 1;
          if (r.status === 'conflict') report.conflicts += 1;
        } else if (r.status === 'refused') {
          updates.push({ seq: r.seq, state: 'refused', outcome: outcomeOf(r, at) });
          report.refused.push({ seq: r.seq, code: r.code, message: r.message });
          stop = true;
        } else if (r.status === 'retry') {
          report.error = { code: r.code, message: r.message };
          stop = true;
        }
      }
      await this.#store.settle(updates);
      if (stop) break;
      const progressed = updates.length > 0;
      if (!progressed) {
        // The server waits for a seq this device does not send: if the device no longer has it
        // (storage cleared, or an event lost), declare the gap once so an admin sees it.
        const lowest = batch[0]?.seq ?? head.seq + 1;
        const expected = res.nextExpectedSeq;
        if (!gapTried && expected < lowest && expected <= head.seq && !(await this.#store.get(expected))) {
          gapTried = true;
          gap = { fromSeq: expected, toSeq: lowest - 1 };
          continue;
        }
        break;
      }
    }
    report.pending = (await this.#store.counts()).pending;
    return report;
  }
}

/** The longest prefix of the batch whose events fit in one request (at least one event). */
function fitRequest(batch: OutboxRecord[]): OutboxRecord[] {
  const enc = new TextEncoder();
  let bytes = 0;
  const out: OutboxRecord[] = [];
  for (const r of batch) {
    const n = enc.encode(JSON.stringify(r.event)).length + 1;
    if (out.length > 0 && bytes + n > MAX_REQUEST_BYTES) break;
    out.push(r);
    bytes += n;
  }
  return out;
}

function outcomeOf(r: EventResult, at: string): NonNullable<OutboxRecord['outcome']> {
  switch (r.status) {
    case 'accepted': return { status: r.status, at, result: r.result };
    case 'duplicate': return { status: r.status, at, result: r.result };
    case 'conflict': return { status: r.status, at, message: r.reason };
    case 'rejected':
    case 'refused':
    case 'retry': return { status: r.status, at, code: r.code, message: r.message };
    default: return { status: r.status, at };
  }
}

export { GENESIS_HASH };
