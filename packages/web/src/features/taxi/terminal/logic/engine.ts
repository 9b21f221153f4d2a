import { DeviceOutbox, SyncHttpError, type StoredIdentity, type SyncReport, type SyncTransport } from '@madoguchi/device-sync';
import { verifyCertificateChain, VerificationError } from '@madoguchi/card/verify';
import { type LedgerEntry, type Remaining, authoriseOffline, capRefusal, localUsage, terminalRefusal } from './authorise';
import { bytesFromBase64, base64FromBytes, sha256Hex } from './canonical';
import { type ListDriver, type ListProgramme, type ListPublicKey, type SignedTaxiList, driverPinHash, verifyList } from './list';
import { type Refusal, type RefusalCode, refusal } from './refusals';
import { type FareProblem, type FareSplit, checkFare, splitFare } from './subsidy';
import { todayInJapan, type IsoDate } from '@madoguchi/jp';

/**
 * The terminal's brain, without any screen: enrolment (device platform), the signed list, boarding
 * online (server) or offline (list + ledger), the ride as a signed device event, and sync. The page
 * (TerminalPage.tsx) drives it; the server's property tests and the benchmark drive the same code
 * with an in-memory outbox and the server in-process.
 */
export interface TerminalStorage {
  get(key: string): string | null;
  set(key: string, value: string): void;
  remove(key: string): void;
}

export function memoryStorage(): TerminalStorage {
  const map = new Map<string, string>();
  return { get: (k) => map.get(k) ?? null, set: (k, v) => void map.set(k, v), remove: (k) => void map.delete(k) };
}

export function browserStorage(storage: Storage = localStorage): TerminalStorage {
  return { get: (k) => storage.getItem(k), set: (k, v) => storage.setItem(k, v), remove: (k) => storage.removeItem(k) };
}

const KEYS = { list: 'madoguchi.taxi.list', listKey: 'madoguchi.taxi.listKey', ledger: 'madoguchi.taxi.ledger', lastSync: 'madoguchi.taxi.lastSyncAt' } as const;

/** The names the engine stores under (the localStorage of earlier versions is moved from these). */
export const TERMINAL_STORAGE_KEYS: readonly string[] = Object.values(KEYS);

/** Boarding programme as the terminal uses it (from the server's answer or from the list). */
export type BoardingProgramme = Pick<ListProgramme, 'id' | 'ruleVersion' | 'rule' | 'caps' | 'fare'> & { name: string };

export type BoardingDecision =
  | {
    ok: true;
    mode: 'online' | 'offline' | 'training';
    binding: string;
    givenName: string;
    remaining: Remaining;
    programme: BoardingProgramme;
    listId: string | null;
  }
  | { ok: false; mode: 'online' | 'offline'; refusal: Refusal; givenName?: string };

export type ConfirmResult =
  | { ok: true; split: FareSplit; opId: string | null; synced: boolean }
  | { ok: false; fareProblem: FareProblem }
  | { ok: false; refusal: Refusal };

export interface TerminalEngineOptions {
  outbox: DeviceOutbox;
  transport: SyncTransport;
  storage: TerminalStorage;
  now?: () => Date;
  /** How long the terminal waits for the server before deciding offline. */
  onlineTimeoutMs?: number;
}

/** The practice card of 練習モード: nothing is read from the server, nothing is recorded. */
export const TRAINING_PROGRAMME: BoardingProgramme = {
  id: 'training', name: '練習', ruleVersion: 0, rule: { kind: 'rate', percent: 50, maxYen: 1000 },
  caps: { perDay: 2, perMonth: null, perYear: 70 }, fare: { minYen: 100, maxYen: 100_000 },
};

/** No answer to act on: decide offline. A clock the server does not accept is fixed by the next sync. */
const isNetworkFailure = (e: unknown) => !(e instanceof SyncHttpError) || e.status >= 500 || e.code === 'DEVICE_CLOCK_SKEW';

