import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';

let p: TestPlatform;
let f: Fixtures;
beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
});
afterAll(() => p.close());

describe('HTTP surface', () => {
  it('serves OpenAPI 3.1 generated from the validating schemas', async () => {
    const res = await call(p, 'GET', '/api/openapi.json');
    const doc = res.body as { openapi: string; paths: Record<string, unknown>; components: { schemas: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/residents', '/residents/{id}', '/auth/login', '/audit']));
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['ResidentSummary', 'Error']));
  });

  it('answers unknown API routes with a JSON 404 and a request id', async () => {
    const res = await call(p, 'GET', '/api/nope');
    expect(res.status).toBe(404);
    expect(res.code).toBe('NOT_FOUND');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await call(p, 'POST', '/api/auth/login', { rawBody: '{"municipalityCode":', headers: { 'content-type': 'application/json', 'content-length': '20' } });
    expect(res.status).toBe(400);
    expect(res.code).toBe('MALFORMED_JSON');
  });

  it('refuses bodies over the limit with 413 before reading them', async () => {
    const big = JSON.stringify({ loginId: 'x'.repeat(1_100_000) });
    const res = await call(p, 'POST', '/api/auth/login', { rawBody: big, headers: { 'content-type': 'application/json', 'content-length': String(big.length) } });
    expect(res.status).toBe(413);
    expect(res.code).toBe('BODY_TOO_LARGE');
  });

  it('rejects wrong types with field-level Japanese messages and changes nothing', async () => {
    const admin = await loginAs(p, f.a, 'admin');
    const before = await p.services.db.selectFrom('staff_user').select('id').execute();
    const res = await call(p, 'POST', '/api/admin/staff', { cookie: admin, body: { loginId: 'ok.user', displayName: 5, password: 'long-enough-pass', roles: ['king'] } });
    expect(res.status).toBe(400);
    const details = (res.body as { error: { details: { path: string; message: string }[] } }).error.details;
    expect(details.map((d) => d.path)).toEqual(expect.arrayContaining(['displayName', 'roles.0']));
    expect(details.every((d) => /[ぁ-んァ-ヶ一-龠]/.test(d.message))).toBe(true);
    expect(await p.services.db.selectFrom('staff_user').select('id').execute()).toHaveLength(before.length);
  });

  it('stores an injection string in a name as plain data', async () => {
    const admin = await loginAs(p, f.a, 'admin');
    const name = "Robert'); DROP TABLE resident;-- <script>alert(1)</script>";
    const res = await call(p, 'POST', '/api/admin/staff', { cookie: admin, body: { loginId: 'bobby', displayName: name, password: 'long-enough-pass', roles: ['counter_staff'] } });
    expect(res.status).toBe(201);
    const list = (await call(p, 'GET', '/api/admin/staff', { cookie: admin })).body as { items: { displayName: string }[] };
    expect(list.items.map((s) => s.displayName)).toContain(name);
    expect((await call(p, 'GET', `/api/residents?q=${encodeURIComponent("'; DROP TABLE resident;--")}`, { cookie: admin })).status).toBe(200);
    expect(await p.services.db.selectFrom('resident').select('id').execute()).not.toHaveLength(0);
  });

  it('sets security headers and no-store on API replies', async () => {
    const res = await call(p, 'GET', '/api/health');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('never returns a stack trace', async () => {
    const res = await call(p, 'GET', `/api/residents/${'0'.repeat(8)}-0000-0000-0000-${'0'.repeat(12)}`, { cookie: await loginAs(p, f.a, 'clerk') });
    expect(JSON.stringify(res.body)).not.toMatch(/at .*\.ts:\d+/);
  });
});

describe('staff administration', () => {
  it('creates, edits, deactivates and resets staff, each audited', async () => {
    const admin = await loginAs(p, f.a, 'admin');
    const created = await call(p, 'POST', '/api/admin/staff', { cookie: admin, body: { loginId: 'suzuki', displayName: '鈴木 次郎', password: 'initial-password-1', roles: ['counter_staff'], departmentIds: [f.a.departments.shimin] } });
    expect(created.status).toBe(201);
    const id = (created.body as { id: string }).id;
    const dup = await call(p, 'POST', '/api/admin/staff', { cookie: admin, body: { loginId: 'suzuki', displayName: '別人', password: 'initial-password-1', roles: ['counter_staff'] } });
    expect(dup.status).toBe(409);
    const weak = await call(p, 'POST', '/api/admin/staff', { cookie: admin, body: { loginId: 'weak', displayName: '弱い', password: 'short', roles: ['counter_staff'] } });
    expect(weak.code).toBe('PASSWORD_TOO_SHORT');
    const foreignDept = await call(p, 'PATCH', `/api/admin/staff/${id}`, { cookie: admin, body: { departmentIds: [f.b.departments.shimin] } });
    expect(foreignDept.code).toBe('DEPARTMENT_NOT_FOUND');
    const staffCookie = (await call(p, 'POST', '/api/auth/login', { body: { municipalityCode: '062120', loginId: 'suzuki', password: 'initial-password-1' } })).headers.get('set-cookie')!.split(';')[0]!;
    expect((await call(p, 'PATCH', `/api/admin/staff/${id}`, { cookie: admin, body: { active: false } })).status).toBe(200);
    // Deactivation ends the staff member's sessions at once.
    expect((await call(p, 'GET', '/api/auth/me', { cookie: staffCookie })).status).toBe(401);
    expect((await call(p, 'POST', `/api/admin/staff/${id}/password`, { cookie: admin, body: { newPassword: 'a-new-password-2' } })).status).toBe(204);
    const actions = (await p.services.db.selectFrom('audit_event').select('action').where('subject_id', '=', id).orderBy('seq').execute()).map((r) => r.action);
    expect(actions).toEqual(['staff.create', 'auth.login', 'staff.update', 'staff.password_reset']);
  });

  it('an admin cannot grant system_admin or deactivate themselves', async () => {
    const admin = await loginAs(p, f.a, 'admin');
    expect((await call(p, 'POST', '/api/admin/staff', { cookie: admin, body: { loginId: 'root', displayName: 'x', password: 'long-enough-pass', roles: ['system_admin'] } })).status).toBe(403);
    expect((await call(p, 'PATCH', `/api/admin/staff/${f.a.staff.admin}`, { cookie: admin, body: { active: false } })).code).toBe('STAFF_CANNOT_DEACTIVATE_SELF');
  });

  it('is closed to counter staff', async () => {
    const clerk = await loginAs(p, f.a, 'clerk');
    expect((await call(p, 'GET', '/api/admin/staff', { cookie: clerk })).code).toBe('PERMISSION_DENIED');
  });
});
