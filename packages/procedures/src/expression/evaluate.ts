import { ageOn, isIsoDate, schoolYearOn } from '../jp/adapter';
import { ITEM_SCOPED, isListExpr, isOpExpr, isVarRef } from './ast';
import type { Expression, OpExpr } from './ast';
import { describeExpression } from './describe';
import { parsePath, resolvePath } from './path';
import type { PathSegment } from './path';

/** Variables visible to an expression: answers or facts, plus `$context`, `$item`, … */
export type Scope = Readonly<Record<string, unknown>>;

/** One step of an explanation: what was evaluated and what it gave. */
export type TraceNode = { text: string; value: unknown; children: TraceNode[] };

const pathCache = new Map<string, PathSegment[] | null>();

function lookup(scope: Scope, path: string): unknown {
  let segments = pathCache.get(path);
  if (segments === undefined) {
    segments = parsePath(path);
    pathCache.set(path, segments);
  }
  return segments ? resolvePath(scope, segments) : null;
}

/**
 * Total, deterministic evaluation: never throws on data. Type mismatches give
 * null, comparisons with null give false, and only `true` counts as true.
 */
export function evaluate(expr: Expression, scope: Scope): unknown {
  return ev(expr, scope, null);
}

export function evaluateWithTrace(expr: Expression, scope: Scope): { value: unknown; trace: TraceNode } {
  const sink: TraceNode[] = [];
  const value = ev(expr, scope, sink);
  return { value, trace: sink[0] ?? { text: describeExpression(expr), value, children: [] } };
}

export function isTrue(v: unknown): boolean {
  return v === true;
}

function ev(e: Expression, scope: Scope, tr: TraceNode[] | null): unknown {
  if (e === null || typeof e !== 'object') return e;
  if (isVarRef(e)) {
    const v = lookup(scope, e.var);
    tr?.push({ text: e.var, value: v, children: [] });
    return v;
  }
  if (isListExpr(e)) return e.list.map((x) => ev(x, scope, tr));
  if (!isOpExpr(e)) return null;
  const kids: TraceNode[] | null = tr ? [] : null;
  const value = ITEM_SCOPED.has(e.op) ? evItems(e, scope, kids) : evOp(e, scope, kids);
  tr?.push({ text: describeExpression(e), value, children: kids ?? [] });
  return value;
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

function date(v: unknown): string | null {
  return isIsoDate(v) ? v : null;
}

function isEmpty(v: unknown): boolean {
  return v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => equal(x, b[i]));
  return false;
}

function compare(a: unknown, b: unknown): number | null {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

function shiftDate(iso: string, days: number, months: number): string | null {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7)) - 1 + months;
  const d = Number(iso.slice(8, 10));
  const first = new Date(Date.UTC(y, m, 1));
  // Clamp to the month's last day so 1/31 + 1 month is 2/28 (or 2/29), as Japanese offices count.
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  const t = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, last) + days));
  if (Number.isNaN(t.getTime())) return null;
  return t.toISOString().slice(0, 10);
}

function numbers(values: unknown[]): number[] | null {
  const flat = values.flatMap((v) => (Array.isArray(v) ? v : [v]));
  const out = flat.map(num);
  return out.every((n): n is number => n !== null) ? out : null;
}

