/**
 * SSE fan-out: 5,000 open event streams on one server process, two scenarios:
 * - pages: 4,800 residents' status pages (800 tickets in each of the hall's six 用件) and 200 hall
 *   displays, and six desks calling at the same moment, so that every page's content changes;
 * - displays: 5,000 hall displays and one desk calling.
 * Measured: from the moment the calls are sent until each page has received its update (a status page:
 * its new place in the queue; a display: the announcement), over several waves. Loopback only; the
 * server is `main.ts` in its own process.
 *
 *   npm run bench -- queue-sse     (BENCH_ENGINES=pglite,postgres  BENCH_SCENARIOS=pages,displays  BENCH_STREAMS=5000  BENCH_WAVES=5)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { authenticatorCode } from '../e2e/support/totp';
import { startPostgres } from './support/postgres';
import { report, summarize } from './support/table';

const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');
const SCENARIOS = (process.env.BENCH_SCENARIOS ?? 'pages,displays').split(',');
const STREAMS = Number(process.env.BENCH_STREAMS ?? 5000);
const WAVES = Number(process.env.BENCH_WAVES ?? 5);
const CODE = '062120';
const root = path.resolve(import.meta.dirname, '..');

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startServer(env: Record<string, string>): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-bench-sse-'));
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: root,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MADOGUCHI_DATA_DIR: dataDir, MADOGUCHI_CARD_AGENT_PORT: '0', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i += 1) {
    if (child.exitCode !== null) throw new Error('server exited');
    try {
      if ((await fetch(`${url}/api/health`)).ok) break;
    } catch {
      /* starting */
    }
    if (i > 600) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    child,
    stop: async () => {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function call(url: string, method: string, p: string, opts: { cookie?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${url}/api${p}`, {
    method,
    headers: { 'content-type': 'application/json', ...(opts.cookie ? { cookie: opts.cookie } : {}), ...(opts.headers ?? {}) },
    ...(method !== 'GET' ? { body: JSON.stringify(opts.body ?? {}) } : {}),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${text}`);
  return { body: JSON.parse(text) as Record<string, unknown>, headers: res.headers };
}

/** An admin session (second factor enrolled on the way) and a clerk session. */
async function sessions(url: string) {
  const admin = await call(url, 'POST', '/auth/login', { body: { municipalityCode: CODE, loginId: 'admin', password: 'madoguchi-demo' } });
  const adminCookie = (admin.headers.get('set-cookie') ?? '').split(';')[0]!;
  const setup = await call(url, 'POST', '/auth/totp/setup', { cookie: adminCookie });
  await fetch(`${url}/api/auth/totp/enable`, { method: 'POST', headers: { 'content-type': 'application/json', cookie: adminCookie }, body: JSON.stringify({ code: authenticatorCode(setup.body.otpauthUri as string) }) });
  const clerk = await call(url, 'POST', '/auth/login', { body: { municipalityCode: CODE, loginId: 'clerk', password: 'madoguchi-demo' } });
  return { adminCookie, clerkCookie: (clerk.headers.get('set-cookie') ?? '').split(';')[0]! };
}

interface Stream {
  kind: 'status' | 'board';
  ticketId: string | null;
  /** A ticket finished in an earlier wave: its page no longer changes. */
  finished: boolean;
  /** Set when the wave's update arrived. */
  receivedAt: number | null;
  initial: boolean;
  matches: (event: string, data: string) => boolean;
  req: http.ClientRequest;
}

let reconnects = 0;

function openStream(url: string, p: string, kind: Stream['kind'], onReady: () => void): Stream {
  const stream: Stream = { kind, ticketId: null, finished: false, receivedAt: null, initial: false, matches: () => false, req: undefined as unknown as http.ClientRequest };
  connect(stream, url, p, onReady);
  return stream;
}

/** A connection refused or reset while thousands are opening is tried again, as a browser would. */
function connect(stream: Stream, url: string, p: string, onReady: () => void): void {
  const u = new URL(`${url}/api${p}`);
  const retry = () => {
    if (stream.initial) return;
    reconnects += 1;
    setTimeout(() => connect(stream, url, p, onReady), 500);
  };
  stream.req = http.get({ hostname: u.hostname, port: u.port, path: u.pathname, agent: false, headers: { accept: 'text/event-stream' } }, (res) => {
    if (res.statusCode !== 200) {
      res.resume();
      retry();
      return;
    }
    res.on('close', retry);
    res.setEncoding('utf8');
    let buffer = '';
    res.on('data', (chunk: string) => {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        let event = '';
        let data = '';
        for (const line of block.split('\n')) {
          if (line.startsWith('event: ')) event = line.slice(7);
          else if (line.startsWith('data: ')) data += line.slice(6);
        }
        if (!event) continue;
        if (!stream.initial) {
          stream.initial = true;
          onReady();
        } else if (stream.receivedAt === null && stream.matches(event, data)) {
          stream.receivedAt = performance.now();
        }
      }
    });
  });
  stream.req.on('error', retry);
}

