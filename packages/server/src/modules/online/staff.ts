import { randomUUID } from 'node:crypto';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Services } from '../../platform/http/context';
import { mailerOf } from './mail';
import { badRequest, notFound } from '../../platform/http/errors';
import { getCaseForStaff, moveCase, type CaseView } from '../cases/service';
import type { CaseStatus } from '../cases/state';
import { getMunicipality } from '../tenancy/service';

async function applicantOf(services: Services, municipalityId: string, caseId: string) {
  return services.db.selectFrom('online_application as o')
    .innerJoin('online_account as a', (j) => j.onRef('a.municipality_id', '=', 'o.municipality_id').onRef('a.id', '=', 'o.account_id'))
    .select(['a.email', 'a.display_name']).where('o.municipality_id', '=', municipalityId).where('o.case_id', '=', caseId).executeTakeFirst();
}

/** Tells the applicant by e-mail that something happened; never the content itself (it may be personal). */
async function notifyApplicant(services: Services, municipalityId: string, view: CaseView, what: string) {
  const applicant = await applicantOf(services, municipalityId, view.id);
  if (!applicant) return 'no_applicant' as const;
  const m = await getMunicipality(services.db, municipalityId);
  return mailerOf(services).send({
    to: applicant.email,
    subject: `【${m.name}】オンライン申請 ${view.receiptNumber ?? ''} について`,
    text: `${applicant.display_name} 様\n\n${what}\nオンライン申請のページにログインして、「申請の一覧」から内容を確認してください。\n\n受付番号: ${view.receiptNumber ?? '（未送信）'}\n${m.name}`,
  });
}

/** Messages between the department and the applicant of an online case (staff view). */
export async function listCaseMessages(services: Services, staff: StaffPrincipal, caseId: string, requestId: string | null) {
  await getCaseForStaff(services, staff, caseId, requestId);
  const rows = await services.db.selectFrom('online_message as m')
    .leftJoin('staff_user as s', (j) => j.onRef('s.municipality_id', '=', 'm.municipality_id').onRef('s.id', '=', 'm.staff_id'))
    .select(['m.id', 'm.from_kind', 'm.body', 'm.created_at', 's.display_name'])
    .where('m.municipality_id', '=', staff.municipalityId).where('m.case_id', '=', caseId).orderBy('m.created_at').execute();
  const applicant = await applicantOf(services, staff.municipalityId, caseId);
  return {
    online: applicant !== undefined,
    items: rows.map((r) => ({ id: r.id, from: r.from_kind, staffName: r.display_name, body: r.body, at: new Date(r.created_at).toISOString() })),
  };
}

export async function postStaffMessage(services: Services, staff: StaffPrincipal, caseId: string, body: string, requestId: string | null) {
  const { case: view } = await getCaseForStaff(services, staff, caseId, requestId);
  if (!(await applicantOf(services, staff.municipalityId, caseId))) {
    throw notFound('ONLINE_APPLICANT_NOT_FOUND', 'この案件はオンライン申請ではないため、申請者にメッセージを送れません。');
  }
  const now = services.now();
  const id = randomUUID();
  await services.db.transaction().execute(async (trx) => {
    await trx.insertInto('online_message').values({ municipality_id: staff.municipalityId, id, case_id: caseId, from_kind: 'staff', staff_id: staff.id, body, created_at: now }).execute();
    await appendAudit(trx, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'online.message', subjectType: 'case', subjectId: caseId, requestId, details: { from: 'staff' } }, now);
  });
  const mail = await notifyApplicant(services, staff.municipalityId, view, '担当課からメッセージが届きました。');
  return { id, mail };
}

/**
 * 補正依頼: returns the case to the applicant with the reason, and tells them by e-mail. The reason
 * is shown on their application page; the e-mail only says that there is one.
 */
export async function requestCorrection(services: Services, staff: StaffPrincipal, caseId: string, input: { note: string; expected: CaseStatus }, requestId: string | null) {
  await getCaseForStaff(services, staff, caseId, requestId);
  const moved = await services.db.transaction().execute((trx) =>
    moveCase(trx, { kind: 'staff', staff }, caseId, 'returned', { note: input.note, expected: input.expected }, services.now()));
  const mail = await notifyApplicant(services, staff.municipalityId, moved, '申請内容について、担当課から補正（修正）のお願いがあります。');
  return { case: moved, mail };
}

/**
 * 決定: completes (approves) or rejects an online case with the note printed on the notice, and tells
 * the applicant by e-mail that the result is ready (the notice itself is on their page).
 */
export async function decideCase(services: Services, staff: StaffPrincipal, caseId: string, input: { to: 'completed' | 'rejected'; note: string | null; expected: CaseStatus }, requestId: string | null) {
  await getCaseForStaff(services, staff, caseId, requestId);
  if (input.to === 'rejected' && !input.note?.trim()) {
    throw badRequest('CASE_NOTE_REQUIRED', '却下の理由を入力してください。却下通知書に載り、申請者に伝わります。', [{ path: 'note', message: '理由を入力してください。' }]);
  }
  const moved = await services.db.transaction().execute((trx) =>
    moveCase(trx, { kind: 'staff', staff }, caseId, input.to, { note: input.note, expected: input.expected }, services.now()));
  const mail = await notifyApplicant(services, staff.municipalityId, moved,
    input.to === 'completed' ? '申請の審査が終わり、決定通知書をお渡しできるようになりました。' : '申請の審査が終わりました。結果（却下通知書）を確認してください。');
  return { case: moved, mail };
}
