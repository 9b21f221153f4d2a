import type { JsonDocument } from '../../api/types';

export type AnswerPath = readonly (string | number)[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function getAnswer(answers: unknown, path: AnswerPath): unknown {
  let node: unknown = answers;
  for (const key of path) {
    if (typeof key === 'number') node = Array.isArray(node) ? node[key] : undefined;
    else node = isRecord(node) ? node[key] : undefined;
  }
  return node;
}

function setIn(node: unknown, path: AnswerPath, value: unknown): unknown {
  const [key, ...rest] = path;
  if (key === undefined) return value;
  if (typeof key === 'number') {
    const list = Array.isArray(node) ? [...node] : [];
    list[key] = setIn(list[key], rest, value);
    return list;
  }
  const record = isRecord(node) ? { ...node } : {};
  const next = setIn(record[key], rest, value);
  // An emptied answer is removed, so "not answered" looks the same as before it was touched.
  if (next === undefined || next === '') delete record[key];
  else record[key] = next;
  return record;
}

/** A copy of the answers with one value set (or removed when undefined or ''); the original is untouched. */
export function setAnswer(answers: JsonDocument, path: AnswerPath, value: unknown): JsonDocument {
  return setIn(answers, path, value) as JsonDocument;
}

export function removeItem(answers: JsonDocument, repeaterId: string, index: number): JsonDocument {
  const items = getAnswer(answers, [repeaterId]);
  const list = Array.isArray(items) ? items.filter((_, i) => i !== index) : [];
  return setAnswer(answers, [repeaterId], list.length > 0 ? list : undefined);
}

/** The evaluator's name for a place in the answers: `members[1].kana`. */
export function evaluationPath(path: AnswerPath): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc === '' ? key : `${acc}.${key}`), '');
}

/** Numbers are typed as text; the evaluator gets a number when the text is one, so its own checks apply. */
export function numberAnswer(text: string): number | string | undefined {
  const trimmed = text.normalize('NFKC').replace(/,/g, '').trim();
  if (trimmed === '') return undefined;
  const n = Number(trimmed);
  return Number.isFinite(n) ? n : text;
}
