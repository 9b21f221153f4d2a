import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Database, JobTable } from '../db/schema';
import type { Logger } from '../log';
import { AppError, notFound } from '../http/errors';

type Db = Kysely<Database> | Transaction<Database>;

export interface NewJob {
  municipalityId: string;
  kind: string;
  subjectType?: string | null;
  subjectId?: string | null;
  payload?: Record<string, unknown>;
  maxAttempts?: number;
  runAfter?: Date;
}

/** Writes a job. Call it with the transaction that makes the change the job follows from. */
export async function enqueueJob(db: Db, job: NewJob, now: Date): Promise<string> {
  const id = randomUUID();
  await db.insertInto('job').values({
    municipality_id: job.municipalityId, id, kind: job.kind, subject_type: job.subjectType ?? null, subject_id: job.subjectId ?? null,
    payload: JSON.stringify(job.payload ?? {}), status: 'pending', attempts: 0, max_attempts: job.maxAttempts ?? 5,
    run_after: job.runAfter ?? now, locked_until: null, last_error: null, result: null, created_at: now, finished_at: null,
  }).execute();
  return id;
}

export interface JobContext {
  job: JobView;
  db: Kysely<Database>;
  now: () => Date;
}

/**
 * A handler must be idempotent: it may run again after a crash between its work and the commit
 * that marks it done. It returns a small JSON result shown in the pipeline view.
 */
export type JobHandler = (ctx: JobContext) => Promise<Record<string, unknown> | void>;

export interface JobView {
  id: string;
  municipalityId: string;
  kind: string;
  subjectType: string | null;
  subjectId: string | null;
  payload: Record<string, unknown>;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  result: Record<string, unknown> | null;
  createdAt: string;
  finishedAt: string | null;
}

const toView = (r: Selectable<JobTable>): JobView => ({
  id: r.id, municipalityId: r.municipality_id, kind: r.kind, subjectType: r.subject_type, subjectId: r.subject_id,
  payload: (r.payload ?? {}) as Record<string, unknown>, status: r.status, attempts: r.attempts, maxAttempts: r.max_attempts,
  lastError: r.last_error, result: (r.result ?? null) as Record<string, unknown> | null,
  createdAt: new Date(r.created_at).toISOString(), finishedAt: r.finished_at ? new Date(r.finished_at).toISOString() : null,
});

/** Retries back off: 10 s, 40 s, 90 s, … (attempts² × 10 s). */
const backoffMs = (attempts: number) => attempts * attempts * 10_000;
/** A running job whose worker died is taken again after this long. */
const LEASE_MS = 5 * 60_000;

export class JobRunner {
  readonly #handlers = new Map<string, JobHandler>();
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #stopped = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly now: () => Date,
    private readonly logger: Logger,
  ) {}

  register(kind: string, handler: JobHandler): void {
    this.#handlers.set(kind, handler);
  }

  /**
   * Claims one due job. The claim is one conditional UPDATE (with SKIP LOCKED on PostgreSQL),
   * so two workers never run the same job at the same time.
   */
  async #claim(): Promise<Selectable<JobTable> | undefined> {
    const now = this.now();
    const kinds = [...this.#handlers.keys()];
    if (kinds.length === 0) return undefined;
    const claimed = await sql<Selectable<JobTable>>`
      update job set status = 'running', attempts = attempts + 1, locked_until = ${new Date(now.getTime() + LEASE_MS)}
      where (municipality_id, id) = (
        select municipality_id, id from job
        where kind in (${sql.join(kinds)})
          and ((status = 'pending' and run_after <= ${now}) or (status = 'running' and locked_until < ${now}))
        order by run_after
        limit 1
        for update skip locked
      )
      returning *`.execute(this.db);
    return claimed.rows[0];
  }

  /** Runs due jobs until none is left; returns how many ran. Tests call this directly. */
  async runDue(limit = 100): Promise<number> {
    let ran = 0;
    while (ran < limit && !this.#stopped) {
      const row = await this.#claim();
      if (!row) break;
      ran++;
      const handler = this.#handlers.get(row.kind)!;
      try {
        const result = await handler({ job: toView(row), db: this.db, now: this.now });
        await this.db.updateTable('job').set({ status: 'done', result: JSON.stringify(result ?? {}), finished_at: this.now(), locked_until: null, last_error: null })
          .where('municipality_id', '=', row.municipality_id).where('id', '=', row.id).execute();
      } catch (e) {
        const message = e instanceof Error ? e.message : String(e);
        const attempts = row.attempts;
        const failed = attempts >= row.max_attempts;
        await this.db.updateTable('job').set({
          status: failed ? 'failed' : 'pending', last_error: message.slice(0, 1000), locked_until: null,
          run_after: new Date(this.now().getTime() + backoffMs(attempts)), ...(failed ? { finished_at: this.now() } : {}),
        }).where('municipality_id', '=', row.municipality_id).where('id', '=', row.id).execute();
        this.logger.warn('job failed', { jobId: row.id, kind: row.kind, attempts, final: failed });
      }
    }
    return ran;
  }

  /** Polls in the background. One poll at a time; stop() waits for the current one. */
  start(intervalMs = 1000): void {
    this.#stopped = false;
    const tick = () => {
      this.#running = this.runDue().catch((e: unknown) => {
        this.logger.error('job runner error', { errorName: e instanceof Error ? e.name : 'unknown' });
        return 0;
      });
      void this.#running.then(() => {
        if (!this.#stopped) this.#timer = setTimeout(tick, intervalMs);
      });
    };
    this.#timer = setTimeout(tick, intervalMs);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    await this.#running;
  }
}

/** The pipeline of a subject (a case…): every job with its status, attempts and last error. */
export async function jobsOf(db: Db, municipalityId: string, subjectId: string): Promise<JobView[]> {
  const rows = await db.selectFrom('job').selectAll().where('municipality_id', '=', municipalityId).where('subject_id', '=', subjectId).orderBy('created_at').execute();
  return rows.map(toView);
}

/** The retry button: a failed job is put back to run now, with its attempts reset. */
export async function retryJob(db: Db, municipalityId: string, jobId: string, now: Date): Promise<JobView> {
  const row = await db.updateTable('job').set({ status: 'pending', attempts: 0, run_after: now, last_error: null, finished_at: null })
    .where('municipality_id', '=', municipalityId).where('id', '=', jobId).where('status', '=', 'failed')
    .returningAll().executeTakeFirst();
  if (row) return toView(row);
  const exists = await db.selectFrom('job').select('status').where('municipality_id', '=', municipalityId).where('id', '=', jobId).executeTakeFirst();
  if (!exists) throw notFound('JOB_NOT_FOUND', '該当する処理が見つかりません。画面を更新してください。');
  throw new AppError(409, 'JOB_NOT_FAILED', '失敗していない処理はやり直せません。画面を更新して状態を確認してください。');
}
