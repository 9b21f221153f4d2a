/**
 * Throughput of an authenticated resident search (session check + query + audit append) on
 * PostgreSQL, against a bare Hono route in the same process and run, so the ratio says what our
 * stack costs on this machine.
 *
 *   npm run bench -- http-throughput        (BENCH_SECONDS=10, BENCH_CONNECTIONS=20)
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { FieldCipher } from '../packages/server/src/platform/crypto/field-encryption';
import { migrateToLatest, openDatabase } from '../packages/server/src/platform/db/database';
import { silentLogger } from '../packages/server/src/platform/log';
import type { Services } from '../packages/server/src/platform/http/context';
import { buildApp } from '../packages/server/src/server';
import { loadDemoData, DEMO_PASSWORD } from '../packages/server/src/demo/load';
import { startPostgres } from './support/postgres';
import { nullMailer } from '../packages/server/src/platform/mail/mailer';
import { AttemptLimiter } from '../packages/server/src/platform/auth/rate-limit';
import { JobRunner } from '../packages/server/src/platform/jobs/jobs';
import { report } from './support/table';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);

function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<{ port: number; close: () => void }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ port: info.port, close: () => server.close() }));
  });
}

function cannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => autocannon(opts, (err, res) => (err ? reject(err) : resolve(res))));
}

const pg = startPostgres(55434);
const handle = await openDatabase({ kind: 'postgres', url: pg.url, poolSize: 10 });
try {
  await migrateToLatest(handle.db);
  const services: Services = { db: handle.db, cipher: new FieldCipher(new Map([['b', randomBytes(32)]]), 'b'), logger: silentLogger, now: () => new Date(), secureCookies: false, loginLimiter: new AttemptLimiter(100, 60_000), mailer: nullMailer, jobs: new JobRunner(handle.db, () => new Date(), silentLogger) };
  await loadDemoData(services);
  const app = buildApp(services, { databaseKind: 'postgres' });
  const api = await listen(app.fetch);
  const bare = new Hono();
  bare.get('/api/ping', (c) => c.json({ items: [], total: 0 }));
  const bareServer = await listen(bare.fetch);

  const login = await fetch(`http://127.0.0.1:${api.port}/api/auth/login`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ municipalityCode: '062120', loginId: 'clerk', password: DEMO_PASSWORD }),
  });
  const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
  const queries = ['ｻﾄｳ', 'すずき', 'タカハシ', '佐藤', 'ｲﾄｳ ﾏ', 'アベ', 'ワタナベ', 'オオルイ'];
  const rows = [];
  const searchRun = await cannon({
    url: `http://127.0.0.1:${api.port}`, connections: CONNECTIONS, duration: SECONDS, headers: { cookie },
    requests: queries.map((q) => ({ method: 'GET', path: `/api/residents?q=${encodeURIComponent(q)}&limit=20` })),
  });
  const bareRun = await cannon({ url: `http://127.0.0.1:${bareServer.port}/api/ping`, connections: CONNECTIONS, duration: SECONDS });
  for (const [name, r] of [['authenticated search (PostgreSQL)', searchRun], ['bare Hono route', bareRun]] as const) {
    rows.push({ route: name, req_per_s: r.requests.average, p50_ms: r.latency.p50, p99_ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors });
  }
  rows.push({ route: 'ratio search / bare', req_per_s: searchRun.requests.average / bareRun.requests.average, p50_ms: NaN, p99_ms: NaN, non2xx: 0, errors: 0 });
  const audited = await handle.db.selectFrom('audit_event').select((eb) => eb.fn.countAll<string>().as('n')).where('action', '=', 'resident.search').executeTakeFirstOrThrow();
  console.log(`audit events written for searches: ${audited.n} (one per request)`);
  report('http-throughput', rows);
  api.close();
  bareServer.close();
} finally {
  await handle.close();
  pg.stop();
}