function refusalFromServer(e: SyncHttpError): Refusal {
  const code = e.code.startsWith('TAXI_') ? e.code.slice(5) : e.code;
  const known: RefusalCode[] = ['CARD_NOT_REGISTERED', 'BENEFICIARY_SUSPENDED', 'CERT_EXPIRED', 'CERT_REVOKED', 'CERT_INVALID', 'DAILY_CAP_REACHED', 'MONTH_CAP_REACHED', 'YEAR_CAP_REACHED'];
  if ((known as string[]).includes(code)) return refusal(code as RefusalCode);
  // Not about the card (the terminal revoked or unknown, no programme today): the server's words.
  return { code: 'CERT_INVALID', title: 'この端末では確認できません', advice: `${e.message} 運賃は全額お客様のお支払いです。` };
}

export class TerminalEngine {
  readonly outbox: DeviceOutbox;
  readonly transport: SyncTransport;
  readonly #storage: TerminalStorage;
  readonly #now: () => Date;
  readonly #timeoutMs: number;

  constructor(opts: TerminalEngineOptions) {
    this.outbox = opts.outbox;
    this.transport = opts.transport;
    this.#storage = opts.storage;
    this.#now = opts.now ?? (() => new Date());
    this.#timeoutMs = opts.onlineTimeoutMs ?? 4000;
  }

  identity(): Promise<StoredIdentity | null> {
    return this.outbox.identity();
  }

  async enrol(code: string): Promise<StoredIdentity> {
    return this.outbox.enrol(this.transport, code);
  }

  // ---- stored state ----

  list(): SignedTaxiList | null {
    const text = this.#storage.get(KEYS.list);
    return text ? (JSON.parse(text) as SignedTaxiList) : null;
  }

  pinnedKey(): ListPublicKey | null {
    const text = this.#storage.get(KEYS.listKey);
    return text ? (JSON.parse(text) as ListPublicKey) : null;
  }

  ledger(): LedgerEntry[] {
    const text = this.#storage.get(KEYS.ledger);
    return text ? (JSON.parse(text) as LedgerEntry[]) : [];
  }

  lastSyncAt(): string | null {
    return this.#storage.get(KEYS.lastSync);
  }

