import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';
import { appendAudit } from '../../platform/audit/audit';
import type { Services } from '../../platform/http/context';
import { enqueueJob, jobsOf } from '../../platform/jobs/jobs';
import { anonymiseClosedCase, expiredClosedCases } from '../cases/service';
import { latestVersionSummaries, loadVersion } from '../procedures/store';
import { storageOf } from './storage';

export const RETENTION_JOB = 'online.retention';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Retention: a closed case is kept for its procedure's period (`definition.retention.years`, from
 * the city's 文書管理規程) counted from when it was closed; then its answers, subject and notes are
 * removed, its messages with the applicant deleted, and an audit event records which cases. The
 * record itself (受付番号, procedure, state history) stays, so statistics and the audit trail hold.
 * Idempotent: anonymised cases are not found again.
 */
export async function runRetention(services: Services, municipalityId: string, now: Date): Promise<{ anonymised: number; procedures: number }> {
  const db = services.db;
  const storage = storageOf(services);
  const summaries = await latestVersionSummaries(db, municipalityId);
  let anonymised = 0;
  for (const { version: s } of summaries) {
    const version = await loadVersion(db, municipalityId, s.procedureId);
    if (!version) continue;
    const cutoff = new Date(now);
    cutoff.setUTCFullYear(cutoff.getUTCFullYear() - version.definition.retention.years);
    const ids = await expiredClosedCases(db, municipalityId, s.procedureId, cutoff);
    if (ids.length === 0) continue;
    const keys: string[] = [];
    await db.transaction().execute(async (trx) => {
      const done: string[] = [];
      for (const id of ids) {
        if (await anonymiseClosedCase(trx, municipalityId, id, now)) done.push(id);
      }
      if (done.length > 0) {
        await trx.deleteFrom('online_message').where('municipality_id', '=', municipalityId).where('case_id', 'in', done).execute();
        const files = await trx.deleteFrom('online_attachment').where('municipality_id', '=', municipalityId).where('case_id', 'in', done).returning('storage_key').execute();
        keys.push(...files.map((f) => f.storage_key));
      }
      await appendAudit(trx, {
        municipalityId, actorStaffId: null, action: 'case.retention_purge', subjectType: 'procedure', purpose: s.procedureId,
        details: { caseIds: done, retentionYears: version.definition.retention.years, basis: version.definition.retention.basis },
      }, now);
      anonymised += done.length;
    });
    // The files go after the rows: a crash in between leaves an orphan file, never a row without its file.
    for (const key of keys) await storage.delete(key);
  }
  return { anonymised, procedures: summaries.length };
}

/** Makes sure one retention run is waiting for the city (the job schedules the next one itself). */
export async function scheduleRetention(db: Kysely<Database>, municipalityId: string, now: Date, runAfter = now): Promise<void> {
  const pending = (await jobsOf(db, municipalityId, municipalityId)).some((j) => j.kind === RETENTION_JOB && (j.status === 'pending' || j.status === 'running'));
  if (!pending) await enqueueJob(db, { municipalityId, kind: RETENTION_JOB, subjectType: 'municipality', subjectId: municipalityId, runAfter }, now);
}

export function registerRetention(services: Services): void {
  services.jobs.register(RETENTION_JOB, async (ctx) => {
    const result = await runRetention(services, ctx.job.municipalityId, ctx.now());
    // The next run is a new job, so each day's result stays visible on its own.
    await enqueueJob(ctx.db, { municipalityId: ctx.job.municipalityId, kind: RETENTION_JOB, subjectType: 'municipality', subjectId: ctx.job.municipalityId, runAfter: new Date(ctx.now().getTime() + DAY_MS) }, ctx.now());
    return result;
  });
}
