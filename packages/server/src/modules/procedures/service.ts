import {
  CURRENT_FORMAT_VERSION, evaluateForm, exampleAnswers, migrateDefinition, procedureDefinitionSchema, publish, validateDefinition,
  type Channel, type FormEvaluation, type Issue, type ProcedureDefinition,
} from '@madoguchi/procedures';
import { renderProcedurePdf } from '@madoguchi/procedures/pdf';
import { todayInJapan } from '@madoguchi/jp';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Services } from '../../platform/http/context';
import { AppError, badRequest, notFound } from '../../platform/http/errors';
import { assertCanEditFor, assertCanPublish, assertCanSeeDrafts, canEditFor, canPublish, canSeeDrafts } from './access';
import { departmentRefsByName, loadDepartmentRefs, type DepartmentRef } from './departments';
import { loadRuleSetVersions, type StoredRuleSetVersion } from './navigator-store';
import { casesUsingProcedure } from '../cases/service';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema';
import { draftConflict, issueDetails } from './issues';
import {
  asPublishedVersion, deleteDraft, draftSummaries, insertVersion, latestVersionSummaries, loadDraft, loadVersion, versionSummaries, writeDraft,
  type Actor, type StoredDraft, type StoredVersion, type VersionSummary,
} from './store';

export { seedProcedureCatalogue } from './seed';
export { pinnedDefinition } from './pinned';
export type { CatalogueSeedResult } from './seed';
export { discardNavigatorDraft, getNavigatorRules, publishNavigatorRules, saveNavigatorDraft } from './navigator';
export type { DepartmentRef } from './departments';
export type { Actor, StoredDraft, StoredVersion, VersionSummary } from './store';

type Kind = 'notification' | 'application';

export interface ProcedureListItem {
  procedureId: string;
  title: string;
  kind: Kind | null;
  departmentRef: string | null;
  department: DepartmentRef | null;
  latest: VersionSummary | null;
  draft: { revision: number; updatedAt: string; updatedBy: Actor | null } | null;
  canEdit: boolean;
}

export interface DraftView extends StoredDraft {
  /** Everything validateDefinition finds, errors and warnings; errors block publishing. */
  issues: Issue[];
}

export interface ProcedureDetail extends Omit<ProcedureListItem, 'draft'> {
  versions: VersionSummary[];
  /** The latest published version with its definition. */
  current: StoredVersion | null;
  draft: DraftView | null;
  canPublish: boolean;
}

const asKind = (k: string | null | undefined): Kind | null => (k === 'notification' || k === 'application' ? k : null);
const actorOf = (staff: StaffPrincipal): Actor => ({ id: staff.id, displayName: staff.displayName });

function refLookup(refs: readonly DepartmentRef[]) {
  const byRef = new Map(refs.map((r) => [r.ref, r]));
  return (ref: string | null | undefined): DepartmentRef | null => (ref ? byRef.get(ref) ?? null : null);
}

/** Every procedure with its latest published version and, for those who may see it, its draft. */
export async function listProcedures(services: Services, staff: StaffPrincipal) {
  const m = staff.municipalityId;
  const refs = await loadDepartmentRefs(services.db, m);
  const dept = refLookup(refs);
  const latest = await latestVersionSummaries(services.db, m);
  const drafts = canSeeDrafts(staff) ? await draftSummaries(services.db, m) : [];
  const ids = [...new Set([...latest.map((x) => x.version.procedureId), ...drafts.map((d) => d.procedureId)])];
  const items: ProcedureListItem[] = ids.map((procedureId) => {
    const found = latest.find((x) => x.version.procedureId === procedureId);
    const version = found?.version ?? null;
    const d = drafts.find((x) => x.procedureId === procedureId) ?? null;
    const departmentRef = version?.departmentRef ?? d?.departmentRef ?? null;
    return {
      procedureId,
      title: version?.title ?? d?.title ?? procedureId,
      kind: asKind(found?.kind ?? d?.kind),
      departmentRef,
      department: dept(departmentRef),
      latest: version,
      draft: d && { revision: d.revision, updatedAt: d.updatedAt, updatedBy: d.updatedBy },
      canEdit: canEditFor(staff, [dept(departmentRef)?.departmentId ?? null]),
    };
  });
  items.sort((a, b) => (a.department?.departmentName ?? '').localeCompare(b.department?.departmentName ?? '', 'ja') || a.title.localeCompare(b.title, 'ja'));
  return { items, departments: refs, canPublish: canPublish(staff) };
}

