import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Expression } from './ast';
import { evaluate, evaluateWithTrace } from './evaluate';
import { describeExpression } from './describe';

const household = {
  members: [
    { name: '尾花 健一', birthDate: '1985-07-14', age: 41 },
    { name: '尾花 さくら', birthDate: '2018-05-10', age: 8 },
  ],
};
const v = (path: string): Expression => ({ var: path });

describe('evaluate', () => {
  it('reads nested paths and spreads arrays with [*]', () => {
    expect(evaluate(v('members[*].age'), household)).toEqual([41, 8]);
    expect(evaluate(v('members[1].name'), household)).toBe('尾花 さくら');
    expect(evaluate(v('members[5].name'), household)).toBeNull();
    expect(evaluate(v('nothing.here'), household)).toBeNull();
  });

  it('any/all/count bind $item per member', () => {
    const child: Expression = { op: 'lt', args: [v('$item.age'), 18] };
    expect(evaluate({ op: 'any', args: [v('members'), child] }, household)).toBe(true);
    expect(evaluate({ op: 'all', args: [v('members'), child] }, household)).toBe(false);
    expect(evaluate({ op: 'count', args: [v('members'), child] }, household)).toBe(1);
    expect(evaluate({ op: 'map', args: [v('members'), v('$item.name')] }, household)).toEqual(['尾花 健一', '尾花 さくら']);
    expect(evaluate({ op: 'sum', args: [v('members'), v('$item.age')] }, household)).toBe(49);
  });

  it('computes ages and school years on a date', () => {
    expect(evaluate({ op: 'ageOn', args: ['2018-05-10', '2026-05-09'] }, {})).toBe(7);
    expect(evaluate({ op: 'ageOn', args: ['2018-05-10', '2026-05-10'] }, {})).toBe(8);
    // Born 4/1 belongs to the older cohort (早生まれ), born 4/2 to the younger.
    expect(evaluate({ op: 'schoolYearOn', args: ['2019-04-01', '2025-04-01'] }, {})).toBe(1);
    expect(evaluate({ op: 'schoolYearOn', args: ['2019-04-02', '2025-04-01'] }, {})).toBe(0);
  });

  it('does date arithmetic with month-end clamping', () => {
    expect(evaluate({ op: 'addMonths', args: ['2026-01-31', 1] }, {})).toBe('2026-02-28');
    expect(evaluate({ op: 'addDays', args: ['2026-12-25', 14] }, {})).toBe('2027-01-08');
    expect(evaluate({ op: 'addYears', args: ['2024-02-29', 1] }, {})).toBe('2025-02-28');
    expect(evaluate({ op: 'daysBetween', args: ['2026-11-15', '2026-11-29'] }, {})).toBe(14);
  });

  it('is total: type mismatches give null or false, never an exception', () => {
    expect(evaluate({ op: 'add', args: ['a', 1] }, {})).toBeNull();
    expect(evaluate({ op: 'div', args: [1, 0] }, {})).toBeNull();
    expect(evaluate({ op: 'lt', args: [null, 1] }, {})).toBe(false);
    expect(evaluate({ op: 'ageOn', args: ['not a date', '2026-01-01'] }, {})).toBeNull();
    expect(evaluate({ op: 'matches', args: ['abc', '('] }, {})).toBe(false);
  });

  it('treats only true as true', () => {
    expect(evaluate({ op: 'and', args: [1, true] }, {})).toBe(false);
    expect(evaluate({ op: 'or', args: ['yes', v('missing')] }, {})).toBe(false);
    expect(evaluate({ op: 'not', args: [null] }, {})).toBe(true);
  });

  it('never throws on arbitrary JSON scopes', () => {
    const exprs: Expression[] = [
      { op: 'any', args: [v('a'), { op: 'gt', args: [v('$item.x'), 1] }] },
      { op: 'add', args: [v('a'), v('b.c')] },
      { op: 'ageOn', args: [v('a'), v('b')] },
      { op: 'concat', args: [v('a'), '-', v('b')] },
    ];
    fc.assert(fc.property(fc.dictionary(fc.constantFrom('a', 'b'), fc.jsonValue()), (scope) => {
      for (const e of exprs) expect(() => evaluate(e, scope)).not.toThrow();
    }), { numRuns: 100 });
  });

  it('records a readable trace of each step', () => {
    const expr: Expression = { op: 'and', args: [{ op: 'eq', args: [v('kind'), 'moveIn'] }, { op: 'any', args: [v('members'), { op: 'ge', args: [v('$item.age'), 6] }] }] };
    const { value, trace } = evaluateWithTrace(expr, { ...household, kind: 'moveIn' });
    expect(value).toBe(true);
    expect(trace.text).toBe(describeExpression(expr));
    expect(trace.children.map((c) => c.value)).toEqual([true, true]);
    const anyNode = trace.children[1];
    // any() stops at the first match, so the trace shows exactly the item that decided it.
    expect(anyNode?.children.filter((c) => c.text.startsWith('$item')).map((c) => c.text)).toEqual(['$item[0]']);
  });
});
