import type { Answers } from './portalApi';

/** A place in the answers: field ids and, inside a repeater, item indexes (['children', 0, 'name']). */
export type AnswerPath = (string | number)[];

/** The evaluator's spelling of a path: children[0].name */
export const evaluationPath = (path: AnswerPath) =>
  path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${part}` : part), '');

export function getAnswer(answers: Answers, path: AnswerPath): unknown {
  let cur: unknown = answers;
  for (const part of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[part];
  }
  return cur;
}

/** A copy of the answers with one value replaced (undefined removes it). */
export function setAnswer(answers: Answers, path: AnswerPath, value: unknown): Answers {
  const [head, ...rest] = path;
  if (head === undefined) return answers;
  const clone = (v: unknown, nextIsIndex: boolean): Record<string | number, unknown> | unknown[] =>
    Array.isArray(v) ? [...(v as unknown[])] : v && typeof v === 'object' ? { ...(v as Record<string, unknown>) } : nextIsIndex ? [] : {};
  const root = { ...answers } as Record<string | number, unknown>;
  let cur: Record<string | number, unknown> = root;
  let key: string | number = head;
  for (const part of rest) {
    const next = clone(cur[key], typeof part === 'number') as Record<string | number, unknown>;
    cur[key] = next;
    cur = next;
    key = part;
  }
  if (value === undefined) delete cur[key];
  else cur[key] = value;
  return root as Answers;
}

export function removeItem(answers: Answers, path: AnswerPath, index: number): Answers {
  const list = getAnswer(answers, path);
  if (!Array.isArray(list)) return answers;
  return setAnswer(answers, path, list.filter((_, i) => i !== index));
}
