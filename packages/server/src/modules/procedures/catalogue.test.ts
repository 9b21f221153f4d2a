import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { catalogue, exampleAnswers, verifyPublishedVersion, type ProcedureDefinitionInput } from '@madoguchi/procedures';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { createMunicipality } from '../tenancy/service';
import { seedProcedureCatalogue } from './service';
import { asPublishedVersion, loadVersion } from './store';
import { petNotice } from './test-support';

let p: TestPlatform;
let f: Fixtures;
let admin: string;

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  admin = await loginAs(p, f.a, 'admin');
});
afterAll(() => p.close());

type Detail = { path: string; message: string };
type Issue = { severity: string; code: string; path: string; message: string };
type Draft = { revision: number; definition: Record<string, unknown>; basedOnVersion: number | null; issues: Issue[] };
type VersionSummary = { id: string; version: number; contentHash: string; publishedBy: { displayName: string } | null };

const versionRows = (municipalityId: string, procedureId: string) =>
  p.services.db.selectFrom('procedure_version').selectAll().where('municipality_id', '=', municipalityId).where('procedure_id', '=', procedureId).orderBy('version').execute();
const auditActions = async (municipalityId: string) =>
  (await p.services.db.selectFrom('audit_event').select(['action', 'actor_staff_id', 'details']).where('municipality_id', '=', municipalityId).orderBy('seq').execute());

async function saveDraft(procedureId: string, definition: unknown, baseRevision: number | null, cookie = admin, sampleAnswers?: Record<string, unknown>) {
  return call(p, 'PUT', `/api/procedures/${procedureId}/draft`, { cookie, body: { definition, baseRevision, ...(sampleAnswers ? { sampleAnswers } : {}) } });
}
const publishDraft = (procedureId: string, revision: number, cookie = admin) =>
  call(p, 'POST', `/api/procedures/${procedureId}/publish`, { cookie, body: { revision } });
const pdfText = (bytes: Uint8Array) => execFileSync('pdftotext', ['-', '-'], { input: bytes }).toString('utf8');

