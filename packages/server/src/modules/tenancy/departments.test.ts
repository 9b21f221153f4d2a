import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';

let p: TestPlatform;
let f: Fixtures;
let admin: string;

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  admin = await loginAs(p, f.a, 'admin');
});
afterAll(() => p.close());

interface DepartmentReply {
  id: string;
  code: string;
  name: string;
  location: string | null;
  active: boolean;
  retiredAt: string | null;
  activeStaffCount?: number;
}

const asAdmin = (method: string, path: string, body?: unknown) => call(p, method, path, { cookie: admin, ...(body !== undefined ? { body } : {}) });
const list = async () => ((await asAdmin('GET', '/api/admin/departments')).body as { items: DepartmentReply[] }).items;
const created = (body: unknown) => (body as { department: DepartmentReply }).department;
const messages = (body: unknown) => (body as { error: { details?: { path: string; message: string }[] } }).error.details ?? [];
const errorMessage = (body: unknown) => (body as { error: { message: string } }).error.message;
const auditOf = (action: string, subjectId: string) =>
  p.services.db.selectFrom('audit_event').select(['actor_staff_id', 'details'])
    .where('municipality_id', '=', f.a.municipalityId).where('action', '=', action).where('subject_id', '=', subjectId).orderBy('seq').execute();

describe('department list', () => {
  it('lists every department with its location and the number of active staff in it', async () => {
    const items = await list();
    expect(items.map((d) => d.code)).toEqual(['fukushi', 'gakko', 'kankyo', 'kenko', 'kodomo', 'shimin']);
    expect(items.find((d) => d.code === 'shimin')).toMatchObject({ name: '市民税務課', location: '1階 1・2番窓口', active: true, retiredAt: null, activeStaffCount: 3 });
    expect(items.find((d) => d.code === 'kodomo')?.activeStaffCount).toBe(1);
    expect(items.find((d) => d.code === 'kankyo')?.activeStaffCount).toBe(0);
  });
});

describe('adding a department', () => {
  it('creates it, tidies full-width input, shows it to all staff and audits who did it', async () => {
    const res = await asAdmin('POST', '/api/admin/departments', { code: 'kanko', name: '　商工観光課　', location: '２階　２２番窓口' });
    expect(res.status).toBe(201);
    const d = created(res.body);
    expect(d).toMatchObject({ code: 'kanko', name: '商工観光課', location: '2階 22番窓口', active: true });
    const clerk = await loginAs(p, f.a, 'clerk');
    const m = (await call(p, 'GET', '/api/municipality', { cookie: clerk })).body as { departments: DepartmentReply[] };
    expect(m.departments.map((x) => x.name)).toContain('商工観光課');
    const events = await auditOf('department.create', d.id);
    expect(events).toEqual([{ actor_staff_id: f.a.staff.admin, details: { code: 'kanko', name: '商工観光課', location: '2階 22番窓口' } }]);
  });

  it('explains in Japanese what is wrong with the code, the name and unknown fields', async () => {
    const res = await asAdmin('POST', '/api/admin/departments', { code: 'Shimin Ka', name: '', extra: 1 });
    expect(res.status).toBe(400);
    expect(res.code).toBe('VALIDATION_FAILED');
    const byPath = Object.fromEntries(messages(res.body).map((d) => [d.path, d.message]));
    expect(byPath.code).toMatch(/^課コードは半角の英小文字で始まる/);
    expect(byPath.name).toBe('課の名前を入力してください。');
    expect(byPath.json).toBe('使用できない項目が含まれています: extra');
  });

  it('refuses a code that is already used, with 409', async () => {
    const res = await asAdmin('POST', '/api/admin/departments', { code: 'shimin', name: '新しい課' });
    expect(res.status).toBe(409);
    expect(res.code).toBe('DEPARTMENT_CODE_TAKEN');
    expect(errorMessage(res.body)).toBe('課コード「shimin」はすでに使われています（廃止した課のコードも使えません）。別のコードを指定してください。');
    expect(messages(res.body)).toEqual([{ path: 'code', message: '使用済みのコードです。' }]);
  });

  it('refuses a second department in use with the same name', async () => {
    const res = await asAdmin('POST', '/api/admin/departments', { code: 'shimin2', name: '市民税務課' });
    expect(res.status).toBe(409);
    expect(res.code).toBe('DEPARTMENT_NAME_TAKEN');
    expect(messages(res.body)).toEqual([{ path: 'name', message: '同じ名前の課があります。' }]);
  });
});

