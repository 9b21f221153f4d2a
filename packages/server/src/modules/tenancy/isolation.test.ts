import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { seedProcedureCatalogue } from '../procedures/service';
import { petNotice } from '../procedures/test-support';
import { createCase, submitCase } from '../cases/service';
import { onlineIsolationCases } from '../online/isolation-cases';
import { caseWorkIsolationCases } from '../cases/work-isolation-cases';
import { paymentIsolationCases } from '../online/payments-isolation-cases';
import { onlineSigningIsolationCases } from '../online/signing-isolation-cases';
import { seedTemplatesForIsolation, templateIsolationCases } from '../online/templates-isolation-cases';
import { queueIsolationCases, queueSnapshotOf, seedQueueForIsolation, type QueueIsolationIds } from '../queue/isolation-cases';
import { counterIsolationCases, counterSnapshotOf, seedCounterForIsolation, type CounterIsolationIds } from '../counter/isolation-cases';
import { deviceIsolationCases, deviceSnapshotOf, seedDevicesForIsolation, type DeviceIsolationIds } from '../devices/isolation-cases';
import { seedVehicleForIsolation, vehicleIsolationCases, vehicleSnapshotOf, type VehicleIsolationIds } from '../outreach/vehicle/isolation-cases';
import { outreachIsolationCases, outreachSnapshotOf, seedOutreachForIsolation, type OutreachIsolationIds } from '../outreach/isolation-cases';
import { seedTaxiForIsolation, taxiIsolationCases, taxiSnapshotOf, type TaxiIsolationIds } from '../taxi/isolation-cases';
import { seedTaxiTerminalForIsolation, taxiTerminalIsolationCases, type TaxiTerminalIsolationIds } from '../taxi/terminal/isolation-cases';
import { createForeignCard } from '@madoguchi/card/sim';
import { DemoCardReader } from '../demo-card/reader';
import { mountDemoCardRoutes } from '../demo-card/routes';

/**
 * Staff of city A aim every API route at city B's ids. Nothing of B may be read or changed.
 * The route list comes from the OpenAPI document, so a new route without a case here fails.
 */
let p: TestPlatform;
let f: Fixtures;
let adminA: string;
let bProcedureVersionId: string;
let bQueue: QueueIsolationIds;
let bCaseId: string;
let bCounter: CounterIsolationIds;
let bTaxiTerminal: TaxiTerminalIsolationIds;
let bTaxi: TaxiIsolationIds;
let bDevices: DeviceIsolationIds;
let bVehicle: VehicleIsolationIds;
let bOutreach: OutreachIsolationIds;
// The demo's card reader is mounted too, so its routes are in the document and aimed at city B.
const demoCards = new DemoCardReader();