describe('seeding the shipped catalogue', () => {
  it('gives an empty municipality every shipped procedure as version 1, with verifiable hashes', async () => {
    const result = await seedProcedureCatalogue(p.services, f.a.municipalityId);
    expect(result).toEqual({ seeded: true, procedures: catalogue.procedures.length, rules: catalogue.navigatorRules.rules.length });
    const rows = await p.services.db.selectFrom('procedure_version').select(['procedure_id', 'version']).where('municipality_id', '=', f.a.municipalityId).execute();
    expect(rows).toHaveLength(35);
    expect(new Set(rows.map((r) => r.version))).toEqual(new Set([1]));
    for (const shipped of catalogue.procedures) {
      const stored = await loadVersion(p.services.db, f.a.municipalityId, shipped.id);
      expect(stored?.definition).toEqual(shipped);
      expect(verifyPublishedVersion(asPublishedVersion(stored!)), shipped.id).toBe(true);
    }
  });

  it("maps the catalogue's sections to the municipality's departments by name", async () => {
    const refs = Object.fromEntries(
      (await p.services.db.selectFrom('procedure_department').select(['ref', 'department_id']).where('municipality_id', '=', f.a.municipalityId).execute()).map((r) => [r.ref, r.department_id]),
    );
    expect(refs).toEqual({
      'shimin-zeimu': f.a.departments.shimin, zeimu: f.a.departments.shimin,
      'kenko-zoshin': f.a.departments.kenko, 'kenko-boshi': f.a.departments.kenko,
      fukushi: f.a.departments.fukushi, 'kodomo-mirai': f.a.departments.kodomo,
      'gakko-kyoiku': f.a.departments.gakko, 'kankyo-seibi': f.a.departments.kankyo,
    });
  });

  it('publishes the navigator rules as version 1 for this municipality, and records the seeding', async () => {
    const rules = await p.services.db.selectFrom('navigator_rule_version').selectAll().where('municipality_id', '=', f.a.municipalityId).execute();
    expect(rules.map((r) => r.version)).toEqual([1]);
    expect((rules[0]!.rule_set as { municipality: unknown }).municipality).toEqual({ name: '尾花沢市', prefecture: '山形県' });
    const seeded = (await auditActions(f.a.municipalityId)).filter((e) => e.action === 'procedure.catalogue_seed');
    expect(seeded).toHaveLength(1);
    expect(seeded[0]!.details).toMatchObject({ source: 'shipped', procedures: 35 });
  });

  it('changes nothing when the municipality already has a catalogue', async () => {
    expect(await seedProcedureCatalogue(p.services, f.a.municipalityId)).toEqual({ seeded: false, procedures: 0, rules: 0 });
    const n = await p.services.db.selectFrom('procedure_version').select((eb) => eb.fn.countAll<string>().as('n')).where('municipality_id', '=', f.a.municipalityId).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(35);
  });

  it("puts another municipality's own name into the shipped texts", async () => {
    expect((await seedProcedureCatalogue(p.services, f.b.municipalityId)).seeded).toBe(true);
    const seal = await loadVersion(p.services.db, f.b.municipalityId, 'seal-registration');
    expect(seal?.definition.legalBasis).toBe('大石田町印鑑条例');
    const all = await p.services.db.selectFrom('procedure_version').select('definition').where('municipality_id', '=', f.b.municipalityId).execute();
    expect(JSON.stringify(all).includes('尾花沢市')).toBe(false);
    const rules = await p.services.db.selectFrom('navigator_rule_version').select('rule_set').where('municipality_id', '=', f.b.municipalityId).executeTakeFirstOrThrow();
    expect((rules.rule_set as { municipality: unknown }).municipality).toEqual({ name: '大石田町', prefecture: '山形県' });
  });

  it('refuses, writing nothing, when a department the catalogue needs is missing', async () => {
    const m = await p.services.db.transaction().execute((trx) =>
      createMunicipality(trx, { localGovernmentCode: '063622', name: '舟形町', prefecture: '山形県', departments: [{ code: 'jumin', name: '住民税務課' }, { code: 'kodomo', name: 'こども未来課' }] }),
    );
    await expect(seedProcedureCatalogue(p.services, m.id)).rejects.toMatchObject({ code: 'CATALOGUE_DEPARTMENTS_MISSING', message: expect.stringContaining('市民税務課・健康増進課') });
    for (const table of ['procedure_department', 'procedure_version', 'navigator_rule_version'] as const) {
      const rows = await p.services.db.selectFrom(table).select('municipality_id').where('municipality_id', '=', m.id).execute();
      expect(rows, table).toEqual([]);
    }
  });
});

