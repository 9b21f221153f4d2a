/**
 * 書かない窓口: server time of the completion transaction — the 転入 in the registry (a household of
 * three with their 異動 events), a submitted case per procedure (5, with 受付番号), the audit events
 * and the jobs — on PGlite (the default, embedded) and on PostgreSQL 15. Each iteration is a new
 * family prepared through the API; only completeVisit is timed.
 *
 *   npm run bench -- counter-complete        (ITERATIONS=40)
 */
import { randomBytes } from 'node:crypto';
import { FieldCipher } from '../packages/server/src/platform/crypto/field-encryption';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../packages/server/src/platform/db/database';
import { silentLogger } from '../packages/server/src/platform/log';
import type { Services } from '../packages/server/src/platform/http/context';
import { buildApp } from '../packages/server/src/server';
import { loadDemoData, DEMO_PASSWORD } from '../packages/server/src/demo/load';
import { nullMailer } from '../packages/server/src/platform/mail/mailer';
import { AttemptLimiter } from '../packages/server/src/platform/auth/rate-limit';
import { JobRunner } from '../packages/server/src/platform/jobs/jobs';
import { completeVisit } from '../packages/server/src/modules/counter/service';
import { resolveSession } from '../packages/server/src/platform/auth/session';
import { FAMILY_ANSWERS, familyMoveOutCertificate, signaturePngDataUrl } from '../packages/server/src/modules/counter/test-support';
import { startPostgres } from './support/postgres';
import { report, summarize } from './support/table';

const ITERATIONS = Number(process.env.ITERATIONS ?? 40);
const SURNAMES = ['青木', '石井', '上野', '大野', '岡田', '川口', '菊地', '久保', '小島', '坂本', '柴田', '杉山', '高木', '千葉', '土屋', '中島', '西村', '野口', '橋本', '平野'];
const GIVEN = ['一郎', '二郎', '三郎', '四郎', '五郎'];

async function measure(kind: string, handle: DatabaseHandle) {
  await migrateToLatest(handle.db);
  const services: Services = {
    db: handle.db, cipher: new FieldCipher(new Map([['b', randomBytes(32)]]), 'b'), logger: silentLogger, now: () => new Date(),
    secureCookies: false, loginLimiter: new AttemptLimiter(10_000, 60_000), mailer: nullMailer, jobs: new JobRunner(handle.db, () => new Date(), silentLogger),
  };
  await loadDemoData(services, { populationScale: 0.2 });
  const app = buildApp(services, { databaseKind: kind });
  const login = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ municipalityCode: '062120', loginId: 'clerk', password: DEMO_PASSWORD }) });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const staff = (await resolveSession(handle.db, cookie.split('=')[1]!, new Date()))!;
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await app.request(path, { method, headers: { cookie, 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  };
  type V = { visit: { id: string; revision: number; state: Record<string, unknown> & { values: Record<string, unknown> } } };
  const timings: number[] = [];
  for (let i = 0; i < ITERATIONS + 3; i++) {
    const family = SURNAMES[i % SURNAMES.length]! + (i >= SURNAMES.length ? String.fromCharCode(0x30a2 + Math.floor(i / SURNAMES.length)) : '');
    const data = familyMoveOutCertificate();
    data.members = data.members.map((m, j) => ({ ...m, familyName: family, givenName: j === 0 ? GIVEN[i % GIVEN.length]! : m.givenName }));
    let { visit } = await call<V>('POST', '/api/counter/visits', {});
    ({ visit } = await call<V>('POST', `/api/counter/visits/${visit.id}/import`, { revision: visit.revision, format: 'json', content: JSON.stringify(data) }));
    ({ visit } = await call<V>('PUT', `/api/counter/visits/${visit.id}`, { revision: visit.revision, state: { ...visit.state, event: 'moveIn', values: { ...visit.state.values, ...FAMILY_ANSWERS, 'shared:applicantName': `${family} ${GIVEN[i % GIVEN.length]}`, 'own:residence-change:moveInBasis': 'certificate', 'shared:identityDocuments': ['driverLicense'] } } }));
    const { proposals } = await call<{ proposals: { procedureId: string }[] }>('GET', `/api/counter/visits/${visit.id}/proposals`);
    ({ visit } = await call<V>('POST', `/api/counter/visits/${visit.id}/procedures`, { revision: visit.revision, chosen: proposals.map((p) => p.procedureId) }));
    ({ visit } = await call<V>('PUT', `/api/counter/visits/${visit.id}/signature`, { revision: visit.revision, dataUrl: signaturePngDataUrl() }));
    const started = performance.now();
    await completeVisit(services, staff, visit.id, { revision: visit.revision }, null);
    const ms = performance.now() - started;
    // The first few warm caches and the JIT.
    if (i >= 3) timings.push(ms);
  }
  const s = summarize(timings);
  return { database: kind, iterations: s.n, cases_per_visit: 5, p50_ms: s.p50, p95_ms: s.p95, max_ms: s.max };
}

const rows: Record<string, string | number>[] = [];
const lite = await openDatabase({ kind: 'pglite', dataDir: null });
try {
  rows.push(await measure('pglite', lite));
} finally {
  await lite.close();
}
const pg = startPostgres(55437);
const handle = await openDatabase({ kind: 'postgres', url: pg.url, poolSize: 10 });
try {
  rows.push(await measure('postgres', handle));
} finally {
  await handle.close();
  pg.stop();
}
report('counter-complete', rows);