describe('editing a department', () => {
  it('changes the name and location, keeps the code, and audits what changed', async () => {
    const id = f.a.departments.kankyo!;
    const res = await asAdmin('PATCH', `/api/admin/departments/${id}`, { name: '環境整備課', location: '2階 25番窓口' });
    expect(res.status).toBe(200);
    expect(created(res.body)).toMatchObject({ code: 'kankyo', name: '環境整備課', location: '2階 25番窓口' });
    expect(await auditOf('department.update', id)).toEqual([
      { actor_staff_id: f.a.staff.admin, details: { code: 'kankyo', changes: { location: { from: '2階 24番窓口', to: '2階 25番窓口' } } } },
    ]);
    // Clearing the location; an unchanged save records nothing.
    expect(created((await asAdmin('PATCH', `/api/admin/departments/${id}`, { location: '' })).body).location).toBeNull();
    await asAdmin('PATCH', `/api/admin/departments/${id}`, { location: null });
    expect(await auditOf('department.update', id)).toHaveLength(2);
  });

  it('does not let the code change or a name be taken twice', async () => {
    const id = f.a.departments.kankyo!;
    const code = await asAdmin('PATCH', `/api/admin/departments/${id}`, { code: 'other' });
    expect(code.status).toBe(400);
    expect(messages(code.body)).toEqual([{ path: 'json', message: '使用できない項目が含まれています: code' }]);
    const name = await asAdmin('PATCH', `/api/admin/departments/${id}`, { name: '福祉課' });
    expect(name.status).toBe(409);
    expect(name.code).toBe('DEPARTMENT_NAME_TAKEN');
  });

  it('answers 404 for an id that is not a department of this city', async () => {
    const res = await asAdmin('PATCH', '/api/admin/departments/00000000-0000-4000-8000-000000000000', { name: 'x' });
    expect(res.status).toBe(404);
    expect(res.code).toBe('DEPARTMENT_NOT_FOUND');
  });
});

