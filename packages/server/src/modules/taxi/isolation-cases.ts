import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';
import type { TestPlatform } from '../../../test/support/platform';
import { call, loginAs, type Fixtures } from '../../../test/support/fixtures';
import { createCase, submitCase } from '../cases/service';
import { MAEBASHI_STYLE_RULES } from './rules';
import { insertRides, insertTerminal } from './test-support';

/**
 * The taxi module's routes for the tenant-isolation test: city B gets a programme, an operator with a
 * terminal, a beneficiary (山田 次郎) with a ride and a submitted claim, and an import; city A's admin
 * aims every route at those ids. Kept beside the routes so a new route and its case change together.
 */
export interface TaxiIsolationIds {
  programmeId: string;
  operatorId: string;
  beneficiaryId: string;
  claimId: string;
  rideId: string;
  importId: string;
  caseId: string;
  terminalId: string;
  deviceId: string;
  leakIds: string[];
}

export async function seedTaxiForIsolation(p: TestPlatform, f: Fixtures): Promise<TaxiIsolationIds> {
  const adminB = await loginAs(p, f.b, 'admin');
  const asB = async (method: string, path: string, body?: unknown) => {
    const res = await call(p, method, path, { cookie: adminB, ...(body ? { body } : {}) });
    if (res.status >= 300) throw new Error(`${method} ${path} as city B: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, { id: string } & Record<string, unknown>>;
  };
  const operatorId = (await asB('POST', '/api/taxi/operators', { code: 'B01', name: '大石田タクシー' })).operator!.id;
  const programme = (await asB('POST', '/api/taxi/programmes', { fiscalYear: 2026, name: '大石田町タクシー助成', budgetYen: 1_000_000, departmentId: null, status: 'active', rules: MAEBASHI_STYLE_RULES, operatorIds: [operatorId] })).programme!;
  const beneficiaryId = (await asB('POST', `/api/taxi/programmes/${programme.id}/beneficiaries`, { residentId: f.residents.jiro, answers: { disabilityCertificate: 'physical', licenceReturned: false, householdHasCar: true } })).beneficiary!.id;
  await asB('POST', `/api/taxi/operators/${operatorId}/accounts`, { loginId: 'oishida-taxi', displayName: '大石田タクシー', password: 'correct-horse-battery' });
  const terminal = await insertTerminal(p.services.db, f.b.municipalityId, operatorId, 'B1号車', p.clock.now);
  const rules = programme.rules as { id: string };
  const [rideId] = await insertRides(p.services.db, [{
    municipalityId: f.b.municipalityId, programmeId: programme.id, ruleVersionId: rules.id, ruleVersion: 1, operatorId, terminalId: terminal.terminalId, deviceId: terminal.deviceId,
    vehicleId: terminal.vehicleId, beneficiaryId, bindingId: null, boardedAt: new Date('2026-10-10T01:00:00Z'), fareYen: 2000, status: 'accepted', rules: MAEBASHI_STYLE_RULES, seq: 1,
  }, {
    municipalityId: f.b.municipalityId, programmeId: programme.id, ruleVersionId: rules.id, ruleVersion: 1, operatorId, terminalId: terminal.terminalId, deviceId: terminal.deviceId,
    vehicleId: terminal.vehicleId, beneficiaryId, bindingId: null, boardedAt: new Date('2026-10-10T02:00:00Z'), fareYen: 2000, status: 'over_cap', rules: MAEBASHI_STYLE_RULES, seq: 2,
  }]);
  const opLogin = await p.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ municipalityCode: f.b.code, loginId: 'oishida-taxi', password: 'correct-horse-battery' }) });
  const opB = opLogin.headers.get('set-cookie')!.split(';')[0]!;
  const claim = await call(p, 'POST', '/api/taxi/operator/claims', { cookie: opB, body: { month: '2026-10', programmeId: programme.id } });
  const claimId = (claim.body as { claim: { id: string } }).claim.id;
  await call(p, 'POST', `/api/taxi/operator/claims/${claimId}/submit`, { cookie: opB });
  const csv = '氏名,生年月日\r\n山田次郎,1980-12-24\r\n';
  const imp = await p.app.request(`/api/taxi/programmes/${programme.id}/imports`, { method: 'POST', headers: { cookie: adminB, 'content-type': 'text/csv' }, body: csv });
  const importId = ((await imp.json()) as { importId: string }).importId;
  // An application case of city B (山田 次郎) that city A aims the decision at.
  const actor = { kind: 'system' as const, municipalityId: f.b.municipalityId };
  const draft = await createCase(p.services.db, actor, { procedureId: 'taxi-subsidy-application', procedureVersion: 1, procedureHash: 'c'.repeat(64), channel: 'counter', subjectResidentId: f.residents.jiro, departmentId: f.b.departments.fukushi!, answers: { eligibility: 'disability', certificate: 'physical' } }, p.services.now());
  const caseId = (await submitCase(p.services.db, actor, draft.id, p.services.now())).id;
  return { programmeId: programme.id, operatorId, beneficiaryId, claimId, rideId: rideId!, importId, caseId, terminalId: terminal.terminalId, deviceId: terminal.deviceId, leakIds: [programme.id, operatorId, beneficiaryId, claimId, rideId!, importId, terminal.terminalId, caseId] };
}

export async function taxiSnapshotOf(db: Kysely<Database>, m: string) {
  const tables = ['taxi_programme', 'taxi_rule_version', 'taxi_operator', 'taxi_programme_operator', 'taxi_operator_staff', 'taxi_vehicle', 'taxi_terminal', 'taxi_beneficiary', 'taxi_beneficiary_event',
    'taxi_card_binding', 'taxi_ride', 'taxi_claim', 'taxi_claim_line', 'taxi_claim_adjustment', 'taxi_import', 'taxi_import_row', 'taxi_anomaly_review'] as const;
  const out: Record<string, unknown> = {};
  for (const t of tables) out[t] = await db.selectFrom(t).selectAll().where('municipality_id', '=', m).execute().then((rows) => rows.map((r) => JSON.stringify(r)).sort());
  return out;
}

export function taxiIsolationCases(b: TaxiIsolationIds): Record<string, { method: string; path: string; body?: unknown }[]> {
  const rules = MAEBASHI_STYLE_RULES;
  const answers = { disabilityCertificate: 'physical', licenceReturned: false, householdHasCar: true };
  return {
    'GET /taxi/programmes': [{ method: 'GET', path: '/api/taxi/programmes' }],
    'POST /taxi/programmes': [{ method: 'POST', path: '/api/taxi/programmes', body: { fiscalYear: 2026, name: '乗っ取り', budgetYen: 1, departmentId: null, status: 'active', rules, operatorIds: [b.operatorId] } }],
    'GET /taxi/programmes/{id}': [{ method: 'GET', path: `/api/taxi/programmes/${b.programmeId}` }],
    'PATCH /taxi/programmes/{id}': [{ method: 'PATCH', path: `/api/taxi/programmes/${b.programmeId}`, body: { name: '乗っ取り', budgetYen: 1, status: 'closed', departmentId: null, operatorIds: [] } }],
    'POST /taxi/programmes/{id}/rules': [{ method: 'POST', path: `/api/taxi/programmes/${b.programmeId}/rules`, body: { rules, note: '乗っ取り', effectiveFrom: null, baseVersion: 1 } }],
    'GET /taxi/operators': [{ method: 'GET', path: '/api/taxi/operators' }],
    'POST /taxi/operators': [{ method: 'POST', path: '/api/taxi/operators', body: { code: 'B01', name: '乗っ取り' } }],
    'POST /taxi/operators/{id}/vehicles': [{ method: 'POST', path: `/api/taxi/operators/${b.operatorId}/vehicles`, body: { registrationNumber: '乗っ取り 1' } }],
    'POST /taxi/operators/{id}/terminals': [{ method: 'POST', path: `/api/taxi/operators/${b.operatorId}/terminals`, body: { label: '乗っ取り' } }],
    'PUT /taxi/operators/{id}/terminals/{terminalId}/device': [{ method: 'PUT', path: `/api/taxi/operators/${b.operatorId}/terminals/${b.terminalId}/device`, body: { deviceId: null } }],
    'POST /taxi/operators/{id}/accounts': [{ method: 'POST', path: `/api/taxi/operators/${b.operatorId}/accounts`, body: { loginId: 'intruder', displayName: 'x', password: 'long-enough-password' } }],
    'POST /taxi/programmes/{id}/eligibility': [{ method: 'POST', path: `/api/taxi/programmes/${b.programmeId}/eligibility`, body: { residentId: b.beneficiaryId, answers } }],
    'POST /taxi/programmes/{id}/beneficiaries': [{ method: 'POST', path: `/api/taxi/programmes/${b.programmeId}/beneficiaries`, body: { residentId: b.beneficiaryId, answers } }],
    'POST /taxi/programmes/{id}/beneficiaries/from-case': [{ method: 'POST', path: `/api/taxi/programmes/${b.programmeId}/beneficiaries/from-case`, body: { caseId: b.caseId } }],
    'GET /taxi/programmes/{id}/beneficiaries': [{ method: 'GET', path: `/api/taxi/programmes/${b.programmeId}/beneficiaries` }],
    'POST /taxi/programmes/{id}/registry-check': [{ method: 'POST', path: `/api/taxi/programmes/${b.programmeId}/registry-check` }],
    'GET /taxi/beneficiaries/{id}': [{ method: 'GET', path: `/api/taxi/beneficiaries/${b.beneficiaryId}` }],
    'POST /taxi/beneficiaries/{id}/status': [{ method: 'POST', path: `/api/taxi/beneficiaries/${b.beneficiaryId}/status`, body: { to: 'ended', reason: '乗っ取り' } }],
    'GET /taxi/beneficiaries/{id}/decision.pdf': [{ method: 'GET', path: `/api/taxi/beneficiaries/${b.beneficiaryId}/decision.pdf` }],
    'POST /taxi/beneficiaries/{id}/card': [{ method: 'POST', path: `/api/taxi/beneficiaries/${b.beneficiaryId}/card`, body: { certificate: 'AAAA' } }],
    'POST /taxi/beneficiaries/{id}/card/revoke': [{ method: 'POST', path: `/api/taxi/beneficiaries/${b.beneficiaryId}/card/revoke`, body: { reason: '乗っ取り' } }],
    'POST /taxi/programmes/{id}/imports': [{ method: 'POST', path: `/api/taxi/programmes/${b.programmeId}/imports`, body: {} }],
    'GET /taxi/imports/{id}': [{ method: 'GET', path: `/api/taxi/imports/${b.importId}` }],
    'POST /taxi/imports/{id}/rows/{rowNo}': [{ method: 'POST', path: `/api/taxi/imports/${b.importId}/rows/1`, body: { decision: 'skip' } }],
    'GET /taxi/rides': [{ method: 'GET', path: '/api/taxi/rides?month=2026-10' }, { method: 'GET', path: `/api/taxi/rides?month=2026-10&operatorId=${b.operatorId}` }],
    'POST /taxi/rides/{id}/resolution': [{ method: 'POST', path: `/api/taxi/rides/${b.rideId}/resolution`, body: { decision: 'approved', note: '乗っ取り' } }],
    'GET /taxi/programmes/{id}/report': [{ method: 'GET', path: `/api/taxi/programmes/${b.programmeId}/report` }],
    'GET /taxi/programmes/{id}/anomalies': [{ method: 'GET', path: `/api/taxi/programmes/${b.programmeId}/anomalies?from=2026-04-01T00:00:00Z&to=2027-04-01T00:00:00Z` }],
    'POST /taxi/programmes/{id}/anomalies/review': [{ method: 'POST', path: `/api/taxi/programmes/${b.programmeId}/anomalies/review`, body: { key: `exception:${b.rideId}`, status: 'dismissed' } }],
    'GET /taxi/claims': [{ method: 'GET', path: '/api/taxi/claims' }, { method: 'GET', path: '/api/taxi/claims?month=2026-10' }],
    'GET /taxi/claims/{id}': [{ method: 'GET', path: `/api/taxi/claims/${b.claimId}` }],
    'POST /taxi/claims/{id}/review': [{ method: 'POST', path: `/api/taxi/claims/${b.claimId}/review`, body: { decision: 'approve' } }],
    'POST /taxi/claims/{id}/payment': [{ method: 'POST', path: `/api/taxi/claims/${b.claimId}/payment`, body: { paidOn: '2026-11-20', reference: 'x' } }],
    'GET /taxi/claims/{id}/claim.pdf': [{ method: 'GET', path: `/api/taxi/claims/${b.claimId}/claim.pdf` }],
    'GET /taxi/claims/{id}/rides.csv': [{ method: 'GET', path: `/api/taxi/claims/${b.claimId}/rides.csv` }],
    // The operator routes need an operator account; city A's admin is none (403), and A has no operator of B.
    'GET /taxi/operator/me': [{ method: 'GET', path: '/api/taxi/operator/me' }],
    'GET /taxi/operator/rides': [{ method: 'GET', path: '/api/taxi/operator/rides?month=2026-10' }],
    'GET /taxi/operator/claims': [{ method: 'GET', path: '/api/taxi/operator/claims' }],
    'POST /taxi/operator/claims': [{ method: 'POST', path: '/api/taxi/operator/claims', body: { month: '2026-10', programmeId: b.programmeId, rideIds: [b.rideId] } }],
    'GET /taxi/operator/claims/{id}': [{ method: 'GET', path: `/api/taxi/operator/claims/${b.claimId}` }],
    'POST /taxi/operator/claims/{id}/submit': [{ method: 'POST', path: `/api/taxi/operator/claims/${b.claimId}/submit` }],
    'GET /taxi/operator/claims/{id}/claim.pdf': [{ method: 'GET', path: `/api/taxi/operator/claims/${b.claimId}/claim.pdf` }],
    'GET /taxi/operator/claims/{id}/rides.csv': [{ method: 'GET', path: `/api/taxi/operator/claims/${b.claimId}/rides.csv` }],
  };
}
