import { procedureAnswers, type BundleSignature } from '@madoguchi/procedures';
import { renderProcedurePdf } from '@madoguchi/procedures/pdf';
import { todayInJapan } from '@madoguchi/jp';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { AppError, badRequest, notFound } from '../../platform/http/errors';
import { interviewFor } from './bundle';
import { bundleHousehold, readState } from './model';
import { embedSignature, parseSignatureDataUrl } from './signature';
import { PURPOSE, assertOpen, loadVisitRow, toView, type CounterDeps, type VisitView } from './visits';

/** Where the 届出人 signed: on the tablet (the image kept with the visit) or on the printed form, kept on paper. */
export const signatureRef = (visitId: string, onPaper = false): BundleSignature => ({ method: 'handwritten', ref: `${onPaper ? 'counter-paper' : 'counter-visit'}:${visitId}` });

/**
 * One form of the visit as the resident will check it: the interview's answers printed into the
 * paper layout, with the on-screen signature drawn in once given. Rendering changes nothing.
 */
export async function renderVisitForm(deps: CounterDeps, staff: StaffPrincipal, visitId: string, procedureId: string, requestId: string | null): Promise<{ pdf: Uint8Array; title: string }> {
  const row = await loadVisitRow(deps.db, staff.municipalityId, visitId);
  const state = readState(row.state);
  const today = todayInJapan(deps.now());
  const { interview, procedures } = await interviewFor(deps.db, staff.municipalityId, state, { audience: 'staff', today, residentId: state.identity.residentId });
  const p = procedures.find((x) => x.procedureId === procedureId);
  if (!p) throw notFound('VISIT_PROCEDURE_NOT_CHOSEN', 'この手続きは、この受付で選ばれていません。手続きの選択に戻って確かめてください。');
  if (!p.layout) throw new AppError(422, 'PROCEDURE_NO_LAYOUT', `「${p.definition.title}」には紙の様式がありません。内容はデータのまま担当課に届きます。`);
  // The signature is drawn as an image; the text "タブレットに署名済み" would sit under it.
  const { answers } = procedureAnswers(interview, state.values, bundleHousehold(state), procedureId, null);
  const rendered = await renderProcedurePdf({ ...p.definition, layout: p.layout }, p.layout, answers, { today, channel: 'counter', createdAt: deps.now() });
  const pdf = row.signature_png && !state.paperSignature ? await embedSignature(rendered, p.layout, row.signature_png) : rendered;
  await appendAudit(deps.db, {
    municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'counter.form_read', subjectType: 'counter_visit', subjectId: visitId, purpose: PURPOSE, requestId,
    details: { procedureId, signed: row.signature_png !== null },
  }, deps.now());
  return { pdf, title: p.definition.title };
}

/** Keeps the resident's on-screen signature with the visit (or clears it to sign again). */
export async function signVisit(deps: CounterDeps, staff: StaffPrincipal, visitId: string, input: { revision: number; dataUrl: string | null }, requestId: string | null): Promise<VisitView> {
  const signature = input.dataUrl ? parseSignatureDataUrl(input.dataUrl) : null;
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadVisitRow(trx, staff.municipalityId, visitId, { forUpdate: true });
    assertOpen(row);
    if (row.revision !== input.revision) throw new AppError(409, 'VISIT_CHANGED', '別の端末でこの受付が更新されました。画面を読み込み直して、最新の内容から続けてください。');
    const state = readState(row.state);
    if (state.chosen.length === 0) throw badRequest('VISIT_NOTHING_TO_SIGN', '署名する手続きがありません。手続きを選んでから署名してください。');
    await trx.updateTable('counter_visit').set({
      signature_png: signature?.png ?? null, signed_at: signature ? now : null, revision: row.revision + 1, updated_at: now, updated_by: staff.id,
      state: JSON.stringify({ ...state, paperSignature: false }),
    }).where('municipality_id', '=', staff.municipalityId).where('id', '=', visitId).execute();
    await appendAudit(trx, {
      municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'counter.signature', subjectType: 'counter_visit', subjectId: visitId, purpose: PURPOSE, requestId,
      details: signature ? { sha256: signature.sha256, width: signature.width, height: signature.height } : { cleared: true },
    }, now);
    return toView(await loadVisitRow(trx, staff.municipalityId, visitId));
  });
}
