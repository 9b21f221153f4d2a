import { error } from '../definition/issues';
import type { Issue } from '../definition/issues';
import { canonicalJson, deepFreeze } from '../publish/canonical';
import { sha256Hex } from '../publish/sha256';
import type { RuleSet } from './schema';
import { validateRuleSet } from './validateRules';

export type PublishedRuleSet = {
  readonly version: number;
  readonly contentHash: string;
  readonly publishedAt: string;
  readonly publishedBy: string | null;
  readonly ruleSet: Readonly<RuleSet>;
};

export type PublishRuleSetResult = { ok: true; published: PublishedRuleSet; warnings: Issue[] } | { ok: false; issues: Issue[] };

/**
 * An admin's edited rules become a new immutable version only if they pass
 * validation against the procedures that are published; the current version
 * is never touched.
 */
export function publishRuleSet(draft: unknown, previous: readonly PublishedRuleSet[], procedureIds: readonly string[], options: { publishedAt: string; publishedBy?: string }): PublishRuleSetResult {
  const v = validateRuleSet(structuredClone(draft), procedureIds);
  if (!v.ok) return { ok: false, issues: v.issues };
  const contentHash = sha256Hex(canonicalJson(v.ruleSet));
  const latest = previous.reduce<PublishedRuleSet | null>((a, p) => (a === null || p.version > a.version ? p : a), null);
  if (latest && latest.contentHash === contentHash) {
    return { ok: false, issues: [error('NAV-NO-CHANGES', '', `公開中の第${latest.version}版のルールから変更がありません。`)] };
  }
  const published: PublishedRuleSet = deepFreeze({
    version: (latest?.version ?? 0) + 1,
    contentHash,
    publishedAt: options.publishedAt,
    publishedBy: options.publishedBy ?? null,
    ruleSet: v.ruleSet,
  });
  return { ok: true, published, warnings: v.issues };
}
