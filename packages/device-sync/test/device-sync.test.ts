import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  canonicalJson, checkEvent, computeEventHash, createMemoryOutboxStore, DeviceOutbox, GENESIS_HASH, OutboxError, uuidv7, UUID_V7,
  type EnrolRequest, type PushRequest, type PushResponse, type SyncTransport,
} from '../src/index';

/** A transport that enrols locally and answers pushes like a well-behaved server (no server code: this is the client's own contract). */
function loopback(): SyncTransport & { received: PushRequest[] } {
  const received: PushRequest[] = [];
  let next = 1;
  return {
    received,
    async enrol(req: EnrolRequest) {
      expect(req.publicKeyJwk.kty).toBe('EC');
      return { municipalityId: '00000000-0000-4000-8000-000000000001', deviceId: '00000000-0000-4000-8000-000000000002', kind: 'vehicle', label: 'テスト', nextSeq: 1, prevHash: GENESIS_HASH, serverTime: new Date().toISOString() };
    },
    async push(req) {
      received.push(structuredClone(req));
      const results = req.events.map((e) => {
        if (e.seq < next) return { opId: e.opId, seq: e.seq, status: 'duplicate' as const, original: 'accepted' as const, result: null };
        if (e.seq > next) return { opId: e.opId, seq: e.seq, status: 'deferred' as const, nextExpectedSeq: next };
        next += 1;
        return { opId: e.opId, seq: e.seq, status: 'accepted' as const, result: { n: e.seq } };
      });
      return { results, nextExpectedSeq: next, serverTime: new Date().toISOString() } satisfies PushResponse;
    },
    async request() {
      throw new Error('unused');
    },
  };
}

describe('canonical JSON', () => {
  it('sorts keys at every depth and is independent of insertion order', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: '日本' } })).toBe('{"a":{"c":"日本","d":[1,{"x":1,"y":2}]},"b":1}');
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
      const reversed = Object.fromEntries(Object.entries(obj).reverse());
      expect(canonicalJson(reversed)).toBe(canonicalJson(obj));
      expect(JSON.parse(canonicalJson(obj))).toEqual(JSON.parse(JSON.stringify(obj)));
    }));
  });

  it('refuses values JSON cannot carry', () => {
    expect(() => canonicalJson({ a: Number.NaN })).toThrow();
    expect(() => canonicalJson({ a: Infinity })).toThrow();
  });
});

describe('UUIDv7', () => {
  it('is a version 7 UUID ordered by its millisecond', () => {
    const a = uuidv7(1_700_000_000_000);
    const b = uuidv7(1_700_000_000_001);
    expect(a).toMatch(UUID_V7);
    expect(a < b).toBe(true);
    expect(a.slice(0, 13).replace('-', '')).toBe((1_700_000_000_000).toString(16).padStart(12, '0'));
  });
});

