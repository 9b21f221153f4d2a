/**
 * 電子タクシー券: an operator's monthly claim over a month of 5,000 accepted rides (the order of
 * 前橋's 25,000 paper tickets a month shared by several operators) — time to build the claim (select
 * the claimable rides, write 5,000 lines, totals), to render the 請求書 PDF (cover + ride list), and to
 * write the CSV; PDF size and pages. PGlite (the default) and PostgreSQL 15.
 *
 *   npm run bench -- taxi-claims        (RIDES=5000 ROUNDS=3)
 *
 * PDF before/after the Canvas text change (glyph encodings cached per string, one font entry per
 * page, a row's cells as one text object; same pixels): pdf_p50 2.6 s / 2.4 MB on PGlite on this
 * shared 2-CPU machine (7–8 s when it was busier) → 1.2–1.6 s / 0.53 MB.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { FieldCipher } from '../packages/server/src/platform/crypto/field-encryption';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../packages/server/src/platform/db/database';
import { silentLogger } from '../packages/server/src/platform/log';
import type { Services } from '../packages/server/src/platform/http/context';
import type { StaffPrincipal } from '../packages/server/src/platform/auth/roles';
import { nullMailer } from '../packages/server/src/platform/mail/mailer';
import { AttemptLimiter } from '../packages/server/src/platform/auth/rate-limit';
import { JobRunner } from '../packages/server/src/platform/jobs/jobs';
import { createMunicipality } from '../packages/server/src/modules/tenancy/service';
import { insertHouseholds } from '../packages/server/src/modules/registry/pg-registry';
import { createBeneficiary } from '../packages/server/src/modules/taxi/beneficiaries';
import { generateClaim, getClaim } from '../packages/server/src/modules/taxi/claims';
import { claimCsv, claimPdf } from '../packages/server/src/modules/taxi/documents';
import { MAEBASHI_STYLE_RULES } from '../packages/server/src/modules/taxi/rules';
import { insertRides, insertTerminal, type RideSeed } from '../packages/server/src/modules/taxi/test-support';
import { createServer } from 'node:net';
import { startPostgres } from './support/postgres';
import { report, summarize } from './support/table';

const RIDES = Number(process.env.RIDES ?? 5000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const BENEFICIARIES = 250;
const NOW = new Date('2026-11-10T03:00:00Z');

async function measure(kind: string, handle: DatabaseHandle) {
  await migrateToLatest(handle.db);
  const services: Services = {
    db: handle.db, cipher: new FieldCipher(new Map([['b', randomBytes(32)]]), 'b'), logger: silentLogger, now: () => NOW,
    secureCookies: false, loginLimiter: new AttemptLimiter(10_000, 60_000), mailer: nullMailer, jobs: new JobRunner(handle.db, () => NOW, silentLogger),
  };
  const db = handle.db;
  const m = await db.transaction().execute((trx) => createMunicipality(trx, { localGovernmentCode: '062120', name: '尾花沢市', prefecture: '山形県', departments: [{ code: 'fukushi', name: '福祉課' }] }));
  const members = Array.from({ length: BENEFICIARIES }, (_, i) => ({
    residentRecordCode: String(30000000000 + i), familyName: '高齢', givenName: `${i}郎`, familyNameKana: 'コウレイ', givenNameKana: 'タロウ', birthDate: '1940-01-10',
    sex: 'male' as const, relationship: '世帯主', residentSince: '1960-01-01', movedInFrom: null,
  }));
  await db.transaction().execute((trx) => insertHouseholds(trx, m.id, members.map((p) => ({ postalCode: '9994221', address: { prefecture: '山形県', city: '尾花沢市', town: '若葉町一丁目', block: `${p.residentRecordCode.slice(-3)}番`, building: null }, members: [p] })), { kind: 'import', reason: 'bench', recordedBy: null }));
  const residents = await db.selectFrom('resident').select('id').where('municipality_id', '=', m.id).execute();
  const city: StaffPrincipal = { id: randomUUID(), municipalityId: m.id, loginId: 'bench', displayName: 'bench', roles: ['municipality_admin'], departmentIds: [], totpEnabled: true, sessionTokenHash: '' };
  const programmeId = randomUUID();
  const ruleVersionId = randomUUID();
  await db.insertInto('taxi_programme').values({ municipality_id: m.id, id: programmeId, fiscal_year: 2026, name: 'マイタク', status: 'active', starts_on: '2026-04-01', ends_on: '2027-03-31', budget_yen: 100_000_000, department_id: null, created_at: NOW, updated_at: NOW }).execute();
  await db.insertInto('taxi_rule_version').values({ municipality_id: m.id, id: ruleVersionId, programme_id: programmeId, version: 1, rules: JSON.stringify(MAEBASHI_STYLE_RULES), effective_from: new Date('2026-03-31T15:00:00Z'), created_at: NOW, created_by: null }).execute();
  const operatorId = randomUUID();
  await db.insertInto('taxi_operator').values({ municipality_id: m.id, id: operatorId, code: 'T01', name: '尾花沢観光タクシー', address: '山形県尾花沢市若葉町一丁目2番3号', created_at: NOW }).execute();
  await db.insertInto('taxi_programme_operator').values({ municipality_id: m.id, programme_id: programmeId, operator_id: operatorId, joined_on: '2026-04-01', left_on: null }).execute();
  const terminals = await Promise.all(Array.from({ length: 20 }, (_, i) => insertTerminal(db, m.id, operatorId, `${i + 1}号車`, NOW)));
  const beneficiaries: string[] = [];
  await db.transaction().execute(async (trx) => {
    for (const r of residents) beneficiaries.push(await createBeneficiary(trx, city, { programmeId, residentId: r.id, answers: { disabilityCertificate: 'none', licenceReturned: false, householdHasCar: true }, caseId: null, source: 'import' }, NOW, null));
  });
  const from = Date.parse('2026-10-01T00:00:00+09:00');
  const seeds: RideSeed[] = Array.from({ length: RIDES }, (_, i) => {
    const t = terminals[i % terminals.length]!;
    return {
      municipalityId: m.id, programmeId, ruleVersionId, ruleVersion: 1, operatorId, terminalId: t.terminalId, deviceId: t.deviceId, vehicleId: t.vehicleId,
      beneficiaryId: beneficiaries[i % beneficiaries.length]!, bindingId: null, boardedAt: new Date(from + Math.floor((i / RIDES) * 30 * 86_400_000)),
      fareYen: 700 + (i % 30) * 100, status: 'accepted', rules: MAEBASHI_STYLE_RULES, seq: i + 1,
    };
  });
  await insertRides(db, seeds);

  const generation: number[] = [];
  const pdfTimes: number[] = [];
  const csvTimes: number[] = [];
  const readTimes: number[] = [];
  let claimId = '';
  let pdfBytes = 0;
  let pages = 0;
  let csvBytes = 0;
  const viewer = { kind: 'city' as const, staff: city };
  for (let round = 0; round < ROUNDS; round++) {
    let t = performance.now();
    // A draft is rebuilt each round: the lines are deleted and written again.
    const { claim } = await generateClaim(services, { staff: city, operatorId }, { month: '2026-10' }, null);
    generation.push(performance.now() - t);
    if (claim.rideCount !== RIDES) throw new Error(`claim has ${claim.rideCount} rides, expected ${RIDES}`);
    claimId = claim.id;
    t = performance.now();
    await getClaim(services, viewer, claimId, null);
    readTimes.push(performance.now() - t);
    t = performance.now();
    const { pdf } = await claimPdf(services, viewer, claimId, null);
    pdfTimes.push(performance.now() - t);
    pdfBytes = pdf.byteLength;
    pages = (new TextDecoder('latin1').decode(pdf).match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    t = performance.now();
    const csv = await claimCsv(services, viewer, claimId, 'shift_jis', null);
    csvTimes.push(performance.now() - t);
    csvBytes = csv.bytes.byteLength;
  }
  const g = summarize(generation);
  const p = summarize(pdfTimes);
  const c = summarize(csvTimes);
  return {
    database: kind, rides: RIDES, rounds: ROUNDS, generate_p50_ms: Math.round(g.p50), generate_max_ms: Math.round(g.max),
    read_lines_p50_ms: Math.round(summarize(readTimes).p50), pdf_p50_ms: Math.round(p.p50), pdf_kb: Math.round(pdfBytes / 1024), pdf_pages: pages, csv_p50_ms: Math.round(c.p50), csv_kb: Math.round(csvBytes / 1024),
  };
}

const freePort = () => new Promise<number>((resolve, reject) => {
  const srv = createServer();
  srv.listen(0, '127.0.0.1', () => {
    const port = (srv.address() as { port: number }).port;
    srv.close(() => resolve(port));
  });
  srv.on('error', reject);
});

const rows: Record<string, string | number>[] = [];
const lite = await openDatabase({ kind: 'pglite', dataDir: null });
try {
  rows.push(await measure('pglite', lite));
} finally {
  await lite.close();
}
if (process.env.BENCH_SKIP_POSTGRES !== '1') {
  let pg: ReturnType<typeof startPostgres> | null = null;
  try {
    pg = startPostgres(await freePort());
  } catch (error) {
    // Reported, not fatal: the PGlite figures still stand (e.g. a sandbox without shared memory).
    console.error(`PostgreSQL could not be started here: ${String(error).split('\n')[0]}`);
  }
  if (pg) {
    const handle = await openDatabase({ kind: 'postgres', url: pg.url, poolSize: 10 });
    try {
      rows.push(await measure('postgres', handle));
    } finally {
      await handle.close();
      pg.stop();
    }
  }
}
report('taxi-claims', rows);
