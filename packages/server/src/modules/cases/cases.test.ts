import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { assertNoIndividualNumber, casesUsingProcedure, createCase, moveCase, submitCase, type CaseActor, type NewCase } from './service';

let p: TestPlatform;
let f: Fixtures;
let clerk: CaseActor;

const HASH = 'a'.repeat(64);
const draft = (over: Partial<NewCase> = {}): NewCase => ({
  procedureId: 'child-allowance', procedureVersion: 1, procedureHash: HASH, channel: 'counter', answers: { note: 'テスト' }, ...over,
});

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  const staff: StaffPrincipal = { id: f.a.staff.clerk!, municipalityId: f.a.municipalityId, loginId: 'clerk', displayName: 'clerk', roles: ['counter_staff'], departmentIds: [f.a.departments.shimin!], totpEnabled: false, sessionTokenHash: '' };
  clerk = { kind: 'staff', staff };
});
afterAll(() => p.close());

const db = () => p.services.db;
const now = () => p.services.now();

describe('case record', () => {
  it('pins the procedure version and hash, and logs every step', async () => {
    const c = await createCase(db(), clerk, draft({ subjectResidentId: f.residents.ichiro, departmentId: f.a.departments.kodomo }), now());
    expect(c).toMatchObject({ status: 'draft', statusLabel: '下書き', procedureVersion: 1, procedureHash: HASH, receiptNumber: null });
    const submitted = await submitCase(db(), clerk, c.id, now());
    // 2026-11-27 is in 令和8年度.
    expect(submitted.receiptNumber).toMatch(/^R8-\d{6}$/);
    expect(submitted.submittedAt).not.toBeNull();
    const actions = await db().selectFrom('case_action').select(['seq', 'from_status', 'to_status']).where('case_id', '=', c.id).orderBy('seq').execute();
    expect(actions.map((a) => `${a.seq}:${a.from_status}->${a.to_status}`)).toEqual(['1:null->draft', '2:draft->submitted']);
  });

  it('numbers receipts per fiscal year without duplicates, even when submitted together', async () => {
    const drafts = await Promise.all(Array.from({ length: 12 }, () => createCase(db(), clerk, draft(), now())));
    const submitted = await Promise.all(drafts.map((d) => db().transaction().execute((trx) => submitCase(trx, clerk, d.id, now()))));
    const numbers = submitted.map((s) => s.receiptNumber!);
    expect(new Set(numbers).size).toBe(12);
    // Next fiscal year starts again at 1 (令和9年度 from 2027-04-01 in Japan).
    p.clock.now = new Date('2027-04-01T00:30:00+09:00');
    const next = await submitCase(db(), clerk, (await createCase(db(), clerk, draft(), now())).id, now());
    expect(next.receiptNumber).toBe('R9-000001');
    p.clock.now = new Date('2026-11-27T01:00:00Z');
  });

  it('returns the same case for the same idempotency key', async () => {
    const a = await createCase(db(), clerk, draft({ idempotencyKey: 'k-1' }), now());
    const b = await createCase(db(), clerk, draft({ idempotencyKey: 'k-1' }), now());
    expect(b.id).toBe(a.id);
    await expect(createCase(db(), clerk, draft({ idempotencyKey: 'k-1', procedureId: 'other' }), now())).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('follows the state machine and refuses what it does not allow', async () => {
    const c = await submitCase(db(), clerk, (await createCase(db(), clerk, draft(), now())).id, now());
    await expect(moveCase(db(), clerk, c.id, 'draft', {}, now())).rejects.toMatchObject({ code: 'CASE_TRANSITION_NOT_ALLOWED' });
    await expect(moveCase(db(), clerk, c.id, 'returned', {}, now())).rejects.toMatchObject({ code: 'CASE_NOTE_REQUIRED' });
    const returned = await moveCase(db(), clerk, c.id, 'returned', { note: '添付書類が不足しています。' }, now());
    expect(returned.status).toBe('returned');
    const again = await submitCase(db(), clerk, c.id, now());
    expect(again.receiptNumber).toBe(c.receiptNumber);
    await moveCase(db(), clerk, c.id, 'accepted', {}, now());
    const done = await moveCase(db(), clerk, c.id, 'completed', {}, now());
    expect(done.closedAt).not.toBeNull();
    await expect(moveCase(db(), clerk, c.id, 'rejected', {}, now())).rejects.toMatchObject({ code: 'CASE_TRANSITION_NOT_ALLOWED' });
  });

  it('refuses a move when the state changed since the caller looked', async () => {
    const c = await submitCase(db(), clerk, (await createCase(db(), clerk, draft(), now())).id, now());
    await moveCase(db(), clerk, c.id, 'accepted', { expected: 'submitted' }, now());
    await expect(moveCase(db(), clerk, c.id, 'rejected', { expected: 'submitted' }, now())).rejects.toMatchObject({ code: 'CASE_STATE_CHANGED', status: 409 });
  });

  it('never stores an individual number in the answers', async () => {
    expect(() => assertNoIndividualNumber({ members: [{ note: '１２３４ ５６７８ ９０１８' }] })).toThrow(/個人番号/);
    expect(() => assertNoIndividualNumber({ phone: '090-1234-5678', code: '123456789012' })).not.toThrow();
    await expect(createCase(db(), clerk, draft({ answers: { x: '123456789018' } }), now())).rejects.toMatchObject({ code: 'INDIVIDUAL_NUMBER_IN_ANSWERS' });
  });

  it('tells which cases used which procedure version', async () => {
    await createCase(db(), clerk, draft({ procedureId: 'seal-registration', procedureVersion: 3 }), now());
    const uses = await casesUsingProcedure(db(), f.a.municipalityId, 'seal-registration');
    expect(uses.map((u) => u.version)).toEqual([3]);
    expect(await casesUsingProcedure(db(), f.b.municipalityId, 'seal-registration')).toEqual([]);
  });
});

describe('inbox API', () => {
  it('shows a department reviewer only their department, and lets them move a case with the state they saw', async () => {
    const mine = await submitCase(db(), clerk, (await createCase(db(), clerk, draft({ departmentId: f.a.departments.kodomo }), now())).id, now());
    const other = await submitCase(db(), clerk, (await createCase(db(), clerk, draft({ departmentId: f.a.departments.shimin }), now())).id, now());
    const reviewer = await loginAs(p, f.a, 'reviewer');
    const inbox = (await call(p, 'GET', '/api/cases?status=submitted', { cookie: reviewer })).body as { items: { id: string }[] };
    const ids = inbox.items.map((i) => i.id);
    expect(ids).toContain(mine.id);
    expect(ids).not.toContain(other.id);
    expect((await call(p, 'GET', `/api/cases/${other.id}`, { cookie: reviewer })).code).toBe('CASE_NOT_FOUND');
    const moved = await call(p, 'POST', `/api/cases/${mine.id}/transitions`, { cookie: reviewer, body: { to: 'accepted', expected: 'submitted' } });
    expect(moved.status).toBe(200);
    const stale = await call(p, 'POST', `/api/cases/${mine.id}/transitions`, { cookie: reviewer, body: { to: 'accepted', expected: 'submitted' } });
    expect(stale.code).toBe('CASE_STATE_CHANGED');
    const detail = (await call(p, 'GET', `/api/cases/${mine.id}`, { cookie: reviewer })).body as { actions: { toStatus: string; actorName: string | null }[] };
    expect(detail.actions.map((a) => a.toStatus)).toEqual(['draft', 'submitted', 'accepted']);
    expect(detail.actions[2]!.actorName).toBe('尾花沢市 reviewer');
  });
});
