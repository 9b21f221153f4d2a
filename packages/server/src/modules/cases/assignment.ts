import { sql } from 'kysely';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Services } from '../../platform/http/context';
import { AppError, badRequest } from '../../platform/http/errors';
import { listStaff, type StaffView } from '../staff/service';
import { getCaseForStaff, moveCase, type CaseView } from './service';
import { CASE_STATUS_LABELS, isTerminal } from './state';

/**
 * Who works on a case (担当者) and the inbox's bulk actions. Assignment does not move the case; it
 * says whose desk it is on, so a department's reviewers do not work on the same case twice.
 */

const WORKER_ROLES = ['counter_staff', 'department_reviewer', 'municipality_admin', 'system_admin'] as const;
const reviewerOnly = (roles: readonly string[]) => roles.length > 0 && roles.every((r) => r === 'department_reviewer');

/** Whether a staff member may open a case of this department (the inbox's own rule). */
function maySee(person: Pick<StaffView, 'roles' | 'departmentIds'>, departmentId: string | null): boolean {
  if (!reviewerOnly(person.roles)) return true;
  return departmentId !== null && person.departmentIds.includes(departmentId);
}

export interface Assignee {
  id: string;
  displayName: string;
  departmentIds: string[];
}

/**
 * The people a case can be given to: active staff who work on cases. A department reviewer sees
 * the colleagues of their own departments; counter staff and admins see everyone.
 */
export async function assignableStaff(services: Services, staff: StaffPrincipal): Promise<Assignee[]> {
  const all = (await listStaff(services, staff.municipalityId)).filter((s) => s.active && s.roles.some((r) => (WORKER_ROLES as readonly string[]).includes(r)));
  const mine = reviewerOnly(staff.roles) ? all.filter((s) => s.id === staff.id || s.departmentIds.some((d) => staff.departmentIds.includes(d))) : all;
  return mine.map((s) => ({ id: s.id, displayName: s.displayName, departmentIds: s.departmentIds })).sort((a, b) => a.displayName.localeCompare(b.displayName, 'ja'));
}

const caseClosed = (view: CaseView) =>
  new AppError(409, 'CASE_NOT_ASSIGNABLE', `「${CASE_STATUS_LABELS[view.status]}」の案件には担当者を設定できません。`);

/**
 * Gives a case to a colleague (or to oneself, or to nobody). `expected` is the assignee the screen
 * showed: if someone else took the case meanwhile, the change is refused and says so.
 */
export async function assignCase(
  services: Services, staff: StaffPrincipal, caseId: string, input: { staffId: string | null; expected?: string | null | undefined }, requestId: string | null,
): Promise<CaseView> {
  const { case: view } = await getCaseForStaff(services, staff, caseId, requestId);
  if (view.status === 'draft' || isTerminal(view.status)) throw caseClosed(view);
  let assignee: StaffView | null = null;
  if (input.staffId) {
    assignee = (await listStaff(services, staff.municipalityId)).find((s) => s.id === input.staffId && s.active) ?? null;
    if (!assignee) throw badRequest('CASE_ASSIGNEE_NOT_FOUND', '担当者に選んだ職員が見つかりません（退職・停止中の可能性があります）。一覧から選び直してください。', [{ path: 'staffId', message: '職員を選び直してください。' }]);
    if (!maySee(assignee, view.departmentId) || (reviewerOnly(staff.roles) && assignee.id !== staff.id && !assignee.departmentIds.some((d) => staff.departmentIds.includes(d)))) {
      throw badRequest('CASE_ASSIGNEE_CANNOT_SEE', `${assignee.displayName}さんはこの案件の担当課に所属していないため、担当者にできません。同じ課の職員を選んでください。`, [{ path: 'staffId', message: '担当課の職員を選んでください。' }]);
    }
  }
  const now = services.now();
  return services.db.transaction().execute(async (trx) => {
    let q = trx.updateTable('case_record').set({ assigned_staff_id: input.staffId, updated_at: now })
      .where('municipality_id', '=', staff.municipalityId).where('id', '=', caseId)
      .where('status', 'not in', ['draft', 'completed', 'rejected', 'withdrawn']);
    if (input.expected !== undefined) {
      q = input.expected === null ? q.where('assigned_staff_id', 'is', null) : q.where('assigned_staff_id', '=', input.expected);
    }
    const r = await q.executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) {
      throw new AppError(409, 'CASE_ASSIGNMENT_CHANGED', 'この案件の担当者（または状態）は他の人の操作で変わっています。画面を更新して確認してください。');
    }
    await trx.insertInto('case_action').values({
      municipality_id: staff.municipalityId, case_id: caseId,
      seq: sql<number>`(select coalesce(max(seq), 0) + 1 from case_action where municipality_id = ${staff.municipalityId} and case_id = ${caseId})`,
      at: now, actor_kind: 'staff', actor_staff_id: staff.id, action: 'assign', from_status: null, to_status: null,
      note: assignee ? `担当者: ${assignee.displayName}` : '担当者なし',
    }).execute();
    await appendAudit(trx, {
      municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'case.assign', subjectType: 'case', subjectId: caseId,
      purpose: view.procedureId, requestId, details: { from: view.assignedStaffId, to: input.staffId },
    }, now);
    return { ...view, assignedStaffId: input.staffId, updatedAt: now.toISOString() };
  });
}

