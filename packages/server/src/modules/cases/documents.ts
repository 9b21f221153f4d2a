import { todayInJapan } from '@madoguchi/jp';
import { renderProcedurePdf } from '@madoguchi/procedures/pdf';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { AppError, notFound } from '../../platform/http/errors';
import { jobsOf, retryJob, type JobView } from '../../platform/jobs/jobs';
import { caseFormDocument } from '../counter/service';
import { embedSignature } from '../counter/signature';
import { vehicleSignatureOf } from '../outreach/vehicle/signature';
import { publishedVersion } from '../procedures/service';
import type { CasesDeps, CaseView } from './service';

/**
 * The paper form of a case, for the department inbox: the signed PDF a counter visit left, or
 * else the form printed from the case's answers into its pinned version's layout. The caller has
 * read the case (which checks the reviewer's department and audits the read).
 */
export async function caseFormPdf(deps: CasesDeps, staff: StaffPrincipal, view: CaseView): Promise<{ pdf: Uint8Array; title: string }> {
  const stored = await caseFormDocument(deps.db, staff.municipalityId, view.id);
  if (stored) return stored;
  const version = await publishedVersion(deps.db, staff.municipalityId, view.procedureId, view.procedureVersion);
  if (!version?.definition.layout) throw new AppError(422, 'PROCEDURE_NO_LAYOUT', 'この手続きには紙の様式がありません。申請の内容は画面の一覧で確かめてください。');
  const { signature: _signature, ...answers } = view.answers;
  const at = new Date(view.submittedAt ?? view.createdAt);
  const pdf = await renderProcedurePdf(version.definition, version.definition.layout, answers, { today: todayInJapan(at), channel: view.channel, createdAt: at });
  // 移動市役所: the signature the resident drew on the vehicle tablet, drawn in as at the counter.
  const drawn = view.channel === 'outreach' ? await vehicleSignatureOf(deps.db, staff.municipalityId, view.id) : null;
  return { pdf: drawn ? await embedSignature(pdf, version.definition.layout, drawn) : pdf, title: version.title };
}

/** The case's pipeline after submission: each job with its status, attempts and last error. */
export const casePipeline = (deps: CasesDeps, staff: StaffPrincipal, caseId: string): Promise<JobView[]> => jobsOf(deps.db, staff.municipalityId, caseId);

/** The retry button of a failed step of a case's pipeline. */
export async function retryCaseJob(deps: CasesDeps, staff: StaffPrincipal, caseId: string, jobId: string, requestId: string | null): Promise<JobView> {
  const jobs = await jobsOf(deps.db, staff.municipalityId, caseId);
  if (!jobs.some((j) => j.id === jobId)) throw notFound('JOB_NOT_FOUND', '該当する処理が見つかりません。画面を更新してください。');
  return deps.db.transaction().execute(async (trx) => {
    const job = await retryJob(trx, staff.municipalityId, jobId, deps.now());
    await appendAudit(trx, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'job.retry', subjectType: 'case', subjectId: caseId, requestId, details: { jobId, kind: job.kind } }, deps.now());
    return job;
  });
}
