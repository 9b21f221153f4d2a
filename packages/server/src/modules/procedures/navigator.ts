import { publishRuleSet, ruleSetSchema, validateRuleSet, type Issue } from '@madoguchi/procedures';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Services } from '../../platform/http/context';
import { AppError, badRequest, notFound } from '../../platform/http/errors';
import { getMunicipality } from '../tenancy/service';
import { assertNavigatorEditor, canPublish } from './access';
import { draftConflict, issueDetails } from './issues';
import {
  asPublishedRuleSet, deleteRuleSetDraft, insertRuleSetVersion, loadRuleSetDraft, loadRuleSetVersions, publishedProcedureTitles, writeRuleSetDraft,
  type RuleSetVersionSummary, type StoredRuleSetDraft, type StoredRuleSetVersion,
} from './navigator-store';

export interface NavigatorRulesView {
  current: StoredRuleSetVersion | null;
  versions: RuleSetVersionSummary[];
  /** Only for those who may edit the rules. */
  draft: (StoredRuleSetDraft & { issues: Issue[] }) | null;
  /** Published procedures: the ones a rule may name. */
  procedures: { procedureId: string; title: string }[];
  canEdit: boolean;
}

const summary = ({ ruleSet: _ruleSet, ...rest }: StoredRuleSetVersion): RuleSetVersionSummary => rest;

export async function getNavigatorRules(services: Services, staff: StaffPrincipal): Promise<NavigatorRulesView> {
  const m = staff.municipalityId;
  const versions = await loadRuleSetVersions(services.db, m);
  const procedures = await publishedProcedureTitles(services.db, m);
  const canEdit = canPublish(staff);
  const stored = canEdit ? await loadRuleSetDraft(services.db, m) : null;
  return {
    current: versions[0] ?? null,
    versions: versions.map(summary),
    draft: stored && { ...stored, issues: validateRuleSet(structuredClone(stored.ruleSet), procedures.map((p) => p.procedureId)).issues },
    procedures,
    canEdit,
  };
}

/**
 * Saves the rule-set draft. It must have the rule-set format's shape and be for this municipality;
 * rules naming unknown procedures or facts come back as issues and block only publishing.
 */
export async function saveNavigatorDraft(services: Services, staff: StaffPrincipal, input: { ruleSet: unknown; baseRevision: number | null }, requestId: string | null) {
  assertNavigatorEditor(staff);
  const m = staff.municipalityId;
  const now = services.now();
  return services.db.transaction().execute(async (trx) => {
    const procedureIds = (await publishedProcedureTitles(trx, m)).map((p) => p.procedureId);
    const parsed = ruleSetSchema.safeParse(input.ruleSet);
    if (!parsed.success) {
      const errors = validateRuleSet(input.ruleSet, procedureIds).issues.filter((i) => i.severity === 'error');
      throw badRequest('NAVIGATOR_RULES_INVALID', '手続きナビのルールの形式に誤りがあるため保存できません。一覧の場所を直してから、もう一度保存してください。', issueDetails(errors));
    }
    const municipality = await getMunicipality(trx, m);
    if (parsed.data.municipality.name !== municipality.name || parsed.data.municipality.prefecture !== municipality.prefecture) {
      throw badRequest('NAVIGATOR_MUNICIPALITY_MISMATCH', `ルールの municipality は、この自治体（${municipality.prefecture} ${municipality.name}）にしてください。他の県からの転入などの判定に使われます。`, [
        { path: 'municipality', message: `{"name": "${municipality.name}", "prefecture": "${municipality.prefecture}"} にしてください。` },
      ]);
    }
    const existing = await loadRuleSetDraft(trx, m, { forUpdate: true });
    if ((existing?.revision ?? null) !== input.baseRevision) throw draftConflict(existing?.updatedBy?.displayName ?? null);
    const latest = (await loadRuleSetVersions(trx, m))[0];
    const revision = (existing?.revision ?? 0) + 1;
    const basedOnVersion = existing ? existing.basedOnVersion : latest?.version ?? null;
    await writeRuleSetDraft(trx, m, { revision, ruleSet: input.ruleSet, basedOnVersion }, { id: staff.id, displayName: staff.displayName }, now);
    await appendAudit(trx, {
      municipalityId: m, actorStaffId: staff.id, action: 'navigator.draft_save', subjectType: 'navigator_rules', requestId,
      details: { revision, basedOnVersion, rules: parsed.data.rules.length },
    }, now);
    const draft = (await loadRuleSetDraft(trx, m))!;
    return { draft: { ...draft, issues: validateRuleSet(structuredClone(input.ruleSet), procedureIds).issues } };
  });
}

export async function discardNavigatorDraft(services: Services, staff: StaffPrincipal, revision: number, requestId: string | null): Promise<void> {
  assertNavigatorEditor(staff);
  const m = staff.municipalityId;
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    const existing = await loadRuleSetDraft(trx, m, { forUpdate: true });
    if (!existing) throw notFound('NAVIGATOR_DRAFT_NOT_FOUND', '手続きナビのルールに下書きはありません。');
    if (existing.revision !== revision) throw draftConflict(existing.updatedBy?.displayName ?? null);
    await deleteRuleSetDraft(trx, m);
    await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'navigator.draft_discard', subjectType: 'navigator_rules', requestId, details: { revision } }, now);
  });
}

/**
 * The draft becomes the next immutable rule-set version if every rule names a published procedure
 * and known facts; otherwise nothing changes and the issues come back.
 */
export async function publishNavigatorRules(services: Services, staff: StaffPrincipal, revision: number, requestId: string | null) {
  assertNavigatorEditor(staff);
  const m = staff.municipalityId;
  const now = services.now();
  return services.db.transaction().execute(async (trx) => {
    const draft = await loadRuleSetDraft(trx, m, { forUpdate: true });
    if (!draft) throw notFound('NAVIGATOR_DRAFT_NOT_FOUND', '公開する手続きナビのルールの下書きがありません。下書きを保存してから公開してください。');
    if (draft.revision !== revision) throw draftConflict(draft.updatedBy?.displayName ?? null);
    const versions = await loadRuleSetVersions(trx, m);
    const procedureIds = (await publishedProcedureTitles(trx, m)).map((p) => p.procedureId);
    const result = publishRuleSet(draft.ruleSet, versions.slice(0, 1).map(asPublishedRuleSet), procedureIds, { publishedAt: now.toISOString(), publishedBy: staff.displayName });
    if (!result.ok) {
      const errors = result.issues.filter((i) => i.severity === 'error');
      throw new AppError(422, 'NAVIGATOR_PUBLISH_REJECTED', `ルールに直すところが${errors.length}件あるため公開できませんでした。公開中のルールはそのままです。一覧の項目を直して保存し、もう一度公開してください。`, issueDetails(errors));
    }
    const id = await insertRuleSetVersion(trx, m, result.published, { id: staff.id, displayName: staff.displayName });
    await deleteRuleSetDraft(trx, m);
    await appendAudit(trx, {
      municipalityId: m, actorStaffId: staff.id, action: 'navigator.publish', subjectType: 'navigator_rule_version', subjectId: id, requestId,
      details: { version: result.published.version, contentHash: result.published.contentHash, draftRevision: revision },
    }, now);
    const published = (await loadRuleSetVersions(trx, m))[0]!;
    return { version: summary(published), warnings: result.warnings };
  });
}
