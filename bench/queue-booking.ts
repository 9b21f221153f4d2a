/**
 * Booking race: 500 residents press 予約する for a slot with 20 places at the same moment. The
 * capacity check and the write are one statement, so exactly 20 bookings may exist afterwards —
 * checked in the slot's counter and in the booking rows. On PostgreSQL (a throwaway server, 90
 * connections so the attempts really overlap) and on PGlite (one session) for comparison.
 *
 *   npm run bench -- queue-booking        (BENCH_ENGINES=postgres,pglite  BENCH_ATTEMPTS=500  BENCH_PLACES=20  BENCH_ROUNDS=5)
 */
import type { Kysely } from 'kysely';
import { randomUUID } from 'node:crypto';
import { migrateToLatest, openDatabase, type DatabaseTarget } from '../packages/server/src/platform/db/database';
import type { Database } from '../packages/server/src/platform/db/schema';
import { silentLogger } from '../packages/server/src/platform/log';
import { nullMailer } from '../packages/server/src/platform/mail/mailer';
import { AppError } from '../packages/server/src/platform/http/errors';
import { createMunicipality } from '../packages/server/src/modules/tenancy/service';
import { seedDemoQueue } from '../packages/server/src/modules/queue/demo';
import { bookSlot } from '../packages/server/src/modules/queue/reservations';
import type { QueueDeps } from '../packages/server/src/modules/queue/model';
import { DEMO_DEPARTMENTS } from '../packages/server/src/demo/load';
import { OBANAZAWA } from '../packages/server/src/demo/types';
import { startPostgres } from './support/postgres';
import { report, summarize } from './support/table';

const ENGINES = (process.env.BENCH_ENGINES ?? 'postgres,pglite').split(',');
const ATTEMPTS = Number(process.env.BENCH_ATTEMPTS ?? 500);
const PLACES = Number(process.env.BENCH_PLACES ?? 20);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

async function newSlot(db: Kysely<Database>, municipalityId: string, round: number): Promise<string> {
  const service = await db.selectFrom('queue_service').select(['id', 'location_id']).where('municipality_id', '=', municipalityId).where('code', '=', 'moving').executeTakeFirstOrThrow();
  const id = randomUUID();
  const startsAt = new Date(Date.now() + (2 + round) * 86_400_000);
  await db.insertInto('queue_reservation_slot').values({
    municipality_id: municipalityId, id, location_id: service.location_id, service_id: service.id,
    service_date: startsAt.toISOString().slice(0, 10), starts_at: startsAt, ends_at: new Date(startsAt.getTime() + 30 * 60_000), capacity: PLACES,
  }).execute();
  return id;
}

async function runOne(engine: string, target: DatabaseTarget) {
  const handle = await openDatabase(target);
  try {
    await migrateToLatest(handle.db);
    const m = await handle.db.transaction().execute((trx) => createMunicipality(trx, { ...OBANAZAWA, departments: DEMO_DEPARTMENTS }));
    const deps: QueueDeps = { db: handle.db, now: () => new Date(), logger: silentLogger, mailer: nullMailer, live: { publish: () => {} } };
    await seedDemoQueue(deps, m.id, { historyDays: 0 });
    const rows: Record<string, string | number>[] = [];
    for (let round = 1; round <= ROUNDS; round += 1) {
      const slotId = await newSlot(handle.db, m.id, round);
      const times: number[] = [];
      const outcomes = new Map<string, number>();
      const started = performance.now();
      await Promise.all(Array.from({ length: ATTEMPTS }, async (_, i) => {
        const t = performance.now();
        let outcome = 'booked';
        try {
          await bookSlot(deps, m.id, { slotId, contact: { name: `住民${i}`, email: `r${round}-${i}@example.jp` }, channel: 'online' });
        } catch (error) {
          outcome = error instanceof AppError ? error.code : `unexpected: ${error instanceof Error ? error.message : String(error)}`;
        }
        times.push(performance.now() - t);
        outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
      }));
      const seconds = (performance.now() - started) / 1000;
      const slot = await handle.db.selectFrom('queue_reservation_slot').select('booked').where('id', '=', slotId).executeTakeFirstOrThrow();
      const held = await handle.db.selectFrom('queue_reservation').select((eb) => eb.fn.countAll<string>().as('n')).where('slot_id', '=', slotId).where('state', 'in', ['held', 'confirmed']).executeTakeFirstOrThrow();
      const booked = outcomes.get('booked') ?? 0;
      const s = summarize(times);
      rows.push({
        engine, round, attempts: ATTEMPTS, places: PLACES, booked, slot_full: outcomes.get('RESERVATION_SLOT_FULL') ?? 0,
        other: ATTEMPTS - booked - (outcomes.get('RESERVATION_SLOT_FULL') ?? 0), rows_in_db: Number(held.n), slot_counter: slot.booked,
        exact: booked === PLACES && Number(held.n) === PLACES && slot.booked === PLACES ? 'yes' : 'NO', seconds, p50_ms: s.p50, p99_ms: s.p99,
      });
      const unexpected = [...outcomes.keys()].filter((k) => k !== 'booked' && k !== 'RESERVATION_SLOT_FULL');
      if (unexpected.length > 0) console.error(engine, 'unexpected outcomes', unexpected);
    }
    return rows;
  } finally {
    await handle.close();
  }
}

const rows: Record<string, string | number>[] = [];
for (const engine of ENGINES) {
  if (engine === 'postgres') {
    const pg = startPostgres(55436);
    try {
      rows.push(...(await runOne(engine, { kind: 'postgres', url: pg.url, poolSize: 90 })));
    } finally {
      pg.stop();
    }
  } else {
    rows.push(...(await runOne(engine, { kind: 'pglite', dataDir: null })));
  }
}
report('queue-booking', rows);
if (rows.some((r) => r.exact !== 'yes')) process.exitCode = 1;