function draftIssues(definition: unknown, refs: readonly DepartmentRef[]): Issue[] {
  return validateDefinition(structuredClone(definition), { departmentIds: refs.map((r) => r.ref) }).issues;
}

export async function getProcedure(services: Services, staff: StaffPrincipal, procedureId: string): Promise<ProcedureDetail> {
  const m = staff.municipalityId;
  const refs = await loadDepartmentRefs(services.db, m);
  const dept = refLookup(refs);
  const versions = await versionSummaries(services.db, m, procedureId);
  const current = versions.length > 0 ? await loadVersion(services.db, m, procedureId) : null;
  const stored = canSeeDrafts(staff) ? await loadDraft(services.db, m, procedureId) : null;
  if (!current && !stored) throw procedureNotFound(procedureId);
  const draftDefinition = stored?.definition ?? {};
  const departmentRef = current?.departmentRef ?? (typeof draftDefinition['departmentId'] === 'string' ? draftDefinition['departmentId'] : null);
  return {
    procedureId,
    title: current?.title ?? (typeof draftDefinition['title'] === 'string' ? draftDefinition['title'] : procedureId),
    kind: asKind(current?.definition.kind ?? (typeof draftDefinition['kind'] === 'string' ? draftDefinition['kind'] : null)),
    departmentRef,
    department: dept(departmentRef),
    latest: versions[0] ?? null,
    versions,
    current,
    draft: stored && { ...stored, issues: draftIssues(stored.definition, refs) },
    canEdit: canEditFor(staff, [dept(departmentRef)?.departmentId ?? null]),
    canPublish: canPublish(staff),
  };
}

export async function getProcedureVersion(services: Services, staff: StaffPrincipal, procedureId: string, version: number): Promise<StoredVersion> {
  const v = await loadVersion(services.db, staff.municipalityId, procedureId, version);
  if (!v) throw notFound('PROCEDURE_VERSION_NOT_FOUND', `手続き「${procedureId}」の第${version}版はありません。版の一覧から選び直してください。`);
  return v;
}

const procedureNotFound = (procedureId: string) =>
  notFound('PROCEDURE_NOT_FOUND', `手続き「${procedureId}」はありません。手続きの一覧から選び直してください。`);

export interface DraftInput {
  definition: unknown;
  sampleAnswers?: Record<string, unknown> | undefined;
  /** The revision the editor loaded; null when starting a new draft. */
  baseRevision: number | null;
}

/**
 * Saves the one draft of a procedure. The definition must have the definition format's shape
 * (unknown keys are refused, so a typo cannot be saved and forgotten); what only matters at publish
 * (references, cycles, patterns, the layout) comes back as issues and does not block saving.
 * A definition in the old format 1 is migrated first.
 */
export async function saveProcedureDraft(services: Services, staff: StaffPrincipal, procedureId: string, input: DraftInput, requestId: string | null) {
  const m = staff.municipalityId;
  const now = services.now();
  return services.db.transaction().execute(async (trx) => {
    const refs = await loadDepartmentRefs(trx, m);
    const dept = refLookup(refs);
    let definition = input.definition;
    let migration: { from: number; notes: string[] } | null = null;
    const format = typeof definition === 'object' && definition !== null ? (definition as Record<string, unknown>)['formatVersion'] : undefined;
    if (format !== CURRENT_FORMAT_VERSION) {
      const migrated = migrateDefinition(definition, { departmentIdsByName: departmentRefsByName(refs) });
      if (!migrated.ok) throw definitionInvalid(migrated.issues);
      definition = migrated.definition;
      migration = { from: migrated.from, notes: migrated.notes };
    }
    const parsed = procedureDefinitionSchema.safeParse(definition);
    if (!parsed.success) throw definitionInvalid(validateDefinition(definition).issues);
    if (parsed.data.id !== procedureId) {
      throw badRequest('PROCEDURE_ID_MISMATCH', `定義のID「${parsed.data.id}」が、編集中の手続き「${procedureId}」と違います。IDは変えずに保存してください。`, [
        { path: 'definition.id', message: `「${procedureId}」にしてください。` },
      ]);
    }
    const existing = await loadDraft(trx, m, procedureId, { forUpdate: true });
    const latest = await loadVersion(trx, m, procedureId);
    assertCanEditFor(staff, [
      dept(parsed.data.departmentId)?.departmentId ?? null,
      ...(latest ? [dept(latest.departmentRef)?.departmentId ?? null] : []),
      ...(existing && typeof existing.definition['departmentId'] === 'string' ? [dept(existing.definition['departmentId'])?.departmentId ?? null] : []),
    ]);
    if ((existing?.revision ?? null) !== input.baseRevision) throw draftConflict(existing?.updatedBy?.displayName ?? null);
    const saved = await writeDraft(trx, m, {
      procedureId,
      revision: (existing?.revision ?? 0) + 1,
      definition,
      sampleAnswers: input.sampleAnswers ?? existing?.sampleAnswers ?? {},
      basedOnVersion: existing ? existing.basedOnVersion : latest?.version ?? null,
    }, actorOf(staff), now);
    await appendAudit(trx, {
      municipalityId: m, actorStaffId: staff.id, action: 'procedure.draft_save', subjectType: 'procedure', requestId,
      details: { procedureId, revision: saved.revision, basedOnVersion: saved.basedOnVersion, ...(migration ? { migratedFrom: migration.from } : {}) },
    }, now);
    return { draft: { ...saved, issues: draftIssues(saved.definition, refs) } satisfies DraftView, migration };
  });
}

