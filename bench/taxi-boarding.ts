/**
 * 電子タクシー券 boarding: from the card on the reader to the screen with the passenger's name and
 * rides left, for a city of 1,200 beneficiaries (the seed case's paper-ticket holders).
 *
 * - online: the terminal engine over real HTTP to the app (device-signed request, JPKI chain +
 *   validity + revocation by CRL, binding lookup, caps from the accepted rides, audit append);
 *   and 確定 online (the ride signed into the outbox and pushed, applied in the push transaction);
 * - offline: the same engine with the network gone: the signed list (1,200 entries) verified
 *   against the pinned key, the card's certificate checked against the list's CA, the decision.
 *
 *   npm run bench -- taxi-boarding        (BENCH_ENGINES=pglite,postgres  BENCH_BOARDINGS=300)
 */
import { serve } from '@hono/node-server';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeviceOutbox, createMemoryOutboxStore, httpSyncTransport, type SyncTransport } from '@madoguchi/device-sync';
import { FieldCipher } from '../packages/server/src/platform/crypto/field-encryption';
import { migrateToLatest, openDatabase, type DatabaseTarget } from '../packages/server/src/platform/db/database';
import { silentLogger } from '../packages/server/src/platform/log';
import { nullMailer } from '../packages/server/src/platform/mail/mailer';
import { AttemptLimiter } from '../packages/server/src/platform/auth/rate-limit';
import { JobRunner } from '../packages/server/src/platform/jobs/jobs';
import type { Services } from '../packages/server/src/platform/http/context';
import { buildApp } from '../packages/server/src/server';
import { createMunicipality } from '../packages/server/src/modules/tenancy/service';
import { createStaff } from '../packages/server/src/modules/staff/service';
import { insertHouseholds } from '../packages/server/src/modules/registry/pg-registry';
import { createDevice } from '../packages/server/src/modules/devices/service';
import { configureJpkiVerification } from '../packages/server/src/modules/online/signing';
import { SimulatedJpkiRevocation } from '../packages/server/src/modules/online/signing-demo';
import { createDriver } from '../packages/server/src/modules/taxi/terminal/drivers';
import { createTestIssuers } from '../packages/server/src/modules/taxi/terminal/test-support';
import { MAEBASHI_STYLE_RULES } from '../packages/server/src/modules/taxi/rules';
import { DEMO_DEPARTMENTS } from '../packages/server/src/demo/load';
import { OBANAZAWA } from '../packages/server/src/demo/types';
import { generateRsaKeyPair } from '@madoguchi/card/sim';
import { TerminalEngine, memoryStorage } from '../packages/web/src/features/taxi/terminal/logic/engine';
import { startPostgres } from './support/postgres';
import { report, summarize } from './support/table';

const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite,postgres').split(',');
const BOARDINGS = Number(process.env.BENCH_BOARDINGS ?? 300);
const BENEFICIARIES = 1200;

function listen(fetch: (req: Request) => Response | Promise<Response>): Promise<{ port: number; close: () => void }> {
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve({ port: info.port, close: () => server.close() }));
  });
}

