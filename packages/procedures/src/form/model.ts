import { analyzeExpression } from '../expression/analyze';
import type { VarUse } from '../expression/analyze';
import type { Expression } from '../expression/ast';
import { parsePath } from '../expression/path';
import type { ProcedureDefinition, Step } from '../schema/definition';
import { computeOf } from '../schema/fields';
import type { Field, LeafField, RepeaterField } from '../schema/fields';

export type FieldEntry = {
  field: Field;
  step: Step;
  stepIndex: number;
  /** Location in the definition document, for issue messages. */
  docPath: string;
};

export type ChildEntry = { field: LeafField; repeater: RepeaterField; docPath: string };

/** Where a variable use points: a field, a repeater child, or context. */
export type Target =
  | { kind: 'field'; id: string; sub: string | null }
  | { kind: 'child'; repeater: string; id: string; sub: string | null }
  | { kind: 'repeaterItems'; repeater: string }
  | { kind: 'context'; key: string }
  | { kind: 'iterationItem' }
  | { kind: 'unknown'; reason: string };

export type CompiledForm = {
  definition: ProcedureDefinition;
  fields: Map<string, FieldEntry>;
  children: Map<string, Map<string, ChildEntry>>;
  /** Top-level field ids in an order where every field comes after what its visibility and value read. */
  order: string[];
  childOrder: Map<string, string[]>;
  cycles: string[][];
};

export const CONTEXT_KEYS = ['today', 'channel'] as const;

export function resolveUse(use: VarUse, fields: Map<string, FieldEntry>, repeater: RepeaterField | null): Target {
  const segs = parsePath(use.path);
  if (!segs || segs.length === 0) return { kind: 'unknown', reason: 'path' };
  const [head, next] = [segs[0]!, segs[1]];
  if (head.key === '$context') {
    const key = next?.key ?? '';
    return (CONTEXT_KEYS as readonly string[]).includes(key) ? { kind: 'context', key } : { kind: 'unknown', reason: 'context' };
  }
  if (head.key === '$item' || head.key === '$index') {
    if (use.insideItemScope) return { kind: 'iterationItem' };
    if (!repeater) return { kind: 'unknown', reason: 'item' };
    if (head.key === '$index') return { kind: 'context', key: 'index' };
    const child = repeater.fields.find((f) => f.id === next?.key);
    if (!child) return { kind: 'unknown', reason: 'child' };
    return { kind: 'child', repeater: repeater.id, id: child.id, sub: segs[2]?.key ?? null };
  }
  const entry = fields.get(head.key);
  if (!entry) return { kind: 'unknown', reason: 'field' };
  if (entry.field.type === 'repeater') {
    if (!next) return { kind: 'repeaterItems', repeater: entry.field.id };
    const child = entry.field.fields.find((f) => f.id === next.key);
    if (!child) return { kind: 'unknown', reason: 'child' };
    return { kind: 'child', repeater: entry.field.id, id: child.id, sub: segs[2]?.key ?? null };
  }
  return { kind: 'field', id: entry.field.id, sub: next?.key ?? null };
}

/** Expressions that decide a field's value (visibility and compute); `required` cannot feed back into values. */
export function valueExpressions(field: Field, step: Step | null): Array<[string, Expression]> {
  const out: Array<[string, Expression]> = [];
  if (step?.visibleWhen !== undefined) out.push(['step.visibleWhen', step.visibleWhen]);
  if (field.visibleWhen !== undefined) out.push(['visibleWhen', field.visibleWhen]);
  const compute = computeOf(field);
  if (compute !== undefined) out.push(['compute', compute]);
  return out;
}

function topoSort(nodes: string[], deps: Map<string, Set<string>>): { order: string[]; cycles: string[][] } {
  const order: string[] = [];
  const cycles: string[][] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): void => {
    const s = state.get(n);
    if (s === 'done') return;
    if (s === 'visiting') {
      cycles.push([...stack.slice(stack.indexOf(n)), n]);
      return;
    }
    state.set(n, 'visiting');
    stack.push(n);
    for (const d of deps.get(n) ?? []) if (nodes.includes(d)) visit(d);
    stack.pop();
    state.set(n, 'done');
    order.push(n);
  };
  nodes.forEach(visit);
  return { order, cycles };
}

function dependencies(exprs: Array<[string, Expression]>, fields: Map<string, FieldEntry>, repeater: RepeaterField | null): Target[] {
  return exprs.flatMap(([, e]) => analyzeExpression(e, '', { itemBound: repeater !== null }).uses.map((u) => resolveUse(u, fields, repeater)));
}

const cache = new WeakMap<ProcedureDefinition, CompiledForm>();

export function compileForm(definition: ProcedureDefinition): CompiledForm {
  const hit = cache.get(definition);
  if (hit) return hit;
  const fields = new Map<string, FieldEntry>();
  const children = new Map<string, Map<string, ChildEntry>>();
  definition.steps.forEach((step, si) =>
    step.fields.forEach((field, fi) => {
      const docPath = `steps[${si}].fields[${fi}]`;
      if (!fields.has(field.id)) fields.set(field.id, { field, step, stepIndex: si, docPath });
      if (field.type === 'repeater') {
        const m = new Map<string, ChildEntry>();
        field.fields.forEach((c, ci) => m.set(c.id, { field: c, repeater: field, docPath: `${docPath}.fields[${ci}]` }));
        children.set(field.id, m);
      }
    }),
  );

  const topDeps = new Map<string, Set<string>>();
  const childOrder = new Map<string, string[]>();
  const cycles: string[][] = [];
  for (const [id, entry] of fields) {
    const set = new Set<string>();
    for (const t of dependencies(valueExpressions(entry.field, entry.step), fields, null)) {
      if (t.kind === 'field') set.add(t.id);
      if (t.kind === 'child' || t.kind === 'repeaterItems') set.add(t.repeater);
    }
    if (entry.field.type === 'repeater') {
      const rep = entry.field;
      const local = new Map<string, Set<string>>();
      for (const child of rep.fields) {
        const cs = new Set<string>();
        for (const t of dependencies(valueExpressions(child, null), fields, rep)) {
          if (t.kind === 'field') set.add(t.id);
          if (t.kind === 'repeaterItems') set.add(t.repeater);
          if (t.kind === 'child' && t.repeater === rep.id) cs.add(t.id);
          if (t.kind === 'child' && t.repeater !== rep.id) set.add(t.repeater);
        }
        local.set(child.id, cs);
      }
      const sorted = topoSort(rep.fields.map((f) => f.id), local);
      childOrder.set(id, sorted.order);
      cycles.push(...sorted.cycles.map((c) => c.map((x) => `${id}.${x}`)));
    }
    topDeps.set(id, set);
  }
  const sorted = topoSort([...fields.keys()], topDeps);
  cycles.push(...sorted.cycles);
  const compiled: CompiledForm = { definition, fields, children, order: sorted.order, childOrder, cycles };
  cache.set(definition, compiled);
  return compiled;
}
