import { evaluateBundle, fullName, householderOf, procedureAnswers, RELATIONSHIP_LABELS, subjectsOf } from '@madoguchi/procedures';
import { isIsoDate, parseJapaneseDate, todayInJapan, validateKatakanaName } from '@madoguchi/jp';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { AppError } from '../../platform/http/errors';
import { enqueueJob } from '../../platform/jobs/jobs';
import { createCase, submitCase, type CaseActor } from '../cases/service';
import {
  applyHouseholdChange, applyMoveIn, applyMoveOut, applyMoveWithin, type ChangeResult, type Municipal, type NewPerson,
} from '../registry/service';
import { getMunicipality, listDepartments } from '../tenancy/service';
import { loadDepartmentRefs } from '../procedures/service';
import { interviewFor, navigationFor } from './bundle';
import { signatureRef } from './forms';
import { bundleHousehold, COUNTER_EVENT_LABELS, readState, type Member, type VisitState } from './model';
import { PURPOSE, assertOpen, loadVisitRow, toView, type CounterDeps, type Db, type VisitResult, type VisitView } from './visits';

export const JOB_CASE_FORM = 'counter.case_form';
export const JOB_NOTIFY_DEPARTMENT = 'counter.notify_department';
export const JOB_GUIDE_SHEET = 'counter.guide_sheet';

const addressOf = (v: unknown): { postalCode: string; address: string; building: string | null } => {
  const r = (typeof v === 'object' && v !== null ? v : {}) as Record<string, unknown>;
  return { postalCode: String(r['postalCode'] ?? ''), address: String(r['address'] ?? ''), building: typeof r['building'] === 'string' && r['building'] ? r['building'] : null };
};
const addressLine = (a: ReturnType<typeof addressOf>) => `${a.address}${a.building ? ` ${a.building}` : ''}`;

function newPerson(m: Member): NewPerson {
  if (!m.sex) throw new AppError(422, 'VISIT_INCOMPLETE', `${fullName(m) || '世帯員'}さんの性別を選んでください。`);
  // The registry keeps readings in katakana, whatever was typed.
  const kana = (text: string) => {
    const k = validateKatakanaName(text);
    if (!k.ok) throw new AppError(422, 'VISIT_INCOMPLETE', `${fullName(m) || '世帯員'}さんのふりがなを、ひらがなかカタカナで入力してください。`);
    return k.value;
  };
  return { familyName: m.familyName, givenName: m.givenName, familyNameKana: kana(m.familyNameKana), givenNameKana: kana(m.givenNameKana), birthDate: m.birthDate, sex: m.sex, relationship: RELATIONSHIP_LABELS[m.relationship] };
}

/** Dates arrive as typed when the screen did not convert them (令和8年11月20日 …). */
function isoDateOf(value: unknown): string {
  const text = typeof value === 'string' ? value.trim() : '';
  if (isIsoDate(text)) return text;
  const parsed = parseJapaneseDate(text);
  return parsed.ok ? parsed.value : text;
}

function residentIdsOfMoving(state: VisitState): string[] {
  const moving = state.household.members.filter((m) => m.moving);
  const unknown = moving.filter((m) => !m.residentId);
  if (unknown.length > 0) {
    throw new AppError(422, 'VISIT_MEMBER_NOT_RESIDENT', `${unknown.map((m) => fullName(m)).join('、')}さんは住民記録にありません。転居・転出は住民記録にある人だけです。転入の人は「転入」で受け付けてください。`);
  }
  return moving.map((m) => m.residentId!);
}

