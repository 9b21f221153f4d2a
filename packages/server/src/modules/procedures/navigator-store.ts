import type { Kysely, Transaction } from 'kysely';
import type { PublishedRuleSet, RuleSet } from '@madoguchi/procedures';
import type { Database } from '../../platform/db/schema';
import type { Actor } from './store';

type Db = Kysely<Database> | Transaction<Database>;

export interface RuleSetVersionSummary {
  id: string;
  version: number;
  contentHash: string;
  rules: number;
  publishedAt: string;
  publishedBy: Actor | null;
}

export interface StoredRuleSetVersion extends RuleSetVersionSummary {
  ruleSet: RuleSet;
}

export interface StoredRuleSetDraft {
  revision: number;
  ruleSet: Record<string, unknown>;
  basedOnVersion: number | null;
  createdAt: string;
  updatedAt: string;
  updatedBy: Actor | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();
const actor = (id: string | null, name: string | null): Actor | null => (id === null && name === null ? null : { id, displayName: name ?? '' });

export async function loadRuleSetVersions(db: Db, municipalityId: string): Promise<StoredRuleSetVersion[]> {
  const rows = await db.selectFrom('navigator_rule_version').selectAll().where('municipality_id', '=', municipalityId).orderBy('version', 'desc').execute();
  return rows.map((r) => {
    const ruleSet = r.rule_set as RuleSet;
    return {
      id: r.id,
      version: r.version,
      contentHash: r.content_hash,
      rules: ruleSet.rules.length,
      publishedAt: iso(r.published_at),
      publishedBy: actor(r.published_by, r.published_by_name),
      ruleSet,
    };
  });
}

/** The shape publishRuleSet() compares against. */
export function asPublishedRuleSet(v: StoredRuleSetVersion): PublishedRuleSet {
  return { version: v.version, contentHash: v.contentHash, publishedAt: v.publishedAt, publishedBy: v.publishedBy?.displayName ?? null, ruleSet: v.ruleSet };
}

export async function insertRuleSetVersion(db: Db, municipalityId: string, p: PublishedRuleSet, by: Actor | null): Promise<string> {
  const id = crypto.randomUUID();
  await db
    .insertInto('navigator_rule_version')
    .values({
      municipality_id: municipalityId,
      id,
      version: p.version,
      content_hash: p.contentHash,
      rule_set: JSON.stringify(p.ruleSet),
      published_at: p.publishedAt,
      published_by: by?.id ?? null,
      published_by_name: by?.displayName ?? null,
    })
    .execute();
  return id;
}

export async function loadRuleSetDraft(db: Db, municipalityId: string, opts: { forUpdate?: boolean } = {}): Promise<StoredRuleSetDraft | null> {
  let q = db.selectFrom('navigator_rule_draft').selectAll().where('municipality_id', '=', municipalityId);
  if (opts.forUpdate) q = q.forUpdate();
  const r = await q.executeTakeFirst();
  if (!r) return null;
  return {
    revision: r.revision,
    ruleSet: r.rule_set as Record<string, unknown>,
    basedOnVersion: r.based_on_version,
    createdAt: iso(r.created_at),
    updatedAt: iso(r.updated_at),
    updatedBy: actor(r.updated_by, r.updated_by_name),
  };
}

export async function writeRuleSetDraft(
  db: Db,
  municipalityId: string,
  draft: { revision: number; ruleSet: unknown; basedOnVersion: number | null },
  by: Actor,
  now: Date,
): Promise<void> {
  const values = { revision: draft.revision, rule_set: JSON.stringify(draft.ruleSet), updated_at: now, updated_by: by.id, updated_by_name: by.displayName };
  await db
    .insertInto('navigator_rule_draft')
    .values({ municipality_id: municipalityId, based_on_version: draft.basedOnVersion, created_at: now, ...values })
    .onConflict((oc) => oc.column('municipality_id').doUpdateSet(values))
    .execute();
}

export async function deleteRuleSetDraft(db: Db, municipalityId: string): Promise<void> {
  await db.deleteFrom('navigator_rule_draft').where('municipality_id', '=', municipalityId).execute();
}

/** Ids of procedures that have a published version: the only ones a published rule may name. */
export async function publishedProcedureTitles(db: Db, municipalityId: string): Promise<{ procedureId: string; title: string }[]> {
  const rows = await db
    .selectFrom('procedure_version')
    .select(['procedure_id', 'title'])
    .distinctOn('procedure_id')
    .where('municipality_id', '=', municipalityId)
    .orderBy('procedure_id')
    .orderBy('version', 'desc')
    .execute();
  return rows.map((r) => ({ procedureId: r.procedure_id, title: r.title }));
}
