import { error, joinPath } from '../definition/issues';
import type { Issue } from '../definition/issues';
import { ARITY, ITEM_SCOPED, isListExpr, isOpExpr, isVarRef } from './ast';
import type { Expression } from './ast';
import { evaluate, safeRegExp } from './evaluate';
import { parsePath } from './path';

export type VarUse = { path: string; at: string; insideItemScope: boolean };

/**
 * Structural checks that zod cannot express (arity, literal patterns, path
 * syntax) and the list of variables an expression reads.
 */
export function analyzeExpression(expr: Expression, at: string, options: { itemBound?: boolean } = {}): { uses: VarUse[]; issues: Issue[] } {
  const uses: VarUse[] = [];
  const issues: Issue[] = [];
  const walk = (e: Expression, path: string, inItem: boolean): void => {
    if (e === null || typeof e !== 'object') return;
    if (isVarRef(e)) {
      if (!parsePath(e.var)) {
        issues.push(error('EXPR-BAD-PATH', path, `変数名「${e.var}」の書き方が正しくありません。「members[*].birthDate」のように、項目IDを「.」でつないでください。`));
      } else if (e.var.startsWith('$item') && !inItem && !options.itemBound) {
        issues.push(error('EXPR-ITEM-OUTSIDE', path, `「${e.var}」は any・all などの2番目の引数の中か、繰り返し項目の中の項目でだけ使えます。式の位置を見直してください。`));
      } else uses.push({ path: e.var, at: path, insideItemScope: inItem });
      return;
    }
    if (isListExpr(e)) {
      e.list.forEach((x, i) => walk(x, joinPath(joinPath(path, 'list'), i), inItem));
      return;
    }
    if (!isOpExpr(e)) return;
    const [min, max] = ARITY[e.op];
    const n = e.args.length;
    if (n < min || (max !== null && n > max)) {
      const want = max === null ? `${min}個以上` : min === max ? `${min}個` : `${min}〜${max}個`;
      issues.push(error('EXPR-ARITY', path, `演算「${e.op}」の引数は${want}必要ですが、${n}個あります。引数を直してください。`));
    }
    if (e.op === 'matches') {
      const p = e.args[1];
      if (typeof p !== 'string') {
        issues.push(error('EXPR-PATTERN-NOT-LITERAL', joinPath(joinPath(path, 'args'), 1), '「matches」の2番目の引数は正規表現の文字列で書いてください。'));
      } else if (!safeRegExp(p)) {
        issues.push(error('EXPR-INVALID-PATTERN', joinPath(joinPath(path, 'args'), 1), `正規表現「${p}」が正しくありません。括弧の対応やエスケープを確かめてください。`));
      }
    }
    e.args.forEach((x, i) => walk(x, joinPath(joinPath(path, 'args'), i), inItem || (ITEM_SCOPED.has(e.op) && i === 1)));
  };
  walk(expr, at, false);
  return { uses, issues };
}

export type Folded = { known: true; value: unknown } | { known: false };

/**
 * Partial evaluation used to find fields that can never be shown: variables
 * the caller can pin (e.g. to null for an unreachable field, or to "not one of
 * these option values") are folded, everything else stays unknown.
 */
export function foldExpression(e: Expression, pin: (path: string) => Folded, impossibleValue: (path: string, value: unknown) => boolean): Folded {
  if (e === null || typeof e !== 'object') return { known: true, value: e };
  if (isVarRef(e)) return pin(e.var);
  if (isListExpr(e)) {
    const items = e.list.map((x) => foldExpression(x, pin, impossibleValue));
    return items.every((x) => x.known) ? { known: true, value: items.map((x) => (x.known ? x.value : null)) } : { known: false };
  }
  if (!isOpExpr(e)) return { known: false };
  const f = (x: Expression | undefined): Folded => (x === undefined ? { known: true, value: null } : foldExpression(x, pin, impossibleValue));
  switch (e.op) {
    case 'and': {
      const parts = e.args.map(f);
      if (parts.some((p) => p.known && p.value !== true)) return { known: true, value: false };
      return parts.every((p) => p.known) ? { known: true, value: true } : { known: false };
    }
    case 'or': {
      const parts = e.args.map(f);
      if (parts.some((p) => p.known && p.value === true)) return { known: true, value: true };
      return parts.every((p) => p.known) ? { known: true, value: false } : { known: false };
    }
    case 'not': {
      const p = f(e.args[0]);
      return p.known ? { known: true, value: p.value !== true } : { known: false };
    }
    case 'eq': case 'in': {
      const [l, r] = [e.args[0], e.args[1]];
      if (l !== undefined && isVarRef(l) && r !== undefined) {
        const rv = f(r);
        if (rv.known) {
          const candidates = e.op === 'in' && Array.isArray(rv.value) ? rv.value : [rv.value];
          if (candidates.every((c) => impossibleValue(l.var, c))) return { known: true, value: false };
        }
      }
      const [a, b] = [f(l), f(r)];
      if (a.known && b.known) {
        if (e.op === 'eq') return { known: true, value: JSON.stringify(a.value) === JSON.stringify(b.value) };
        return { known: true, value: Array.isArray(b.value) && b.value.some((x) => JSON.stringify(x) === JSON.stringify(a.value)) };
      }
      return { known: false };
    }
    default: {
      if (ITEM_SCOPED.has(e.op)) return { known: false };
      const parts = e.args.map(f);
      const literals = parts.map((p) => (p.known ? toLiteral(p.value) : undefined));
      if (literals.some((l) => l === undefined)) return { known: false };
      return { known: true, value: evaluate({ op: e.op, args: literals as Expression[] }, {}) };
    }
  }
}

function toLiteral(v: unknown): Expression | undefined {
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) {
    const items = v.map(toLiteral);
    return items.every((x) => x !== undefined) ? { list: items as Expression[] } : undefined;
  }
  return undefined;
}