describe('retiring a department', () => {
  it('is refused while active staff are assigned, naming whom to move first', async () => {
    const id = f.a.departments.kodomo!;
    const res = await asAdmin('POST', `/api/admin/departments/${id}/retire`);
    expect(res.status).toBe(409);
    expect(res.code).toBe('DEPARTMENT_HAS_STAFF');
    expect(errorMessage(res.body)).toBe(
      'こども未来課には利用中の職員が1人所属しています（尾花沢市 reviewer）。先に「職員管理」でこの職員の所属する課を変更するか利用を停止してから、もう一度廃止してください。',
    );
    expect((await list()).find((d) => d.id === id)?.active).toBe(true);
    expect(await auditOf('department.retire', id)).toEqual([]);
  });

  it('goes ahead once the staff have moved; the department stays listed as retired and cannot be assigned', async () => {
    const id = f.a.departments.kodomo!;
    expect((await asAdmin('PATCH', `/api/admin/staff/${f.a.staff.reviewer}`, { departmentIds: [f.a.departments.fukushi] })).status).toBe(200);
    const res = await asAdmin('POST', `/api/admin/departments/${id}/retire`);
    expect(res.status).toBe(200);
    expect(created(res.body)).toMatchObject({ active: false, retiredAt: p.services.now().toISOString() });
    expect((await list()).find((d) => d.id === id)).toMatchObject({ active: false, activeStaffCount: 0 });
    expect(await auditOf('department.retire', id)).toEqual([{ actor_staff_id: f.a.staff.admin, details: { code: 'kodomo', name: 'こども未来課' } }]);
    // Retiring again changes nothing and records nothing.
    expect((await asAdmin('POST', `/api/admin/departments/${id}/retire`)).status).toBe(200);
    expect(await auditOf('department.retire', id)).toHaveLength(1);

    const assign = await asAdmin('PATCH', `/api/admin/staff/${f.a.staff.reviewer}`, { departmentIds: [id] });
    expect(assign.status).toBe(400);
    expect(assign.code).toBe('DEPARTMENT_RETIRED');
    expect(errorMessage(assign.body)).toBe('廃止された課（こども未来課）には所属させられません。所属する課から外してください。');
  });

  it('is not blocked by staff whose accounts are stopped', async () => {
    const id = f.a.departments.gakko!;
    expect((await asAdmin('PATCH', `/api/admin/staff/${f.a.staff.newadmin}`, { departmentIds: [id] })).status).toBe(200);
    expect((await asAdmin('POST', `/api/admin/departments/${id}/retire`)).code).toBe('DEPARTMENT_HAS_STAFF');
    expect((await asAdmin('PATCH', `/api/admin/staff/${f.a.staff.newadmin}`, { active: false })).status).toBe(200);
    expect((await asAdmin('POST', `/api/admin/departments/${id}/retire`)).status).toBe(200);
  });

  it('can be taken back, unless another department in use now has its name', async () => {
    const id = f.a.departments.kodomo!;
    const other = created((await asAdmin('POST', '/api/admin/departments', { code: 'kodomo2', name: 'こども未来課' })).body);
    const refused = await asAdmin('POST', `/api/admin/departments/${id}/reinstate`);
    expect(refused.status).toBe(409);
    expect(refused.code).toBe('DEPARTMENT_NAME_TAKEN');
    expect(errorMessage(refused.body)).toMatch(/「こども未来課」という課がほかに使われているため、廃止を取り消せません。/);
    await asAdmin('PATCH', `/api/admin/departments/${other.id}`, { name: 'こども支援室' });
    const res = await asAdmin('POST', `/api/admin/departments/${id}/reinstate`);
    expect(res.status).toBe(200);
    expect(created(res.body)).toMatchObject({ active: true, retiredAt: null });
    expect(await auditOf('department.reinstate', id)).toHaveLength(1);
  });
});

describe('who may administer departments', () => {
  const id = () => f.a.departments.fukushi!;
  const attempts = () => [
    ['GET', '/api/admin/departments', undefined],
    ['POST', '/api/admin/departments', { code: 'nope', name: '権限のない課' }],
    ['PATCH', `/api/admin/departments/${id()}`, { name: '乗っ取り' }],
    ['POST', `/api/admin/departments/${id()}/retire`, undefined],
    ['POST', `/api/admin/departments/${id()}/reinstate`, undefined],
  ] as const;

  it('refuses counter staff and department reviewers', async () => {
    for (const who of ['clerk', 'reviewer']) {
      const cookie = await loginAs(p, f.a, who);
      for (const [method, path, body] of attempts()) {
        const res = await call(p, method, path, { cookie, ...(body ? { body } : {}) });
        expect(res.status, `${who} ${method} ${path}`).toBe(403);
        expect(res.code).toBe('PERMISSION_DENIED');
      }
    }
  });

  it('sends an admin without a second factor to set one up first', async () => {
    await p.services.db.updateTable('staff_user').set({ active: true }).where('municipality_id', '=', f.a.municipalityId).where('id', '=', f.a.staff.newadmin!).execute();
    const cookie = await loginAs(p, f.a, 'newadmin');
    for (const [method, path, body] of attempts()) {
      expect((await call(p, method, path, { cookie, ...(body ? { body } : {}) })).code).toBe('AUTH_TOTP_SETUP_REQUIRED');
    }
  });

  it('asks for a login without a session', async () => {
    for (const [method, path, body] of attempts()) {
      expect((await call(p, method, path, body ? { body } : {})).status).toBe(401);
    }
  });
});
