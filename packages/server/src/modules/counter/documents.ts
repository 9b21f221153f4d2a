import { createHash, randomUUID } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { type Navigation } from '@madoguchi/procedures';
import { renderGuideSheetPdf, renderProcedurePdf } from '@madoguchi/procedures/pdf';
import { todayInJapan } from '@madoguchi/jp';
import type { Database } from '../../platform/db/schema';
import type { JobRunner } from '../../platform/jobs/jobs';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { AppError, notFound } from '../../platform/http/errors';
import { getMunicipality } from '../tenancy/service';
import { loadDepartmentRefs, publishedVersion } from '../procedures/service';
import { JOB_CASE_FORM, JOB_GUIDE_SHEET, JOB_NOTIFY_DEPARTMENT } from './complete';
import { readState } from './model';
import { embedSignature } from './signature';
import { PURPOSE, type CounterDeps, type VisitResult } from './visits';

/**
 * What a completed visit leaves behind after its commit, made by jobs (so the completion
 * transaction stays short): each case's signed PDF, a notice to each department, and the
 * 手続き案内書. Every handler can run twice without making a second document.
 */

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function storeDocument(db: Kysely<Database>, d: { municipalityId: string; visitId: string; caseId: string | null; kind: 'form' | 'guide_sheet'; procedureId: string | null; title: string; pdf: Uint8Array }, now: Date) {
  const hash = sha256(d.pdf);
  await db.insertInto('counter_document').values({
    municipality_id: d.municipalityId, id: randomUUID(), visit_id: d.visitId, case_id: d.caseId, kind: d.kind, procedure_id: d.procedureId,
    title: d.title, pdf: d.pdf, sha256: hash, created_at: now,
  }).onConflict((oc) => oc.doNothing()).execute();
  return { bytes: d.pdf.length, sha256: hash };
}