beforeAll(async () => {
  p = await createTestPlatform({ extraModules: [(services) => mountDemoCardRoutes(services, demoCards)] });
  f = await seedFixtures(p);
  demoCards.load([{ id: 'b-card', municipalityId: f.b.municipalityId, label: '山田 次郎', note: '大石田町の住民のカード', residentId: f.residents.jiro, card: createForeignCard() }]);
  adminA = await loginAs(p, f.a, 'admin');
  // Both cities have the shipped catalogue; city B also has a procedure of its own (published and a
  // draft), another one only as a draft, and a draft of its navigator rules.
  await seedProcedureCatalogue(p.services, f.a.municipalityId);
  await seedProcedureCatalogue(p.services, f.b.municipalityId);
  await seedTemplatesForIsolation(p.services.db, f.b.municipalityId);
  const adminB = await loginAs(p, f.b, 'admin');
  const asB = async (method: string, path: string, body?: unknown) => {
    const res = await call(p, method, path, { cookie: adminB, ...(body ? { body } : {}) });
    if (res.status >= 300) throw new Error(`${method} ${path} as city B: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const own = { ...petNotice(), id: 'oishida-only', title: '大石田町 独自の届出' };
  await asB('PUT', '/api/procedures/oishida-only/draft', { definition: own, baseRevision: null });
  await asB('POST', '/api/procedures/oishida-only/publish', { revision: 1 });
  await asB('PUT', '/api/procedures/oishida-only/draft', { definition: { ...own, summary: '大石田町の変更' }, baseRevision: null });
  await asB('PUT', '/api/procedures/oishida-draft/draft', { definition: { ...own, id: 'oishida-draft' }, baseRevision: null });
  const rules = (await asB('GET', '/api/navigator/rules')) as { current: { ruleSet: unknown } };
  await asB('PUT', '/api/navigator/rules/draft', { ruleSet: rules.current.ruleSet, baseRevision: null });
  const bClerk = { kind: 'system' as const, municipalityId: f.b.municipalityId };
  const bCase = await createCase(p.services.db, bClerk, { procedureId: 'oishida-only', procedureVersion: 1, procedureHash: 'b'.repeat(64), channel: 'online', subjectResidentId: f.residents.jiro, departmentId: f.b.departments.shimin!, answers: { 氏名: '山田 次郎' } }, p.services.now());
  bCaseId = (await submitCase(p.services.db, bClerk, bCase.id, p.services.now())).id;
  bProcedureVersionId = (await p.services.db.selectFrom('procedure_version').select('id').where('municipality_id', '=', f.b.municipalityId).where('procedure_id', '=', 'oishida-only').executeTakeFirstOrThrow()).id;
  bQueue = await seedQueueForIsolation(p, f);
  bCounter = await seedCounterForIsolation(p, f, bCaseId);
  bTaxiTerminal = await seedTaxiTerminalForIsolation(p, f);
  bTaxi = await seedTaxiForIsolation(p, f);
  bDevices = await seedDevicesForIsolation(p, f);
  bVehicle = await seedVehicleForIsolation(p, f);
  bOutreach = await seedOutreachForIsolation(p, f);
});
afterAll(() => p.close());

async function snapshotOfB() {
  const db = p.services.db;
  const m = f.b.municipalityId;
  const [residents, households, staff, sessions, changes] = await Promise.all([
    db.selectFrom('resident').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('household').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('staff_user').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('staff_session').select(['token_hash']).where('municipality_id', '=', m).execute(),
    db.selectFrom('residence_change').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
  ]);
  const procedures = await Promise.all([
    db.selectFrom('procedure_version').select(['id', 'content_hash']).where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('procedure_draft').selectAll().where('municipality_id', '=', m).orderBy('procedure_id').execute(),
    db.selectFrom('navigator_rule_version').select(['id', 'content_hash']).where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('navigator_rule_draft').selectAll().where('municipality_id', '=', m).execute(),
  ]);
  const cases = await Promise.all([
    db.selectFrom('case_record').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('case_action').selectAll().where('municipality_id', '=', m).orderBy('case_id').orderBy('seq').execute(),
  ]);
  const tenancy = await Promise.all([
    db.selectFrom('department').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('municipality_setting').selectAll().where('municipality_id', '=', m).orderBy('key').execute(),
  ]);
  const online = await Promise.all([
    db.selectFrom('online_publication').selectAll().where('municipality_id', '=', m).orderBy('procedure_id').execute(),
    db.selectFrom('online_message').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('online_case_fee').selectAll().where('municipality_id', '=', m).orderBy('case_id').execute(),
    db.selectFrom('online_payment').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
  ]);
  const queue = await queueSnapshotOf(db, m);
  const counter = await counterSnapshotOf(db, m);
  const devices = await deviceSnapshotOf(db, m);
  const vehicle = await vehicleSnapshotOf(db, m);
  const taxi = await taxiSnapshotOf(db, m);
  return JSON.stringify({ residents, households, staff, sessions, changes, procedures, cases, tenancy, online, queue, counter, devices, vehicle, taxi });
}

type Case = { method: string; path: string; body?: unknown; rawBody?: string; contentType?: string };

function casesFor(): Record<string, Case[]> {
  const b = f.b;
  return {
    'POST /auth/login': [],
    'POST /auth/logout': [],
    'GET /auth/me': [{ method: 'GET', path: '/api/auth/me' }],
    'POST /auth/totp/setup': [],
    'POST /auth/totp/enable': [],
    'POST /auth/password': [],
    'GET /municipality': [{ method: 'GET', path: '/api/municipality' }],
    // Settings and departments: A's admin reads and writes their own, and aims at B's department ids.
    'GET /municipality/settings': [{ method: 'GET', path: '/api/municipality/settings' }],
    'PATCH /admin/municipality/settings': [{ method: 'PATCH', path: '/api/admin/municipality/settings', body: { displayName: '乗っ取り', phone: '0237-22-0000' } }],
    'GET /admin/departments': [{ method: 'GET', path: '/api/admin/departments' }],
    'POST /admin/departments': [{ method: 'POST', path: '/api/admin/departments', body: { code: 'intruder', name: '侵入課' } }],
    'PATCH /admin/departments/{id}': [{ method: 'PATCH', path: `/api/admin/departments/${b.departments.shimin}`, body: { name: '乗っ取り', location: null } }],
    'POST /admin/departments/{id}/retire': [{ method: 'POST', path: `/api/admin/departments/${b.departments.kankyo}/retire` }],
    'POST /admin/departments/{id}/reinstate': [{ method: 'POST', path: `/api/admin/departments/${b.departments.kankyo}/reinstate` }],
    'GET /residents': [
      { method: 'GET', path: `/api/residents?householdId=${f.households.jiro}` },
      { method: 'GET', path: `/api/residents?q=${encodeURIComponent('ジロウ')}` },
    ],
    'GET /residents/{id}': [{ method: 'GET', path: `/api/residents/${f.residents.jiro}` }],
    'GET /households/{id}': [{ method: 'GET', path: `/api/households/${f.households.jiro}` }],
    'POST /registry/import': [],
    'GET /audit': [
      { method: 'GET', path: `/api/audit?residentId=${f.residents.jiro}` },
      { method: 'GET', path: `/api/audit?staffId=${b.staff.clerk}` },
    ],
    'GET /audit/verify': [{ method: 'GET', path: '/api/audit/verify' }],
    'GET /cases': [{ method: 'GET', path: `/api/cases?departmentId=${b.departments.shimin}` }, { method: 'GET', path: '/api/cases?procedureId=oishida-only' }],
    'GET /cases/{id}': [{ method: 'GET', path: `/api/cases/${bCaseId}` }],
    'POST /cases/{id}/transitions': [{ method: 'POST', path: `/api/cases/${bCaseId}/transitions`, body: { to: 'accepted', expected: 'submitted' } }],
    'GET /admin/staff': [{ method: 'GET', path: '/api/admin/staff' }],
    'POST /admin/staff': [
      { method: 'POST', path: '/api/admin/staff', body: { loginId: 'intruder', displayName: 'x', password: 'long-enough-password', roles: ['counter_staff'], departmentIds: [b.departments.shimin] } },
    ],
    'PATCH /admin/staff/{id}': [
      { method: 'PATCH', path: `/api/admin/staff/${b.staff.clerk}`, body: { active: false, displayName: '乗っ取り' } },
      { method: 'PATCH', path: `/api/admin/staff/${f.a.staff.clerk}`, body: { departmentIds: [b.departments.shimin] } },
    ],
    'POST /admin/staff/{id}/password': [{ method: 'POST', path: `/api/admin/staff/${b.staff.clerk}/password`, body: { newPassword: 'another-long-password' } }],
    // Procedure ids are per city: city A asks for the ones only city B has, and names B's draft revisions.
    'GET /procedures': [{ method: 'GET', path: '/api/procedures' }],
    'GET /procedures/{procedureId}': [{ method: 'GET', path: '/api/procedures/oishida-only' }, { method: 'GET', path: '/api/procedures/oishida-draft' }],
    'GET /procedures/{procedureId}/versions/{version}': [{ method: 'GET', path: '/api/procedures/oishida-only/versions/1' }],
    'PUT /procedures/{procedureId}/draft': [
      { method: 'PUT', path: '/api/procedures/oishida-only/draft', body: { definition: { ...petNotice(), id: 'oishida-only' }, baseRevision: 2 } },
    ],
    'DELETE /procedures/{procedureId}/draft': [{ method: 'DELETE', path: '/api/procedures/oishida-draft/draft?revision=1' }],
    'POST /procedures/{procedureId}/publish': [
      { method: 'POST', path: '/api/procedures/oishida-draft/publish', body: { revision: 1 } },
      { method: 'POST', path: '/api/procedures/oishida-only/publish', body: { revision: 2 } },
    ],
    'POST /procedures/{procedureId}/preview': [{ method: 'POST', path: '/api/procedures/oishida-only/preview', body: { definition: { ...petNotice(), id: 'oishida-only' }, answers: {} } }],
    'GET /procedures/{procedureId}/preview.pdf': [
      { method: 'GET', path: '/api/procedures/oishida-only/preview.pdf?version=1' },
      { method: 'GET', path: '/api/procedures/oishida-draft/preview.pdf' },
    ],
    'GET /procedures/{procedureId}/cases': [{ method: 'GET', path: '/api/procedures/oishida-only/cases' }],
    'GET /navigator/rules': [{ method: 'GET', path: '/api/navigator/rules' }],
    'PUT /navigator/rules/draft': [{ method: 'PUT', path: '/api/navigator/rules/draft', body: { ruleSet: { version: 'x', municipality: { name: '尾花沢市', prefecture: '山形県' }, rules: [] }, baseRevision: 1 } }],
    'DELETE /navigator/rules/draft': [{ method: 'DELETE', path: '/api/navigator/rules/draft?revision=1' }],
    'POST /navigator/rules/publish': [{ method: 'POST', path: '/api/navigator/rules/publish', body: { revision: 1 } }],
    ...onlineIsolationCases(bCaseId),
    ...caseWorkIsolationCases(bCaseId, b.staff.reviewer!),
    ...paymentIsolationCases(bCaseId),
    ...onlineSigningIsolationCases(bCaseId),
    ...templateIsolationCases(),
    ...queueIsolationCases(bQueue),
    ...counterIsolationCases(bCounter, f, bCaseId),
    ...taxiTerminalIsolationCases(bTaxiTerminal),
    ...taxiIsolationCases(bTaxi),
    ...deviceIsolationCases(bDevices),
    ...vehicleIsolationCases(bVehicle),
    ...outreachIsolationCases(bOutreach),
    'GET /demo/card-reader': [{ method: 'GET', path: '/api/demo/card-reader' }],
    'POST /demo/card-reader/insert': [{ method: 'POST', path: '/api/demo/card-reader/insert', body: { cardId: 'b-card' } }],
    'POST /demo/card-reader/remove': [{ method: 'POST', path: '/api/demo/card-reader/remove', body: {} }],
  };
}

describe('tenant isolation', () => {
  it('has a case for every route in the OpenAPI document', async () => {
    const doc = (await call(p, 'GET', '/api/openapi.json')).body as { paths: Record<string, Record<string, unknown>> };
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => !(r in casesFor()))).toEqual([]);
  });

  it('city A staff cannot read or change anything of city B', async () => {
    const before = await snapshotOfB();
    const bIds = [f.residents.jiro, f.households.jiro, ...Object.values(f.b.staff), ...Object.values(f.b.departments), bProcedureVersionId, ...bQueue.leakIds, ...bCounter.leakIds, ...bDevices.leakIds, ...bVehicle.leakIds, ...bTaxiTerminal.leakIds, ...bTaxi.leakIds];
    for (const [route, cases] of Object.entries(casesFor())) {
      for (const c of cases) {
        const res = await call(p, c.method, c.path, { cookie: adminA, ...(c.body ? { body: c.body } : {}) });
        const text = JSON.stringify(res.body);
        expect(res.status, route).toBeLessThan(500);
        for (const id of bIds) expect(text.includes(id), `${route} leaked ${id}`).toBe(false);
        expect(text.includes('次郎'), `${route} leaked a name`).toBe(false);
        expect(text.includes('大石田'), `${route} leaked the municipality`).toBe(false);
      }
    }
    expect(await snapshotOfB()).toBe(before);
  });

  it('city A staff and city A\'s public pages reach none of city B\'s 移動市役所', async () => {
    const before = JSON.stringify(await outreachSnapshotOf(p.services.db, f.b.municipalityId));
    for (const [route, cases] of Object.entries(outreachIsolationCases(bOutreach))) {
      for (const c of cases) {
        const res = await call(p, c.method, c.path, { cookie: adminA, ...(c.body ? { body: c.body } : {}) });
        expect(res.status, route).toBeLessThan(500);
        const text = JSON.stringify(res.body);
        for (const id of bOutreach.leakIds) expect(text.includes(id), `${route} leaked ${id}`).toBe(false);
        expect(text.includes('大石田'), `${route} leaked the municipality`).toBe(false);
      }
    }
    expect(JSON.stringify(await outreachSnapshotOf(p.services.db, f.b.municipalityId))).toBe(before);
  });

  it('a session of city A is not a session in city B', async () => {
    const clerkA = await loginAs(p, f.a, 'clerk');
    const me = (await call(p, 'GET', '/api/auth/me', { cookie: clerkA })).body as { staff: { municipality: { localGovernmentCode: string } } };
    expect(me.staff.municipality.localGovernmentCode).toBe('062120');
  });
});
