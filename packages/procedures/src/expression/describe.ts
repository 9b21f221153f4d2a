import { isListExpr, isOpExpr, isVarRef } from './ast';
import type { Expression } from './ast';

const INFIX: Partial<Record<string, string>> = {
  eq: '=', ne: '≠', lt: '<', le: '≤', gt: '>', ge: '≥', add: '+', sub: '−', mul: '×', div: '÷',
  and: 'かつ', or: 'または',
};

/** A compact, readable rendering of an expression for traces and admin screens. */
export function describeExpression(e: Expression): string {
  if (e === null) return 'null';
  if (typeof e === 'string') return `「${e}」`;
  if (typeof e !== 'object') return String(e);
  if (isVarRef(e)) return e.var;
  if (isListExpr(e)) return `[${e.list.map(describeExpression).join(', ')}]`;
  if (!isOpExpr(e)) return '?';
  const infix = INFIX[e.op];
  if (infix && e.args.length >= 2) {
    const parts = e.args.map((x) => (isOpExpr(x) && INFIX[x.op] ? `(${describeExpression(x)})` : describeExpression(x)));
    return parts.join(` ${infix} `);
  }
  if (e.op === 'not') return `not ${describeExpression(e.args[0] ?? null)}`;
  return `${e.op}(${e.args.map(describeExpression).join(', ')})`;
}
