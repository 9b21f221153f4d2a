import { sql, type Kysely, type Transaction } from 'kysely';
import type { ProcedureDefinition, PublishedVersion } from '@madoguchi/procedures';
import type { Database } from '../../platform/db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** Who saved or published something, as recorded then. */
export interface Actor {
  id: string | null;
  displayName: string;
}

export interface VersionSummary {
  id: string;
  procedureId: string;
  version: number;
  contentHash: string;
  formatVersion: number;
  title: string;
  departmentRef: string;
  publishedAt: string;
  /** null for versions the system published, such as the shipped catalogue. */
  publishedBy: Actor | null;
}

export interface StoredVersion extends VersionSummary {
  definition: ProcedureDefinition;
}

export interface StoredDraft {
  procedureId: string;
  revision: number;
  definition: Record<string, unknown>;
  sampleAnswers: Record<string, unknown>;
  basedOnVersion: number | null;
  createdAt: string;
  updatedAt: string;
  updatedBy: Actor | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();
const actor = (id: string | null, name: string | null): Actor | null => (id === null && name === null ? null : { id, displayName: name ?? '' });
const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

const SUMMARY_COLUMNS = ['id', 'procedure_id', 'version', 'content_hash', 'format_version', 'title', 'department_ref', 'published_at', 'published_by', 'published_by_name'] as const;

type SummaryRow = {
  id: string; procedure_id: string; version: number; content_hash: string; format_version: number; title: string;
  department_ref: string; published_at: Date; published_by: string | null; published_by_name: string | null;
};

function toSummary(r: SummaryRow): VersionSummary {
  return {
    id: r.id,
    procedureId: r.procedure_id,
    version: r.version,
    contentHash: r.content_hash,
    formatVersion: r.format_version,
    title: r.title,
    departmentRef: r.department_ref,
    publishedAt: iso(r.published_at),
    publishedBy: actor(r.published_by, r.published_by_name),
  };
}

/** The latest version of every procedure, without definitions (the list screen). */
export async function latestVersionSummaries(db: Db, municipalityId: string): Promise<{ version: VersionSummary; kind: string | null }[]> {
  const rows = await db
    .selectFrom('procedure_version')
    .select([...SUMMARY_COLUMNS, sql<string | null>`definition->>'kind'`.as('kind')])
    .distinctOn('procedure_id')
    .where('municipality_id', '=', municipalityId)
    .orderBy('procedure_id')
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({ version: toSummary(r), kind: r.kind }));
}

export async function versionSummaries(db: Db, municipalityId: string, procedureId: string): Promise<VersionSummary[]> {
  const rows = await db
    .selectFrom('procedure_version')
    .select([...SUMMARY_COLUMNS])
    .where('municipality_id', '=', municipalityId)
    .where('procedure_id', '=', procedureId)
    .orderBy('version', 'desc')
    .execute();
  return rows.map(toSummary);
}

/** One version with its definition; the latest when `version` is not given. */
export async function loadVersion(db: Db, municipalityId: string, procedureId: string, version?: number): Promise<StoredVersion | null> {
  let q = db
    .selectFrom('procedure_version')
    .select([...SUMMARY_COLUMNS, 'definition'])
    .where('municipality_id', '=', municipalityId)
    .where('procedure_id', '=', procedureId);
  q = version === undefined ? q.orderBy('version', 'desc').limit(1) : q.where('version', '=', version);
  const r = await q.executeTakeFirst();
  return r ? { ...toSummary(r), definition: r.definition as ProcedureDefinition } : null;
}

/** The shape the package's publish() compares against (number, hash). */
export function asPublishedVersion(v: StoredVersion): PublishedVersion {
  return {
    procedureId: v.procedureId,
    version: v.version,
    contentHash: v.contentHash,
    publishedAt: v.publishedAt,
    publishedBy: v.publishedBy?.displayName ?? null,
    definition: v.definition,
  };
}

export async function insertVersion(db: Db, municipalityId: string, v: PublishedVersion, by: Actor | null): Promise<string> {
  const id = crypto.randomUUID();
  await db
    .insertInto('procedure_version')
    .values({
      municipality_id: municipalityId,
      id,
      procedure_id: v.procedureId,
      version: v.version,
      format_version: v.definition.formatVersion,
      content_hash: v.contentHash,
      definition: JSON.stringify(v.definition),
      title: v.definition.title,
      department_ref: v.definition.departmentId,
      published_at: v.publishedAt,
      published_by: by?.id ?? null,
      published_by_name: by?.displayName ?? null,
    })
    .execute();
  return id;
}

type DraftRow = {
  procedure_id: string; revision: number; definition: unknown; sample_answers: unknown; based_on_version: number | null;
  created_at: Date; updated_at: Date; updated_by: string | null; updated_by_name: string | null;
};

function toDraft(r: DraftRow): StoredDraft {
  return {
    procedureId: r.procedure_id,
    revision: r.revision,
    definition: record(r.definition),
    sampleAnswers: record(r.sample_answers),
    basedOnVersion: r.based_on_version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    updatedBy: actor(r.updated_by, r.updated_by_name),
  };
}

export async function loadDraft(db: Db, municipalityId: string, procedureId: string, opts: { forUpdate?: boolean } = {}): Promise<StoredDraft | null> {
  let q = db.selectFrom('procedure_draft').selectAll().where('municipality_id', '=', municipalityId).where('procedure_id', '=', procedureId);
  if (opts.forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  return r ? toDraft(r) : null;
}

export interface DraftSummary {
  procedureId: string;
  revision: number;
  title: string | null;
  kind: string | null;
  departmentRef: string | null;
  updatedAt: string;
  updatedBy: Actor | null;
}

export async function draftSummaries(db: Db, municipalityId: string): Promise<DraftSummary[]> {
  const rows = await db
    .selectFrom('procedure_draft')
    .select([
      'procedure_id', 'revision', 'updated_at', 'updated_by', 'updated_by_name',
      sql<string | null>`definition->>'title'`.as('title'),
      sql<string | null>`definition->>'kind'`.as('kind'),
      sql<string | null>`definition->>'departmentId'`.as('department_ref'),
    ])
    .where('municipality_id', '=', municipalityId)
    .execute();
  return rows.map((r) => ({
    procedureId: r.procedure_id,
    revision: r.revision,
    title: r.title,
    kind: r.kind,
    departmentRef: r.department_ref,
    updatedAt: iso(r.updated_at),
    updatedBy: actor(r.updated_by, r.updated_by_name),
  }));
}

export async function writeDraft(
  db: Db,
  municipalityId: string,
  draft: { procedureId: string; revision: number; definition: unknown; sampleAnswers: unknown; basedOnVersion: number | null },
  by: Actor,
  now: Date,
): Promise<StoredDraft> {
  const values = {
    revision: draft.revision,
    definition: JSON.stringify(draft.definition),
    sample_answers: JSON.stringify(draft.sampleAnswers),
    updated_at: now,
    updated_by: by.id,
    updated_by_name: by.displayName,
  };
  const row = await db
    .insertInto('procedure_draft')
    .values({ municipality_id: municipalityId, procedure_id: draft.procedureId, based_on_version: draft.basedOnVersion, created_at: now, ...values })
    .onConflict((oc) => oc.columns(['municipality_id', 'procedure_id']).doUpdateSet(values))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toDraft(row);
}

export async function deleteDraft(db: Db, municipalityId: string, procedureId: string): Promise<void> {
  await db.deleteFrom('procedure_draft').where('municipality_id', '=', municipalityId).where('procedure_id', '=', procedureId).execute();
}