describe('DeviceOutbox', () => {
  it('appends signed, hash-chained events with consecutive seqs; a changed byte breaks hash or signature', async () => {
    const outbox = new DeviceOutbox(createMemoryOutboxStore());
    const id = await outbox.enrol(loopback(), 'abcde-fghjk');
    expect(id.privateKey.extractable).toBe(false);
    const e1 = await outbox.append('outreach.note', { text: 'a' });
    const e2 = await outbox.append('outreach.note', { text: 'b' });
    expect([e1.seq, e2.seq]).toEqual([1, 2]);
    expect(e1.prevHash).toBe(GENESIS_HASH);
    expect(e2.prevHash).toBe(e1.hash);
    expect(await computeEventHash(e2)).toBe(e2.hash);
    expect(await checkEvent(id.publicKey, e2)).toBe('ok');
    expect(await checkEvent(id.publicKey, { ...e2, payload: { text: 'c' } })).toBe('bad_hash');
    expect(await checkEvent(id.publicKey, { ...e2, signature: e1.signature })).toBe('bad_signature');
  });

  it('never reuses a seq under concurrent appends, and keeps counting after a reload of the same store', async () => {
    const store = createMemoryOutboxStore();
    const a = new DeviceOutbox(store);
    await a.enrol(loopback(), 'abcde-fghjk');
    // Two outbox instances over one store (two tabs) appending at once.
    const b = new DeviceOutbox(store);
    await Promise.all([...Array.from({ length: 10 }, (_, i) => a.append('outreach.note', { i })), ...Array.from({ length: 10 }, (_, i) => b.append('outreach.note', { j: i }))]);
    const seqs = (await store.all()).map((r) => r.seq);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const records = await store.all();
    for (let i = 1; i < records.length; i++) expect(records[i]!.event!.prevHash).toBe(records[i - 1]!.hash);
    const reloaded = new DeviceOutbox(store);
    expect((await reloaded.append('outreach.note', {})).seq).toBe(21);
  });

  it('sync pushes in batches, erases acknowledged payloads, and reports the counts the screen shows', async () => {
    const t = loopback();
    const outbox = new DeviceOutbox(createMemoryOutboxStore(), { batchSize: 4 });
    await outbox.enrol(t, 'abcde-fghjk');
    for (let i = 0; i < 10; i++) await outbox.append('outreach.note', { name: `住民${i}` });
    expect(await outbox.status()).toMatchObject({ pending: 10, acknowledged: 0 });
    const r = await outbox.sync(t);
    expect(r).toMatchObject({ stored: 10, rounds: 3, pending: 0 });
    expect(t.received.map((x) => x.events.length)).toEqual([4, 4, 2]);
    const st = await outbox.status();
    expect(st).toMatchObject({ pending: 0, acknowledged: 10, labels: { pending: 'この端末に保存済み・未登録', acknowledged: '登録済み' } });
    const all = await outbox.store.all();
    expect(JSON.stringify(all)).not.toContain('住民');
    expect(all.every((x) => x.event === null && x.hash.length === 64 && x.opId)).toBe(true);
  });

  it('a dropped connection leaves events pending; the next sync resends them', async () => {
    const t = loopback();
    const outbox = new DeviceOutbox(createMemoryOutboxStore(), { batchSize: 2 });
    await outbox.enrol(t, 'abcde-fghjk');
    for (let i = 0; i < 5; i++) await outbox.append('outreach.note', { i });
    let calls = 0;
    const flaky: SyncTransport = { ...t, push: async (req, auth) => {
      calls += 1;
      if (calls === 2) throw new TypeError('fetch failed');
      return t.push(req, auth);
    } };
    const r1 = await outbox.sync(flaky);
    expect(r1).toMatchObject({ stored: 2, pending: 3, error: { code: 'NETWORK' } });
    const r2 = await outbox.sync(flaky);
    expect(r2).toMatchObject({ stored: 3, pending: 0, error: null });
  });

  it('cuts batches by size so a request stays under the server body limit', async () => {
    const t = loopback();
    const outbox = new DeviceOutbox(createMemoryOutboxStore(), { batchSize: 100 });
    await outbox.enrol(t, 'abcde-fghjk');
    // Ten events of ~190,000 characters, three bytes each in UTF-8.
    for (let i = 0; i < 10; i++) await outbox.append('outreach.note', { text: 'あ'.repeat(190_000) });
    const r = await outbox.sync(t);
    expect(r).toMatchObject({ stored: 10, pending: 0 });
    const sizes = t.received.map((q) => new TextEncoder().encode(JSON.stringify(q)).length);
    expect(sizes.filter((n) => n > 0).length).toBeGreaterThan(5);
    expect(Math.max(...sizes)).toBeLessThan(1024 * 1024);
  });

  it('refuses kinds that are not namespaced and payloads JSON cannot carry, before anything is stored', async () => {
    const outbox = new DeviceOutbox(createMemoryOutboxStore());
    await outbox.enrol(loopback(), 'abcde-fghjk');
    await expect(outbox.append('note', {})).rejects.toBeInstanceOf(OutboxError);
    await expect(outbox.append('outreach.note', { x: Number.NaN })).rejects.toMatchObject({ code: 'BAD_PAYLOAD' });
    await expect(outbox.append('outreach.note', { big: 'x'.repeat(300_000) })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    await expect(outbox.append('outreach.note', { text: 'a\u0000b' })).rejects.toMatchObject({ code: 'BAD_PAYLOAD' });
    await expect(outbox.append('outreach.note', { text: 'half \ud83d pair' })).rejects.toMatchObject({ code: 'BAD_PAYLOAD' });
    expect((await outbox.append('outreach.note', { text: '絵文字 😀 は使える', path: 'C:\\u0000' })).seq).toBe(1);
    await expect(outbox.append('outreach.note', { answers: [{ individualNumber: '123456789018' }] })).rejects.toMatchObject({ code: 'INDIVIDUAL_NUMBER' });
    await expect(outbox.append('outreach.note', { 個人番号: '123456789018' })).rejects.toMatchObject({ code: 'INDIVIDUAL_NUMBER' });
    expect(await outbox.status()).toMatchObject({ pending: 1 });
    const fresh = new DeviceOutbox(createMemoryOutboxStore());
    await expect(fresh.append('outreach.note', {})).rejects.toMatchObject({ code: 'NOT_ENROLLED' });
  });
});
