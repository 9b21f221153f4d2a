import { parsePath, resolvePath } from '../expression/path';
import type { ProcedureDefinition } from '../schema/definition';
import { isEmptyValue } from './values';

/** What the counter knows before the interview: the registry record, the card's text AP, an earlier case. */
export type PrefillSources = { registry?: unknown; card?: unknown; previousCase?: unknown };

export type PrefillResult = {
  answers: Record<string, unknown>;
  /** Which targets were filled from where, so the UI can mark them and the server can check they were not altered. */
  filled: Array<{ target: string; source: keyof PrefillSources; path: string }>;
};

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Applies the definition's prefill mappings in order; the first mapping that
 * yields a value for a target wins, and answers already given are kept.
 */
export function applyPrefill(def: ProcedureDefinition, sources: PrefillSources, answers: Record<string, unknown> = {}): PrefillResult {
  const out: Record<string, unknown> = structuredClone(answers);
  const filled: PrefillResult['filled'] = [];
  for (const m of def.prefill) {
    if (m.path === 'individualNumber' && !def.individualNumberUse) continue;
    const segs = parsePath(m.path);
    const value = segs ? resolvePath(sources[m.source] ?? null, segs) : null;
    if (isEmptyValue(value)) continue;
    const [root, sub] = m.target.split('.') as [string, string | undefined];
    if (sub === undefined) {
      if (m.onlyWhenEmpty && !isEmptyValue(out[root])) continue;
      out[root] = structuredClone(value);
    } else {
      const holder = isRecord(out[root]) ? (out[root] as Record<string, unknown>) : {};
      if (m.onlyWhenEmpty && !isEmptyValue(holder[sub])) continue;
      out[root] = { ...holder, [sub]: structuredClone(value) };
    }
    filled.push({ target: m.target, source: m.source, path: m.path });
  }
  return { answers: out, filled };
}
