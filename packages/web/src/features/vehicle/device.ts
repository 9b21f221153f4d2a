import { DeviceOutbox, httpSyncTransport, openIndexedDbOutboxStore, uuidv7, type SyncReport, type SyncTransport } from '@madoguchi/device-sync';
import { fromB64, importDataKey, openJson, sealJson, unwrapWithPin, wrapWithPin } from './crypto';
import { openVehicleStore, type LocalCase, type LocalTicket, type ProcedureBundle, type StaffSession, type TicketStatus, type VehicleStore } from './localStore';
import type { ShippedProcedure, ShippedStop, SignInReply, StopProgressMap, VehicleIdentity } from './types';
import { applySignature } from './signing';

/**
 * The tablet: the device platform's outbox (signed, chained events in IndexedDB, pushed in batches,
 * payloads erased once acknowledged), the data key that seals what it keeps, and the local lists.
 * The only path for a case to the server is the outbox; nothing else keeps a resident's data.
 */

export const OUTBOX_DB = 'madoguchi-vehicle-outbox';
export const MAX_PIN_FAILURES = 5;

export interface DeviceCaseStatus {
  clientCaseId: string;
  state: 'registered' | 'conflict' | 'accepted' | 'dismissed';
  receiptNumber: string | null;
}

export interface NewCaseInput {
  procedure: ShippedProcedure;
  identity: VehicleIdentity;
  answers: Record<string, unknown>;
  /** The resident's signature drawn on the screen (PNG data URL); null when signed on paper. */
  signature?: string | null;
  ticketNumber: string | null;
  ticketId: string | null;
  stopId: string | null;
}

const aadOf = (deviceId: string, clientCaseId: string) => `${deviceId}:${clientCaseId}`;

export class VehicleDevice {
  #key: CryptoKey | null = null;
  #session: StaffSession | null = null;

  private constructor(
    readonly outbox: DeviceOutbox,
    readonly store: VehicleStore,
    readonly transport: SyncTransport,
  ) {}

  static async open(baseUrl = location.origin): Promise<VehicleDevice> {
    const outboxStore = await openIndexedDbOutboxStore(OUTBOX_DB);
    const store = await openVehicleStore();
    // Ask the browser not to evict the outbox under storage pressure (shown to staff).
    void navigator.storage?.persist?.().catch(() => false);
    return new VehicleDevice(new DeviceOutbox(outboxStore, { batchSize: 100 }), store, httpSyncTransport(baseUrl));
  }

  async identity() {
    return this.outbox.identity();
  }

  enrol(code: string) {
    return this.outbox.enrol(this.transport, code);
  }

  get unlocked(): boolean {
    return this.#key !== null;
  }

  get staff() {
    return this.#session?.staff ?? null;
  }

  session(): Promise<StaffSession | null> {
    return this.store.get<StaffSession>('session');
  }

  bundle(): Promise<ProcedureBundle | null> {
    return this.store.get<ProcedureBundle>('bundle');
  }

  /**
   * The daily online sign-in, after the staff login: the server hands this device its data key (a
   * request signed with the device key) and the procedures to take on the road. The key is wrapped
   * under the PIN chosen now, for offline re-entry until `offlineUntil`.
   */
  async signIn(pin: string): Promise<SignInReply> {
    const reply = await this.transport.request<SignInReply>('POST', '/outreach/vehicle/sign-in', {}, this.outbox.authorizer());
    const raw = fromB64(reply.key);
    const wrapped = await wrapWithPin(raw, pin);
    const session: StaffSession = { keyId: reply.keyId, wrapped, offlineUntil: reply.offlineUntil, signedInAt: reply.issuedAt, staff: reply.staff, failedPins: 0 };
    await this.store.put('session', session);
    await this.store.put('bundle', { procedures: reply.procedures, stops: reply.stops, today: reply.today, fetchedAt: reply.issuedAt } satisfies ProcedureBundle);
    this.#key = await importDataKey(raw);
    raw.fill(0);
    this.#session = session;
    return reply;
  }