  #saveLedger(entries: LedgerEntry[]) {
    this.#storage.set(KEYS.ledger, JSON.stringify(entries));
  }

  #markSynced() {
    this.#storage.set(KEYS.lastSync, this.serverNow().toISOString());
  }

  async #withTimeout<T>(work: Promise<T>): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('timeout')), this.#timeoutMs);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The terminal's clock corrected by the server time learnt at the last exchange (a tablet's clock drifts). */
  serverNow(): Date {
    return new Date(this.#now().getTime() + this.outbox.clockOffsetMs);
  }

  // ---- server exchanges ----

  /**
   * Pulls a fresh list (device-authenticated). The first list pins the city's list key; later
   * lists must verify with it (a key change needs the terminal to be set up again).
   */
  async refreshList(): Promise<{ ok: true; list: SignedTaxiList } | { ok: false; message: string }> {
    const identity = await this.identity();
    if (!identity) return { ok: false, message: 'この端末はまだ登録されていません。' };
    let answer: { list: SignedTaxiList; key: ListPublicKey };
    try {
      answer = await this.#withTimeout(this.transport.request<{ list: SignedTaxiList; key: ListPublicKey }>('GET', '/taxi/terminal/list', undefined, this.outbox.authorizer()));
    } catch (e) {
      return { ok: false, message: e instanceof SyncHttpError ? e.message : 'サーバーにつながりません。電波の届く所でもう一度押してください。' };
    }
    const pinned = this.pinnedKey() ?? answer.key;
    const problem = await verifyList(answer.list, pinned, identity.deviceId);
    if (problem !== null) return { ok: false, message: '名簿の署名が確認できません。営業所へ連絡してください。' };
    if (this.pinnedKey() === null) this.#storage.set(KEYS.listKey, JSON.stringify(answer.key));
    this.#storage.set(KEYS.list, JSON.stringify(answer.list));
    // Rides delivered before this list are counted in it; keep only what it may not include.
    const issued = Date.parse(answer.list.body.issuedAt);
    this.#saveLedger(this.ledger().filter((e) => !e.synced || Date.parse(e.recordedAt) >= issued));
    this.#markSynced();
    return { ok: true, list: answer.list };
  }

  /** Sends every ride not yet delivered; marks the ledger. */
  async sync(): Promise<SyncReport> {
    const report = await this.outbox.sync(this.transport);
    const pending = new Set((await this.outbox.pending()).map((r) => r.opId));
    this.#saveLedger(this.ledger().map((e) => (e.synced || pending.has(e.opId) ? e : { ...e, synced: true })));
    if (report.error === null) this.#markSynced();
    return report;
  }

  /**
   * Erases what identifies beneficiaries when it is no longer needed: the list (given names,
   * certificate hashes) and the delivered rides of the ledger. Rides not yet delivered stay (they
   * are money owed to the operator), as do the pinned list key and the last sync time. Called at
   * the driver's sign-out; `expiredOnly` erases only a list past its maximum age (page start).
   */
  eraseList(opts: { expiredOnly?: boolean } = {}): boolean {
    const list = this.list();
    if (list === null) return false;
    if (opts.expiredOnly && this.serverNow().getTime() - Date.parse(list.body.issuedAt) <= list.body.bounds.maxListAgeMinutes * 60_000) return false;
    this.#storage.remove(KEYS.list);
    const ledger = this.ledger();
    const kept = ledger.filter((e) => !e.synced);
    if (kept.length === 0) this.#storage.remove(KEYS.ledger);
    else if (kept.length !== ledger.length) this.#saveLedger(kept);
    return true;
  }

  // ---- driver ----

  async signInDriver(code: string, pin: string): Promise<ListDriver | null> {
    const driver = this.list()?.body.drivers.find((d) => d.code === code);
    if (!driver) return null;
    return (await driverPinHash(pin, driver.salt)) === driver.pinHash ? driver : null;
  }

  // ---- boarding ----

  /** The card's 利用者証明用 certificate was read: decide, online if the server answers, else offline. */
  async board(certificate: Uint8Array, opts: { training?: boolean; offline?: boolean } = {}): Promise<BoardingDecision> {
    const binding = await sha256Hex(certificate);
    if (opts.training) {
      return { ok: true, mode: 'training', binding, givenName: '練習', remaining: { day: 2, month: null, year: 70 }, programme: TRAINING_PROGRAMME, listId: null };
    }
    if (!opts.offline) {
      try {
        const answer = await this.#withTimeout(this.transport.request<{
          binding: string; givenName: string; remaining: Remaining; programme: BoardingProgramme;
        }>('POST', '/taxi/terminal/boarding', { certificate: base64FromBytes(certificate) }, this.outbox.authorizer()));
        this.#markSynced();
        // Rides of this card still on the terminal are not known to the server yet.
        const today = todayInJapan(this.serverNow()) as IsoDate;
        const pendingOnly = localUsage(this.ledger().filter((e) => !e.synced), binding, this.serverNow().toISOString(), today);
        const remaining: Remaining = {
          day: Math.max(0, answer.remaining.day - pendingOnly.day),
          month: answer.remaining.month === null ? null : Math.max(0, answer.remaining.month - pendingOnly.month),
          year: Math.max(0, answer.remaining.year - pendingOnly.year),
        };
        const cap = capRefusal(remaining);
        if (cap) return { ok: false, mode: 'online', refusal: refusal(cap), givenName: answer.givenName };
        return { ok: true, mode: 'online', binding, givenName: answer.givenName, remaining, programme: answer.programme, listId: null };
      } catch (e) {
        if (e instanceof SyncHttpError && !isNetworkFailure(e)) return { ok: false, mode: 'online', refusal: refusalFromServer(e) };
        // No answer: decide offline.
      }
    }
    return this.boardOffline(certificate, binding);
  }

  async boardOffline(certificate: Uint8Array, binding?: string): Promise<BoardingDecision> {
    const hash = binding ?? (await sha256Hex(certificate));
    const list = this.list();
    const key = this.pinnedKey();
    const identity = await this.identity();
    if (list === null || key === null || identity === null) return { ok: false, mode: 'offline', refusal: refusal('LIST_MISSING') };
    if ((await verifyList(list, key, identity.deviceId)) !== null) return { ok: false, mode: 'offline', refusal: refusal('LIST_SIGNATURE_INVALID') };
    const now = this.serverNow();
    const early = terminalRefusal(list, this.ledger(), { now, lastSyncAt: this.lastSyncAt() });
    if (early !== null) return { ok: false, mode: 'offline', refusal: refusal(early) };
    try {
      await verifyCertificateChain(certificate, { anchors: list.body.trustAnchors.map(bytesFromBase64) }, now);
    } catch (e) {
      const code: RefusalCode = e instanceof VerificationError && (e.code === 'CERT_EXPIRED' || e.code === 'CERT_NOT_YET_VALID') ? 'CERT_EXPIRED' : 'CERT_INVALID';
      return { ok: false, mode: 'offline', refusal: refusal(code) };
    }
    const decision = authoriseOffline(list, this.ledger(), { now, lastSyncAt: this.lastSyncAt() }, hash);
    if (!decision.ok) return { ok: false, mode: 'offline', refusal: decision.refusal, ...(decision.givenName ? { givenName: decision.givenName } : {}) };
    const p = list.body.programme;
    return {
      ok: true, mode: 'offline', binding: hash, givenName: decision.beneficiary.givenName, remaining: decision.remaining,
      programme: { id: p.id, name: p.name, ruleVersion: p.ruleVersion, rule: p.rule, caps: p.caps, fare: p.fare }, listId: list.body.listId,
    };
  }

  /** 確定: checks the fare, records the ride as a signed device event (not in training) and tries to send it. */
  async confirm(decision: Extract<BoardingDecision, { ok: true }>, fare: number, driverCode: string | null): Promise<ConfirmResult> {
    const problem = checkFare(fare, decision.programme.fare);
    if (problem !== null) return { ok: false, fareProblem: problem };
    const split = splitFare(fare, decision.programme.rule);
    if (decision.mode === 'training') return { ok: true, split, opId: null, synced: false };
    const now = this.serverNow();
    if (decision.mode === 'offline') {
      const bound = terminalRefusal(this.list(), this.ledger(), { now, lastSyncAt: this.lastSyncAt() }, split.subsidy);
      if (bound !== null) return { ok: false, refusal: refusal(bound) };
    }
    const event = await this.outbox.append('taxi.ride', {
      v: 1, programmeId: decision.programme.id, ruleVersion: decision.programme.ruleVersion, binding: decision.binding,
      boardedAt: now.toISOString(), fareYen: split.fare, subsidyYen: split.subsidy, passengerYen: split.passenger,
      authorisation: decision.mode, listId: decision.listId, driverCode,
    });
    const serviceDate = todayInJapan(now);
    this.#saveLedger([...this.ledger(), { opId: event.opId, binding: decision.binding, serviceDate, subsidy: split.subsidy, recordedAt: now.toISOString(), synced: false }]);
    let synced = false;
    if (decision.mode === 'online') {
      try {
        const report = await this.#withTimeout(this.sync());
        synced = report.error === null && report.pending === 0;
      } catch {
        synced = false;
      }
    }
    return { ok: true, split, opId: event.opId, synced };
  }

  /** For the status bar. */
  async status(): Promise<{ pending: number; pendingSubsidy: number; listIssuedAt: string | null; lastSyncAt: string | null; listProblem: RefusalCode | null }> {
    const ledger = this.ledger();
    const pending = ledger.filter((e) => !e.synced);
    return {
      pending: (await this.outbox.status()).pending,
      pendingSubsidy: pending.reduce((n, e) => n + e.subsidy, 0),
      listIssuedAt: this.list()?.body.issuedAt ?? null,
      lastSyncAt: this.lastSyncAt(),
      listProblem: terminalRefusal(this.list(), ledger, { now: this.serverNow(), lastSyncAt: this.lastSyncAt() }),
    };
  }
}
