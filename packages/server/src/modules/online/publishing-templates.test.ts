import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { seedProcedureCatalogue } from '../procedures/service';
import { applyPriorityTemplates } from './publications';

let p: TestPlatform;
let f: Fixtures;
const A = '062120';

interface Item { procedureId: string; canEdit: boolean; saved: boolean; template: boolean; templateRule: Record<string, unknown> | null; rule: Record<string, unknown> }

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  await seedProcedureCatalogue(p.services, f.a.municipalityId);
  await applyPriorityTemplates(p.services.db, f.a.municipalityId, p.services.now());
});
afterAll(() => p.close());

const portalIds = async () => ((await call(p, 'GET', `/api/portal/${A}/procedures`)).body as { items: { procedureId: string }[] }).items.map((i) => i.procedureId).sort();

describe('ready-made templates of the national priority procedures', () => {
  it('offers the 子育て, 介護 and 罹災 templates without publishing them, and the owning department applies one', async () => {
    const reviewer = await loginAs(p, f.a, 'reviewer'); // こども未来課
    const items = ((await call(p, 'GET', '/api/online/publications', { cookie: reviewer })).body as { items: Item[] }).items;
    const byId = new Map(items.map((i) => [i.procedureId, i]));
    for (const id of ['nursery-application', 'pregnancy-notification', 'care-need-certification', 'care-insurance-card-reissue', 'disaster-certificate']) {
      expect(byId.get(id), id).toMatchObject({ template: true, saved: false, rule: { enabled: false } });
      expect(byId.get(id)!.templateRule, id).toMatchObject({ enabled: true });
    }
    // Only the 児童手当 and 子ども医療費 ones are switched on by the demo loader.
    expect(await portalIds()).toEqual(['child-allowance-claim', 'child-allowance-revision', 'child-allowance-termination', 'child-medical-eligibility']);

    const nursery = byId.get('nursery-application')!;
    expect(nursery.canEdit).toBe(true);
    const applied = { ...nursery.rule, ...nursery.templateRule };
    expect((await call(p, 'PUT', '/api/online/publications/nursery-application', { cookie: reviewer, body: applied })).status).toBe(200);
    // 介護 belongs to 福祉課: not this reviewer's to change.
    const care = byId.get('care-need-certification')!;
    expect(care.canEdit).toBe(false);
    expect((await call(p, 'PUT', '/api/online/publications/care-need-certification', { cookie: reviewer, body: { ...care.rule, ...care.templateRule } })).status).toBe(403);

    // An admin puts 罹災証明書 online with its template (no account needed after a disaster).
    const admin = await loginAs(p, f.a, 'admin');
    const disaster = byId.get('disaster-certificate')!;
    expect(disaster.templateRule).toMatchObject({ authLevel: 'none' });
    expect((await call(p, 'PUT', '/api/online/publications/disaster-certificate', { cookie: admin, body: { ...disaster.rule, ...disaster.templateRule } })).status).toBe(200);
    expect(await portalIds()).toEqual(expect.arrayContaining(['nursery-application', 'disaster-certificate']));
    const page = (await call(p, 'GET', `/api/portal/${A}/procedures/disaster-certificate`)).body as { procedure: { title: string; authLevel: string; attachments: { id: string; accept: string[] }[] } };
    expect(page.procedure).toMatchObject({ title: '罹災証明書の交付申請', authLevel: 'none' });
    expect(page.procedure.attachments).toEqual([expect.objectContaining({ id: 'damage-photos', accept: ['image/jpeg', 'image/png'] })]);
  });
});
