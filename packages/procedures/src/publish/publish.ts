import { error } from '../definition/issues';
import type { Issue } from '../definition/issues';
import { validateDefinition } from '../definition/validateDefinition';
import type { ProcedureDefinition } from '../schema/definition';
import { canonicalJson, deepFreeze } from './canonical';
import { migrateDefinition } from './migrate';
import { sha256Hex } from './sha256';

export type PublishedVersion = {
  readonly procedureId: string;
  /** 1, 2, 3 … per procedure; a case stores procedureId + version + contentHash. */
  readonly version: number;
  /** SHA-256 of the canonical JSON of the definition. */
  readonly contentHash: string;
  readonly publishedAt: string;
  readonly publishedBy: string | null;
  readonly definition: Readonly<ProcedureDefinition>;
};

export type PublishOptions = {
  publishedAt: string;
  publishedBy?: string;
  departmentIds?: readonly string[];
  departmentIdsByName?: Readonly<Record<string, string>>;
};

export type PublishResult =
  | { ok: true; version: PublishedVersion; warnings: Issue[]; migratedFrom: number }
  | { ok: false; issues: Issue[] };

export function contentHashOf(definition: ProcedureDefinition): string {
  return sha256Hex(canonicalJson(definition));
}

/**
 * draft → immutable published version. Nothing passed in is modified; the
 * result is deep-frozen, so a version can never change after a case pins it.
 */
export function publish(draft: unknown, previousVersions: readonly PublishedVersion[], options: PublishOptions): PublishResult {
  const migrated = migrateDefinition(draft, options.departmentIdsByName ? { departmentIdsByName: options.departmentIdsByName } : {});
  if (!migrated.ok) return { ok: false, issues: migrated.issues };
  const validation = validateDefinition(structuredClone(migrated.definition), options.departmentIds ? { departmentIds: options.departmentIds } : {});
  if (!validation.ok) return { ok: false, issues: validation.issues };
  const definition = validation.definition;

  const foreign = previousVersions.find((v) => v.procedureId !== definition.id);
  if (foreign) {
    return { ok: false, issues: [error('PUB-WRONG-PROCEDURE', 'id', `手続きID「${definition.id}」の公開に、別の手続き「${foreign.procedureId}」の版が渡されました。同じ手続きの版だけを渡してください。`)] };
  }
  const latest = previousVersions.reduce<PublishedVersion | null>((a, v) => (a === null || v.version > a.version ? v : a), null);
  const contentHash = contentHashOf(definition);
  if (latest && latest.contentHash === contentHash) {
    return { ok: false, issues: [error('PUB-NO-CHANGES', '', `公開中の第${latest.version}版から変更がありません。変更してから公開してください。`)] };
  }
  const version: PublishedVersion = deepFreeze({
    procedureId: definition.id,
    version: (latest?.version ?? 0) + 1,
    contentHash,
    publishedAt: options.publishedAt,
    publishedBy: options.publishedBy ?? null,
    definition,
  });
  return { ok: true, version, warnings: validation.issues, migratedFrom: migrated.from };
}

/** Checks a stored version against its hash, e.g. before rendering a case made with it. */
export function verifyPublishedVersion(version: PublishedVersion): boolean {
  return contentHashOf(version.definition) === version.contentHash;
}