  /**
   * Offline re-entry: the PIN unwraps the data key, within the bounded time. Five wrong PINs erase
   * the wrapped key (nothing is lost: the cases stay sealed and the server gives the same key at the
   * next online sign-in).
   */
  async unlock(pin: string, now = new Date()): Promise<'ok' | 'wrong' | 'expired' | 'none' | 'locked'> {
    const session = await this.session();
    if (!session) return 'none';
    if (Date.parse(session.offlineUntil) <= now.getTime()) return 'expired';
    const raw = await unwrapWithPin(session.wrapped, pin);
    if (!raw) {
      const failedPins = session.failedPins + 1;
      if (failedPins >= MAX_PIN_FAILURES) {
        await this.store.remove('session');
        return 'locked';
      }
      await this.store.put('session', { ...session, failedPins });
      return 'wrong';
    }
    this.#key = await importDataKey(raw);
    raw.fill(0);
    this.#session = { ...session, failedPins: 0 };
    await this.store.put('session', this.#session);
    return 'ok';
  }

  lock() {
    this.#key = null;
    this.#session = null;
  }

  async signOut() {
    this.lock();
    await this.store.remove('session');
  }

  #requireKey(): { key: CryptoKey; session: StaffSession } {
    if (!this.#key || !this.#session) throw new Error('この端末はロックされています。暗証番号を入力してください。');
    return { key: this.#key, session: this.#session };
  }

  /**
   * Saves one case: sealed for the server, appended to the outbox as 'outreach.case_submitted' (signed,
   * chained), and listed as 「この端末に保存済み・未登録」. The individual number is never part of it.
   * A signature drawn on the screen is sealed with the case (never kept anywhere else) and goes with
   * the event's payload, which the outbox erases once the server has acknowledged it.
   */
  async saveCase(input: NewCaseInput, stopId: string | null = input.stopId): Promise<LocalCase> {
    const { key, session } = this.#requireKey();
    const id = await this.outbox.identity();
    if (!id) throw new Error('この端末はまだ登録されていません。');
    const clientCaseId = uuidv7();
    const createdAt = new Date().toISOString();
    const signed = applySignature(input.procedure.definition, input.answers, clientCaseId, input.signature ?? null);
    const sealed = await sealJson(key, aadOf(id.deviceId, clientCaseId), {
      v: 1, staffId: session.staff.id, identity: input.identity, residentId: null, registryAddress: null, event: null, answers: signed.answers, createdAt,
      ...(signed.signature ? { signature: signed.signature } : {}),
    });
    const event = await this.outbox.append('outreach.case_submitted', {
      clientCaseId, procedureId: input.procedure.procedureId, procedureVersion: input.procedure.version, procedureHash: input.procedure.contentHash,
      stopId, ticketNumber: input.ticketNumber, ticketId: input.ticketId, keyId: session.keyId, ...sealed,
    });
    const local: LocalCase = {
      clientCaseId, opId: event.opId, procedureId: input.procedure.procedureId, title: input.procedure.title, departmentName: input.procedure.departmentName,
      ticketNumber: input.ticketNumber, createdAt, state: 'pending', receiptNumber: null, note: null,
      summary: await sealJson(key, aadOf(id.deviceId, `summary:${clientCaseId}`), { name: input.identity.name }),
    };
    await this.store.putCase(local);
    return local;
  }

  /** The resident's name of a case not yet registered (needs the unlocked key). */
  async summaryOf(c: LocalCase): Promise<string | null> {
    const id = await this.outbox.identity();
    if (!c.summary || !this.#key || !id) return null;
    try {
      return (await openJson<{ name: string }>(this.#key, aadOf(id.deviceId, `summary:${c.clientCaseId}`), c.summary)).name;
    } catch {
      return null;
    }
  }

  // ─── The stop's queue, run here ───────────────────────────────────────────────────────────────

  /** Where the vehicle is now (a route stop it was given at sign-in), chosen by staff. */
  currentStop(): Promise<string | null> {
    return this.store.get<string>('currentStop');
  }

  setCurrentStop(routeStopId: string | null): Promise<void> {
    return routeStopId ? this.store.put('currentStop', routeStopId) : this.store.remove('currentStop');
  }

  /** Arrivals and departures this tablet recorded, by route stop (shown next to the stop picker). */
  async stopProgress(): Promise<StopProgressMap> {
    return (await this.store.get<StopProgressMap>('stopProgress')) ?? {};
  }

  /**
   * The vehicle arrived at / leaves a stop: an 'outreach.stop_progress' event, so the residents' live
   * status shows where the vehicle is as soon as it is sent (now when online, at the next sync when
   * not). Arriving also picks the stop as where the vehicle is.
   */
  async markStop(routeStopId: string, stage: 'arrived' | 'departed'): Promise<StopProgressMap> {
    const at = new Date().toISOString();
    await this.outbox.append('outreach.stop_progress', { routeStopId, stage, at });
    const progress = await this.stopProgress();
    const entry = progress[routeStopId] ?? { arrivedAt: null, departedAt: null };
    progress[routeStopId] = stage === 'arrived' ? { arrivedAt: entry.arrivedAt ?? at, departedAt: null } : { arrivedAt: entry.arrivedAt ?? at, departedAt: at };
    await this.store.put('stopProgress', progress);
    if (stage === 'arrived') await this.setCurrentStop(routeStopId);
    return progress;
  }

  async issueTicket(serviceLabel: string, day: string, stopId: string | null = null): Promise<LocalTicket> {
    const n = await this.store.nextTicketNumber(day);
    const ticket: LocalTicket = { ticketId: uuidv7(), number: `V-${String(n).padStart(3, '0')}`, serviceLabel, status: 'waiting', issuedAt: new Date().toISOString(), calledAt: null, doneAt: null };
    await this.outbox.append('outreach.ticket_issued', { ticketId: ticket.ticketId, stopId, serviceLabel, number: ticket.number, at: ticket.issuedAt });
    await this.store.putTicket(ticket);
    return ticket;
  }

  async moveTicket(ticket: LocalTicket, to: Exclude<TicketStatus, 'waiting'>): Promise<LocalTicket> {
    const at = new Date().toISOString();
    const next: LocalTicket = to === 'called' ? { ...ticket, status: 'called', calledAt: at } : { ...ticket, status: to, doneAt: at };
    await this.outbox.append(to === 'called' ? 'outreach.ticket_called' : 'outreach.ticket_done', { ticketId: ticket.ticketId, at, ...(to === 'called' ? {} : { outcome: to }) });
    await this.store.putTicket(next);
    return next;
  }

  // ─── Sync ─────────────────────────────────────────────────────────────────────────────────────

  /**
   * Pushes what is pending, then brings the local list up to date from the outcomes the outbox kept
   * (accepted → 受付番号) and from the server's list for this device (cases decided after review).
   * A registered case loses its sealed summary: nothing personal stays once the server has it.
   */
  async sync(): Promise<SyncReport> {
    const report = await this.outbox.sync(this.transport);
    await this.reconcile();
    if (!report.error) {
      try {
        const { items } = await this.transport.request<{ items: DeviceCaseStatus[] }>('GET', '/outreach/vehicle/device-cases', undefined, this.outbox.authorizer());
        const byId = new Map(items.map((i) => [i.clientCaseId, i]));
        await this.store.updateCases((c) => {
          const s = byId.get(c.clientCaseId);
          if (!s) return null;
          if ((s.state === 'registered' || s.state === 'accepted') && s.receiptNumber && (c.state !== 'registered' || c.summary)) return { ...c, state: 'registered', receiptNumber: s.receiptNumber, summary: null };
          if (s.state === 'dismissed' && c.note !== '受け付けない（職員の判断）') return { ...c, state: 'refused', note: '受け付けない（職員の判断）', summary: null };
          return null;
        });
      } catch {
        // Needs a staff session as well as the device; the outcomes above already tell the essentials.
      }
      await this.refreshStops();
    }
    return report;
  }

  /**
   * The route's stops as the server has them now: a stop moved or cancelled (運休) during the day
   * reaches the tablet at its next sync, not at tomorrow's sign-in. The procedures stay as signed in.
   */
  async refreshStops(): Promise<void> {
    const bundle = await this.bundle();
    if (!bundle) return;
    try {
      const reply = await this.transport.request<{ today: string; stops: ShippedStop[] }>('GET', '/outreach/vehicle/device-stops', undefined, this.outbox.authorizer());
      await this.store.put('bundle', { ...bundle, stops: reply.stops, today: reply.today } satisfies ProcedureBundle);
    } catch {
      // Offline or the staff session ended: the stops from the sign-in stay.
    }
  }

  /** Applies the outbox's acknowledgements to the local list. */
  async reconcile(): Promise<void> {
    const records = await this.outbox.store.all();
    const byOp = new Map(records.filter((r) => r.kind === 'outreach.case_submitted' && r.state !== 'pending').map((r) => [r.opId, r]));
    await this.store.updateCases((c) => {
      const r = byOp.get(c.opId);
      if (!r?.outcome || c.state === 'registered') return null;
      const result = (r.outcome.result ?? null) as { receiptNumber?: string } | null;
      if ((r.outcome.status === 'accepted' || r.outcome.status === 'duplicate') && result?.receiptNumber) {
        return { ...c, state: 'registered', receiptNumber: result.receiptNumber, summary: null };
      }
      if (r.outcome.status === 'conflict' || (r.outcome.status === 'duplicate' && !result?.receiptNumber)) {
        return c.state === 'review' ? null : { ...c, state: 'review', note: r.outcome.message ?? '職員の確認待ちです。', summary: null };
      }
      if (r.outcome.status === 'rejected' || r.state === 'refused') {
        return c.state === 'refused' ? null : { ...c, state: 'refused', note: r.outcome.message ?? '登録できませんでした。', summary: r.state === 'refused' ? c.summary : null };
      }
      return null;
    });
  }
}
