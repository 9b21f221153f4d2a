import { randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Services } from '../../platform/http/context';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { OnlineMessageTemplateTable } from '../../platform/db/schema';
import { appendAudit } from '../../platform/audit/audit';
import { AppError, badRequest, forbidden, notFound } from '../../platform/http/errors';
import { assertCanEditFor, canEditFor } from '../procedures/access';
import { assertDepartmentsExist } from '../tenancy/service';

export const TEMPLATE_PURPOSES = ['correction', 'message'] as const;
export type TemplatePurpose = (typeof TEMPLATE_PURPOSES)[number];
export const TEMPLATE_PURPOSE_LABELS: Record<TemplatePurpose, string> = { correction: '補正の依頼', message: 'メッセージ' };

export interface TemplateInput {
  purpose: TemplatePurpose;
  procedureId: string | null;
  departmentId: string | null;
  title: string;
  body: string;
  sortOrder: number;
}

export interface TemplateView extends TemplateInput {
  id: string;
  purposeLabel: string;
  updatedAt: string;
  canEdit: boolean;
}

const toView = (staff: StaffPrincipal, r: Selectable<OnlineMessageTemplateTable>): TemplateView => ({
  id: r.id, purpose: r.purpose as TemplatePurpose, purposeLabel: TEMPLATE_PURPOSE_LABELS[r.purpose as TemplatePurpose], procedureId: r.procedure_id,
  departmentId: r.department_id, title: r.title, body: r.body, sortOrder: r.sort_order, updatedAt: new Date(r.updated_at).toISOString(),
  canEdit: canEdit(staff, r.department_id),
});

/** Admins edit every template; a department's reviewers edit their department's. City-wide ones (no department) are the admins'. */
function canEdit(staff: StaffPrincipal, departmentId: string | null): boolean {
  return canEditFor(staff, [departmentId]);
}

function assertCanEdit(staff: StaffPrincipal, departmentId: string | null): void {
  if (canEdit(staff, departmentId)) return;
  if (staff.roles.includes('department_reviewer')) {
    throw forbidden('TEMPLATE_OTHER_DEPARTMENT', departmentId
      ? 'この課の定型文は変更できません。「課」で自分の課を選ぶか、その課の職員か管理者に依頼してください。'
      : '全庁の定型文は管理者が登録・変更します。「課」で自分の課を選んでください。');
  }
  assertCanEditFor(staff, [departmentId]); // admins without a second factor, other roles
}

/**
 * The templates staff can pick from: city-wide ones and those of the procedure (when given); a
 * department reviewer sees city-wide ones and their departments'.
 */
export async function listTemplates(services: Services, staff: StaffPrincipal, f: { procedureId?: string | undefined; purpose?: TemplatePurpose | undefined }): Promise<TemplateView[]> {
  let q = services.db.selectFrom('online_message_template').selectAll().where('municipality_id', '=', staff.municipalityId);
  if (f.purpose) q = q.where('purpose', '=', f.purpose);
  if (f.procedureId) q = q.where((eb) => eb.or([eb('procedure_id', 'is', null), eb('procedure_id', '=', f.procedureId!)]));
  const reviewerOnly = staff.roles.every((r) => r === 'department_reviewer');
  if (reviewerOnly) {
    q = q.where((eb) => eb.or([eb('department_id', 'is', null), ...(staff.departmentIds.length ? [eb('department_id', 'in', staff.departmentIds)] : [])]));
  }
  const rows = await q.orderBy('purpose').orderBy('sort_order').orderBy('title').orderBy('id').execute();
  return rows.map((r) => toView(staff, r));
}

async function validate(services: Services, staff: StaffPrincipal, input: TemplateInput) {
  assertCanEdit(staff, input.departmentId);
  if (input.departmentId) await assertDepartmentsExist(services.db, staff.municipalityId, [input.departmentId]);
  if (input.procedureId) {
    const known = await services.db.selectFrom('procedure_version').select('procedure_id')
      .where('municipality_id', '=', staff.municipalityId).where('procedure_id', '=', input.procedureId).executeTakeFirst();
    if (!known) throw badRequest('PROCEDURE_NOT_FOUND', 'この手続きは公開されていません。手続きを選び直すか、「すべての手続き」にしてください。', [{ path: 'procedureId', message: '公開されている手続きを選んでください。' }]);
  }
}

const audit = (services: Services, trx: Parameters<typeof appendAudit>[0], staff: StaffPrincipal, id: string, change: string, input: Partial<TemplateInput>, requestId: string | null) =>
  appendAudit(trx, {
    municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'online.message_template_update', subjectType: 'message_template', subjectId: id,
    purpose: input.procedureId ?? null, requestId, details: { change, title: input.title, purpose: input.purpose, departmentId: input.departmentId },
  }, services.now());

export async function createTemplate(services: Services, staff: StaffPrincipal, input: TemplateInput, requestId: string | null): Promise<TemplateView> {
  await validate(services, staff, input);
  const id = randomUUID();
  const now = services.now();
  const row = await services.db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto('online_message_template').values({
      municipality_id: staff.municipalityId, id, purpose: input.purpose, procedure_id: input.procedureId, department_id: input.departmentId,
      title: input.title, body: input.body, sort_order: input.sortOrder, created_at: now, updated_at: now, updated_by_staff_id: staff.id,
    }).returningAll().executeTakeFirstOrThrow();
    await audit(services, trx, staff, id, 'create', input, requestId);
    return inserted;
  });
  return toView(staff, row);
}

async function existing(services: Services, staff: StaffPrincipal, id: string) {
  const row = await services.db.selectFrom('online_message_template').selectAll().where('municipality_id', '=', staff.municipalityId).where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('TEMPLATE_NOT_FOUND', 'この定型文は見つかりません。一覧を更新してから選び直してください。');
  assertCanEdit(staff, row.department_id);
  return row;
}

export async function updateTemplate(services: Services, staff: StaffPrincipal, id: string, input: TemplateInput, requestId: string | null): Promise<TemplateView> {
  await existing(services, staff, id);
  await validate(services, staff, input);
  const row = await services.db.transaction().execute(async (trx) => {
    const updated = await trx.updateTable('online_message_template').set({
      purpose: input.purpose, procedure_id: input.procedureId, department_id: input.departmentId, title: input.title, body: input.body,
      sort_order: input.sortOrder, updated_at: services.now(), updated_by_staff_id: staff.id,
    }).where('municipality_id', '=', staff.municipalityId).where('id', '=', id).returningAll().executeTakeFirst();
    if (!updated) throw new AppError(409, 'TEMPLATE_CHANGED', 'この定型文は他の人の操作で削除されました。一覧を更新してください。');
    await audit(services, trx, staff, id, 'update', input, requestId);
    return updated;
  });
  return toView(staff, row);
}

export async function deleteTemplate(services: Services, staff: StaffPrincipal, id: string, requestId: string | null): Promise<void> {
  const row = await existing(services, staff, id);
  await services.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('online_message_template').where('municipality_id', '=', staff.municipalityId).where('id', '=', id).execute();
    await audit(services, trx, staff, id, 'delete', { title: row.title, purpose: row.purpose as TemplatePurpose, procedureId: row.procedure_id, departmentId: row.department_id }, requestId);
  });
}
