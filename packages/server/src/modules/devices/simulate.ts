import {
  createMemoryOutboxStore, DeviceOutbox, deviceAuthHeader, isAcknowledged, type DeviceEvent, type EventResult, type MemoryOutboxStore,
  type PushRequest, type PushResponse, type SyncReport, type SyncTransport, signEvent,
} from '@madoguchi/device-sync';
import type { TestPlatform } from '../../../test/support/platform';
import { inProcessTransport } from './test-support';

/**
 * A deterministic simulator of devices against the real app and database: a fake clock (the test
 * platform's, plus each device's own offset), scripted network partitions, duplicate deliveries,
 * reordered and stale deliveries, replies lost after the server committed, tampered and replayed
 * events, devices revoked while offline, and storage lost before sync. Everything is driven by the
 * script; no timers, no randomness of its own.
 */

export type NetMode =
  | 'ok'
  /** No connection: every push fails before reaching the server. */
  | 'partitioned'
  /** The server commits, the reply is lost. */
  | 'drop_reply'
  /** Each request arrives twice (a proxy retrying). */
  | 'duplicate'
  /** A later part of each batch arrives first (it is deferred), then the whole batch. */
  | 'reorder';

export interface SimDevice {
  name: string;
  deviceId: string;
  outbox: DeviceOutbox;
  store: MemoryOutboxStore;
  net: NetMode;
  /** Device clock = platform clock + offset. */
  clockOffsetMs: number;
  /** Every event the device made, as made (the simulator's memory, not the device's). */
  made: DeviceEvent[];
  /** Every result the server sent back, by opId. */
  replies: Map<string, EventResult[]>;
  /** Requests that reached the server, with the header they carried (for stale redelivery). */
  delivered: { body: string; auth: string }[];
  revoked: boolean;
  /** Seqs lost from the device's storage before they were acknowledged. */
  lost: number[];
  tampered: number;
  replayed: number;
}

export class DeviceSimulation {
  readonly devices: SimDevice[] = [];
  readonly #p: TestPlatform;
  readonly #admin: string;
  #counter = 0;

  constructor(p: TestPlatform, adminCookie: string) {
    this.#p = p;
    this.#admin = adminCookie;
  }

