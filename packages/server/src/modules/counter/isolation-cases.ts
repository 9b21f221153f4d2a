import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';
import type { TestPlatform } from '../../../test/support/platform';
import { call, loginAs, type Fixtures } from '../../../test/support/fixtures';
import { enqueueJob } from '../../platform/jobs/jobs';
import { emptyState } from './model';
import { familyMoveOutCertificate } from './test-support';

/**
 * The counter's routes for the tenant-isolation test: city A's staff, and the public pages under
 * city A's code, aimed at city B's visit, entry, case pipeline and resident. Kept beside the routes
 * so a new route and its case change together.
 */

export interface CounterIsolationIds {
  visitId: string;
  entryId: string;
  entryCode: string;
  jobId: string;
  /** Ids that must appear in no reply to city A. */
  leakIds: string[];
}

/** City B has an open visit for 山田 次郎, a submitted home entry, and a job on its case. */
export async function seedCounterForIsolation(p: TestPlatform, f: Fixtures, bCaseId: string): Promise<CounterIsolationIds> {
  const clerkB = await loginAs(p, f.b, 'clerk');
  const ok = async (method: string, path: string, body?: unknown, cookie = clerkB) => {
    const res = await call(p, method, path, { cookie, ...(body !== undefined ? { body } : {}) });
    if (res.status >= 300) throw new Error(`${method} ${path} as city B: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown>;
  };
  const started = (await ok('POST', '/api/counter/visits', {})).visit as { id: string; revision: number };
  await ok('POST', `/api/counter/visits/${started.id}/identify/resident`, { revision: started.revision, residentId: f.residents.jiro });
  const entry = await ok('POST', `/api/public/${f.b.code}/counter/entries`, { channel: 'home' }, '') as { code: string; entry: { revision: number } };
  const member = { id: 'b1', residentId: null, familyName: '山田', givenName: '次郎', familyNameKana: 'ヤマダ', givenNameKana: 'ジロウ', birthDate: '1980-12-24', sex: 'male', relationship: 'householder', moving: true, healthInsurance: 'national', pensionCategory: 'first', hasMyNumberCard: false, sealRegistered: false, pregnant: false, disabilityCertificate: false, careCertification: false, civilServant: false };
  await ok('PUT', `/api/public/${f.b.code}/counter/entries/${entry.code}`, { revision: entry.entry.revision, state: { ...emptyState(), event: 'moveIn', household: { ...emptyState().household, members: [member] } } }, '');
  await ok('POST', `/api/public/${f.b.code}/counter/entries/${entry.code}/submit`, undefined, '');
  const entryId = (await p.services.db.selectFrom('counter_pre_entry').select('id').where('municipality_id', '=', f.b.municipalityId).executeTakeFirstOrThrow()).id;
  const jobId = await enqueueJob(p.services.db, { municipalityId: f.b.municipalityId, kind: 'counter.notify_department', subjectType: 'case', subjectId: bCaseId, payload: {} }, p.services.now());
  await p.services.db.updateTable('job').set({ status: 'failed' }).where('municipality_id', '=', f.b.municipalityId).where('id', '=', jobId).execute();
  return { visitId: started.id, entryId, entryCode: entry.code, jobId, leakIds: [started.id, entryId, jobId] };
}

export async function counterSnapshotOf(db: Kysely<Database>, municipalityId: string) {
  return Promise.all([
    db.selectFrom('counter_visit').selectAll().where('municipality_id', '=', municipalityId).orderBy('id').execute(),
    db.selectFrom('counter_pre_entry').selectAll().where('municipality_id', '=', municipalityId).orderBy('id').execute(),
    db.selectFrom('counter_document').select(['id', 'sha256']).where('municipality_id', '=', municipalityId).orderBy('id').execute(),
    db.selectFrom('job').select(['id', 'status', 'attempts']).where('municipality_id', '=', municipalityId).orderBy('id').execute(),
  ]);
}

type Case = { method: string; path: string; body?: unknown };

export function counterIsolationCases(ids: CounterIsolationIds, f: Fixtures, bCaseId: string): Record<string, Case[]> {
  const v = `/api/counter/visits/${ids.visitId}`;
  const entry = `/api/public/${f.a.code}/counter/entries/${ids.entryCode}`;
  const card = { name: '山田\u3000次郎', address: '山形県北村山郡大石田町大字大石田123番地', birthDate: '1980-12-24', sex: 'male' };
  return {
    // Starts a visit in city A only: nothing of B to aim at.
    'POST /counter/visits': [],
    'GET /counter/visits': [{ method: 'GET', path: '/api/counter/visits?status=open' }],
    'GET /counter/visits/{id}': [{ method: 'GET', path: v }],
    'PUT /counter/visits/{id}': [{ method: 'PUT', path: v, body: { revision: 2, state: emptyState() } }],
    'POST /counter/visits/{id}/cancel': [{ method: 'POST', path: `${v}/cancel`, body: { reason: '乗っ取り' } }],
    'POST /counter/visits/{id}/identify/card': [{ method: 'POST', path: `${v}/identify/card`, body: { revision: 2, card } }],
    'POST /counter/visits/{id}/identify/resident': [{ method: 'POST', path: `${v}/identify/resident`, body: { revision: 2, residentId: f.residents.jiro } }],
    'POST /counter/visits/{id}/identify/name-check': [{ method: 'POST', path: `${v}/identify/name-check`, body: { revision: 2, decision: 'same' } }],
    'POST /counter/visits/{id}/import': [{ method: 'POST', path: `${v}/import`, body: { revision: 2, format: 'json', content: JSON.stringify(familyMoveOutCertificate()) } }],
    'GET /counter/visits/{id}/proposals': [{ method: 'GET', path: `${v}/proposals` }],
    'POST /counter/visits/{id}/procedures': [{ method: 'POST', path: `${v}/procedures`, body: { revision: 2, chosen: ['residence-change'] } }],
    'GET /counter/visits/{id}/interview': [{ method: 'GET', path: `${v}/interview` }],
    'GET /counter/visits/{id}/forms/{procedureId}/form.pdf': [{ method: 'GET', path: `${v}/forms/residence-change/form.pdf` }],
    'PUT /counter/visits/{id}/signature': [{ method: 'PUT', path: `${v}/signature`, body: { revision: 2, dataUrl: null } }],
    'POST /counter/visits/{id}/complete': [{ method: 'POST', path: `${v}/complete`, body: { revision: 2 } }],
    'GET /counter/visits/{id}/guide-sheet.pdf': [{ method: 'GET', path: `${v}/guide-sheet.pdf` }],
    'POST /counter/visits/{id}/corrections': [{ method: 'POST', path: `${v}/corrections`, body: { residentId: f.residents.jiro, effectiveDate: '2026-11-20', reason: '乗っ取り', change: { givenNameKana: 'ノットリ' } } }],
    'GET /counter/entries': [{ method: 'GET', path: '/api/counter/entries' }],
    'POST /counter/entries/pick-up': [
      { method: 'POST', path: '/api/counter/entries/pick-up', body: { code: ids.entryCode } },
      { method: 'POST', path: '/api/counter/entries/pick-up', body: { entryId: ids.entryId } },
    ],
    'GET /counter/stats': [{ method: 'GET', path: '/api/counter/stats?from=2026-11-01&to=2026-11-30' }],
    'GET /public/{lgc}/counter': [{ method: 'GET', path: `/api/public/${f.a.code}/counter` }],
    // Creates an entry in city A only.
    'POST /public/{lgc}/counter/entries': [],
    'GET /public/{lgc}/counter/entries/{code}': [{ method: 'GET', path: entry }],
    'PUT /public/{lgc}/counter/entries/{code}': [{ method: 'PUT', path: entry, body: { revision: 2, state: emptyState() } }],
    'GET /public/{lgc}/counter/entries/{code}/proposals': [{ method: 'GET', path: `${entry}/proposals` }],
    'POST /public/{lgc}/counter/entries/{code}/procedures': [{ method: 'POST', path: `${entry}/procedures`, body: { revision: 2, chosen: [] } }],
    'GET /public/{lgc}/counter/entries/{code}/interview': [{ method: 'GET', path: `${entry}/interview` }],
    'POST /public/{lgc}/counter/entries/{code}/submit': [{ method: 'POST', path: `${entry}/submit` }],
    'GET /cases/{id}/form.pdf': [{ method: 'GET', path: `/api/cases/${bCaseId}/form.pdf` }],
    'GET /cases/{id}/jobs': [{ method: 'GET', path: `/api/cases/${bCaseId}/jobs` }],
    'POST /cases/{id}/jobs/{jobId}/retry': [{ method: 'POST', path: `/api/cases/${bCaseId}/jobs/${ids.jobId}/retry` }],
  };
}