export async function discardProcedureDraft(services: Services, staff: StaffPrincipal, procedureId: string, revision: number, requestId: string | null): Promise<void> {
  const m = staff.municipalityId;
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    const refs = await loadDepartmentRefs(trx, m);
    const dept = refLookup(refs);
    const existing = await loadDraft(trx, m, procedureId, { forUpdate: true });
    if (!existing) throw notFound('PROCEDURE_DRAFT_NOT_FOUND', `手続き「${procedureId}」に下書きはありません。`);
    const ref = existing.definition['departmentId'];
    assertCanEditFor(staff, [dept(typeof ref === 'string' ? ref : null)?.departmentId ?? null]);
    if (existing.revision !== revision) throw draftConflict(existing.updatedBy?.displayName ?? null);
    await deleteDraft(trx, m, procedureId);
    await appendAudit(trx, {
      municipalityId: m, actorStaffId: staff.id, action: 'procedure.draft_discard', subjectType: 'procedure', requestId,
      details: { procedureId, revision },
    }, now);
  });
}

/**
 * The draft becomes the next immutable version, if it passes every check of the definition and its
 * paper layout; the draft is then consumed. On any issue nothing is written: the versions a case
 * may already pin stay as they were.
 */
export async function publishProcedureDraft(services: Services, staff: StaffPrincipal, procedureId: string, revision: number, requestId: string | null) {
  assertCanPublish(staff);
  const m = staff.municipalityId;
  const now = services.now();
  return services.db.transaction().execute(async (trx) => {
    const draft = await loadDraft(trx, m, procedureId, { forUpdate: true });
    if (!draft) throw notFound('PROCEDURE_DRAFT_NOT_FOUND', `手続き「${procedureId}」に公開する下書きがありません。下書きを保存してから公開してください。`);
    if (draft.revision !== revision) throw draftConflict(draft.updatedBy?.displayName ?? null);
    const refs = await loadDepartmentRefs(trx, m);
    const latest = await loadVersion(trx, m, procedureId);
    const result = publish(draft.definition, latest ? [asPublishedVersion(latest)] : [], {
      publishedAt: now.toISOString(),
      publishedBy: staff.displayName,
      departmentIds: refs.map((r) => r.ref),
    });
    if (!result.ok) {
      const errors = result.issues.filter((i) => i.severity === 'error');
      throw new AppError(422, 'PROCEDURE_PUBLISH_REJECTED', `下書きに直すところが${errors.length}件あるため公開できませんでした。公開中の版はそのままです。一覧の項目を直して保存し、もう一度公開してください。`, issueDetails(errors));
    }
    const id = await insertVersion(trx, m, result.version, actorOf(staff));
    await deleteDraft(trx, m, procedureId);
    await appendAudit(trx, {
      municipalityId: m, actorStaffId: staff.id, action: 'procedure.publish', subjectType: 'procedure_version', subjectId: id, requestId,
      details: { procedureId, version: result.version.version, contentHash: result.version.contentHash, draftRevision: revision },
    }, now);
    const { definition: _definition, ...published } = (await loadVersion(trx, m, procedureId, result.version.version))!;
    return { version: published satisfies VersionSummary, warnings: result.warnings };
  });
}

export interface PreviewInput {
  definition: unknown;
  answers: Record<string, unknown>;
  channel: Channel;
  today?: string | undefined;
}