  async addDevice(name: string, opts: { clockOffsetMs?: number; batchSize?: number } = {}): Promise<SimDevice> {
    const p = this.#p;
    const res = await p.app.request('/api/devices', { method: 'POST', headers: { 'content-type': 'application/json', cookie: this.#admin }, body: JSON.stringify({ kind: 'vehicle', label: name }) });
    if (res.status !== 201) throw new Error(`create device: ${res.status} ${await res.text()}`);
    const { enrolment } = (await res.json()) as { enrolment: { deviceId: string; code: string } };
    const store = createMemoryOutboxStore();
    const dev: SimDevice = {
      name, deviceId: enrolment.deviceId, store, net: 'ok', clockOffsetMs: opts.clockOffsetMs ?? 0, made: [], replies: new Map(), delivered: [],
      revoked: false, lost: [], tampered: 0, replayed: 0,
      outbox: null as unknown as DeviceOutbox,
    };
    dev.outbox = new DeviceOutbox(store, { now: () => p.clock.now.getTime() + dev.clockOffsetMs, batchSize: opts.batchSize ?? 5 });
    await dev.outbox.enrol(inProcessTransport(p.app), enrolment.code);
    this.devices.push(dev);
    return dev;
  }

  /** The network between one device and the server, as the script has set it. */
  #transport(dev: SimDevice): SyncTransport {
    const inner = inProcessTransport(this.#p.app);
    const record = (res: PushResponse) => {
      for (const r of res.results) dev.replies.set(r.opId, [...(dev.replies.get(r.opId) ?? []), r]);
      return res;
    };
    const send = async (req: PushRequest, authorize: Parameters<SyncTransport['push']>[1]) => {
      // Capture the exact body and header (inner transport serialises the same object the same way).
      let captured: { body: string; auth: string } | null = null;
      const res = await inner.push(req, async (m, path, body) => {
        const auth = await authorize(m, path, body);
        captured = { body, auth };
        return auth;
      });
      if (captured) dev.delivered.push(captured);
      return record(res);
    };
    return {
      enrol: inner.enrol,
      request: inner.request,
      push: async (req, authorize) => {
        switch (dev.net) {
          case 'partitioned':
            throw new TypeError('fetch failed (partitioned)');
          case 'drop_reply':
            await send(req, authorize);
            throw new TypeError('fetch failed (reply lost)');
          case 'duplicate': {
            await send(req, authorize);
            return send(req, authorize);
          }
          case 'reorder': {
            if (req.events.length > 1) await send({ ...req, events: req.events.slice(1).reverse() }, authorize);
            return send(req, authorize);
          }
          default:
            return send(req, authorize);
        }
      },
    };
  }

  async append(dev: SimDevice, n = 1): Promise<void> {
    for (let i = 0; i < n; i++) {
      this.#counter += 1;
      const e = await dev.outbox.append('sim.case', { marker: `SIM-${dev.name}-${this.#counter}`, resident: '山田 太郎' });
      dev.made.push(structuredClone(e));
    }
  }

  async sync(dev: SimDevice): Promise<SyncReport> {
    const r = await dev.outbox.sync(this.#transport(dev));
    // A sync is bounded by what is pending: many rounds without progress would be a loop.
    const pendingBefore = r.sent + r.pending;
    if (r.rounds > pendingBefore + 3) throw new Error(`${dev.name}: sync took ${r.rounds} rounds for ${pendingBefore} events`);
    return r;
  }

  /** Re-sends an old request exactly as it was (same header): a network replay. Returns the HTTP status. */
  async redeliverStale(dev: SimDevice, index: number): Promise<number> {
    if (dev.delivered.length === 0) return 0;
    const old = dev.delivered[index % dev.delivered.length]!;
    const res = await this.#p.app.request('/api/device-sync/push', { method: 'POST', headers: { 'content-type': 'application/json', 'x-device-auth': old.auth }, body: old.body });
    return res.status;
  }

  /** Re-sends an old request's events with a fresh signature (a confused client resending old data). */
  async resendOld(dev: SimDevice, index: number): Promise<PushResponse | null> {
    if (dev.delivered.length === 0) return null;
    const old = JSON.parse(dev.delivered[index % dev.delivered.length]!.body) as PushRequest;
    return this.#push(dev, { ...old, sentAt: new Date(this.#p.clock.now.getTime() + dev.clockOffsetMs).toISOString() });
  }

  async #push(dev: SimDevice, req: PushRequest): Promise<PushResponse | null> {
    const id = (await dev.outbox.identity())!;
    const body = JSON.stringify(req);
    const auth = await deviceAuthHeader(id, 'POST', '/api/device-sync/push', body, this.#p.clock.now.getTime());
    const res = await this.#p.app.request('/api/device-sync/push', { method: 'POST', headers: { 'content-type': 'application/json', 'x-device-auth': auth }, body });
    if (res.status !== 200) return null;
    const out = (await res.json()) as PushResponse;
    for (const r of out.results) dev.replies.set(r.opId, [...(dev.replies.get(r.opId) ?? []), r]);
    return out;
  }

  /** Pushes a copy of one of the device's events with its payload changed (signature left as it was). */
  async tamper(dev: SimDevice, index: number): Promise<void> {
    if (dev.made.length === 0) return;
    const e = dev.made[index % dev.made.length]!;
    dev.tampered += 1;
    await this.#push(dev, { deviceId: dev.deviceId, head: { seq: e.seq, hash: e.hash }, sentAt: new Date().toISOString(), events: [{ ...e, payload: { marker: 'TAMPERED', resident: '別人' } }] });
  }

  /** Signs a different event under a seq the device already used (a replay with other content), with the device's own key. */
  async replayDifferent(dev: SimDevice, index: number): Promise<void> {
    // Only events the server already holds: a new event at the expected seq, signed with the device's
    // own key, would simply be the device's next event.
    const known = dev.made.filter((m) => this.acknowledgements(dev, m.opId).length > 0);
    if (known.length === 0) return;
    const e = known[index % known.length]!;
    const id = (await dev.outbox.identity())!;
    const forged = await signEvent(id.privateKey, { opId: e.opId, deviceId: e.deviceId, seq: e.seq, prevHash: e.prevHash, kind: e.kind, payload: { marker: 'REPLAYED' }, deviceTime: e.deviceTime });
    dev.replayed += 1;
    await this.#push(dev, { deviceId: dev.deviceId, head: { seq: e.seq, hash: forged.hash }, sentAt: new Date().toISOString(), events: [forged] });
  }

  async revoke(dev: SimDevice): Promise<void> {
    if (dev.revoked) return;
    const res = await this.#p.app.request(`/api/devices/${dev.deviceId}/revoke`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: this.#admin }, body: JSON.stringify({ reason: 'シミュレーション: 紛失' }) });
    if (res.status !== 200) throw new Error(`revoke: ${res.status}`);
    dev.revoked = true;
  }

  /** The browser evicts the oldest pending records (possibly all of them; the head survives). */
  async loseStorage(dev: SimDevice, count: number): Promise<void> {
    const pending = await dev.store.pending(Number.MAX_SAFE_INTEGER);
    const victims = pending.slice(0, Math.min(count, pending.length)).map((r) => r.seq);
    dev.store.forget(victims);
    dev.lost.push(...victims);
  }

  /** Heals the network and syncs every device until nothing more moves. */
  async settle(): Promise<void> {
    for (const d of this.devices) d.net = 'ok';
    for (let round = 0; round < 5; round++) {
      let moved = false;
      for (const d of this.devices) {
        const r = await this.sync(d);
        if (r.stored > 0 || r.duplicates > 0) moved = true;
      }
      if (!moved) break;
    }
  }

  /** The replies that acknowledged an op id (accepted/conflict/rejected, or duplicate of it). */
  acknowledgements(dev: SimDevice, opId: string): EventResult[] {
    return (dev.replies.get(opId) ?? []).filter(isAcknowledged);
  }
}
