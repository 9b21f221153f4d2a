import { validateDefinition } from '../definition/validateDefinition';
import { evaluateForm } from '../form/evaluateForm';
import type { ProcedureDefinition, ProcedureDefinitionInput } from '../schema/definition';
import type { ConformanceCase } from './cases';

const parsed = new WeakMap<ProcedureDefinitionInput, ProcedureDefinition>();

function definitionOf(input: ProcedureDefinitionInput): ProcedureDefinition {
  let def = parsed.get(input);
  if (!def) {
    const v = validateDefinition(input);
    if (!v.ok) throw new Error(`conformance definition ${input.id} is invalid: ${v.issues.map((i) => i.message).join(' / ')}`);
    def = v.definition;
    parsed.set(input, def);
  }
  return def;
}

function valueAt(values: Record<string, unknown>, path: string): unknown {
  let cur: unknown = values;
  for (const part of path.split(/\.|(?=\[)/)) {
    const idx = /^\[(\d+)\]$/.exec(part);
    if (typeof cur !== 'object' || cur === null) return undefined;
    cur = idx ? (cur as unknown[])[Number(idx[1])] : (cur as Record<string, unknown>)[part];
  }
  return cur;
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** Runs one case and lists every way the result differs from what the table expects. */
export function runConformanceCase(c: ConformanceCase): string[] {
  const r = evaluateForm(definitionOf(c.definition), c.answers, c.context);
  const out: string[] = [];
  const e = c.expect;
  if (r.valid !== e.valid) out.push(`valid: expected ${e.valid}, got ${r.valid}`);
  if (e.errors) {
    const got = Object.fromEntries(Object.entries(r.errors).map(([p, errs]) => [p, errs.map((x) => x.code)]));
    if (!same(Object.keys(got).sort(), Object.keys(e.errors).sort()) || Object.entries(e.errors).some(([p, codes]) => !same(got[p], codes))) {
      out.push(`errors: expected ${JSON.stringify(e.errors)}, got ${JSON.stringify(got)}`);
    }
  }
  for (const p of e.visible ?? []) if (!r.visibleFields.includes(p)) out.push(`${p} should be visible`);
  for (const p of e.hidden ?? []) if (r.visibleFields.includes(p)) out.push(`${p} should be hidden`);
  if (e.steps && !same(r.visibleSteps, e.steps)) out.push(`steps: expected ${JSON.stringify(e.steps)}, got ${JSON.stringify(r.visibleSteps)}`);
  for (const p of e.required ?? []) if (!r.requiredFields.includes(p)) out.push(`${p} should be required`);
  for (const p of e.notRequired ?? []) if (r.requiredFields.includes(p)) out.push(`${p} should not be required`);
  for (const [p, v] of Object.entries(e.computed ?? {})) if (!same(r.computed[p], v)) out.push(`computed ${p}: expected ${JSON.stringify(v)}, got ${JSON.stringify(r.computed[p])}`);
  for (const [p, v] of Object.entries(e.values ?? {})) if (!same(valueAt(r.values, p), v)) out.push(`value ${p}: expected ${JSON.stringify(v)}, got ${JSON.stringify(valueAt(r.values, p))}`);
  return out;
}
