import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { appendAudit, canonicalJson, verifyAuditChain } from './audit';

let p: TestPlatform;
let f: Fixtures;

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
});
afterAll(() => p.close());

async function withTriggerOff<T>(fn: () => Promise<T>): Promise<T> {
  await sql`alter table audit_event disable trigger audit_event_no_update`.execute(p.services.db);
  try {
    return await fn();
  } finally {
    await sql`alter table audit_event enable trigger audit_event_no_update`.execute(p.services.db);
  }
}

async function appendSome(n: number) {
  for (let i = 0; i < n; i++) {
    await appendAudit(p.services.db, { municipalityId: f.a.municipalityId, actorStaffId: f.a.staff.clerk!, action: 'resident.read', subjectType: 'resident', subjectId: f.residents.taro, purpose: `test ${i}`, details: { b: 2, a: [1, { z: 1, y: 2 }] } });
  }
}

describe('audit hash chain', () => {
  it('canonical JSON ignores key order', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 1, e: 2 }] } })).toBe(canonicalJson({ a: { c: [3, { e: 2, f: 1 }], d: 2 }, b: 1 }));
  });

  it('verifies an intact chain, and keeps chains per tenant', async () => {
    await appendSome(5);
    const a = await verifyAuditChain(p.services.db, f.a.municipalityId);
    const b = await verifyAuditChain(p.services.db, f.b.municipalityId);
    expect(a.ok).toBe(true);
    expect(a.checked).toBeGreaterThanOrEqual(5);
    expect(b.ok).toBe(true);
  });

  it('refuses updates and deletes from the application', async () => {
    await expect(sql`update audit_event set purpose = 'x'`.execute(p.services.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_event`.execute(p.services.db)).rejects.toThrow(/append-only/);
  });

  it('detects an edited event', async () => {
    await appendSome(3);
    const target = await p.services.db.selectFrom('audit_event').select('seq').where('municipality_id', '=', f.a.municipalityId).orderBy('seq', 'desc').offset(1).limit(1).executeTakeFirstOrThrow();
    await withTriggerOff(() => sql`update audit_event set purpose = '改ざん' where municipality_id = ${f.a.municipalityId} and seq = ${target.seq}`.execute(p.services.db));
    const r = await verifyAuditChain(p.services.db, f.a.municipalityId);
    expect(r.ok).toBe(false);
    expect(r.firstBrokenSeq).toBe(Number(target.seq));
    expect(r.reason).toMatch(/書き換え/);
    // The other tenant's chain is untouched.
    expect((await verifyAuditChain(p.services.db, f.b.municipalityId)).ok).toBe(true);
  });
});

describe('audit chain: deletion and truncation', () => {
  let q: TestPlatform;
  let g: Fixtures;
  beforeAll(async () => {
    q = await createTestPlatform();
    g = await seedFixtures(q);
    for (let i = 0; i < 4; i++) {
      await appendAudit(q.services.db, { municipalityId: g.a.municipalityId, actorStaffId: null, action: 'resident.read', subjectId: g.residents.taro });
    }
  });
  afterAll(() => q.close());

  it('detects a deleted event in the middle', async () => {
    await sql`alter table audit_event disable trigger audit_event_no_update`.execute(q.services.db);
    await sql`delete from audit_event where municipality_id = ${g.a.municipalityId} and seq = 2`.execute(q.services.db);
    const r = await verifyAuditChain(q.services.db, g.a.municipalityId);
    expect(r).toMatchObject({ ok: false, firstBrokenSeq: 2 });
  });

  it('detects a deleted tail', async () => {
    const r0 = await verifyAuditChain(q.services.db, g.b.municipalityId);
    expect(r0.ok).toBe(true);
    const last = await q.services.db.selectFrom('audit_head').select('last_seq').where('municipality_id', '=', g.b.municipalityId).executeTakeFirstOrThrow();
    await sql`delete from audit_event where municipality_id = ${g.b.municipalityId} and seq = ${last.last_seq}`.execute(q.services.db);
    const r = await verifyAuditChain(q.services.db, g.b.municipalityId);
    expect(r.ok).toBe(false);
    expect(r.reason).toMatch(/末尾/);
  });
});

describe('audit API', () => {
  it('answers who looked at a resident, when and why — including searches that listed them', async () => {
    const clerk = await loginAs(p, f.a, 'clerk');
    await call(p, 'GET', `/api/residents?q=${encodeURIComponent('ﾔﾏｸﾞﾁ')}`, { cookie: clerk });
    await call(p, 'GET', `/api/residents/${f.residents.masako}?purpose=${encodeURIComponent('転居の受付')}`, { cookie: clerk });
    const admin = await loginAs(p, f.a, 'admin');
    const res = await call(p, 'GET', `/api/audit?residentId=${f.residents.masako}`, { cookie: admin });
    expect(res.status).toBe(200);
    const items = (res.body as { items: { action: string; actionLabel: string; actor: { displayName: string }; purpose: string; subjectLabel: string | null }[] }).items;
    expect(items.map((i) => i.action)).toEqual(['resident.read', 'resident.search']);
    expect(items[0]).toMatchObject({ actionLabel: '住民情報の閲覧', purpose: '転居の受付', subjectLabel: '山口 正子', actor: { displayName: '尾花沢市 clerk' } });
  });

  it('is for admins with a second factor only', async () => {
    const clerk = await loginAs(p, f.a, 'clerk');
    expect((await call(p, 'GET', '/api/audit', { cookie: clerk })).code).toBe('PERMISSION_DENIED');
    const newadmin = await loginAs(p, f.a, 'newadmin');
    expect((await call(p, 'GET', '/api/audit', { cookie: newadmin })).code).toBe('AUTH_TOTP_SETUP_REQUIRED');
  });

  it('verifies the chain through the API and reports a break', async () => {
    const admin = await loginAs(p, f.b, 'admin');
    const ok = await call(p, 'GET', '/api/audit/verify', { cookie: admin });
    expect(ok.body).toMatchObject({ ok: true });
    await withTriggerOff(() => sql`update audit_event set action = 'auth.logout' where municipality_id = ${f.b.municipalityId} and seq = 1`.execute(p.services.db));
    const broken = await call(p, 'GET', '/api/audit/verify', { cookie: admin });
    expect(broken.body).toMatchObject({ ok: false, firstBrokenSeq: 1 });
  });
});