/** Evaluates an edited definition against sample answers. Reads nothing but the department list; writes nothing. */
export async function previewProcedure(services: Services, staff: StaffPrincipal, input: PreviewInput): Promise<{ issues: Issue[]; evaluation: FormEvaluation | null }> {
  assertCanSeeDrafts(staff);
  const refs = await loadDepartmentRefs(services.db, staff.municipalityId);
  const issues = draftIssues(input.definition, refs);
  const parsed = procedureDefinitionSchema.safeParse(input.definition);
  if (!parsed.success) return { issues, evaluation: null };
  return { issues, evaluation: evaluateForm(parsed.data, input.answers, { today: input.today ?? todayInJapan(services.now()), channel: input.channel }) };
}

export interface PdfPreviewRequest {
  /** A published version; the draft when absent. */
  version?: number | undefined;
  answers: 'sample' | 'blank';
}

/**
 * The paper form of the draft (with its saved sample answers) or of a published version (with the
 * shipped example answers, where there are some). Rendering changes nothing.
 */
export async function renderProcedurePreviewPdf(services: Services, staff: StaffPrincipal, procedureId: string, req: PdfPreviewRequest) {
  const m = staff.municipalityId;
  let definition: ProcedureDefinition;
  let answers: Record<string, unknown> = {};
  if (req.version !== undefined) {
    definition = (await getProcedureVersion(services, staff, procedureId, req.version)).definition;
    if (req.answers === 'sample') answers = structuredClone(exampleAnswers[procedureId] ?? {});
  } else {
    assertCanSeeDrafts(staff);
    const draft = await loadDraft(services.db, m, procedureId);
    if (!draft) throw notFound('PROCEDURE_DRAFT_NOT_FOUND', `手続き「${procedureId}」に下書きはありません。下書きを保存してから表示してください。`);
    const parsed = procedureDefinitionSchema.safeParse(draft.definition);
    if (!parsed.success) throw definitionInvalid(validateDefinition(draft.definition).issues);
    definition = parsed.data;
    if (req.answers === 'sample') answers = draft.sampleAnswers;
  }
  if (!definition.layout) {
    throw new AppError(422, 'PROCEDURE_NO_LAYOUT', `「${definition.title}」には紙の様式（layout）がありません。様式を定義に加えると、ここに表示されます。`);
  }
  try {
    const now = services.now();
    const pdf = await renderProcedurePdf(definition, definition.layout, answers, { today: todayInJapan(now), channel: 'counter', createdAt: now });
    return { pdf, title: definition.title };
  } catch {
    const refs = await loadDepartmentRefs(services.db, m);
    throw new AppError(422, 'PROCEDURE_PREVIEW_FAILED', '様式を描けませんでした。定義の誤り（一覧）を直して保存し、もう一度表示してください。',
      issueDetails(draftIssues(definition, refs).filter((i) => i.severity === 'error')));
  }
}

/** A case that was made with one version of a procedure. */
export interface CaseVersionUse {
  caseId: string;
  version: number;
  contentHash: string;
  createdAt: string;
}

/** Which cases used which version (each case pins procedure_id + version + content_hash). */
export async function listCasesUsingProcedure(services: Services, staff: StaffPrincipal, procedureId: string): Promise<CaseVersionUse[]> {
  const versions = await versionSummaries(services.db, staff.municipalityId, procedureId);
  if (versions.length === 0) throw procedureNotFound(procedureId);
  return casesUsingProcedure(services.db, staff.municipalityId, procedureId);
}

/**
 * For other modules (the counter pins versions for a visit): one published version with its
 * definition (the latest when `version` is absent), the latest version of every procedure, the
 * navigator rule set in force and the department references. Reads of published, non-personal data.
 */
export const publishedVersion = (db: Kysely<Database> | Transaction<Database>, municipalityId: string, procedureId: string, version?: number) => loadVersion(db, municipalityId, procedureId, version);
export const latestPublishedVersions = (db: Kysely<Database> | Transaction<Database>, municipalityId: string) => latestVersionSummaries(db, municipalityId);
export async function currentNavigatorRuleSet(db: Kysely<Database> | Transaction<Database>, municipalityId: string): Promise<StoredRuleSetVersion | null> {
  return (await loadRuleSetVersions(db, municipalityId))[0] ?? null;
}
export { loadDepartmentRefs };

function definitionInvalid(issues: Issue[]): AppError {
  return badRequest('PROCEDURE_DEFINITION_INVALID', '手続き定義の形式に誤りがあるため保存できません。一覧の場所を直してから、もう一度保存してください。',
    issueDetails(issues.filter((i) => i.severity === 'error')));
}