async function runOne(engine: string, target: DatabaseTarget) {
  const handle = await openDatabase(target);
  try {
    await migrateToLatest(handle.db);
    const services: Services = {
      db: handle.db, cipher: new FieldCipher(new Map([['b', randomBytes(32)]]), 'b'), logger: silentLogger, now: () => new Date(), secureCookies: false,
      loginLimiter: new AttemptLimiter(100, 60_000), mailer: nullMailer, jobs: new JobRunner(handle.db, () => new Date(), silentLogger),
    };
    const m = await handle.db.transaction().execute((trx) => createMunicipality(trx, { ...OBANAZAWA, departments: DEMO_DEPARTMENTS }));
    const now = new Date();
    const adminId = await createStaff(services, null, m.id, { loginId: 'bench', displayName: 'bench', password: 'bench-password-long', roles: ['municipality_admin'], departmentIds: [] });
    const admin = { id: adminId, municipalityId: m.id, loginId: 'bench', displayName: 'bench', roles: ['municipality_admin' as const], departmentIds: [], totpEnabled: true, sessionTokenHash: '' };

    // 1,200 residents aged 75+, one household each.
    await handle.db.transaction().execute((trx) => insertHouseholds(trx, m.id, Array.from({ length: BENEFICIARIES }, (_, i) => ({
      postalCode: '9994221',
      address: { prefecture: '山形県', city: '尾花沢市', town: '若葉町一丁目', block: `${i + 1}番`, building: null },
      members: [{ residentRecordCode: String(30000000000 + i), familyName: '尾花', givenName: `${['正', '幸', '和', '静'][i % 4]}子`, familyNameKana: 'オバナ', givenNameKana: 'マサコ', birthDate: '1940-01-10', sex: 'female' as const, relationship: '世帯主', residentSince: '1962-06-01', movedInFrom: null }],
    })), { kind: 'import', reason: 'bench', recordedBy: null }));
    const residents = await handle.db.selectFrom('resident').select('id').where('municipality_id', '=', m.id).orderBy('resident_record_code').execute();

    const fy = now.getUTCMonth() + 1 >= 4 ? now.getUTCFullYear() : now.getUTCFullYear() - 1;
    const programmeId = randomUUID();
    const operatorId = randomUUID();
    await handle.db.insertInto('taxi_programme').values({ municipality_id: m.id, id: programmeId, fiscal_year: fy, name: 'マイタク', status: 'active', starts_on: `${fy}-04-01`, ends_on: `${fy + 1}-03-31`, budget_yen: 30_000_000, department_id: null, created_at: now, updated_at: now }).execute();
    await handle.db.insertInto('taxi_rule_version').values({ municipality_id: m.id, id: randomUUID(), programme_id: programmeId, version: 1, rules: JSON.stringify(MAEBASHI_STYLE_RULES), effective_from: new Date(`${fy}-03-01T00:00:00+09:00`), created_at: now, created_by: null }).execute();
    await handle.db.insertInto('taxi_operator').values({ municipality_id: m.id, id: operatorId, code: 'T01', name: '尾花沢観光タクシー', created_at: now }).execute();
    await handle.db.insertInto('taxi_programme_operator').values({ municipality_id: m.id, programme_id: programmeId, operator_id: operatorId, joined_on: `${fy}-04-01`, left_on: null }).execute();
    await createDriver(handle.db, m.id, operatorId, { code: '1001', name: '佐藤', pin: '4321' }, null, now);

    const issuers = await createTestIssuers();
    configureJpkiVerification(services, new SimulatedJpkiRevocation(issuers).verification());
    const keys = await generateRsaKeyPair();
    const cards: Uint8Array[] = [];
    for (let i = 0; i < BENEFICIARIES; i++) {
      const certificate = await issuers.authCa.issue({ subject: { country: 'JP', commonName: `BENCH${i}` }, publicKey: keys.publicKey, keyUsage: ['digitalSignature'], notBefore: new Date('2025-01-01T00:00:00Z') });
      cards.push(certificate);
      const id = randomUUID();
      await handle.db.insertInto('taxi_beneficiary').values({ municipality_id: m.id, id, programme_id: programmeId, resident_id: residents[i]!.id, number: `R-${i}`, status: 'active', source: 'staff', eligibility: '{}', answers: '{}', rule_version: 1, case_id: null, decided_at: now, decided_by: null, created_at: now, updated_at: now }).execute();
      await handle.db.insertInto('taxi_card_binding').values({ municipality_id: m.id, id: randomUUID(), beneficiary_id: id, cert_serial: String(i), cert_sha256: createHash('sha256').update(certificate).digest('hex'), cert_not_after: null, status: 'active', channel: 'counter', bound_at: now, bound_by: null, ended_at: null, ended_reason: null }).execute();
    }

    const app = buildApp(services, { databaseKind: handle.kind });
    const server = await listen(app.fetch);
    const base = `http://127.0.0.1:${server.port}`;
    const enrol = await createDevice(services, admin, { kind: 'taxi', label: '1号車' }, null);
    await handle.db.insertInto('taxi_terminal').values({ municipality_id: m.id, id: randomUUID(), operator_id: operatorId, vehicle_id: null, device_id: enrol.deviceId, label: '1号車', created_at: now }).execute();
    let online = true;
    const http = httpSyncTransport(base);
    const offline = () => Promise.reject(new TypeError('offline'));
    const transport: SyncTransport = {
      enrol: (r) => (online ? http.enrol(r) : offline()),
      push: (r, a) => (online ? http.push(r, a) : offline()),
      request: (method, p, body, a) => (online ? http.request(method, p, body, a) : offline()),
    };
    const outbox = new DeviceOutbox(createMemoryOutboxStore());
    const terminal = new TerminalEngine({ outbox, transport, storage: memoryStorage(), onlineTimeoutMs: 30_000 });
    await terminal.enrol(enrol.code);
    const pulled = performance.now();
    const list = await terminal.refreshList();
    const pullMs = performance.now() - pulled;
    if (!list.ok) throw new Error(list.message);

    const rows: Record<string, string | number>[] = [];
    const measure = async (what: string, n: number, fn: (i: number) => Promise<boolean>) => {
      const times: number[] = [];
      let okCount = 0;
      for (let i = 0; i < n; i++) {
        const t = performance.now();
        if (await fn(i)) okCount++;
        times.push(performance.now() - t);
      }
      const s = summarize(times);
      rows.push({ engine, what, n, ok: okCount, p50_ms: s.p50, p95_ms: s.p95, p99_ms: s.p99, max_ms: s.max });
    };
    // Warm-up (JIT, CRL cache, connection).
    for (let i = 0; i < 5; i++) await terminal.board(cards[BENEFICIARIES - 1 - i]!);
    await measure('online: tap → name shown (HTTP)', BOARDINGS, async (i) => (await terminal.board(cards[i % BENEFICIARIES]!)).ok);
    await measure('online: tap → 確定 recorded (board + sign + push)', Math.min(BOARDINGS, 200), async (i) => {
      const d = await terminal.board(cards[(i + 400) % BENEFICIARIES]!);
      if (!d.ok) return false;
      const r = await terminal.confirm(d, 2400, '1001');
      return r.ok && r.synced;
    });
    online = false;
    await measure(`offline: tap → name shown (list of ${BENEFICIARIES} verified each time)`, BOARDINGS, async (i) => (await terminal.board(cards[(i + 700) % BENEFICIARIES]!)).ok);
    rows.push({ engine, what: `list pull (${BENEFICIARIES} entries, signed)`, n: 1, ok: 1, p50_ms: pullMs, p95_ms: pullMs, p99_ms: pullMs, max_ms: pullMs });
    server.close();
    return rows;
  } finally {
    await handle.close();
  }
}

const all: Record<string, string | number>[] = [];
for (const engine of ENGINES) {
  if (engine === 'pglite') {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-taxi-'));
    try {
      all.push(...(await runOne('pglite', { kind: 'pglite', dataDir: dir })));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else if (engine === 'postgres') {
    const pg = startPostgres(55437);
    try {
      all.push(...(await runOne('postgres', { kind: 'postgres', url: pg.url, poolSize: 10 })));
    } finally {
      pg.stop();
    }
  }
}
report('taxi-boarding', all);
process.exit(0);