describe('drafts and publishing', () => {
  it('lists the catalogue with the latest version, department and draft status', async () => {
    const res = await call(p, 'GET', '/api/procedures', { cookie: admin });
    expect(res.status).toBe(200);
    const body = res.body as { items: { procedureId: string; latest: VersionSummary | null; draft: unknown; department: { departmentName: string; section: string } | null }[]; canPublish: boolean };
    expect(body.items).toHaveLength(35);
    expect(body.canPublish).toBe(true);
    const nhi = body.items.find((i) => i.procedureId === 'nhi-enrollment')!;
    expect(nhi.latest?.version).toBe(1);
    expect(nhi.draft).toBeNull();
    expect(nhi.department).toMatchObject({ departmentName: '健康増進課', section: expect.stringContaining('保険年金係') });
  });

  it('saves a draft, refuses a stale save, publishes it as version 2 and keeps version 1 as it was', async () => {
    const v1Before = await versionRows(f.a.municipalityId, 'seal-registration');
    const detail = (await call(p, 'GET', '/api/procedures/seal-registration', { cookie: admin })).body as { current: { definition: Record<string, unknown> } };
    const edited = { ...detail.current.definition, title: '印鑑登録申請（令和9年様式）' };

    const saved = await saveDraft('seal-registration', edited, null);
    expect(saved.status).toBe(200);
    const draft = (saved.body as { draft: Draft }).draft;
    expect(draft).toMatchObject({ revision: 1, basedOnVersion: 1 });
    expect(draft.issues.filter((i) => i.severity === 'error')).toEqual([]);

    const stale = await saveDraft('seal-registration', { ...edited, summary: '別の人の変更' }, null);
    expect(stale.status).toBe(409);
    expect(stale.code).toBe('DRAFT_CONFLICT');

    const listed = (await call(p, 'GET', '/api/procedures', { cookie: admin })).body as { items: { procedureId: string; draft: { revision: number } | null }[] };
    expect(listed.items.find((i) => i.procedureId === 'seal-registration')?.draft?.revision).toBe(1);

    expect((await publishDraft('seal-registration', 99)).code).toBe('DRAFT_CONFLICT');
    const published = await publishDraft('seal-registration', 1);
    expect(published.status).toBe(201);
    const version = (published.body as { version: VersionSummary }).version;
    expect(version).toMatchObject({ version: 2, publishedBy: { displayName: '尾花沢市 admin' } });
    expect(version.contentHash).not.toBe(v1Before[0]!.content_hash);

    const after = (await call(p, 'GET', '/api/procedures/seal-registration', { cookie: admin })).body as { versions: VersionSummary[]; draft: unknown; title: string };
    expect(after.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(after.draft).toBeNull();
    expect(after.title).toBe('印鑑登録申請（令和9年様式）');
    const rows = await versionRows(f.a.municipalityId, 'seal-registration');
    expect(rows[0]).toEqual(v1Before[0]);

    const events = (await auditActions(f.a.municipalityId)).filter((e) => e.action.startsWith('procedure.') && e.action !== 'procedure.catalogue_seed');
    expect(events.map((e) => e.action)).toEqual(['procedure.draft_save', 'procedure.publish']);
    expect(events.every((e) => e.actor_staff_id === f.a.staff.admin)).toBe(true);
    expect(events[1]!.details).toMatchObject({ procedureId: 'seal-registration', version: 2, contentHash: version.contentHash });
  });

  it('refuses to publish a draft that changes nothing', async () => {
    const current = ((await call(p, 'GET', '/api/procedures/nhi-withdrawal', { cookie: admin })).body as { current: { definition: unknown } }).current.definition;
    const draft = ((await saveDraft('nhi-withdrawal', current, null)).body as { draft: Draft }).draft;
    const res = await publishDraft('nhi-withdrawal', draft.revision);
    expect(res.status).toBe(422);
    expect((res.body as { error: { details: Detail[] } }).error.details[0]!.message).toContain('公開中の第1版から変更がありません');
    expect((await call(p, 'DELETE', `/api/procedures/nhi-withdrawal/draft?revision=${draft.revision}`, { cookie: admin })).status).toBe(204);
  });

  it('refuses to save a definition with keys the format does not have, or another id', async () => {
    const unknownKey = await saveDraft('pet-death-notice', { ...petNotice(), colour: 'red' }, null);
    expect(unknownKey.status).toBe(400);
    expect(unknownKey.code).toBe('PROCEDURE_DEFINITION_INVALID');
    expect(JSON.stringify(unknownKey.body)).toContain('colour');
    const misnamed = await saveDraft('pet-death-notice', { ...petNotice(), id: 'dog-death' }, null);
    expect(misnamed.code).toBe('PROCEDURE_ID_MISMATCH');
    expect(await p.services.db.selectFrom('procedure_draft').select('procedure_id').where('procedure_id', '=', 'pet-death-notice').execute()).toEqual([]);
  });

  it('migrates a format-1 definition to the current format when it is saved', async () => {
    const v1 = {
      id: 'bicycle-parking', name: '駐輪場の利用申請', type: '申請', department: '市民税務課',
      fields: [{ key: 'owner_name', label: '申請者の氏名', type: 'string', required: true }, { key: 'has_sticker', label: 'ステッカーあり', type: 'check' }],
    };
    const res = await saveDraft('bicycle-parking', v1, null);
    expect(res.status).toBe(200);
    const body = res.body as { draft: Draft; migration: { from: number; notes: string[] } };
    expect(body.migration.from).toBe(1);
    expect(body.draft.definition).toMatchObject({ formatVersion: 2, departmentId: 'shimin-zeimu', kind: 'application', title: '駐輪場の利用申請' });
    const fields = (body.draft.definition.steps as { fields: { id: string }[] }[])[0]!.fields.map((x) => x.id);
    expect(fields).toEqual(['ownerName', 'hasSticker']);
  });

  it('creates and publishes a new procedure as version 1', async () => {
    const saved = await saveDraft('pet-death-notice', petNotice(), null);
    expect(saved.status).toBe(200);
    const res = await publishDraft('pet-death-notice', 1);
    expect(res.status).toBe(201);
    expect((res.body as { version: VersionSummary }).version.version).toBe(1);
  });
});

type Mutation = (d: ProcedureDefinitionInput & { steps: { fields: Record<string, unknown>[] }[]; layout: { elements: Record<string, unknown>[] } }) => void;

describe('a bad definition is rejected at publish with the place and the problem, and the published version is untouched', () => {
  const cases: [string, Mutation, string, string][] = [
    ['a condition that names a missing field', (d) => { d.steps[0]!.fields[2]!.visibleWhen = { op: 'eq', args: [{ var: 'hasTags' }, true] }; }, 'steps[0].fields[2].visibleWhen.args[0]', '「hasTags」は、この手続きの項目にありません'],
    ['cyclic logic', (d) => {
      d.steps[0]!.fields[0]!.visibleWhen = { op: 'eq', args: [{ var: 'tagNumber' }, 'x'] };
      d.steps[0]!.fields[2]!.visibleWhen = { op: 'isPresent', args: [{ var: 'ownerName' }] };
    }, 'steps[0].fields[0]', 'ownerName → tagNumber → ownerName'],
    ['an invalid pattern', (d) => { d.steps[0]!.fields[0]!.pattern = { regex: '([a-z', message: '英字で入力してください。' }; }, 'steps[0].fields[0].pattern.regex', '正規表現「([a-z」が正しくありません'],
    ['a layout element that runs off the page', (d) => { d.layout.elements[5]!.x = 150; d.layout.elements[5]!.w = 80; }, 'layout.elements[5]', 'A4用紙の右端を20.0mmはみ出しています'],
    ['layout elements that overlap', (d) => { d.layout.elements[5]!.y = 44; }, 'layout.elements[5]', 'elements[3]（項目「ownerName」）と重なっています'],
    ['a layout bound to a missing field', (d) => { d.layout.elements[5]!.bind = 'tagNo'; }, 'layout.elements[5].bind', '項目「tagNo」が手続きの定義にありません'],
    ['an unknown department', (d) => { d.departmentId = 'somu-kikaku'; }, 'departmentId', '担当課「somu-kikaku」が登録されていません'],
  ];

  it.each(cases)('%s', async (_name, mutate, path, message) => {
    const before = await versionRows(f.a.municipalityId, 'pet-death-notice');
    expect(before.map((r) => r.version)).toEqual([1]);
    const bad = structuredClone(petNotice()) as Parameters<Mutation>[0];
    mutate(bad);
    const saved = await saveDraft('pet-death-notice', bad, null);
    expect(saved.status).toBe(200);
    const draft = (saved.body as { draft: Draft }).draft;
    expect(draft.issues).toContainEqual(expect.objectContaining({ severity: 'error', path }));

    const res = await publishDraft('pet-death-notice', draft.revision);
    expect(res.status).toBe(422);
    expect(res.code).toBe('PROCEDURE_PUBLISH_REJECTED');
    const details = (res.body as { error: { details: Detail[] } }).error.details;
    expect(details).toContainEqual({ path, message: expect.stringContaining(message) });

    expect(await versionRows(f.a.municipalityId, 'pet-death-notice')).toEqual(before);
    const kept = (await call(p, 'GET', '/api/procedures/pet-death-notice', { cookie: admin })).body as { draft: Draft | null; latest: VersionSummary };
    expect(kept.draft?.revision).toBe(draft.revision);
    expect(kept.latest.version).toBe(1);
    expect((await call(p, 'DELETE', `/api/procedures/pet-death-notice/draft?revision=${draft.revision}`, { cookie: admin })).status).toBe(204);
  });
});

describe('published versions are immutable in the database', () => {
  it.each(['procedure_version', 'navigator_rule_version'] as const)('%s refuses UPDATE and DELETE', async (table) => {
    const before = await p.services.db.selectFrom(table).selectAll().where('municipality_id', '=', f.a.municipalityId).execute();
    await expect(sql`update ${sql.table(table)} set content_hash = ${'0'.repeat(64)} where municipality_id = ${f.a.municipalityId}`.execute(p.services.db)).rejects.toThrow(/immutable/);
    await expect(sql`delete from ${sql.table(table)} where municipality_id = ${f.a.municipalityId}`.execute(p.services.db)).rejects.toThrow(/immutable/);
    expect(await p.services.db.selectFrom(table).selectAll().where('municipality_id', '=', f.a.municipalityId).execute()).toEqual(before);
  });

  it('refuses a second version with the same number', async () => {
    const [row] = await versionRows(f.a.municipalityId, 'residence-change');
    await expect(p.services.db.insertInto('procedure_version').values({ ...row!, id: crypto.randomUUID(), definition: JSON.stringify(row!.definition) }).execute()).rejects.toThrow(/unique|duplicate/i);
  });
});

describe('navigator rules', () => {
  type RulesView = { current: { version: number; ruleSet: { rules: { id: string; procedureId: string }[]; municipality: unknown } }; versions: { version: number }[]; draft: (Draft & { ruleSet: unknown }) | null; canEdit: boolean };
  const getRules = async () => (await call(p, 'GET', '/api/navigator/rules', { cookie: admin })).body as RulesView;

  it('rejects a rule naming an unknown procedure at publish, keeping the published rules', async () => {
    const view = await getRules();
    expect(view.current.version).toBe(1);
    expect(view.canEdit).toBe(true);
    const ruleSet = structuredClone(view.current.ruleSet);
    ruleSet.rules.push({ id: 'pet-death', procedureId: 'pet-death-notices', events: ['death'], reason: '犬が死亡したときは届出が必要です。' } as never);
    const saved = await call(p, 'PUT', '/api/navigator/rules/draft', { cookie: admin, body: { ruleSet, baseRevision: null } });
    expect(saved.status).toBe(200);
    const at = `rules[${ruleSet.rules.length - 1}].procedureId`;
    expect((saved.body as { draft: Draft }).draft.issues).toContainEqual(expect.objectContaining({ code: 'NAV-UNKNOWN-PROCEDURE', path: at }));
    const res = await call(p, 'POST', '/api/navigator/rules/publish', { cookie: admin, body: { revision: 1 } });
    expect(res.status).toBe(422);
    expect(res.code).toBe('NAVIGATOR_PUBLISH_REJECTED');
    expect((res.body as { error: { details: Detail[] } }).error.details).toEqual([{ path: at, message: expect.stringContaining('「pet-death-notices」はカタログにありません') }]);
    expect((await getRules()).versions.map((v) => v.version)).toEqual([1]);

    ruleSet.rules[ruleSet.rules.length - 1]!.procedureId = 'pet-death-notice';
    expect((await call(p, 'PUT', '/api/navigator/rules/draft', { cookie: admin, body: { ruleSet, baseRevision: 1 } })).status).toBe(200);
    const ok = await call(p, 'POST', '/api/navigator/rules/publish', { cookie: admin, body: { revision: 2 } });
    expect(ok.status).toBe(201);
    const after = await getRules();
    expect(after.versions.map((v) => v.version)).toEqual([2, 1]);
    expect(after.draft).toBeNull();
    expect(after.current.ruleSet.rules.at(-1)?.procedureId).toBe('pet-death-notice');
    const events = (await auditActions(f.a.municipalityId)).filter((e) => e.action.startsWith('navigator.')).map((e) => e.action);
    expect(events).toEqual(['navigator.draft_save', 'navigator.draft_save', 'navigator.publish']);
  });

  it('refuses to save rules for another municipality or with unknown keys', async () => {
    const { current } = await getRules();
    const other = await call(p, 'PUT', '/api/navigator/rules/draft', { cookie: admin, body: { ruleSet: { ...current.ruleSet, municipality: { name: '大石田町', prefecture: '山形県' } }, baseRevision: null } });
    expect(other.code).toBe('NAVIGATOR_MUNICIPALITY_MISMATCH');
    const typo = await call(p, 'PUT', '/api/navigator/rules/draft', { cookie: admin, body: { ruleSet: { ...current.ruleSet, rule: [] }, baseRevision: null } });
    expect(typo.status).toBe(400);
    expect(typo.code).toBe('NAVIGATOR_RULES_INVALID');
    expect((await getRules()).draft).toBeNull();
  });
});

describe('previews change nothing', () => {
  const snapshot = async () => JSON.stringify(await Promise.all([
    auditActions(f.a.municipalityId),
    p.services.db.selectFrom('procedure_draft').selectAll().where('municipality_id', '=', f.a.municipalityId).orderBy('procedure_id').execute(),
    p.services.db.selectFrom('procedure_version').select(['id', 'content_hash']).where('municipality_id', '=', f.a.municipalityId).orderBy('id').execute(),
  ]));

  it('evaluates an edited definition against sample answers', async () => {
    const before = await snapshot();
    const preview = async (answers: Record<string, unknown>) =>
      (await call(p, 'POST', '/api/procedures/pet-death-notice/preview', { cookie: admin, body: { definition: petNotice(), answers, channel: 'online', today: '2026-11-27' } })).body as {
        issues: Issue[]; evaluation: { visibleFields: string[]; requiredFields: string[]; errors: Record<string, unknown[]> };
      };
    const withTag = await preview({ hasTag: true });
    expect(withTag.issues).toEqual([]);
    expect(withTag.evaluation.visibleFields).toEqual(['ownerName', 'hasTag', 'tagNumber']);
    expect(withTag.evaluation.requiredFields).toEqual(['ownerName', 'tagNumber']);
    expect(Object.keys(withTag.evaluation.errors).sort()).toEqual(['ownerName', 'tagNumber']);
    const without = await preview({ hasTag: false, ownerName: '尾花 健一' });
    expect(without.evaluation.visibleFields).toEqual(['ownerName', 'hasTag']);
    expect(without.evaluation.errors).toEqual({});
    expect(await snapshot()).toBe(before);
  });

  it('renders the PDF of a published version and of the draft with its sample answers', async () => {
    const detail = (await call(p, 'GET', '/api/procedures/child-allowance-claim', { cookie: admin })).body as { current: { definition: Record<string, unknown> } };
    const sample = exampleAnswers['child-allowance-claim']!;
    const saved = await saveDraft('child-allowance-claim', { ...detail.current.definition, title: '児童手当 認定請求書（試行）' }, null, admin, sample);
    expect(saved.status).toBe(200);
    const before = await snapshot();

    const published = await p.app.request('/api/procedures/child-allowance-claim/preview.pdf?version=1&answers=blank', { headers: { cookie: admin } });
    expect(published.status).toBe(200);
    expect(published.headers.get('content-type')).toBe('application/pdf');
    expect(published.headers.get('content-security-policy')).toContain("frame-ancestors 'self'");
    const blank = new Uint8Array(await published.arrayBuffer());
    expect(new TextDecoder().decode(blank.slice(0, 5))).toBe('%PDF-');
    expect(pdfText(blank)).not.toContain('尾花 健一');

    const draft = await p.app.request('/api/procedures/child-allowance-claim/preview.pdf', { headers: { cookie: admin } });
    expect(draft.status).toBe(200);
    expect(pdfText(new Uint8Array(await draft.arrayBuffer()))).toContain('尾花 健一');
    expect(await snapshot()).toBe(before);
  });

  it('says so when a procedure has no paper form', async () => {
    const res = await call(p, 'GET', '/api/procedures/birth-notification/preview.pdf?version=1', { cookie: admin });
    expect(res.status).toBe(422);
    expect(res.code).toBe('PROCEDURE_NO_LAYOUT');
  });

  it('keeps other API replies unframeable', async () => {
    const res = await p.app.request('/api/procedures', { headers: { cookie: admin } });
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });
});

describe('cases and versions', () => {
  it('has no cases to show yet (the cases module fills this in), and 404s an unknown procedure', async () => {
    expect((await call(p, 'GET', '/api/procedures/residence-change/cases', { cookie: admin })).body).toEqual({ items: [] });
    expect((await call(p, 'GET', '/api/procedures/no-such-thing/cases', { cookie: admin })).code).toBe('PROCEDURE_NOT_FOUND');
  });
});
