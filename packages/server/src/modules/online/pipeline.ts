import { createHash, randomUUID } from 'node:crypto';
import type { Insertable, Kysely, Transaction } from 'kysely';
import type { ProcedureDefinition } from '@madoguchi/procedures';
import { renderProcedurePdf } from '@madoguchi/procedures/pdf';
import { todayInJapan, type IsoDate } from '@madoguchi/jp';
import type { Database, JobTable } from '../../platform/db/schema';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Services } from '../../platform/http/context';
import { notFound } from '../../platform/http/errors';
import { jobsOf, retryJob, type JobContext, type JobView } from '../../platform/jobs/jobs';
import { getCaseForApplicant, getCaseForStaff } from '../cases/service';
import { getMunicipality } from '../tenancy/service';
import { pinnedDefinition } from '../procedures/service';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * What follows an accepted online submission, in order, each a job of the outbox with its own
 * status, attempts and retry: the application PDF, the department's notice, the applicant's
 * receipt e-mail. (The receipt number itself is given in the submitting transaction.)
 */
export const PIPELINE = ['online.application_pdf', 'online.notify_department', 'online.mail_applicant'] as const;
export type PipelineStep = (typeof PIPELINE)[number];
export const PIPELINE_LABELS: Record<PipelineStep, string> = {
  'online.application_pdf': '申請書PDFの作成',
  'online.notify_department': '担当課への通知',
  'online.mail_applicant': '申請者への受付メール',
};

/**
 * Enqueued in the transaction that submits the case, so a submission never lacks its pipeline.
 * One INSERT of the three rows (the rows platform/jobs enqueueJob writes: pending, no attempts yet,
 * five at most), not one statement each: a statement less per step on every submission.
 */
export async function enqueueSubmissionPipeline(db: Db, municipalityId: string, caseId: string, now: Date, resubmission = false): Promise<void> {
  await db.insertInto('job').values(submissionPipelineJobs(municipalityId, caseId, now, resubmission)).execute();
}

/** The pipeline's job rows, for a caller that inserts them within a statement of its own. */
export function submissionPipelineJobs(municipalityId: string, caseId: string, now: Date, resubmission: boolean): Insertable<JobTable>[] {
  const payload = JSON.stringify({ caseId, submittedAt: now.toISOString(), resubmission });
  return PIPELINE.map((kind, i) => ({
    municipality_id: municipalityId, id: randomUUID(), kind, subject_type: 'case', subject_id: caseId, payload, status: 'pending' as const,
    attempts: 0, max_attempts: 5,
    // Later steps wait a moment so the list shows them in order; none depends on another's result.
    run_after: new Date(now.getTime() + i), locked_until: null, last_error: null, result: null, created_at: now, finished_at: null,
  }));
}

async function caseAndDefinition(db: Kysely<Database>, municipalityId: string, caseId: string) {
  const { case: view } = await getCaseForApplicant(db, municipalityId, caseId);
  const definition = await pinnedDefinition(db, municipalityId, view);
  if (!definition) throw new Error('pinned procedure version missing');
  return { view, definition };
}

/** The application as the A4 form of its procedure (null when the procedure has no paper layout). */
export async function renderApplicationPdf(definition: ProcedureDefinition, answers: Record<string, unknown>, submittedAt: string | null): Promise<Uint8Array | null> {
  if (!definition.layout) return null;
  const today = todayInJapan(submittedAt ? new Date(submittedAt) : new Date()) as IsoDate;
  return renderProcedurePdf(definition, definition.layout, answers, { today, channel: 'online' });
}

async function applicantOf(db: Kysely<Database>, municipalityId: string, caseId: string) {
  return db.selectFrom('online_application as o')
    .innerJoin('online_account as a', (j) => j.onRef('a.municipality_id', '=', 'o.municipality_id').onRef('a.id', '=', 'o.account_id'))
    .select(['a.email', 'a.display_name']).where('o.municipality_id', '=', municipalityId).where('o.case_id', '=', caseId).executeTakeFirst();
}

/** Handlers are idempotent: running one again after a crash produces the same result. */
export function registerPipeline(services: Services): void {
  const caseIdOf = (ctx: JobContext) => String(ctx.job.payload.caseId ?? '');

  services.jobs.register('online.application_pdf', async (ctx) => {
    const { view, definition } = await caseAndDefinition(ctx.db, ctx.job.municipalityId, caseIdOf(ctx));
    const pdf = await renderApplicationPdf(definition, view.answers, view.submittedAt);
    if (!pdf) return { skipped: 'この手続きには紙の様式がありません' };
    // The PDF is rendered again on download from the same pinned version and answers; the hash
    // recorded here is what was produced at submission.
    return { bytes: pdf.byteLength, sha256: createHash('sha256').update(pdf).digest('hex') };
  });

  services.jobs.register('online.notify_department', async (ctx) => {
    const { view } = await caseAndDefinition(ctx.db, ctx.job.municipalityId, caseIdOf(ctx));
    // The department's inbox lists the case from the moment it is submitted; this step records the
    // notice (and is where a department mailbox or the core system's queue would be told).
    return { departmentId: view.departmentId, receiptNumber: view.receiptNumber, inbox: 'listed' };
  });

  services.jobs.register('online.mail_applicant', async (ctx) => {
    const { view, definition } = await caseAndDefinition(ctx.db, ctx.job.municipalityId, caseIdOf(ctx));
    const applicant = await applicantOf(ctx.db, ctx.job.municipalityId, view.id);
    if (!applicant) return { outcome: 'no_applicant' };
    const m = await getMunicipality(ctx.db, ctx.job.municipalityId);
    const outcome = await services.mailer.send({
      to: applicant.email,
      subject: `【${m.name}】${ctx.job.payload.resubmission === true ? '修正した申請' : '申請'}を受け付けました（${view.receiptNumber ?? ''}）`,
      text: `${applicant.display_name} 様\n\n次の${ctx.job.payload.resubmission === true ? '修正した申請' : '申請'}を受け付けました。\n\n手続き: ${definition.title}\n受付番号: ${view.receiptNumber ?? ''}\n\n審査の状況は、オンライン申請のページの「申請の一覧」で確認できます。\n審査の結果や修正のお願いは、このアドレスにお知らせします。\n\n${m.name}`,
    });
    // A failed delivery is retried by the runner (with back-off) and can be retried by hand.
    if (outcome === 'failed') throw new Error('mail delivery failed');
    return { outcome };
  });
}

export interface PipelineStepView extends JobView {
  label: string;
}

export async function pipelineOf(services: Services, staff: StaffPrincipal, caseId: string, requestId: string | null): Promise<PipelineStepView[]> {
  await getCaseForStaff(services, staff, caseId, requestId);
  const jobs = await jobsOf(services.db, staff.municipalityId, caseId);
  return jobs.filter((j) => (PIPELINE as readonly string[]).includes(j.kind)).map((j) => ({ ...j, label: PIPELINE_LABELS[j.kind as PipelineStep] }));
}

export async function retryPipelineStep(services: Services, staff: StaffPrincipal, caseId: string, jobId: string, requestId: string | null): Promise<PipelineStepView> {
  const steps = await pipelineOf(services, staff, caseId, requestId);
  if (!steps.some((s) => s.id === jobId)) throw notFound('JOB_NOT_FOUND', '該当する処理が見つかりません。画面を更新してください。');
  const job = await retryJob(services.db, staff.municipalityId, jobId, services.now());
  return { ...job, label: PIPELINE_LABELS[job.kind as PipelineStep] };
}
