/**
 * Device sync: 500 events from 3 devices (a day of 移動市役所 cases on three tablets) pushed at once
 * over HTTP to the real app — the time until every event is acknowledged (stored, handler run,
 * committed), against submitting the same events one request each in the same run. And the
 * device's outbox write latency (sign + hash-chain + store) in Node.
 *
 *   npm run bench -- device-sync        (BENCH_ENGINES=pglite,postgres  BENCH_EVENTS=500  BENCH_DEVICES=3  BENCH_BATCH=100)
 */
import { serve } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import { createMemoryOutboxStore, DeviceOutbox, httpSyncTransport, type SyncReport } from '@madoguchi/device-sync';
import { FieldCipher } from '../packages/server/src/platform/crypto/field-encryption';
import { migrateToLatest, openDatabase, type DatabaseTarget } from '../packages/server/src/platform/db/database';
import { silentLogger } from '../packages/server/src/platform/log';
import type { Services } from '../packages/server/src/platform/http/context';
import { buildApp } from '../packages/server/src/server';
import { nullMailer } from '../packages/server/src/platform/mail/mailer';
import { AttemptLimiter } from '../packages/server/src/platform/auth/rate-limit';
import { JobRunner } from '../packages/server/src/platform/jobs/jobs';
import type { StaffPrincipal } from '../packages/server/src/platform/auth/roles';
import { createMunicipality } from '../packages/server/src/modules/tenancy/service';
import { createStaff } from '../packages/server/src/modules/staff/service';
import { createDevice } from '../packages/server/src/modules/devices/service';
import { DEMO_DEPARTMENTS } from '../packages/server/src/demo/load';
import { OBANAZAWA } from '../packages/server/src/demo/types';
import { startPostgres } from './support/postgres';
import { report, summarize } from './support/table';

const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');
const EVENTS = Number(process.env.BENCH_EVENTS ?? 500);
const DEVICES = Number(process.env.BENCH_DEVICES ?? 3);
const BATCH = Number(process.env.BENCH_BATCH ?? 100);

/** About the size of a case the vehicle app records (no individual number). */
function casePayload(i: number) {
  return {
    note: `case ${i}`,
    case: {
      procedure: 'kouki-futan-kubun', version: 3, answers: {
        氏名: '山田 太郎', フリガナ: 'ヤマダ タロウ', 生年月日: '1950-03-02', 住所: '山形県尾花沢市若葉町一丁目2番3号', 電話: '0237-22-1111',
        理由: '転出のため', 提出先: '宮城県仙台市', 備考: 'x'.repeat(400),
      },
      stop: 'st-12', ticket: `V${String(i).padStart(3, '0')}`,
    },
  };
}

function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<{ port: number; close: () => void }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ port: info.port, close: () => server.close() }));
  });
}

async function runEngine(engine: string, target: DatabaseTarget) {
  const handle = await openDatabase(target);
  try {
    await migrateToLatest(handle.db);
    const services: Services = {
      db: handle.db, cipher: new FieldCipher(new Map([['b', randomBytes(32)]]), 'b'), logger: silentLogger, now: () => new Date(), secureCookies: false,
      loginLimiter: new AttemptLimiter(100, 60_000), mailer: nullMailer, jobs: new JobRunner(handle.db, () => new Date(), silentLogger),
    };
    const m = await handle.db.transaction().execute((trx) => createMunicipality(trx, { ...OBANAZAWA, departments: DEMO_DEPARTMENTS }));
    const adminId = await createStaff(services, null, m.id, { loginId: 'bench-admin', displayName: 'bench', password: 'bench-password-long', roles: ['municipality_admin'], departmentIds: [] });
    const admin = { id: adminId, municipalityId: m.id } as StaffPrincipal;
    const app = buildApp(services, { databaseKind: handle.kind });
    const server = await listen(app.fetch);
    const base = `http://127.0.0.1:${server.port}`;
    const rows: Record<string, string | number>[] = [];
    try {
      for (const mode of ['batched', 'one_by_one'] as const) {
        const transport = httpSyncTransport(base);
        const devices: DeviceOutbox[] = [];
        for (let d = 0; d < DEVICES; d++) {
          const { code } = await createDevice(services, admin, { kind: 'vehicle', label: `${mode}-${d}` }, null);
          const outbox = new DeviceOutbox(createMemoryOutboxStore(), { batchSize: mode === 'batched' ? BATCH : 1 });
          await outbox.enrol(transport, code);
          devices.push(outbox);
        }
        for (let i = 0; i < EVENTS; i++) await devices[i % DEVICES]!.append('device.ping', casePayload(i));
        const started = performance.now();
        const reports: SyncReport[] = await Promise.all(devices.map((o) => o.sync(transport)));
        const seconds = (performance.now() - started) / 1000;
        const stored = reports.reduce((s, r) => s + r.stored, 0);
        const inDb = await handle.db.selectFrom('device_event').select((eb) => eb.fn.countAll<string>().as('n')).where('municipality_id', '=', m.id)
          .where('device_id', 'in', (await Promise.all(devices.map(async (o) => (await o.identity())!.deviceId)))).executeTakeFirstOrThrow();
        rows.push({
          engine, mode, devices: DEVICES, events: EVENTS, requests: reports.reduce((s, r) => s + r.rounds, 0), acknowledged: stored,
          rows_in_db: Number(inDb.n), seconds, events_per_s: EVENTS / seconds,
        });
      }
      const batched = rows.find((r) => r.mode === 'batched')!;
      const single = rows.find((r) => r.mode === 'one_by_one')!;
      batched.vs_one_by_one = `${((single.seconds as number) / (batched.seconds as number)).toFixed(1)}× faster`;
    } finally {
      server.close();
    }
    return rows;
  } finally {
    await handle.close();
  }
}

async function appendLatency() {
  const outbox = new DeviceOutbox(createMemoryOutboxStore());
  // A local enrolment (no server): only the device side is timed.
  const transport = httpSyncTransport('http://unused');
  await outbox.enrol({ ...transport, enrol: async () => ({ municipalityId: '00000000-0000-4000-8000-000000000001', deviceId: '00000000-0000-4000-8000-000000000002', kind: 'vehicle', label: 'bench', nextSeq: 1, prevHash: '0'.repeat(64), serverTime: new Date().toISOString() }) }, 'AAAAA-AAAAA');
  for (let i = 0; i < 50; i++) await outbox.append('device.ping', casePayload(i)); // warm-up
  const times: number[] = [];
  for (let i = 0; i < EVENTS; i++) {
    const t = performance.now();
    await outbox.append('device.ping', casePayload(i));
    times.push(performance.now() - t);
  }
  const s = summarize(times);
  return { store: 'memory (Node WebCrypto)', appends: EVENTS, payload_chars: JSON.stringify(casePayload(0)).length, p50_ms: s.p50, p95_ms: s.p95, p99_ms: s.p99, max_ms: s.max };
}

const all: Record<string, string | number>[] = [];
for (const engine of ENGINES) {
  if (engine === 'postgres') {
    const pg = startPostgres(55437);
    try {
      all.push(...(await runEngine('postgres', { kind: 'postgres', url: pg.url, poolSize: 10 })));
    } finally {
      pg.stop();
    }
  } else {
    all.push(...(await runEngine('pglite', { kind: 'pglite', dataDir: null })));
  }
}
report('device-sync', all);
report('device-sync-append', [await appendLatency()]);