/** The registry change the event makes; members get their resident ids (new ones for a move-in). */
async function changeRegistry(trx: Db, m: Municipal, state: VisitState, values: Record<string, unknown>, ctx: { today: string; staffId: string; visitId: string }, now: Date): Promise<{ change: ChangeResult; residentOf: Map<string, string> }> {
  const change = { today: ctx.today, recordedBy: ctx.staffId, visitId: ctx.visitId, reason: `${COUNTER_EVENT_LABELS[state.event!]}届（書かない窓口）` };
  const date = isoDateOf(values['shared:eventDate']);
  const residentOf = new Map(state.household.members.filter((x) => x.residentId).map((x) => [x.id, x.residentId!]));
  const newAddress = addressOf(values['shared:newAddress']);
  const oldAddress = addressOf(values['shared:oldAddress']);
  switch (state.event) {
    case 'moveIn': {
      const moving = state.household.members.filter((x) => x.moving);
      // The householder first: the new household is headed by them.
      const ordered = [...moving.filter((x) => x.relationship === 'householder'), ...moving.filter((x) => x.relationship !== 'householder')];
      const before = values['shared:previousMoveOutDate'];
      const result = await applyMoveIn(trx, m, {
        effectiveDate: date, previousMoveOutDate: typeof before === 'string' && before ? isoDateOf(before) : null, from: addressLine(oldAddress),
        address: newAddress, members: ordered.map(newPerson),
      }, change, now);
      ordered.forEach((x, i) => residentOf.set(x.id, result.residentIds[i]!));
      return { change: result, residentOf };
    }
    case 'moveWithin':
      return { change: await applyMoveWithin(trx, m, { effectiveDate: date, residentIds: residentIdsOfMoving(state), address: newAddress, remainingHouseholderId: residentOf.get(state.remainingHouseholderId ?? '') ?? null }, change, now), residentOf };
    case 'moveOut':
      return { change: await applyMoveOut(trx, m, { effectiveDate: date, residentIds: residentIdsOfMoving(state), destination: addressLine(newAddress), remainingHouseholderId: residentOf.get(state.remainingHouseholderId ?? '') ?? null }, change, now), residentOf };
    case 'householdChange': {
      const hc = state.householdChange;
      const head = state.household.members.find((x) => x.residentId);
      if (!hc || !head?.residentId) throw new AppError(422, 'VISIT_INCOMPLETE', '世帯変更の内容（世帯主の変更・分離・合併）と対象の人を選んでください。');
      const householdId = (await trx.selectFrom('resident').select('household_id').where('municipality_id', '=', m.municipalityId).where('id', '=', head.residentId).executeTakeFirstOrThrow()).household_id;
      // 続柄 as staff left them in the member list, restated for the new householder.
      const relationships = {
        ...Object.fromEntries(state.household.members.filter((x) => x.residentId).map((x) => [x.residentId!, RELATIONSHIP_LABELS[x.relationship]])),
        ...Object.fromEntries(Object.entries(hc.relationships).flatMap(([memberId, r]) => (residentOf.get(memberId) ? [[residentOf.get(memberId)!, r]] : []))),
      };
      const newHead = residentOf.get(hc.newHouseholderId ?? '') ?? '';
      const input = hc.kind === 'householder'
        ? { kind: 'householder' as const, effectiveDate: date, householdId, newHouseholderId: newHead, relationships }
        : hc.kind === 'split'
          ? { kind: 'split' as const, effectiveDate: date, householdId, residentIds: residentIdsOfMoving(state), newHouseholderId: newHead, relationships, remainingHouseholderId: residentOf.get(state.remainingHouseholderId ?? '') ?? null }
          : { kind: 'merge' as const, effectiveDate: date, householdId, intoHouseholdId: hc.intoHouseholdId ?? '', relationships };
      return { change: await applyHouseholdChange(trx, m, input, change, now), residentOf };
    }
    default:
      throw new AppError(422, 'VISIT_NO_EVENT', 'ライフイベント（転入・転居・転出・世帯変更）を選んでください。');
  }
}

/**
 * 完了: in ONE transaction — the registry change, a case per chosen procedure (pinned version,
 * submitted to its department, 受付番号 assigned), the audit events, and the jobs that render the
 * signed forms, notify each department and print the 手続き案内書. Anything failing rolls all of
 * it back: the registry is never left half changed, and the visit stays open to be fixed.
 */
