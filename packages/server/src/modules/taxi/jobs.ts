import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema';
import type { Services } from '../../platform/http/context';
import { enqueueJob, jobsOf } from '../../platform/jobs/jobs';
import { suspendForRegistryChanges } from './beneficiaries';

/**
 * Beneficiaries who moved out or died are suspended within the hour, even when nobody opens the
 * lists (the terminals' allow/deny list follows the status). Each run schedules the next.
 */
export const REGISTRY_CHECK_JOB = 'taxi.registry_check';
const HOUR_MS = 3600_000;

export async function scheduleRegistryCheck(db: Kysely<Database> | Transaction<Database>, municipalityId: string, now: Date): Promise<void> {
  const pending = (await jobsOf(db, municipalityId, municipalityId)).some((j) => j.kind === REGISTRY_CHECK_JOB && (j.status === 'pending' || j.status === 'running'));
  if (!pending) await enqueueJob(db, { municipalityId, kind: REGISTRY_CHECK_JOB, subjectType: 'municipality', subjectId: municipalityId, runAfter: now }, now);
}

export function registerTaxiJobs(services: Services): void {
  services.jobs.register(REGISTRY_CHECK_JOB, async (ctx) => {
    const suspended = await suspendForRegistryChanges(ctx.db, ctx.job.municipalityId, ctx.now(), null);
    await enqueueJob(ctx.db, { municipalityId: ctx.job.municipalityId, kind: REGISTRY_CHECK_JOB, subjectType: 'municipality', subjectId: ctx.job.municipalityId, runAfter: new Date(ctx.now().getTime() + HOUR_MS) }, ctx.now());
    return { suspended };
  });
}
