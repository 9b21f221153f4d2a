import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { randomUUID } from 'node:crypto';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { appendAudit, chainPendingAudit, verifyAuditChain, type AuditInput } from './audit';

let p: TestPlatform;
let f: Fixtures;

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
});
afterAll(() => p.close());

const db = () => p.services.db;
const event = (i: number, municipalityId = f.a.municipalityId): AuditInput => ({
  municipalityId, actorStaffId: null, action: 'resident.read', subjectType: 'resident', subjectId: f.residents.taro, purpose: `parallel ${i}`, details: { i },
});

/** Writes an event the way appendAudit does when another transaction of the city holds the head. */
async function insertPending(purpose: string, municipalityId = f.a.municipalityId) {
  const id = randomUUID();
  await db().insertInto('audit_event').values({
    municipality_id: municipalityId, id, at: new Date(), actor_staff_id: null, action: 'resident.read', subject_type: 'resident',
    subject_id: f.residents.taro, purpose, request_id: null, details: JSON.stringify({ pending: true }), seq: null, prev_hash: null, hash: null,
  }).execute();
  return id;
}

async function seqsOf(municipalityId: string) {
  return (await db().selectFrom('audit_event').select('seq').where('municipality_id', '=', municipalityId).where('seq', 'is not', null).orderBy('seq').execute()).map((r) => Number(r.seq));
}

describe('audit chain without a city-wide wait', () => {
  it('N parallel appends (alone and several per transaction) end in one valid chain with no gaps', async () => {
    const before = await verifyAuditChain(db(), f.a.municipalityId);
    const N = 40;
    await Promise.all([
      ...Array.from({ length: N }, (_, i) => db().transaction().execute((trx) => appendAudit(trx, event(i)))),
      // Several events in one transaction, and appends outside any transaction.
      ...Array.from({ length: 5 }, (_, i) => db().transaction().execute(async (trx) => {
        await appendAudit(trx, event(100 + i));
        await appendAudit(trx, event(200 + i));
      })),
      ...Array.from({ length: 5 }, (_, i) => appendAudit(db(), event(300 + i))),
    ]);
    await chainPendingAudit(db());
    const after = await verifyAuditChain(db(), f.a.municipalityId);
    expect(after).toMatchObject({ ok: true, pending: 0 });
    expect(after.checked).toBe(before.checked + N + 10 + 5);
    expect(await seqsOf(f.a.municipalityId)).toEqual(Array.from({ length: after.checked }, (_, i) => i + 1));
    const head = await db().selectFrom('audit_head').select('last_seq').where('municipality_id', '=', f.a.municipalityId).executeTakeFirstOrThrow();
    expect(Number(head.last_seq)).toBe(after.checked);
  });

  it('a transaction does not wait for another one of the same city that holds the chain head', async () => {
    if (p.database.kind !== 'postgres') {
      // The embedded database runs one transaction at a time: every append is chained at once.
      await Promise.all(Array.from({ length: 10 }, (_, i) => appendAudit(db(), event(400 + i))));
      expect((await verifyAuditChain(db(), f.a.municipalityId)).pending).toBe(0);
      return;
    }
    let release!: () => void;
    const held = new Promise<void>((r) => { release = r; });
    let headTaken!: () => void;
    const taken = new Promise<void>((r) => { headTaken = r; });
    const holder = db().transaction().execute(async (trx) => {
      await appendAudit(trx, event(500));
      headTaken();
      await held; // still open: holds the head
    });
    await taken;
    const started = performance.now();
    await appendAudit(db(), event(501)); // another connection; must not wait for the holder
    const waited = performance.now() - started;
    const pendingNow = await verifyAuditChain(db(), f.a.municipalityId);
    expect(pendingNow.pending).toBe(1);
    expect(pendingNow.ok).toBe(true);
    release();
    await holder;
    expect(waited).toBeLessThan(5000);
    expect(await chainPendingAudit(db(), f.a.municipalityId)).toBe(1);
    expect(await verifyAuditChain(db(), f.a.municipalityId)).toMatchObject({ ok: true, pending: 0 });
  });

  it('reports pending events, and links them before the next chained one in the order written', async () => {
    const before = await verifyAuditChain(db(), f.a.municipalityId);
    const first = await insertPending('pending 1');
    const second = await insertPending('pending 2');
    const r = await verifyAuditChain(db(), f.a.municipalityId);
    expect(r).toMatchObject({ ok: true, pending: 2, checked: before.checked });
    expect(r.oldestPendingAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    await appendAudit(db(), event(600));
    const rows = await db().selectFrom('audit_event').select(['id', 'seq', 'purpose']).where('municipality_id', '=', f.a.municipalityId)
      .where('seq', '>', String(before.checked)).orderBy('seq').execute();
    expect(rows.map((x) => [x.id === first || x.id === second ? x.purpose : 'own', Number(x.seq)])).toEqual([
      ['pending 1', before.checked + 1], ['pending 2', before.checked + 2], ['own', before.checked + 3],
    ]);
    expect(await verifyAuditChain(db(), f.a.municipalityId)).toMatchObject({ ok: true, pending: 0, checked: before.checked + 3 });
  });

  it('the background chainer links pending events of every city', async () => {
    await insertPending('pending a');
    await insertPending('pending b', f.b.municipalityId);
    expect(await chainPendingAudit(db())).toBe(2);
    expect(await chainPendingAudit(db())).toBe(0);
    expect(await verifyAuditChain(db(), f.a.municipalityId)).toMatchObject({ ok: true, pending: 0 });
    expect(await verifyAuditChain(db(), f.b.municipalityId)).toMatchObject({ ok: true, pending: 0 });
  });

  it('a pending event can only get its link: editing it, or re-linking a chained one, is refused', async () => {
    const id = await insertPending('pending edit');
    await expect(sql`update audit_event set purpose = '改ざん' where id = ${id}`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`update audit_event set seq = 999999, prev_hash = ${'0'.repeat(64)}, hash = ${'1'.repeat(64)}, purpose = 'x' where id = ${id}`.execute(db())).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_event where id = ${id}`.execute(db())).rejects.toThrow(/append-only/);
    await chainPendingAudit(db(), f.a.municipalityId);
    await expect(sql`update audit_event set seq = 999999 where id = ${id}`.execute(db())).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(db(), f.a.municipalityId)).toMatchObject({ ok: true, pending: 0 });
  });

  it('the verify button links pending events first and still detects an edited one', async () => {
    await insertPending('pending before verify');
    const admin = await loginAs(p, f.a, 'admin');
    const ok = await call(p, 'GET', '/api/audit/verify', { cookie: admin });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ ok: true, pending: 0 });
    const list = await call(p, 'GET', '/api/audit?limit=5', { cookie: admin });
    expect((list.body as { items: { seq: number | null }[] }).items.every((i) => typeof i.seq === 'number')).toBe(true);
    const target = await db().selectFrom('audit_event').select('seq').where('municipality_id', '=', f.a.municipalityId).where('purpose', '=', 'pending before verify').executeTakeFirstOrThrow();
    await sql`alter table audit_event disable trigger audit_event_no_update`.execute(db());
    try {
      await sql`update audit_event set purpose = '改ざん' where municipality_id = ${f.a.municipalityId} and seq = ${target.seq}`.execute(db());
    } finally {
      await sql`alter table audit_event enable trigger audit_event_no_update`.execute(db());
    }
    const broken = await call(p, 'GET', '/api/audit/verify', { cookie: admin });
    expect(broken.body).toMatchObject({ ok: false, firstBrokenSeq: Number(target.seq) });
  });
});