export interface BulkItemResult {
  caseId: string;
  ok: boolean;
  receiptNumber: string | null;
  code?: string;
  message?: string;
}

/**
 * One action over several cases (受付 of the morning's applications, handing a batch to a colleague).
 * Each case is done on its own: one case that moved meanwhile does not stop the others, and the
 * reply says, case by case, what happened. One audit event lists the whole batch.
 */
export async function bulkCaseAction(
  services: Services, staff: StaffPrincipal, input: { action: 'accept' | 'assign'; caseIds: string[]; staffId?: string | null | undefined }, requestId: string | null,
): Promise<BulkItemResult[]> {
  const ids = [...new Set(input.caseIds)];
  if (input.action === 'assign' && input.staffId === undefined) {
    throw badRequest('VALIDATION_FAILED', '担当者を選んでください。', [{ path: 'staffId', message: '担当者を選んでください（担当を外すときは「なし」）。' }]);
  }
  const results: BulkItemResult[] = [];
  for (const caseId of ids) {
    try {
      if (input.action === 'accept') {
        const { case: view } = await getCaseForStaff(services, staff, caseId, requestId);
        const moved = await services.db.transaction().execute((trx) =>
          moveCase(trx, { kind: 'staff', staff }, caseId, 'accepted', { expected: 'submitted' }, services.now()));
        results.push({ caseId, ok: true, receiptNumber: moved.receiptNumber ?? view.receiptNumber });
      } else {
        const moved = await assignCase(services, staff, caseId, { staffId: input.staffId ?? null }, requestId);
        results.push({ caseId, ok: true, receiptNumber: moved.receiptNumber });
      }
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      const receipt = await services.db.selectFrom('case_record').select('receipt_number')
        .where('municipality_id', '=', staff.municipalityId).where('id', '=', caseId).executeTakeFirst();
      // A case this person may not see is reported like a missing one: its receipt number is not shown.
      results.push({ caseId, ok: false, receiptNumber: e.code === 'CASE_NOT_FOUND' ? null : (receipt?.receipt_number ?? null), code: e.code, message: e.message });
    }
  }
  await appendAudit(services.db, {
    municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'case.bulk', subjectType: 'case', subjectId: null, requestId,
    details: { action: input.action, staffId: input.staffId ?? null, done: results.filter((r) => r.ok).map((r) => r.caseId), failed: results.filter((r) => !r.ok).map((r) => ({ caseId: r.caseId, code: r.code })) },
  }, services.now());
  return results;
}
