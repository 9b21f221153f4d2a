import { todayInJapan } from '@madoguchi/jp';
import type { Interview } from '@madoguchi/procedures';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { AppError } from '../../platform/http/errors';
import { applyCorrection, type CorrectionInput } from '../registry/service';
import { getMunicipality } from '../tenancy/service';
import { interviewFor, proposalsFor, type ProposalView } from './bundle';
import { readState } from './model';
import { PURPOSE, loadVisitRow, residentIdsOf, updateVisitState, type CounterDeps, type VisitView } from './visits';

/** 手続きの選択: what the navigator proposes for this visit, with its reasons. */
export async function visitProposals(deps: CounterDeps, staff: StaffPrincipal, visitId: string, requestId: string | null): Promise<ProposalView[]> {
  const row = await loadVisitRow(deps.db, staff.municipalityId, visitId);
  const state = readState(row.state);
  const proposals = await proposalsFor(deps.db, staff.municipalityId, state, todayInJapan(deps.now()));
  await appendAudit(deps.db, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'counter.visit_read', subjectType: 'counter_visit', subjectId: visitId, purpose: PURPOSE, requestId, details: { part: 'proposals', residentIds: residentIdsOf(state) } }, deps.now());
  return proposals;
}

/**
 * Staff tick what to do now. Each chosen procedure is pinned to the version published at this
 * moment, so a version published mid-visit does not change the forms under the resident's eyes.
 */
export async function chooseProcedures(deps: CounterDeps, staff: StaffPrincipal, visitId: string, input: { revision: number; chosen: string[] }, requestId: string | null): Promise<VisitView> {
  return deps.db.transaction().execute(async (trx) => updateVisitState(deps, staff, trx, visitId, input.revision, async (state) => {
    const proposals = await proposalsFor(trx, staff.municipalityId, state, todayInJapan(deps.now()));
    const unknown = input.chosen.filter((id) => !proposals.some((p) => p.procedureId === id));
    if (unknown.length > 0) throw new AppError(422, 'VISIT_PROCEDURE_NOT_PROPOSED', `手続きナビが提案していない手続きは選べません（${unknown.join('、')}）。画面を読み込み直してください。`);
    const previous = new Map(state.chosen.map((c) => [c.procedureId, c.version]));
    const chosen = proposals.filter((p) => input.chosen.includes(p.procedureId))
      .map((p) => ({ procedureId: p.procedureId, version: previous.get(p.procedureId) ?? p.version, memberIds: p.memberIds }));
    const later = proposals.filter((p) => !input.chosen.includes(p.procedureId)).map((p) => p.procedureId);
    return { ...state, chosen, later, step: 'interview' };
  }, requestId));
}

/** 聞き取り: one interview over the chosen procedures, with what is known filled in. */
export async function visitInterview(deps: CounterDeps, staff: StaffPrincipal, visitId: string, requestId: string | null): Promise<{ interview: Interview; forms: string[] }> {
  const row = await loadVisitRow(deps.db, staff.municipalityId, visitId);
  const state = readState(row.state);
  if (state.chosen.length === 0) throw new AppError(422, 'VISIT_NOTHING_CHOSEN', '手続きが1つも選ばれていません。「手続きの選択」で今日行う手続きに印を付けてください。');
  const { interview, procedures } = await interviewFor(deps.db, staff.municipalityId, state, { audience: 'staff', today: todayInJapan(deps.now()), residentId: state.identity.residentId });
  await appendAudit(deps.db, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'counter.visit_read', subjectType: 'counter_visit', subjectId: visitId, purpose: PURPOSE, requestId, details: { part: 'interview', residentIds: residentIdsOf(state) } }, deps.now());
  return { interview, forms: procedures.filter((p) => p.layout !== null).map((p) => p.procedureId) };
}

/**
 * A completed change is never edited: a mistake found afterwards is corrected by a new, audited
 * 異動 (訂正) on one of the residents the visit changed, and the history shows both.
 */
export async function correctVisit(deps: CounterDeps, staff: StaffPrincipal, visitId: string, input: CorrectionInput & { reason: string }, requestId: string | null) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadVisitRow(trx, staff.municipalityId, visitId);
    if (row.status !== 'completed') throw new AppError(409, 'VISIT_NOT_COMPLETED', '訂正の届出は、完了した受付についてだけできます。受付中の内容は、その画面で直してください。');
    const result = row.result as { residentIds?: string[] } | null;
    if (!result?.residentIds?.includes(input.residentId)) throw new AppError(422, 'CORRECTION_NOT_IN_VISIT', 'この受付で異動した人だけを訂正できます。訂正する人を選び直してください。');
    if (!input.reason.trim()) throw new AppError(400, 'CORRECTION_REASON_REQUIRED', '訂正の理由を入力してください（例: ふりがなの誤り）。');
    const municipality = await getMunicipality(trx, staff.municipalityId);
    const change = await applyCorrection(trx, { municipalityId: staff.municipalityId, prefecture: municipality.prefecture, name: municipality.name }, input, { today: todayInJapan(now), recordedBy: staff.id, visitId, reason: `訂正: ${input.reason.trim()}` }, now);
    await appendAudit(trx, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'counter.correction', subjectType: 'resident', subjectId: input.residentId, purpose: PURPOSE, requestId, details: { visitId, changeIds: change.changeIds, reason: input.reason.trim() } }, now);
    return change;
  });
}
