import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';
import type { Logger } from '../../platform/log';
import type { MailSender } from '../../platform/mail/mailer';
import { getMunicipality } from '../tenancy/service';
import { roundedMinutes } from './estimate';
import { localDate } from './hours';
import { LiveFeed } from './live';
import type { QueueDeps, QueueSignal } from './model';
import { buildLocationSnapshot, HistoryCache, type LocationSnapshot } from './snapshot';

interface RuntimeServices {
  db: Kysely<Database>;
  now: () => Date;
  logger: Logger;
  mailer: MailSender;
}

const SNAPSHOT_TTL_MS = 3_000;

/** Signals after which residents move up the queue (and may be due a "your turn is near" e-mail). */
const QUEUE_MOVES = new Set(['called', 'no_show', 'done', 'transferred', 'cancelled']);

/**
 * The queue's in-process machinery, one per platform: the live feed behind every SSE stream, the
 * service-time history cache, and the "your turn is near" e-mails that follow a call.
 */
export class QueueRuntime {
  readonly history = new HistoryCache();
  readonly live: LiveFeed<LocationSnapshot>;
  readonly #inFlight = new Set<Promise<void>>();
  readonly #snapshots = new Map<string, { at: number; snapshot: Promise<LocationSnapshot> }>();
  readonly #generation = new Map<string, number>();

  constructor(private readonly services: RuntimeServices) {
    this.live = new LiveFeed(
      (municipalityId, locationId) => this.snapshot(municipalityId, locationId),
      (error) => services.logger.error('queue live update failed', { errorName: error instanceof Error ? error.name : 'unknown', stack: error instanceof Error ? error.stack : undefined }),
    );
  }

  deps(): QueueDeps {
    const { db, now, logger, mailer } = this.services;
    return { db, now, logger, mailer, live: { publish: (signals) => this.publish(signals) } };
  }

  /**
   * The current snapshot of a location. A burst of readers (a hall full of phones opening their
   * status pages at once) shares one build: a snapshot is reused until the next change at the
   * location, or for a few seconds at most (estimates and booked times move with the clock).
   */
  snapshot(municipalityId: string, locationId: string): Promise<LocationSnapshot> {
    const key = `${municipalityId}:${locationId}`;
    const now = this.services.now().getTime();
    const cached = this.#snapshots.get(key);
    if (cached && now - cached.at < SNAPSHOT_TTL_MS && now >= cached.at) return cached.snapshot;
    const generation = this.#generation.get(key) ?? 0;
    const snapshot = buildLocationSnapshot(this.services.db, this.history, municipalityId, locationId, this.services.now());
    // Kept only if nothing changed at the location while it was being built.
    this.#snapshots.set(key, { at: now, snapshot });
    snapshot.then(
      () => {
        if ((this.#generation.get(key) ?? 0) !== generation) this.#forget(key, snapshot);
      },
      () => this.#forget(key, snapshot),
    );
    return snapshot;
  }

  #forget(key: string, snapshot: Promise<LocationSnapshot>) {
    if (this.#snapshots.get(key)?.snapshot === snapshot) this.#snapshots.delete(key);
  }

  publish(signals: readonly QueueSignal[]): void {
    if (signals.length === 0) return;
    for (const s of signals) {
      const key = `${s.municipalityId}:${s.locationId}`;
      this.#generation.set(key, (this.#generation.get(key) ?? 0) + 1);
      this.#snapshots.delete(key);
    }
    this.live.publish(signals);
    const locations = new Map<string, QueueSignal>();
    for (const s of signals) if (QUEUE_MOVES.has(s.kind)) locations.set(`${s.municipalityId}:${s.locationId}`, s);
    for (const s of locations.values()) {
      const work = this.#notifyNearTurn(s.municipalityId, s.locationId).catch((error: unknown) => {
        this.services.logger.error('queue notification failed', { errorName: error instanceof Error ? error.name : 'unknown' });
      });
      this.#inFlight.add(work);
      void work.finally(() => this.#inFlight.delete(work));
    }
  }

  /** Resolves when the e-mails and live updates started by earlier signals are done (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
    await this.live.settled();
  }

  /**
   * E-mails residents who asked to be told when `notify_ahead` or fewer are in front of them. Each
   * ticket is claimed (notified_at) before sending, so a resident gets one e-mail however many
   * calls happen at once.
   */
  async #notifyNearTurn(municipalityId: string, locationId: string): Promise<void> {
    const { db, now, mailer } = this.services;
    const pending = await db.selectFrom('queue_visit as v')
      .innerJoin('queue_ticket as t', (j) => j.onRef('t.municipality_id', '=', 'v.municipality_id').onRef('t.id', '=', 'v.ticket_id'))
      .select(['t.id', 't.notify_email', 't.notify_ahead', 't.display_number'])
      .where('v.municipality_id', '=', municipalityId).where('v.location_id', '=', locationId).where('v.service_date', '=', localDate(now()))
      .where('v.state', 'in', ['waiting', 'arrived']).where('t.notify_email', 'is not', null).where('t.notified_at', 'is', null)
      .execute();
    if (pending.length === 0) return;
    const snapshot = await this.snapshot(municipalityId, locationId);
    const municipality = await getMunicipality(db, municipalityId);
    for (const p of pending) {
      const entry = snapshot.byTicket.get(p.id);
      if (!entry || entry.state !== 'waiting' || entry.ahead === null || entry.ahead > (p.notify_ahead ?? 0)) continue;
      const claimed = await db.updateTable('queue_ticket').set({ notified_at: now() })
        .where('municipality_id', '=', municipalityId).where('id', '=', p.id).where('notified_at', 'is', null)
        .returning('id').executeTakeFirst();
      if (!claimed || !mailer.configured) continue;
      const minutes = entry.estimateMinutes === null ? null : roundedMinutes(entry.estimateMinutes);
      await mailer.send({
        to: p.notify_email!,
        subject: `【${municipality.name}】まもなく順番です（受付番号 ${p.display_number ?? ''}）`,
        text: [
          `受付番号 ${p.display_number ?? ''} の方`,
          '',
          entry.ahead === 0 ? '次にお呼びします。' : `あと${entry.ahead}人でお呼びします。`,
          minutes === null ? '' : minutes === 0 ? 'まもなくお呼びします。' : `目安: 約${minutes}分`,
          `場所: ${snapshot.location.name}${snapshot.location.place ? `（${snapshot.location.place}）` : ''}`,
          '',
          '会場の呼出表示をご確認ください。呼出時にいらっしゃらない場合、順番が後になることがあります。',
          'このメールは送信専用です。',
        ].filter((l, i, all) => l !== '' || all[i - 1] !== '').join('\n'),
      });
    }
  }
}

const runtimes = new WeakMap<object, QueueRuntime>();

/** The runtime of a platform (keyed by its services object, so each test platform has its own). */
export function queueRuntime(services: RuntimeServices): QueueRuntime {
  let runtime = runtimes.get(services);
  if (!runtime) {
    runtime = new QueueRuntime(services);
    runtimes.set(services, runtime);
  }
  return runtime;
}