function evOp(e: OpExpr, scope: Scope, tr: TraceNode[] | null): unknown {
  const a = e.args;
  const arg = (i: number): unknown => {
    const x = a[i];
    return x === undefined ? null : ev(x, scope, tr);
  };
  switch (e.op) {
    case 'and':
      for (let i = 0; i < a.length; i++) if (!isTrue(arg(i))) return false;
      return true;
    case 'or':
      for (let i = 0; i < a.length; i++) if (isTrue(arg(i))) return true;
      return false;
    case 'not':
      return !isTrue(arg(0));
    case 'eq':
      return equal(arg(0), arg(1));
    case 'ne':
      return !equal(arg(0), arg(1));
    case 'lt': case 'le': case 'gt': case 'ge': {
      const c = compare(arg(0), arg(1));
      if (c === null) return false;
      return e.op === 'lt' ? c < 0 : e.op === 'le' ? c <= 0 : e.op === 'gt' ? c > 0 : c >= 0;
    }
    case 'in': {
      const v = arg(0);
      const list = arg(1);
      return Array.isArray(list) ? list.some((x) => equal(x, v)) : false;
    }
    case 'contains': {
      const hay = arg(0);
      const needle = arg(1);
      if (Array.isArray(hay)) return hay.some((x) => equal(x, needle));
      return typeof hay === 'string' && typeof needle === 'string' ? hay.includes(needle) : false;
    }
    case 'isEmpty':
      return isEmpty(arg(0));
    case 'isPresent':
      return !isEmpty(arg(0));
    case 'if':
      return isTrue(arg(0)) ? arg(1) : arg(2);
    case 'coalesce':
      for (let i = 0; i < a.length; i++) {
        const v = arg(i);
        if (!isEmpty(v)) return v;
      }
      return null;
    case 'add': case 'mul': {
      const ns = numbers(a.map((_, i) => arg(i)));
      if (!ns) return null;
      return e.op === 'add' ? ns.reduce((s, n) => s + n, 0) : ns.reduce((s, n) => s * n, 1);
    }
    case 'sub': {
      const [x, y] = [num(arg(0)), num(arg(1))];
      return x === null || y === null ? null : x - y;
    }
    case 'div': {
      const [x, y] = [num(arg(0)), num(arg(1))];
      return x === null || y === null || y === 0 ? null : x / y;
    }
    case 'min': case 'max': {
      const ns = numbers(a.map((_, i) => arg(i)));
      if (!ns || ns.length === 0) return null;
      return e.op === 'min' ? Math.min(...ns) : Math.max(...ns);
    }
    case 'round': {
      const x = num(arg(0));
      return x === null ? null : Math.round(x);
    }
    case 'concat':
      return a.map((_, i) => arg(i)).map((v) => (v === null || v === undefined ? '' : typeof v === 'object' ? '' : String(v))).join('');
    case 'length': {
      const v = arg(0);
      return Array.isArray(v) ? v.length : typeof v === 'string' ? [...v].length : null;
    }
    case 'matches': {
      const v = arg(0);
      const p = a[1];
      if (typeof v !== 'string' || typeof p !== 'string') return false;
      return safeRegExp(p)?.test(v) ?? false;
    }
    case 'today':
      return lookup(scope, '$context.today');
    case 'ageOn': case 'schoolYearOn': {
      const [b, d] = [date(arg(0)), date(arg(1))];
      if (!b || !d) return null;
      const n = e.op === 'ageOn' ? ageOn(b, d) : schoolYearOn(b, d);
      return Number.isFinite(n) ? n : null;
    }
    case 'addDays': case 'addMonths': case 'addYears': {
      const [d, n] = [date(arg(0)), num(arg(1))];
      if (!d || n === null || !Number.isInteger(n)) return null;
      return e.op === 'addDays' ? shiftDate(d, n, 0) : shiftDate(d, 0, e.op === 'addMonths' ? n : n * 12);
    }
    case 'daysBetween': {
      const [x, y] = [date(arg(0)), date(arg(1))];
      if (!x || !y) return null;
      return Math.round((Date.parse(y) - Date.parse(x)) / 86_400_000);
    }
    default:
      return null;
  }
}

function evItems(e: OpExpr, scope: Scope, tr: TraceNode[] | null): unknown {
  const [listExpr, perItem] = e.args;
  const list = listExpr === undefined ? null : ev(listExpr, scope, tr);
  if (!Array.isArray(list)) return e.op === 'any' || e.op === 'all' ? false : e.op === 'count' || e.op === 'sum' ? 0 : [];
  const each = (item: unknown, index: number): unknown => {
    if (perItem === undefined) return item;
    const itemTrace: TraceNode[] | null = tr ? [] : null;
    const v = ev(perItem, { ...scope, $item: item, $index: index }, itemTrace);
    if (tr && itemTrace) tr.push({ text: `$item[${index}]`, value: v, children: itemTrace });
    return v;
  };
  switch (e.op) {
    case 'any':
      return list.some((x, i) => isTrue(each(x, i)));
    case 'all':
      return list.every((x, i) => isTrue(each(x, i)));
    case 'count':
      return perItem === undefined ? list.length : list.filter((x, i) => isTrue(each(x, i))).length;
    case 'filter':
      return list.filter((x, i) => isTrue(each(x, i)));
    case 'map':
      return list.map((x, i) => each(x, i));
    case 'sum': {
      const ns = list.map((x, i) => num(each(x, i)));
      return ns.every((n): n is number => n !== null) ? ns.reduce((s, n) => s + n, 0) : null;
    }
    default:
      return null;
  }
}

const regexCache = new Map<string, RegExp | null>();

/** Patterns are data, so they are compiled once and a bad one never throws at run time. */
export function safeRegExp(pattern: string): RegExp | null {
  let re = regexCache.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null;
    }
    regexCache.set(pattern, re);
  }
  return re;
}
