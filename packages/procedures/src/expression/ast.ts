import { z } from 'zod';

/**
 * Logic as data: a small JSON expression language shared by the form evaluator
 * and the navigator. It has no eval and no host access, so the same definition
 * gives the same answer in a browser, on the server and in a test.
 */
export type Literal = string | number | boolean | null;
export type VarRef = { var: string };
export type ListExpr = { list: Expression[] };
export type OpExpr = { op: Operator; args: Expression[] };
export type Expression = Literal | VarRef | ListExpr | OpExpr;

export const OPERATORS = [
  'and', 'or', 'not',
  'eq', 'ne', 'lt', 'le', 'gt', 'ge', 'in', 'contains',
  'isEmpty', 'isPresent', 'if', 'coalesce',
  'add', 'sub', 'mul', 'div', 'min', 'max', 'round',
  'concat', 'length', 'matches',
  'any', 'all', 'count', 'filter', 'map', 'sum',
  'today', 'ageOn', 'schoolYearOn', 'addDays', 'addMonths', 'addYears', 'daysBetween',
] as const;
export type Operator = (typeof OPERATORS)[number];

/** [minimum, maximum] number of arguments; null = unbounded. */
export const ARITY: Record<Operator, readonly [number, number | null]> = {
  and: [1, null], or: [1, null], not: [1, 1],
  eq: [2, 2], ne: [2, 2], lt: [2, 2], le: [2, 2], gt: [2, 2], ge: [2, 2], in: [2, 2], contains: [2, 2],
  isEmpty: [1, 1], isPresent: [1, 1], if: [3, 3], coalesce: [1, null],
  add: [2, null], sub: [2, 2], mul: [2, null], div: [2, 2], min: [1, null], max: [1, null], round: [1, 1],
  concat: [1, null], length: [1, 1], matches: [2, 2],
  any: [2, 2], all: [2, 2], count: [1, 2], filter: [2, 2], map: [2, 2], sum: [1, 2],
  today: [0, 0], ageOn: [2, 2], schoolYearOn: [2, 2], addDays: [2, 2], addMonths: [2, 2], addYears: [2, 2],
  daysBetween: [2, 2],
};

/** Operators whose second argument is evaluated once per list item, with `$item` bound. */
export const ITEM_SCOPED: ReadonlySet<Operator> = new Set(['any', 'all', 'count', 'filter', 'map', 'sum']);

export const expressionSchema: z.ZodType<Expression> = z.lazy(() =>
  z.union([
    z.string(),
    z.number(),
    z.boolean(),
    z.null(),
    z.object({ var: z.string().min(1) }).strict(),
    z.object({ list: z.array(expressionSchema) }).strict(),
    z.object({ op: z.enum(OPERATORS), args: z.array(expressionSchema) }).strict(),
  ]),
).meta({ id: 'Expression', description: 'JSON logic expression (literal, {var}, {list} or {op,args})' });

export function isVarRef(e: Expression): e is VarRef {
  return typeof e === 'object' && e !== null && 'var' in e;
}
export function isListExpr(e: Expression): e is ListExpr {
  return typeof e === 'object' && e !== null && 'list' in e;
}
export function isOpExpr(e: Expression): e is OpExpr {
  return typeof e === 'object' && e !== null && 'op' in e;
}
