/**
 * Registry search latency: kana prefix searches (what counter staff type) on the demo city and on
 * a generated 1,000,000-resident city, on PostgreSQL and on PGlite.
 *
 *   npm run bench -- registry-search            (both engines, 14k and 1M)
 *   BENCH_SIZES=14000 npm run bench -- registry-search
 */
import type { Kysely } from 'kysely';
import { migrateToLatest, openDatabase, type DatabaseTarget } from '../packages/server/src/platform/db/database';
import type { Database } from '../packages/server/src/platform/db/schema';
import { createMunicipality } from '../packages/server/src/modules/tenancy/service';
import { insertHouseholds, PgRegistry } from '../packages/server/src/modules/registry/pg-registry';
import { searchResidents } from '../packages/server/src/modules/registry/service';
import { generateCity, DEFAULT_REFERENCE_DATE } from '../packages/server/src/demo/generate';
import { OBANAZAWA } from '../packages/server/src/demo/types';
import { toNewHousehold } from '../packages/server/src/demo/load';
import type { StaffPrincipal } from '../packages/server/src/platform/auth/roles';
import { startPostgres } from './support/postgres';
import { report, summarize } from './support/table';

const SIZES = (process.env.BENCH_SIZES ?? '14000,1000000').split(',').map(Number);
const ENGINES = (process.env.BENCH_ENGINES ?? 'postgres,pglite').split(',');
const QUERIES = Number(process.env.BENCH_QUERIES ?? 300);

async function load(db: Kysely<Database>, population: number) {
  const m = await db.transaction().execute((trx) => createMunicipality(trx, OBANAZAWA));
  let batch = [];
  let residents = 0;
  const started = performance.now();
  for (const h of generateCity({ seed: 7, municipality: OBANAZAWA, targetPopulation: population, referenceDate: DEFAULT_REFERENCE_DATE })) {
    batch.push(toNewHousehold(h));
    if (batch.length === 2000) {
      const b = batch;
      residents += (await db.transaction().execute((trx) => insertHouseholds(trx, m.id, b, { kind: 'import', reason: 'bench', recordedBy: null }))).residents;
      batch = [];
    }
  }
  if (batch.length) residents += (await db.transaction().execute((trx) => insertHouseholds(trx, m.id, batch, { kind: 'import', reason: 'bench', recordedBy: null }))).residents;
  await db.executeQuery({ sql: 'analyze', parameters: [], query: { kind: 'RawNode' } } as never).catch(() => {});
  return { municipalityId: m.id, residents, loadSeconds: (performance.now() - started) / 1000 };
}

/** Deterministic query mix: 2- to 4-character kana prefixes of real names, plus a few kanji. */
async function queryMix(db: Kysely<Database>, municipalityId: string): Promise<string[]> {
  const rows = await db.selectFrom('resident').select(['family_name_kana', 'given_name_kana', 'family_name'])
    .where('municipality_id', '=', municipalityId).orderBy('id').limit(2000).execute();
  const out: string[] = [];
  for (let i = 0; i < QUERIES; i++) {
    const r = rows[(i * 7919) % rows.length]!;
    if (i % 10 === 9) out.push(r.family_name);
    else if (i % 4 === 3) out.push(`${r.family_name_kana} ${r.given_name_kana.slice(0, 2)}`);
    else out.push(r.family_name_kana.slice(0, 2 + (i % 3)));
  }
  return out;
}

async function runOne(engine: string, population: number, target: DatabaseTarget) {
  const handle = await openDatabase(target);
  try {
    await migrateToLatest(handle.db);
    const loaded = await load(handle.db, population);
    const queries = await queryMix(handle.db, loaded.municipalityId);
    const registry = new PgRegistry(handle.db);
    for (const q of queries.slice(0, 20)) await registry.search(loaded.municipalityId, { q, limit: 20, offset: 0 }); // warm-up
    const queryTimes: number[] = [];
    for (const q of queries) {
      const t = performance.now();
      await registry.search(loaded.municipalityId, { q, limit: 20, offset: 0 });
      queryTimes.push(performance.now() - t);
    }
    const staff: StaffPrincipal = { id: crypto.randomUUID(), municipalityId: loaded.municipalityId, loginId: 'bench', displayName: 'bench', roles: ['counter_staff'], departmentIds: [], totpEnabled: false, sessionTokenHash: '' };
    const serviceTimes: number[] = [];
    for (const q of queries) {
      const t = performance.now();
      await searchResidents({ db: handle.db, now: () => new Date() }, staff, { q, limit: 20, offset: 0 }, null);
      serviceTimes.push(performance.now() - t);
    }
    const qs = summarize(queryTimes);
    const ss = summarize(serviceTimes);
    return {
      engine, residents: loaded.residents, load_s: loaded.loadSeconds, queries: qs.n,
      query_p50_ms: qs.p50, query_p95_ms: qs.p95, with_audit_p50_ms: ss.p50, with_audit_p95_ms: ss.p95,
    };
  } finally {
    await handle.close();
  }
}

const rows = [];
const pg = ENGINES.includes('postgres') ? startPostgres() : null;
try {
  for (const size of SIZES) {
    for (const engine of ENGINES) {
      let target: DatabaseTarget;
      if (engine === 'postgres') {
        const admin = await openDatabase({ kind: 'postgres', url: pg!.url, poolSize: 1 });
        const name = `bench_${size}`;
        await admin.db.executeQuery({ sql: `drop database if exists ${name}`, parameters: [], query: { kind: 'RawNode' } } as never);
        await admin.db.executeQuery({ sql: `create database ${name}`, parameters: [], query: { kind: 'RawNode' } } as never);
        await admin.close();
        const u = new URL(pg!.url);
        u.pathname = `/${name}`;
        target = { kind: 'postgres', url: u.toString() };
      } else {
        target = { kind: 'pglite', dataDir: null };
      }
      const row = await runOne(engine, size, target);
      console.log(JSON.stringify(row));
      rows.push(row);
    }
  }
} finally {
  pg?.stop();
}
report('registry-search', rows);
