import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, PASSWORD, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { seedProcedureCatalogue } from '../procedures/service';
import { loadVersion } from '../procedures/store';
import { createStaff } from '../staff/service';
import { createCase, submitCase } from './service';

let p: TestPlatform;
let f: Fixtures;
let reviewer: string;
let colleague: string;
let colleagueId: string;
let otherDeptId: string;
const claims: string[] = [];
let termination = '';
let bCase = '';

interface Row { id: string; receiptNumber: string; assignedStaffId: string | null; status: string; submittedAt: string }

async function newCase(tenant: Fixtures['a'], procedureId: string, departmentId: string, answers: Record<string, unknown> = {}) {
  const v = (await loadVersion(p.services.db, tenant.municipalityId, procedureId))!;
  const actor = { kind: 'system' as const, municipalityId: tenant.municipalityId };
  const c = await createCase(p.services.db, actor, { procedureId, procedureVersion: v.version, procedureHash: v.contentHash, channel: 'online', departmentId, answers }, p.services.now());
  p.clock.advance(60_000);
  return (await submitCase(p.services.db, actor, c.id, p.services.now())).id;
}

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  for (const t of [f.a, f.b]) await seedProcedureCatalogue(p.services, t.municipalityId);
  const kodomo = f.a.departments.kodomo!;
  colleagueId = await createStaff(p.services, null, f.a.municipalityId, { loginId: 'colleague', displayName: '尾花沢市 同僚', password: PASSWORD, roles: ['department_reviewer'], departmentIds: [kodomo] });
  otherDeptId = await createStaff(p.services, null, f.a.municipalityId, { loginId: 'kenko', displayName: '尾花沢市 健康', password: PASSWORD, roles: ['department_reviewer'], departmentIds: [f.a.departments.kenko!] });
  for (let i = 0; i < 3; i++) claims.push(await newCase(f.a, 'child-allowance-claim', kodomo, { applicantName: `申請者${i}` }));
  termination = await newCase(f.a, 'child-allowance-termination', kodomo);
  bCase = await newCase(f.b, 'child-allowance-claim', f.b.departments.kodomo!);
  reviewer = await loginAs(p, f.a, 'reviewer');
  colleague = await loginAs(p, f.a, 'colleague');
});
afterAll(() => p.close());

const inbox = async (cookie: string, query: string) => ((await call(p, 'GET', `/api/cases?${query}`, { cookie })).body as { items: Row[]; total: number });

describe('assignment', () => {
  it('takes a case, hands it to a colleague of the department, and refuses a stale or impossible change', async () => {
    const me = f.a.staff.reviewer!;
    const people = (await call(p, 'GET', '/api/cases/assignable', { cookie: reviewer })).body as { items: { id: string }[] };
    // A reviewer picks among their own department's people.
    expect(people.items.map((x) => x.id).sort()).toEqual([colleagueId, me].sort());

    const mine = await call(p, 'POST', `/api/cases/${claims[0]}/assignment`, { cookie: reviewer, body: { staffId: me, expected: null } });
    expect(mine.body).toEqual({ caseId: claims[0], assignedStaffId: me });
    expect((await inbox(reviewer, 'assignee=me')).items.map((c) => c.id)).toEqual([claims[0]]);
    expect((await inbox(reviewer, 'assignee=none')).items.map((c) => c.id)).not.toContain(claims[0]);

    // The colleague's screen still showed nobody: their "take it" is refused and says why.
    const late = await call(p, 'POST', `/api/cases/${claims[0]}/assignment`, { cookie: colleague, body: { staffId: colleagueId, expected: null } });
    expect(late.status).toBe(409);
    expect(late.code).toBe('CASE_ASSIGNMENT_CHANGED');

    const handed = await call(p, 'POST', `/api/cases/${claims[0]}/assignment`, { cookie: reviewer, body: { staffId: colleagueId, expected: me } });
    expect(handed.status).toBe(200);
    expect((await inbox(colleague, 'assignee=me')).items.map((c) => c.id)).toEqual([claims[0]]);

    const outsider = await call(p, 'POST', `/api/cases/${claims[0]}/assignment`, { cookie: reviewer, body: { staffId: otherDeptId } });
    expect(outsider.status).toBe(400);
    expect(outsider.code).toBe('CASE_ASSIGNEE_CANNOT_SEE');
    const nobody = await call(p, 'POST', `/api/cases/${claims[0]}/assignment`, { cookie: reviewer, body: { staffId: '00000000-0000-4000-8000-000000000000' } });
    expect(nobody.code).toBe('CASE_ASSIGNEE_NOT_FOUND');
    const foreign = await call(p, 'POST', `/api/cases/${bCase}/assignment`, { cookie: reviewer, body: { staffId: me } });
    expect(foreign.status).toBe(404);

    const detail = (await call(p, 'GET', `/api/cases/${claims[0]}`, { cookie: reviewer })).body as { case: Row; actions: { action: string; note: string | null }[] };
    expect(detail.case.assignedStaffId).toBe(colleagueId);
    expect(detail.actions.filter((a) => a.action === 'assign').map((a) => a.note)).toEqual(['担当者: 尾花沢市 reviewer', '担当者: 尾花沢市 同僚']);
    const audit = await p.services.db.selectFrom('audit_event').select('details').where('municipality_id', '=', f.a.municipalityId).where('action', '=', 'case.assign').where('subject_id', '=', claims[0]!).execute();
    expect(audit).toHaveLength(2);
  });
});

