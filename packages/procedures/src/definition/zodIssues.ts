import type { z } from 'zod';
import { error } from './issues';
import type { Issue } from './issues';

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc === '' ? String(k) : `${acc}.${String(k)}`), '');
}

type RawIssue = { code: string; path: PropertyKey[]; message: string; errors?: RawIssue[][]; discriminator?: string; options?: unknown[] };

/**
 * zod reports a failed union as one issue holding every branch's failures.
 * The branch with the fewest failures is the one the author meant, so only
 * its messages are shown.
 */
function flatten(issue: RawIssue, prefix: PropertyKey[]): Array<{ path: PropertyKey[]; message: string }> {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.discriminator && Array.isArray(issue.options)) {
    return [{ path, message: `「${issue.discriminator}」は ${issue.options.map(String).join('・')} のどれかにしてください。` }];
  }
  if (issue.code === 'invalid_union' && issue.errors && issue.errors.length > 0) {
    const best = [...issue.errors].sort((a, b) => score(a) - score(b))[0] ?? [];
    if (best.length > 0) return best.flatMap((i) => flatten(i, path));
  }
  return [{ path, message: issue.message }];
}

function score(branch: RawIssue[]): number {
  // Prefer the branch that got furthest (deepest paths) and failed least.
  const depth = Math.max(0, ...branch.map((i) => i.path.length));
  const typeMismatchAtRoot = branch.some((i) => i.path.length === 0 && i.code === 'invalid_type');
  return branch.length - depth * 2 + (typeMismatchAtRoot ? 10 : 0);
}

export function zodIssuesToIssues(zerr: z.ZodError, code: string, what: string): Issue[] {
  return (zerr.issues as unknown as RawIssue[]).flatMap((i) =>
    flatten(i, []).map((f) => {
      const p = formatPath(f.path);
      return error(code, p, `${what}の形式が正しくありません（${p === '' ? '全体' : p}）: ${f.message}`);
    }),
  );
}
