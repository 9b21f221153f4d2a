import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { seedProcedureCatalogue } from './service';

/** Who may read, edit and publish the catalogue (see access.ts for the rules and why). */
let p: TestPlatform;
let f: Fixtures;
let admin: string;
let clerk: string;
let reviewer: string;
let newadmin: string;

type Definition = Record<string, unknown>;
const currentDefinition = async (procedureId: string): Promise<Definition> =>
  ((await call(p, 'GET', `/api/procedures/${procedureId}`, { cookie: admin })).body as { current: { definition: Definition } }).current.definition;
const saveDraft = (cookie: string, procedureId: string, definition: Definition, baseRevision: number | null = null) =>
  call(p, 'PUT', `/api/procedures/${procedureId}/draft`, { cookie, body: { definition, baseRevision } });

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  await seedProcedureCatalogue(p.services, f.a.municipalityId);
  admin = await loginAs(p, f.a, 'admin');
  clerk = await loginAs(p, f.a, 'clerk');
  reviewer = await loginAs(p, f.a, 'reviewer');
  newadmin = await loginAs(p, f.a, 'newadmin');
  const seal = await currentDefinition('seal-registration');
  expect((await saveDraft(admin, 'seal-registration', { ...seal, summary: '管理者の下書き' })).status).toBe(200);
});
afterAll(() => p.close());

describe('counter staff', () => {
  it('read published versions but not drafts', async () => {
    const list = (await call(p, 'GET', '/api/procedures', { cookie: clerk })).body as { items: { procedureId: string; draft: unknown; canEdit: boolean }[]; canPublish: boolean };
    expect(list.items).toHaveLength(35);
    expect(list.items.every((i) => i.draft === null && !i.canEdit)).toBe(true);
    expect(list.canPublish).toBe(false);
    const detail = (await call(p, 'GET', '/api/procedures/seal-registration', { cookie: clerk })).body as { draft: unknown; current: { version: number } };
    expect(detail.draft).toBeNull();
    expect(detail.current.version).toBe(1);
    expect((await call(p, 'GET', '/api/procedures/seal-registration/versions/1', { cookie: clerk })).status).toBe(200);
    const pdf = await p.app.request('/api/procedures/seal-registration/preview.pdf?version=1&answers=blank', { headers: { cookie: clerk } });
    expect(pdf.status).toBe(200);
  });

  it('cannot see draft previews, edit, publish or touch the navigator draft', async () => {
    expect((await call(p, 'GET', '/api/procedures/seal-registration/preview.pdf', { cookie: clerk })).code).toBe('PERMISSION_DENIED');
    expect((await saveDraft(clerk, 'seal-registration', await currentDefinition('seal-registration'), 1)).code).toBe('PERMISSION_DENIED');
    expect((await call(p, 'POST', '/api/procedures/seal-registration/publish', { cookie: clerk, body: { revision: 1 } })).code).toBe('PERMISSION_DENIED');
    const rules = (await call(p, 'GET', '/api/navigator/rules', { cookie: clerk })).body as { canEdit: boolean; draft: unknown; current: { version: number } };
    expect(rules).toMatchObject({ canEdit: false, draft: null, current: { version: 1 } });
    expect((await call(p, 'PUT', '/api/navigator/rules/draft', { cookie: clerk, body: { ruleSet: {}, baseRevision: null } })).code).toBe('PERMISSION_DENIED');
  });
});

describe('department reviewers', () => {
  it("edit drafts of their own department's procedures only", async () => {
    const list = (await call(p, 'GET', '/api/procedures', { cookie: reviewer })).body as { items: { procedureId: string; departmentRef: string; canEdit: boolean }[] };
    const editable = list.items.filter((i) => i.canEdit);
    expect(editable.length).toBeGreaterThan(0);
    expect(new Set(editable.map((i) => i.departmentRef))).toEqual(new Set(['kodomo-mirai']));

    const claim = await currentDefinition('child-allowance-claim');
    expect((await saveDraft(reviewer, 'child-allowance-claim', { ...claim, summary: '担当課で見直しました。' })).status).toBe(200);
    const other = await saveDraft(reviewer, 'seal-registration', await currentDefinition('seal-registration'), 1);
    expect(other.status).toBe(403);
    expect(other.code).toBe('PROCEDURE_OTHER_DEPARTMENT');
    const moved = await saveDraft(reviewer, 'child-allowance-claim', { ...claim, departmentId: 'shimin-zeimu' }, 1);
    expect(moved.code).toBe('PROCEDURE_OTHER_DEPARTMENT');
  });

  it('see drafts but leave publishing to an admin', async () => {
    const detail = (await call(p, 'GET', '/api/procedures/child-allowance-claim', { cookie: reviewer })).body as { draft: { revision: number }; canEdit: boolean; canPublish: boolean };
    expect(detail).toMatchObject({ draft: { revision: 1 }, canEdit: true, canPublish: false });
    const refused = await call(p, 'POST', '/api/procedures/child-allowance-claim/publish', { cookie: reviewer, body: { revision: 1 } });
    expect(refused.status).toBe(403);
    expect(refused.code).toBe('PUBLISH_ADMIN_ONLY');

    const published = await call(p, 'POST', '/api/procedures/child-allowance-claim/publish', { cookie: admin, body: { revision: 1 } });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ version: { version: 2, publishedBy: { id: f.a.staff.admin } } });
    const saved = await p.services.db.selectFrom('audit_event').select(['actor_staff_id', 'action']).where('municipality_id', '=', f.a.municipalityId)
      .where('action', 'in', ['procedure.draft_save', 'procedure.publish']).orderBy('seq').execute();
    expect(saved.slice(-2)).toEqual([
      { actor_staff_id: f.a.staff.reviewer, action: 'procedure.draft_save' },
      { actor_staff_id: f.a.staff.admin, action: 'procedure.publish' },
    ]);
  });

  it('cannot edit navigator rules', async () => {
    expect((await call(p, 'PUT', '/api/navigator/rules/draft', { cookie: reviewer, body: { ruleSet: {}, baseRevision: null } })).code).toBe('PERMISSION_DENIED');
  });
});

describe('admins without a second factor', () => {
  it('are sent to set one up before editing or publishing', async () => {
    const seal = await currentDefinition('seal-registration');
    expect((await saveDraft(newadmin, 'seal-registration', seal, 1)).code).toBe('AUTH_TOTP_SETUP_REQUIRED');
    expect((await call(p, 'POST', '/api/procedures/seal-registration/publish', { cookie: newadmin, body: { revision: 1 } })).code).toBe('AUTH_TOTP_SETUP_REQUIRED');
    expect((await call(p, 'PUT', '/api/navigator/rules/draft', { cookie: newadmin, body: { ruleSet: {}, baseRevision: null } })).code).toBe('AUTH_TOTP_SETUP_REQUIRED');
  });
});

describe('without a session', () => {
  it('nothing is readable', async () => {
    expect((await call(p, 'GET', '/api/procedures')).status).toBe(401);
    expect((await call(p, 'GET', '/api/navigator/rules')).status).toBe(401);
    expect((await call(p, 'GET', '/api/procedures/seal-registration/preview.pdf?version=1')).status).toBe(401);
  });
});
