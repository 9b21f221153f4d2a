/**
 * 移動市役所 planning on the demo city: the demo's month (5 districts, 40 stops, weekday routes
 * published through the queue's sessions and slots), then what residents hit — the month's schedule,
 * the whole iCalendar feed, one stop's feed, the live status — and a 運休 of a stop whose every
 * place is booked (each booking cancelled through the queue, each resident's notice queued). Service functions on one database, no
 * HTTP; PGlite in memory (the default deployment) unless BENCH_ENGINES includes postgres.
 *
 *   npm run bench -- outreach-schedule        (BENCH_ENGINES=pglite,postgres  BENCH_REQUESTS=200)
 */
import { migrateToLatest, openDatabase, type DatabaseTarget } from '../packages/server/src/platform/db/database';
import type { Role, StaffPrincipal } from '../packages/server/src/platform/auth/roles';
import { silentLogger } from '../packages/server/src/platform/log';
import { nullMailer } from '../packages/server/src/platform/mail/mailer';
import { FieldCipher } from '../packages/server/src/platform/crypto/field-encryption';
import { createMunicipality } from '../packages/server/src/modules/tenancy/service';
import { createStaff } from '../packages/server/src/modules/staff/service';
import { seedDemoQueue } from '../packages/server/src/modules/queue/demo';
import { bookSlot, listSlots } from '../packages/server/src/modules/queue/reservations';
import { queueRuntime } from '../packages/server/src/modules/queue/runtime';
import { seedDemoOutreach } from '../packages/server/src/modules/outreach/demo';
import { liveStatus, publicCalendar, publicSchedule } from '../packages/server/src/modules/outreach/public';
import { cancelStops } from '../packages/server/src/modules/outreach/publish';
import { listRoutes } from '../packages/server/src/modules/outreach/plan';
import type { OutreachDeps } from '../packages/server/src/modules/outreach/model';
import { DEMO_DEPARTMENTS } from '../packages/server/src/demo/load';
import { OBANAZAWA } from '../packages/server/src/demo/types';
import { randomBytes } from 'node:crypto';
import { startPostgres } from './support/postgres';
import { report, summarize } from './support/table';

const ENGINES = (process.env.BENCH_ENGINES ?? 'pglite').split(',');
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);

async function timed(n: number, work: () => Promise<unknown>) {
  const times: number[] = [];
  for (let i = 0; i < n; i += 1) {
    const t = performance.now();
    await work();
    times.push(performance.now() - t);
  }
  return summarize(times);
}

async function runOne(engine: string, target: DatabaseTarget) {
  const handle = await openDatabase(target);
  try {
    await migrateToLatest(handle.db);
    const now = () => new Date();
    const m = await handle.db.transaction().execute((trx) => createMunicipality(trx, { ...OBANAZAWA, departments: DEMO_DEPARTMENTS }));
    const cipher = new FieldCipher(new Map([['bench', randomBytes(32)]]), 'bench');
    const adminId = await createStaff({ db: handle.db, cipher, now }, null, m.id, { loginId: 'admin', displayName: '情報 管理', password: 'bench-password-1', roles: ['municipality_admin'], departmentIds: [] });
    await createStaff({ db: handle.db, cipher, now }, null, m.id, { loginId: 'clerk', displayName: '窓口 花子', password: 'bench-password-1', roles: ['counter_staff'], departmentIds: [] });
    await seedDemoQueue({ db: handle.db, now }, m.id, { historyDays: 0 });
    const deps: OutreachDeps = { db: handle.db, now, logger: silentLogger, mailer: nullMailer };
    const rows: Record<string, string | number>[] = [];

    let t = performance.now();
    const seeded = await seedDemoOutreach({ db: handle.db, now }, m.id);
    rows.push({ engine, step: `plan + publish the demo month (${seeded.stops} stops, ${seeded.routes} routes)`, n: 1, p50_ms: performance.now() - t, p95_ms: performance.now() - t });

    const month = new Date(Date.now() + 9 * 3_600_000 + 7 * 86_400_000).toISOString().slice(0, 7);
    const schedule = await publicSchedule(deps, OBANAZAWA.localGovernmentCode, { month });
    const stopsInMonth = schedule.days.reduce((a, d) => a + d.stops.length, 0);
    for (const [step, work] of [
      [`public month schedule (${stopsInMonth} stops)`, () => publicSchedule(deps, OBANAZAWA.localGovernmentCode, { month })],
      ['public month schedule, one district', () => publicSchedule(deps, OBANAZAWA.localGovernmentCode, { month, district: 'miyazawa' })],
      ['iCalendar feed, all stops (5 months)', () => publicCalendar(deps, OBANAZAWA.localGovernmentCode, {})],
      ['iCalendar feed, one stop', () => publicCalendar(deps, OBANAZAWA.localGovernmentCode, { stop: 'tokiwa-1' })],
      ['live status', () => liveStatus(deps, OBANAZAWA.localGovernmentCode)],
    ] as const) {
      const s = await timed(REQUESTS, work);
      rows.push({ engine, step, n: s.n, p50_ms: s.p50, p95_ms: s.p95 });
    }

    // 運休 of a stop whose every place is booked: each booking cancelled through the queue, each resident told (a notice job).
    const staffRow = await handle.db.selectFrom('staff_user').select(['id', 'login_id', 'display_name', 'roles']).where('municipality_id', '=', m.id).where('id', '=', adminId).executeTakeFirstOrThrow();
    const admin: StaffPrincipal = { id: staffRow.id, municipalityId: m.id, loginId: staffRow.login_id, displayName: staffRow.display_name, roles: staffRow.roles as Role[], departmentIds: [], totpEnabled: true, sessionTokenHash: '' };
    const today = new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10);
    const [route] = (await listRoutes(handle.db, m.id, { from: today, to: '2099-12-31', states: ['published'] })).filter((r) => r.date > today);
    const stop = route!.stops[0]!;
    const queueDeps = queueRuntime(deps).deps();
    const inStop = (iso: string) => {
      const hhmm = new Date(new Date(iso).getTime() + 9 * 3_600_000).toISOString().slice(11, 16);
      return hhmm >= stop.start && hhmm < stop.end;
    };
    let booked = 0;
    for (const serviceId of stop.serviceIds) {
      const slots = (await listSlots(queueDeps, m.id, { serviceId, from: route!.date, to: route!.date })).filter((s) => s.capacity > 0 && inStop(s.startsAt));
      for (const slot of slots) {
        for (let i = 0; i < slot.remaining; i += 1) {
          await bookSlot(queueDeps, m.id, { slotId: slot.id, contact: { name: `住民${booked}`, email: `r${booked}@example.jp` }, channel: 'staff' });
          booked += 1;
        }
      }
    }
    t = performance.now();
    const result = await cancelStops(deps, admin, route!.id, { reason: '大雪のため', routeStopIds: [stop.id] }, null);
    const ms = performance.now() - t;
    rows.push({ engine, step: `運休 of a stop with ${booked} bookings (${result.notices.length} notices queued)`, n: 1, p50_ms: ms, p95_ms: ms });
    await queueRuntime(deps).settled();
    return rows;
  } finally {
    await handle.close();
  }
}

const rows: Record<string, string | number>[] = [];
for (const engine of ENGINES) {
  if (engine === 'postgres') {
    const pg = startPostgres(55437);
    try {
      rows.push(...(await runOne(engine, { kind: 'postgres', url: pg.url, poolSize: 10 })));
    } finally {
      pg.stop();
    }
  } else {
    rows.push(...(await runOne(engine, { kind: 'pglite', dataDir: null })));
  }
}
report('outreach-schedule', rows);