export async function completeVisit(deps: CounterDeps, staff: StaffPrincipal, visitId: string, input: { revision: number }, requestId: string | null): Promise<VisitView> {
  const now = deps.now();
  const today = todayInJapan(now);
  const m = staff.municipalityId;
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadVisitRow(trx, m, visitId, { forUpdate: true });
    assertOpen(row);
    if (row.revision !== input.revision) throw new AppError(409, 'VISIT_CHANGED', '別の端末でこの受付が更新されました。画面を読み込み直して、最新の内容を確かめてから完了してください。');
    const state = readState(row.state);
    if (!state.event) throw new AppError(422, 'VISIT_NO_EVENT', 'ライフイベント（転入・転居・転出・世帯変更）を選んでください。');
    if (state.chosen.length === 0) throw new AppError(422, 'VISIT_NOTHING_CHOSEN', '手続きが1つも選ばれていません。「手続きの選択」で今日行う手続きに印を付けてください。');
    if (state.identity.nameCheck && state.identity.nameCheck.decision === null) {
      throw new AppError(422, 'VISIT_NAME_CHECK_PENDING', 'カードの氏名と住民記録の氏名が違います。本人確認の画面で、同じ人かどうかを決めてから完了してください。');
    }
    if (!row.signature_png && !state.paperSignature) {
      throw new AppError(422, 'VISIT_NOT_SIGNED', '届出人の署名がありません。署名の画面でタブレットに署名してもらうか、印刷して紙に署名してもらってください。');
    }
    const signature = signatureRef(visitId, state.paperSignature);
    const { interview, procedures } = await interviewFor(trx, m, state, { audience: 'staff', today, residentId: state.identity.residentId });
    const household = bundleHousehold(state);
    const evaluation = evaluateBundle(interview, state.values, household, { today, channel: 'counter' }, signature);
    if (!evaluation.valid) {
      const details = Object.entries(evaluation.errors).flatMap(([path, errors]) => errors.map((e) => ({ path, message: e.message })));
      throw new AppError(422, 'VISIT_INCOMPLETE', `入力が足りない・誤りのある項目が${details.length}件あります。聞き取りの画面で直してから完了してください（まだ何も登録していません）。`, details.slice(0, 100));
    }
    const { navigation } = await navigationFor(trx, m, state, today);
    const municipality = await getMunicipality(trx, m);
    const values = Object.fromEntries(interview.sections.flatMap((s) => s.questions).map((q) => [q.key, q.key in state.values ? state.values[q.key] : q.prefill?.value]));
    const { change, residentOf } = await changeRegistry(trx, { municipalityId: m, prefecture: municipality.prefecture, name: municipality.name }, state, values, { today, staffId: staff.id, visitId }, now);

    const departments = await listDepartments(trx, m);
    const departmentName = new Map(departments.map((d) => [d.id, d.name]));
    const refs = new Map((await loadDepartmentRefs(trx, m)).map((r) => [r.ref, r]));
    const actor: CaseActor = { kind: 'staff', staff };
    const head = householderOf(household);
    const cases: VisitResult['cases'] = [];
    for (const p of procedures) {
      const { answers } = procedureAnswers(interview, state.values, household, p.procedureId, signature);
      const normalised = evaluation.byProcedure[p.procedureId]!.values;
      const subject = subjectsOf(p, household)[0] ?? head;
      const departmentId = refs.get(p.departmentRef)?.departmentId ?? null;
      const created = await createCase(trx, actor, {
        procedureId: p.procedureId, procedureVersion: p.version, procedureHash: p.contentHash, channel: row.origin === 'kiosk' ? 'kiosk' : 'counter',
        subjectResidentId: (subject && residentOf.get(subject.id)) ?? null, departmentId,
        answers: { ...answers, ...normalised, signature }, idempotencyKey: `counter:${visitId}:${p.procedureId}`,
      }, now);
      const submitted = await submitCase(trx, actor, created.id, now);
      cases.push({ caseId: submitted.id, procedureId: p.procedureId, title: p.definition.title, receiptNumber: submitted.receiptNumber, departmentId, departmentName: departmentId ? departmentName.get(departmentId) ?? null : null });
      if (p.layout) await enqueueJob(trx, { municipalityId: m, kind: JOB_CASE_FORM, subjectType: 'case', subjectId: submitted.id, payload: { visitId, procedureId: p.procedureId } }, now);
      await enqueueJob(trx, { municipalityId: m, kind: JOB_NOTIFY_DEPARTMENT, subjectType: 'case', subjectId: submitted.id, payload: { departmentId } }, now);
    }
    await enqueueJob(trx, { municipalityId: m, kind: JOB_GUIDE_SHEET, subjectType: 'counter_visit', subjectId: visitId, payload: {} }, now);

    const staffDepartment = staff.departmentIds[0] ? departmentName.get(staff.departmentIds[0]) ?? null : null;
    const result: VisitResult = {
      event: state.event,
      cases, householdIds: change.householdIds, residentIds: change.residentIds, changeIds: change.changeIds,
      people: state.household.members.flatMap((x) => {
        const id = residentOf.get(x.id);
        return id && change.residentIds.includes(id) ? [{ residentId: id, name: fullName(x) }] : [];
      }),
      proposals: navigation.proposals.map((p) => ({
        procedureId: p.procedureId, title: p.title, reasons: p.reasons.map((r) => ({ ruleId: r.ruleId, text: r.text, persons: r.persons })),
        bring: p.bring, deadline: p.deadline, priority: p.priority, departmentRef: p.department?.id ?? null,
      })),
      completedHere: cases.filter((c) => c.departmentId !== null && staff.departmentIds.includes(c.departmentId)).map((c) => c.procedureId),
      householderName: head ? fullName(head) : '',
      eventDate: String(values['shared:eventDate'] ?? today),
      issuedBy: staffDepartment ?? '窓口',
    };
    const subjectResident = state.identity.residentId ?? (head ? residentOf.get(head.id) ?? null : null);
    await trx.updateTable('counter_visit').set({
      status: 'completed', completed_at: now, completed_by: staff.id, updated_at: now, updated_by: staff.id, revision: row.revision + 1,
      subject_resident_id: subjectResident, result: JSON.stringify(result), state: JSON.stringify({ ...state, step: 'done' }),
    }).where('municipality_id', '=', m).where('id', '=', visitId).execute();
    await appendAudit(trx, {
      municipalityId: m, actorStaffId: staff.id, action: 'registry.residence_change', subjectType: 'household', subjectId: change.householdIds[0] ?? null, purpose: PURPOSE, requestId,
      details: { event: state.event, residentIds: change.residentIds, changeIds: change.changeIds, visitId },
    }, now);
    await appendAudit(trx, {
      municipalityId: m, actorStaffId: staff.id, action: 'counter.visit_complete', subjectType: 'counter_visit', subjectId: visitId, purpose: PURPOSE, requestId,
      details: { event: state.event, caseIds: cases.map((c) => c.caseId), residentIds: change.residentIds },
    }, now);
    return toView(await loadVisitRow(trx, m, visitId));
  });
}
