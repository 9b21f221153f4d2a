import { z } from 'zod';
import { error, joinPath } from '../definition/issues';
import type { Issue } from '../definition/issues';
import { zodIssuesToIssues } from '../definition/zodIssues';
import { analyzeExpression } from '../expression/analyze';
import type { Expression } from '../expression/ast';
import { parsePath } from '../expression/path';
import { DERIVED_MEMBER_FACTS, householdFactsSchema, memberFactsSchema, ruleSetSchema } from './schema';
import type { RuleSet } from './schema';

const MEMBER_KEYS = new Set<string>([...Object.keys(memberFactsSchema.shape), ...DERIVED_MEMBER_FACTS]);
const HOUSEHOLD_KEYS = new Set<string>(Object.keys(householdFactsSchema.shape));
const MUNICIPALITY_KEYS = new Set(['name', 'prefecture']);

/** Which fact a path names, or why it names none. */
function checkFactPath(path: string, insideItem: boolean): string | null {
  const segs = parsePath(path);
  if (!segs || segs.length === 0) return '書き方が正しくありません';
  const [a, b, c] = [segs[0]!, segs[1], segs[2]];
  if (a.key === '$item') {
    if (!insideItem) return 'any・filter などの中でだけ使えます';
    return b && MEMBER_KEYS.has(b.key) ? null : `世帯員の事実に「${b?.key ?? ''}」はありません`;
  }
  if (a.key === '$index') return insideItem ? null : 'any・filter などの中でだけ使えます';
  if (a.key === 'event') return b && (b.key === 'kind' || b.key === 'date') ? null : 'event で使えるのは kind と date です';
  if (a.key === '$municipality') return b && MUNICIPALITY_KEYS.has(b.key) ? null : '$municipality で使えるのは name と prefecture です';
  if (a.key !== 'household') return `「${a.key}」という事実はありません（event・household・$municipality のどれかで始めてください）`;
  if (!b || !HOUSEHOLD_KEYS.has(b.key)) return `世帯の事実に「${b?.key ?? ''}」はありません`;
  if (b.key === 'members') return c === undefined || MEMBER_KEYS.has(c.key) ? null : `世帯員の事実に「${c.key}」はありません`;
  if (b.key === 'previousMunicipality' || b.key === 'nextMunicipality') return c === undefined || MUNICIPALITY_KEYS.has(c.key) ? null : `市区町村の事実に「${c.key}」はありません`;
  return c === undefined ? null : `「${b.key}」はそれ以上分けられません`;
}

export type RuleSetValidation = { ok: true; ruleSet: RuleSet; issues: Issue[] } | { ok: false; issues: Issue[] };

/**
 * Checks an edited rule set before it replaces the current one: every
 * procedure must exist in the catalogue and every fact must be one the
 * navigator knows.
 */
export function validateRuleSet(input: unknown, procedureIds: readonly string[]): RuleSetValidation {
  const parsed = ruleSetSchema.safeParse(input, { error: z.locales.ja().localeError });
  if (!parsed.success) return { ok: false, issues: zodIssuesToIssues(parsed.error, 'NAV-SCHEMA', '手続きナビのルール') };
  const issues: Issue[] = [];
  const known = new Set(procedureIds);
  const seen = new Set<string>();
  parsed.data.rules.forEach((rule, i) => {
    const at = joinPath('rules', i);
    if (seen.has(rule.id)) issues.push(error('NAV-DUPLICATE-RULE', joinPath(at, 'id'), `ルールID「${rule.id}」が重複しています。別のIDにしてください。`));
    seen.add(rule.id);
    if (!known.has(rule.procedureId)) {
      issues.push(error('NAV-UNKNOWN-PROCEDURE', joinPath(at, 'procedureId'), `ルール「${rule.id}」が案内する手続き「${rule.procedureId}」はカタログにありません。手続きIDを確かめるか、先に手続きを公開してください。`));
    }
    const placeholders: string[] = rule.reason.match(/\{[^}]*\}/g) ?? [];
    for (const p of placeholders) {
      if (p !== '{names}') issues.push(error('NAV-BAD-REASON', joinPath(at, 'reason'), `理由の文に使えない差し込み「${p}」があります。使えるのは {names}（対象の人の名前）だけです。`));
    }
    if (placeholders.includes('{names}') && rule.subjects === undefined) {
      issues.push(error('NAV-BAD-REASON', joinPath(at, 'reason'), `ルール「${rule.id}」には subjects がないため、{names} に入れる名前がありません。subjects を指定するか {names} を外してください。`));
    }
    const check = (e: Expression, where: string): void => {
      const a = analyzeExpression(e, where);
      issues.push(...a.issues);
      for (const u of a.uses) {
        const problem = checkFactPath(u.path, u.insideItemScope);
        if (problem) issues.push(error('NAV-UNKNOWN-FACT', u.at, `「${u.path}」: ${problem}。`));
      }
    };
    if (rule.when !== undefined) check(rule.when, joinPath(at, 'when'));
    if (rule.subjects !== undefined) check(rule.subjects, joinPath(at, 'subjects'));
  });
  return issues.some((i) => i.severity === 'error') ? { ok: false, issues } : { ok: true, ruleSet: parsed.data, issues };
}
