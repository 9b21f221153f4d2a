import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { seedProcedureCatalogue } from '../procedures/service';

let p: TestPlatform;
let f: Fixtures;
let admin: string;
let reviewer: string;
let clerk: string;

interface T { id: string; title: string; body: string; purpose: string; purposeLabel: string; procedureId: string | null; departmentId: string | null; canEdit: boolean }

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  await seedProcedureCatalogue(p.services, f.a.municipalityId);
  admin = await loginAs(p, f.a, 'admin');
  reviewer = await loginAs(p, f.a, 'reviewer');
  clerk = await loginAs(p, f.a, 'clerk');
});
afterAll(() => p.close());

const input = (over: Record<string, unknown> = {}) => ({
  purpose: 'correction', procedureId: null, departmentId: null, title: '添付書類の不足', body: '〇〇の写しが添付されていません。添付してから、もう一度送信してください。', sortOrder: 0, ...over,
});
const list = async (cookie: string, query = '') => ((await call(p, 'GET', `/api/online/message-templates${query}`, { cookie })).body as { items: T[] }).items;
const count = async () => (await p.services.db.selectFrom('online_message_template').select('id').execute()).length;

describe('定型文 for staff replies', () => {
  it('admins keep city-wide templates, a department reviewer their department\'s; everyone working cases can pick them', async () => {
    const cityWide = await call(p, 'POST', '/api/online/message-templates', { cookie: admin, body: input() });
    expect(cityWide.status).toBe(201);
    const own = await call(p, 'POST', '/api/online/message-templates', {
      cookie: reviewer, body: input({ purpose: 'message', procedureId: 'child-allowance-claim', departmentId: f.a.departments.kodomo, title: '審査中のお知らせ', body: '審査しています。' }),
    });
    expect(own.status).toBe(201);
    expect((own.body as { template: T }).template).toMatchObject({ purposeLabel: 'メッセージ', canEdit: true });

    // The reviewer may not write for another department or for the whole city.
    expect((await call(p, 'POST', '/api/online/message-templates', { cookie: reviewer, body: input({ departmentId: f.a.departments.shimin }) })).status).toBe(403);
    const cityWideByReviewer = await call(p, 'POST', '/api/online/message-templates', { cookie: reviewer, body: input() });
    expect(cityWideByReviewer).toMatchObject({ status: 403, code: 'TEMPLATE_OTHER_DEPARTMENT' });
    expect(JSON.stringify(cityWideByReviewer.body)).toContain('自分の課を選んでください');
    expect((await call(p, 'POST', '/api/online/message-templates', { cookie: clerk, body: input() })).code).toBe('PERMISSION_DENIED');

    const forClaim = await list(clerk, '?procedureId=child-allowance-claim');
    expect(forClaim.map((t) => t.title).sort()).toEqual(['審査中のお知らせ', '添付書類の不足']);
    expect(forClaim.every((t) => !t.canEdit)).toBe(true);
    expect((await list(clerk, '?procedureId=juminhyo')).map((t) => t.title)).toEqual(['添付書類の不足']);
    expect((await list(reviewer, '?purpose=correction')).map((t) => [t.title, t.canEdit])).toEqual([['添付書類の不足', false]]);

    const events = await p.services.db.selectFrom('audit_event').select(['action', 'actor_staff_id']).where('action', '=', 'online.message_template_update').execute();
    expect(events).toHaveLength(2);
  });

  it('refuses bad input with a message that says what to do, and changes nothing', async () => {
    const before = await count();
    const empty = await call(p, 'POST', '/api/online/message-templates', { cookie: admin, body: input({ title: '  ' }) });
    expect(empty.status).toBe(400);
    expect(JSON.stringify(empty.body)).toContain('名前を入力してください');
    const unknownProcedure = await call(p, 'POST', '/api/online/message-templates', { cookie: admin, body: input({ procedureId: 'no-such-procedure' }) });
    expect(unknownProcedure.code).toBe('PROCEDURE_NOT_FOUND');
    const otherCityDepartment = await call(p, 'POST', '/api/online/message-templates', { cookie: admin, body: input({ departmentId: f.b.departments.shimin }) });
    expect(otherCityDepartment.status).toBeGreaterThanOrEqual(400);
    expect(otherCityDepartment.status).toBeLessThan(500);
    expect(await count()).toBe(before);
  });

  it('edits and deletes; another city\'s admin cannot reach the template', async () => {
    const created = ((await call(p, 'POST', '/api/online/message-templates', { cookie: admin, body: input({ title: '記載誤り' }) })).body as { template: T }).template;
    const adminB = await loginAs(p, f.b, 'admin');
    expect((await call(p, 'PUT', `/api/online/message-templates/${created.id}`, { cookie: adminB, body: input({ title: '乗っ取り' }) })).code).toBe('TEMPLATE_NOT_FOUND');
    expect((await call(p, 'DELETE', `/api/online/message-templates/${created.id}`, { cookie: adminB })).code).toBe('TEMPLATE_NOT_FOUND');
    expect((await list(adminB)).map((t) => t.id)).not.toContain(created.id);

    const edited = await call(p, 'PUT', `/api/online/message-templates/${created.id}`, { cookie: admin, body: input({ title: '記載内容の誤り', body: '生年月日をご確認ください。' }) });
    expect((edited.body as { template: T }).template).toMatchObject({ title: '記載内容の誤り', body: '生年月日をご確認ください。' });
    // A reviewer cannot change an admin's city-wide template.
    expect((await call(p, 'DELETE', `/api/online/message-templates/${created.id}`, { cookie: reviewer })).status).toBe(403);
    expect((await call(p, 'DELETE', `/api/online/message-templates/${created.id}`, { cookie: admin })).status).toBe(200);
    expect((await list(admin)).map((t) => t.id)).not.toContain(created.id);
    expect((await call(p, 'DELETE', `/api/online/message-templates/${created.id}`, { cookie: admin })).code).toBe('TEMPLATE_NOT_FOUND');
  });
});