describe('bulk actions', () => {
  it('accepts several cases, each on its own, and says case by case what happened', async () => {
    // One of them was accepted by someone else meanwhile.
    await call(p, 'POST', `/api/cases/${claims[2]}/transitions`, { cookie: colleague, body: { to: 'accepted', expected: 'submitted' } });
    const res = await call(p, 'POST', '/api/cases/bulk', { cookie: reviewer, body: { action: 'accept', caseIds: [claims[1], claims[2], bCase, claims[1]] } });
    expect(res.status).toBe(200);
    const body = res.body as { results: { caseId: string; ok: boolean; code?: string; receiptNumber: string | null }[]; done: number; failed: number };
    expect(body).toMatchObject({ done: 1, failed: 2 });
    expect(body.results.map((r) => [r.caseId, r.ok, r.code ?? null])).toEqual([
      [claims[1], true, null],
      [claims[2], false, 'CASE_STATE_CHANGED'],
      [bCase, false, 'CASE_NOT_FOUND'],
    ]);
    // Another city's case is not described, not even by its receipt number.
    expect(body.results[2]!.receiptNumber).toBeNull();
    expect(body.results[1]!.receiptNumber).toMatch(/^R\d+-\d{6}$/);
    const b = await p.services.db.selectFrom('case_record').select('status').where('id', '=', bCase).executeTakeFirstOrThrow();
    expect(b.status).toBe('submitted');
    const audit = await p.services.db.selectFrom('audit_event').select('details').where('municipality_id', '=', f.a.municipalityId).where('action', '=', 'case.bulk').execute();
    expect(audit.at(-1)!.details).toMatchObject({ action: 'accept', done: [claims[1]], failed: [{ caseId: claims[2], code: 'CASE_STATE_CHANGED' }, { caseId: bCase, code: 'CASE_NOT_FOUND' }] });
  });

  it('hands several cases to a colleague, and needs someone to hand them to', async () => {
    expect((await call(p, 'POST', '/api/cases/bulk', { cookie: reviewer, body: { action: 'assign', caseIds: [claims[1]] } })).code).toBe('VALIDATION_FAILED');
    expect((await call(p, 'POST', '/api/cases/bulk', { cookie: reviewer, body: { action: 'accept', caseIds: [] } })).code).toBe('VALIDATION_FAILED');
    const res = (await call(p, 'POST', '/api/cases/bulk', { cookie: reviewer, body: { action: 'assign', caseIds: [claims[1], claims[2], termination], staffId: colleagueId } })).body as { done: number };
    expect(res.done).toBe(3);
    const theirs = await inbox(colleague, 'assignee=me&status=accepted');
    expect(theirs.items.map((c) => c.id).sort()).toEqual([claims[1], claims[2]].sort());
  });
});

describe('inbox filters, sort and export of the selected cases', () => {
  it('sorts by submission either way, finds by receipt number, and exports only the chosen cases of one procedure', async () => {
    const newest = await inbox(reviewer, 'status=submitted&sort=submitted_desc');
    const oldest = await inbox(reviewer, 'status=submitted&sort=submitted_asc');
    expect(newest.items.length).toBeGreaterThan(1);
    expect(oldest.items.map((c) => c.id)).toEqual([...newest.items.map((c) => c.id)].reverse());
    const one = newest.items[0]!;
    expect((await inbox(reviewer, `receipt=${one.receiptNumber}`)).items.map((c) => c.id)).toEqual([one.id]);
    expect((await call(p, 'GET', `/api/cases?receipt=${encodeURIComponent('%')}`, { cookie: reviewer })).code).toBe('VALIDATION_FAILED');

    const csv = await call(p, 'GET', `/api/online/export.csv?procedureId=child-allowance-claim&ids=${claims[1]},${claims[2]}`, { cookie: reviewer });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('x-rows')).toBe('2');
    expect(String(csv.body)).toContain('申請者1');
    expect(String(csv.body)).not.toContain('申請者0');
    const mixed = await call(p, 'GET', `/api/online/export.csv?procedureId=child-allowance-claim&ids=${claims[1]},${termination}`, { cookie: reviewer });
    expect(mixed.status).toBe(400);
    expect(mixed.code).toBe('EXPORT_CASES_NOT_IN_PROCEDURE');
  });
});