export function registerCounterJobs(jobs: JobRunner): void {
  jobs.register(JOB_CASE_FORM, async ({ job, db, now }) => {
    const m = job.municipalityId;
    const caseId = job.subjectId!;
    const visitId = String(job.payload['visitId']);
    const c = await db.selectFrom('case_record').selectAll().where('municipality_id', '=', m).where('id', '=', caseId).executeTakeFirstOrThrow();
    const visit = await db.selectFrom('counter_visit').select(['signature_png', 'state', 'completed_at']).where('municipality_id', '=', m).where('id', '=', visitId).executeTakeFirstOrThrow();
    const version = await publishedVersion(db, m, c.procedure_id, c.procedure_version);
    if (!version?.definition.layout) throw new Error(`no layout for ${c.procedure_id} v${c.procedure_version}`);
    const { signature: _signature, ...answers } = (c.answers ?? {}) as Record<string, unknown>;
    const at = visit.completed_at ? new Date(visit.completed_at) : now();
    let pdf = await renderProcedurePdf(version.definition, version.definition.layout, answers, { today: todayInJapan(at), channel: 'counter', createdAt: at });
    if (visit.signature_png && !readState(visit.state).paperSignature) pdf = await embedSignature(pdf, version.definition.layout, visit.signature_png);
    return storeDocument(db, { municipalityId: m, visitId, caseId, kind: 'form', procedureId: c.procedure_id, title: version.title, pdf }, now());
  });

  jobs.register(JOB_NOTIFY_DEPARTMENT, async ({ job, db, now }) => {
    const m = job.municipalityId;
    const caseId = job.subjectId!;
    const departmentId = typeof job.payload['departmentId'] === 'string' ? job.payload['departmentId'] : null;
    const already = await db.selectFrom('case_action').select('seq').where('municipality_id', '=', m).where('case_id', '=', caseId).where('action', '=', 'notify').executeTakeFirst();
    const department = departmentId ? await db.selectFrom('department').select('name').where('municipality_id', '=', m).where('id', '=', departmentId).executeTakeFirst() : undefined;
    const note = department ? `${department.name}の受付箱に届けました。` : '担当課が決まっていないため、受付箱（全体）に届けました。';
    if (!already) {
      await db.insertInto('case_action').values({
        municipality_id: m, case_id: caseId, seq: sql<number>`(select coalesce(max(seq), 0) + 1 from case_action where municipality_id = ${m} and case_id = ${caseId})`,
        at: now(), actor_kind: 'system', actor_staff_id: null, action: 'notify', from_status: null, to_status: null, note,
      }).execute();
    }
    return { department: department?.name ?? null };
  });

  jobs.register(JOB_GUIDE_SHEET, async ({ job, db, now }) => {
    const m = job.municipalityId;
    const visitId = job.subjectId!;
    const visit = await db.selectFrom('counter_visit').select(['result', 'completed_at']).where('municipality_id', '=', m).where('id', '=', visitId).executeTakeFirstOrThrow();
    const result = visit.result as VisitResult | null;
    if (!result) throw new Error('visit has no result');
    const municipality = await getMunicipality(db, m);
    const refs = new Map((await loadDepartmentRefs(db, m)).map((r) => [r.ref, r]));
    const navigation: Navigation = {
      trace: [],
      proposals: result.proposals.map((p) => {
        const r = p.departmentRef ? refs.get(p.departmentRef) : undefined;
        return {
          procedureId: p.procedureId, title: p.title, bring: p.bring, deadline: p.deadline, priority: p.priority,
          reasons: p.reasons.map((x) => ({ ...x, trace: [] })),
          department: r ? { id: r.ref, name: r.departmentName, section: r.section, floor: r.floor, desk: r.desk, phone: r.phone } : null,
        };
      }),
    };
    const at = visit.completed_at ? new Date(visit.completed_at) : now();
    const pdf = await renderGuideSheetPdf({
      householderName: result.householderName, event: { kind: result.event, date: result.eventDate }, navigation, municipalityName: municipality.name,
      issuedBy: result.issuedBy, completedProcedureIds: result.completedHere,
    }, { today: todayInJapan(at), createdAt: at });
    return storeDocument(db, { municipalityId: m, visitId, caseId: null, kind: 'guide_sheet', procedureId: null, title: '手続き案内書', pdf }, now());
  });
}

export async function visitDocument(deps: CounterDeps, staff: StaffPrincipal, visitId: string, kind: 'guide_sheet', requestId: string | null): Promise<{ pdf: Uint8Array; title: string }> {
  const doc = await deps.db.selectFrom('counter_document').select(['pdf', 'title', 'id']).where('municipality_id', '=', staff.municipalityId).where('visit_id', '=', visitId).where('kind', '=', kind).executeTakeFirst();
  if (!doc) {
    const visit = await deps.db.selectFrom('counter_visit').select('status').where('municipality_id', '=', staff.municipalityId).where('id', '=', visitId).executeTakeFirst();
    if (!visit) throw notFound('VISIT_NOT_FOUND', '該当する受付が見つかりません。受付の一覧から選び直してください。');
    throw new AppError(409, 'DOCUMENT_PENDING', visit.status === 'completed' ? '手続き案内書を作成しています。数秒待ってから、もう一度開いてください。' : '手続き案内書は受付の完了後に作成されます。');
  }
  await appendAudit(deps.db, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'counter.document_read', subjectType: 'counter_visit', subjectId: visitId, purpose: PURPOSE, requestId, details: { kind } }, deps.now());
  return { pdf: doc.pdf, title: doc.title };
}

/** The signed form of a counter-made case, if one was made (the inbox shows it). The caller has checked access. */
export async function caseFormDocument(db: Kysely<Database>, municipalityId: string, caseId: string): Promise<{ pdf: Uint8Array; title: string } | null> {
  const doc = await db.selectFrom('counter_document').select(['pdf', 'title']).where('municipality_id', '=', municipalityId).where('case_id', '=', caseId).where('kind', '=', 'form').executeTakeFirst();
  return doc ? { pdf: doc.pdf, title: doc.title } : null;
}
