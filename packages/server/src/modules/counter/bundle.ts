import {
  buildInterview, householdFacts, householdFactsSchema, navigate, type BundleProcedure, type Department, type Interview, type LifeEvent,
  type Navigation, type PaperLayout, type ProcedureDefinition, type Proposal,
} from '@madoguchi/procedures';
import { AppError } from '../../platform/http/errors';
import { casesAnswersFor } from '../cases/service';
import { currentNavigatorRuleSet, latestPublishedVersions, loadDepartmentRefs, publishedVersion, type DepartmentRef } from '../procedures/service';
import { bundleHousehold, sharedPrefill, type VisitState } from './model';
import type { Db } from './visits';
import { getMunicipality } from '../tenancy/service';

/**
 * The visit's procedures: what the navigator proposes for its event and household (from the
 * municipality's published rules and procedures), and the interview over the ones chosen, pinned
 * to the version current when they were chosen.
 */

const addressText = (v: unknown) => (typeof v === 'object' && v !== null ? String((v as Record<string, unknown>)['address'] ?? '') : '');

export function eventOf(state: VisitState, today: string): LifeEvent {
  if (!state.event) throw new AppError(422, 'VISIT_NO_EVENT', 'ライフイベント（転入・転居・転出・世帯変更）を選んでください。');
  const date = state.values['shared:eventDate'] ?? state.prefill['shared:eventDate']?.value;
  return { kind: state.event, date: typeof date === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : today };
}

const asDepartment = (r: DepartmentRef): Department => ({ id: r.ref, name: r.departmentName, section: r.section, floor: r.floor, desk: r.desk, phone: r.phone });

export interface ProposalView {
  procedureId: string;
  title: string;
  department: { name: string; section: string; floor: string; desk: string } | null;
  reasons: { text: string; persons: string[] }[];
  memberIds: string[];
  bring: string[];
  deadline: string | null;
  /** Whether it can be filed at the counter (its channels), and whether it has a paper form. */
  atCounter: boolean;
  hasForm: boolean;
  version: number;
}

export async function navigationFor(db: Db, municipalityId: string, state: VisitState, today: string): Promise<{ navigation: Navigation; definitions: Map<string, { version: number; definition: ProcedureDefinition }>; refs: DepartmentRef[] }> {
  const event = eventOf(state, today);
  const rules = await currentNavigatorRuleSet(db, municipalityId);
  if (!rules) throw new AppError(422, 'NAVIGATOR_NOT_PUBLISHED', '手続きナビのルールが公開されていません。管理者に「手続きナビ」の公開を依頼してください。');
  const members = state.household.members.filter((m) => /^\d{4}-\d{2}-\d{2}$/.test(m.birthDate));
  if (members.length === 0) throw new AppError(422, 'VISIT_HOUSEHOLD_INCOMPLETE', '世帯の人の生年月日を入力してください。手続きの判定に使います。', [{ path: 'household.members', message: '生年月日を入力してください。' }]);
  const old = addressText(state.values['shared:oldAddress'] ?? state.prefill['shared:oldAddress']?.value);
  const next = addressText(state.values['shared:newAddress'] ?? state.prefill['shared:newAddress']?.value);
  const facts = householdFactsSchema.parse(householdFacts(bundleHousehold(state), event.kind === 'moveOut' ? { next } : { previous: old }));
  const wanted = new Set(rules.ruleSet.rules.filter((r) => r.events.includes(event.kind)).map((r) => r.procedureId));
  const latest = (await latestPublishedVersions(db, municipalityId)).filter((x) => wanted.has(x.version.procedureId));
  const definitions = new Map<string, { version: number; definition: ProcedureDefinition }>();
  for (const { version } of latest) {
    const v = await publishedVersion(db, municipalityId, version.procedureId, version.version);
    if (v) definitions.set(v.procedureId, { version: v.version, definition: v.definition });
  }
  const refs = await loadDepartmentRefs(db, municipalityId);
  const navigation = navigate(event, facts, rules.ruleSet, { procedures: [...definitions.values()].map((d) => d.definition), departments: refs.map(asDepartment) });
  return { navigation, definitions, refs };
}

/** Navigator names people; the visit knows them by member id. */
export function memberIdsOf(state: VisitState, proposal: Proposal): string[] {
  const names = new Set(proposal.reasons.flatMap((r) => r.persons));
  return state.household.members.filter((m) => names.has(`${m.familyName} ${m.givenName}`.trim()) || names.has(`${m.familyName} ${m.givenName}`)).map((m) => m.id);
}

export async function proposalsFor(db: Db, municipalityId: string, state: VisitState, today: string): Promise<ProposalView[]> {
  const { navigation, definitions } = await navigationFor(db, municipalityId, state, today);
  return navigation.proposals.map((p) => {
    const d = definitions.get(p.procedureId)!;
    return {
      procedureId: p.procedureId, title: p.title,
      department: p.department ? { name: p.department.name, section: p.department.section, floor: p.department.floor, desk: p.department.desk } : null,
      reasons: p.reasons.map((r) => ({ text: r.text, persons: r.persons })), memberIds: memberIdsOf(state, p), bring: p.bring, deadline: p.deadline,
      atCounter: d.definition.channels.includes('counter'), hasForm: d.definition.layout !== undefined, version: d.version,
    };
  });
}

export interface PinnedProcedure extends BundleProcedure {
  layout: PaperLayout | null;
  departmentRef: string;
}

/** The chosen procedures at their pinned versions. */
export async function pinnedProcedures(db: Db, municipalityId: string, state: VisitState): Promise<PinnedProcedure[]> {
  const out: PinnedProcedure[] = [];
  for (const c of state.chosen) {
    const v = await publishedVersion(db, municipalityId, c.procedureId, c.version);
    if (!v) throw new AppError(422, 'PROCEDURE_VERSION_NOT_FOUND', `手続き「${c.procedureId}」の第${c.version}版が見つかりません。手続きを選び直してください。`);
    const { layout, ...definition } = v.definition;
    out.push({ procedureId: v.procedureId, version: v.version, contentHash: v.contentHash, definition: definition as ProcedureDefinition, memberIds: c.memberIds, layout: layout ?? null, departmentRef: v.departmentRef });
  }
  return out;
}

export interface InterviewOptions {
  audience: 'staff' | 'resident';
  /** For presets such as 「尾花沢市国民健康保険」. */
  municipalityName?: string;
  today: string;
  /** For earlier answers of the same resident (staff side only). */
  residentId?: string | null;
}

export async function interviewFor(db: Db, municipalityId: string, state: VisitState, opts: InterviewOptions): Promise<{ interview: Interview; procedures: PinnedProcedure[] }> {
  const procedures = await pinnedProcedures(db, municipalityId, state);
  const municipalityName = opts.municipalityName ?? (await getMunicipality(db, municipalityId)).name;
  const previousAnswers = opts.residentId ? await casesAnswersFor(db, municipalityId, opts.residentId, procedures.map((p) => p.procedureId)) : {};
  const interview = buildInterview({
    event: eventOf(state, opts.today), household: bundleHousehold(state), procedures, audience: opts.audience, today: opts.today,
    shared: sharedPrefill(state), previousAnswers, answered: state.values, ...(state.moveInBasis ? { moveInBasis: state.moveInBasis } : {}),
    municipalityName,
  });
  return { interview, procedures };
}