async function runOne(engine: string, scenario: string) {
  const PAGES = scenario === 'pages' ? Math.round(STREAMS * 0.96) : 0;
  const BOARDS = STREAMS - PAGES;
  const TICKETS = scenario === 'pages' ? PAGES : 60;
  const pg = engine === 'postgres' ? startPostgres(55437) : null;
  const server = await startServer(pg ? { DATABASE_URL: pg.url } : {});
  try {
    const { adminCookie, clerkCookie } = await sessions(server.url);
    const config = (await call(server.url, 'GET', '/queue/config', { cookie: adminCookie })).body as {
      locations: { id: string; code: string; hours: Record<string, unknown> }[]; services: { id: string; locationId: string; name: string }[]; desks: { id: string; name: string; locationId: string }[];
    };
    const hall = config.locations.find((l) => l.code === 'honcho-1f')!;
    const allDay = Object.fromEntries(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'].map((d) => [d, [['00:00', '24:00']]]));
    await call(server.url, 'PATCH', `/queue/config/locations/${hall.id}`, { cookie: adminCookie, body: { hours: { ...hall.hours, weekly: allDay } } });
    const services = config.services.filter((s) => s.locationId === hall.id);
    // One desk per 用件 (desk 1..6 re-pointed), so a wave of six calls moves every queue.
    const desks = config.desks.filter((d) => d.locationId === hall.id).slice(0, services.length);
    for (const [i, d] of desks.entries()) await call(server.url, 'PATCH', `/queue/config/desks/${d.id}`, { cookie: adminCookie, body: { serviceIds: [services[i]!.id] } });

    const perService = Math.ceil(TICKETS / services.length);
    const tokens: string[] = [];
    const ticketIds: string[] = [];
    const issueStarted = performance.now();
    const work = services.flatMap((s) => Array.from({ length: perService }, () => s.id)).slice(0, TICKETS);
    for (let i = 0; i < work.length; i += 25) {
      const batch = await Promise.all(work.slice(i, i + 25).map((serviceId) =>
        call(server.url, 'POST', `/public/${CODE}/queue/locations/${hall.id}/tickets`, { headers: { 'x-kiosk-token': 'demo-kiosk-honcho-1f' }, body: { serviceId, needsAssistance: false } })));
      tokens.push(...batch.map((b) => b.body.token as string));
      ticketIds.push(...batch.map((b) => b.body.ticketId as string));
    }
    const issueSeconds = (performance.now() - issueStarted) / 1000;

    let ready = 0;
    const streams: Stream[] = [];
    for (let i = 0; i < PAGES; i += 1) {
      const st = openStream(server.url, `/public/${CODE}/queue/tickets/${tokens[i]}/events`, 'status', () => (ready += 1));
      st.ticketId = ticketIds[i]!;
      streams.push(st);
      if (i % 200 === 199) await new Promise((r) => setTimeout(r, 50));
    }
    for (let i = 0; i < BOARDS; i += 1) streams.push(openStream(server.url, `/public/${CODE}/queue/locations/${hall.id}/board/events`, 'board', () => (ready += 1)));
    const connectStarted = performance.now();
    while (ready < streams.length) {
      if (performance.now() - connectStarted > 180_000) throw new Error(`only ${ready} of ${streams.length} streams connected`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const connectSeconds = (performance.now() - connectStarted) / 1000;

    const rows: Record<string, string | number>[] = [];
    const all: number[] = [];
    for (let wave = 0; wave <= WAVES; wave += 1) {
      // Finish whoever the desks called in the last wave, then let the queues settle.
      for (const s of streams) {
        s.receivedAt = null;
        s.matches = s.kind === 'board' ? (event, data) => event === 'board' && data.includes('"announcements":[{') : (event) => event === 'status';
      }
      const t0 = performance.now();
      const calling = scenario === 'pages' ? desks : [desks[wave % desks.length]!];
      const called = await Promise.all(calling.map((d) => call(server.url, 'POST', `/queue/desks/${d.id}/call-next`, { cookie: clerkCookie, body: { serviceId: null } })));
      const callsDone = performance.now() - t0;
      const deadline = performance.now() + 10_000;
      const expected = streams.filter((s) => !s.finished);
      while (expected.some((s) => s.receivedAt === null) && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const latencies = expected.filter((s) => s.receivedAt !== null).map((s) => s.receivedAt! - t0);
      const stats = summarize(latencies);
      if (wave > 0) {
        all.push(...latencies);
        rows.push({ engine, scenario, wave, expected: expected.length, received: latencies.length, calls_ms: callsDone, p50_ms: stats.p50, p95_ms: stats.p95, p99_ms: stats.p99, max_ms: stats.max });
        if (process.env.BENCH_DEBUG) {
          const missing = streams.map((s, i) => [s, i] as const).filter(([s]) => !s.finished && s.receivedAt === null).map(([, i]) => i);
          console.log('missing', missing.join(','));
          for (const i of missing.slice(0, 2)) console.log(i, JSON.stringify((await call(server.url, 'GET', `/public/${CODE}/queue/tickets/${tokens[i]}`)).body).slice(0, 200));
        }
      }
      for (const c of called) {
        const v = (c.body as { called: { visitId: string; ticketId: string } | null }).called;
        if (!v) continue;
        await call(server.url, 'POST', `/queue/visits/${v.visitId}/done`, { cookie: clerkCookie });
        for (const s of streams) if (s.ticketId === v.ticketId) s.finished = true;
      }
      await new Promise((r) => setTimeout(r, 1_500));
    }
    const total = summarize(all);
    rows.push({ engine, scenario, wave: 'all', expected: '', received: all.length, p50_ms: total.p50, p95_ms: total.p95, p99_ms: total.p99, max_ms: total.max });
    console.log(`${engine} ${scenario}: issued ${tokens.length} tickets in ${issueSeconds.toFixed(1)} s, ${streams.length} streams connected in ${connectSeconds.toFixed(1)} s (${reconnects} connections retried)`);
    for (const s of streams) s.req.destroy();
    return rows;
  } finally {
    await server.stop();
    pg?.stop();
  }
}

const rows: Record<string, string | number>[] = [];
for (const engine of ENGINES) for (const scenario of SCENARIOS) rows.push(...(await runOne(engine, scenario)));
report('queue-sse', rows);
