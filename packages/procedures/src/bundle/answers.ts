import { evaluateForm } from '../form/evaluateForm';
import { isEmptyValue, requiredMessage, type FieldError } from '../form/values';
import { fullKana, fullName } from './household';
import type {
  BundleContext, BundleEvaluation, BundleHousehold, BundleMember, BundleSignature, Interview, InterviewQuestion, InterviewValues,
} from './types';

export function questionIndex(interview: Interview): Map<string, InterviewQuestion> {
  return new Map(interview.sections.flatMap((s) => s.questions).map((q) => [q.key, q]));
}

/** The answer to a question: what was entered, else what was known beforehand. */
export function answerOf(values: InterviewValues, question: InterviewQuestion | undefined, key: string): unknown {
  if (Object.hasOwn(values, key)) return values[key];
  return question?.prefill ? structuredClone(question.prefill.value) : undefined;
}

function memberPart(m: BundleMember, part: 'name' | 'kana' | 'birthDate' | 'sex' | 'relationship'): unknown {
  switch (part) {
    case 'name': return fullName(m) || undefined;
    case 'kana': return fullKana(m) || undefined;
    case 'birthDate': return m.birthDate || undefined;
    case 'sex': return m.sex ?? undefined;
    case 'relationship': return m.relationship;
  }
}

/** Member table columns an error on a form's repeater goes back to. */
const MEMBER_COLUMN: Record<string, string> = { name: 'familyName', kana: 'familyNameKana', birthDate: 'birthDate', sex: 'sex', relationship: 'relationship' };

export type ProcedureAnswers = {
  answers: Record<string, unknown>;
  /** Form path (`members[1].kana`) → question key or `member:<id>:<column>`. */
  origins: Record<string, string>;
};

/**
 * The answers of one form of the bundle, assembled from the interview: shared facts, the form's
 * own questions, the household's members for its person lists, and the signature once given.
 */
export function procedureAnswers(interview: Interview, values: InterviewValues, household: BundleHousehold, procedureId: string, signature?: BundleSignature | null): ProcedureAnswers {
  const links = interview.links[procedureId] ?? {};
  const index = questionIndex(interview);
  const answers: Record<string, unknown> = {};
  const origins: Record<string, string> = {};
  const member = (id: string) => household.members.find((m) => m.id === id);
  const put = (fieldId: string, value: unknown) => {
    if (value !== undefined && value !== null) answers[fieldId] = value;
  };
  for (const [fieldId, link] of Object.entries(links)) {
    switch (link.kind) {
      case 'question':
        put(fieldId, answerOf(values, index.get(link.key), link.key));
        origins[fieldId] = link.key;
        break;
      case 'fixed':
        put(fieldId, structuredClone(link.value));
        break;
      case 'householder': {
        const h = household.members.find((m) => m.relationship === 'householder');
        if (h) put(fieldId, link.part === 'name' ? fullName(h) : fullKana(h));
        break;
      }
      case 'person': {
        const m = member(link.memberId);
        if (!m) break;
        if (link.part === 'record') put(fieldId, { name: fullName(m), kana: fullKana(m), birthDate: m.birthDate, ...(m.sex ? { sex: m.sex } : {}) });
        else put(fieldId, memberPart(m, link.part));
        origins[fieldId] = `member:${m.id}:${MEMBER_COLUMN[link.part === 'record' ? 'name' : link.part]}`;
        break;
      }
      case 'members': {
        const items = link.memberIds.map((id) => member(id)).filter((m): m is BundleMember => m !== undefined);
        answers[fieldId] = items.map((m, i) => {
          const item: Record<string, unknown> = {};
          for (const [itemId, itemLink] of Object.entries(link.items)) {
            const path = `${fieldId}[${i}].${itemId}`;
            if (itemLink.kind === 'member') {
              const v = memberPart(m, itemLink.part);
              if (v !== undefined) item[itemId] = v;
              origins[path] = `member:${m.id}:${MEMBER_COLUMN[itemLink.part]}`;
            } else if (itemLink.kind === 'memberQuestion') {
              const key = `memberOwn:${procedureId}:${m.id}:${itemLink.fieldId}`;
              const v = answerOf(values, index.get(key), key);
              if (v !== undefined && v !== null) item[itemId] = v;
              origins[path] = key;
            }
          }
          return item;
        });
        origins[fieldId] = `members:${procedureId}`;
        break;
      }
      case 'signature':
        if (signature) answers[fieldId] = { method: signature.method, ref: signature.ref };
        break;
      case 'none':
        break;
    }
  }
  return { answers, origins };
}

const ISO = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Evaluates every form of the bundle with the procedures' own evaluator and brings the findings
 * back to the questions, once each: a missing date is one message on the date, not one per form.
 * Signatures are checked only when `signature` is given (the resident signs after the review).
 */
export function evaluateBundle(interview: Interview, values: InterviewValues, household: BundleHousehold, ctx: BundleContext, signature?: BundleSignature | null): BundleEvaluation {
  const index = questionIndex(interview);
  const out: BundleEvaluation = { valid: true, byProcedure: {}, errors: {}, visible: [], required: [] };
  const add = (key: string, e: FieldError) => {
    const list = (out.errors[key] ??= []);
    if (!list.some((x) => x.code === e.code)) list.push(e);
  };
  const visible = new Set<string>();
  const required = new Set<string>();
  for (const p of interview.procedures) {
    const { answers, origins } = procedureAnswers(interview, values, household, p.procedureId, signature);
    const evaluation = evaluateForm(p.definition, answers, ctx);
    out.byProcedure[p.procedureId] = evaluation;
    const originOf = (path: string): string | undefined => origins[path] ?? origins[path.split(/[.[]/)[0] ?? path];
    for (const path of evaluation.visibleFields) {
      const o = originOf(path);
      if (o) visible.add(o);
    }
    for (const path of evaluation.requiredFields) {
      const o = originOf(path);
      if (o) required.add(o);
    }
    for (const [path, errors] of Object.entries(evaluation.errors)) {
      const link = interview.links[p.procedureId]?.[path];
      if (link?.kind === 'signature' && !signature) continue;
      const origin = originOf(path) ?? `form:${p.procedureId}:${path}`;
      const question = index.get(origin);
      for (const e of errors) {
        // A shared question gets its own wording for "required", not the label of whichever form asked.
        add(origin, e.code === 'FORM-REQUIRED' && question ? requiredMessage(question.field, question.field.label) : e);
      }
    }
  }
  for (const s of interview.sections) {
    for (const q of s.questions) if (q.procedureIds.length === 0) visible.add(q.key);
  }
  bundleChecks(interview, values, household, ctx, index, add, required);
  out.visible = [...visible];
  out.required = [...required];
  out.valid = Object.keys(out.errors).length === 0;
  return out;
}

/** The checks of the visit itself, whatever forms are chosen. */
function bundleChecks(
  interview: Interview, values: InterviewValues, household: BundleHousehold, ctx: BundleContext,
  index: Map<string, InterviewQuestion>, add: (key: string, e: FieldError) => void, required: Set<string>,
) {
  const kind = interview.event.kind;
  const get = (key: string) => answerOf(values, index.get(key), key);
  const moves = kind === 'moveIn' || kind === 'moveWithin' || kind === 'moveOut';
  if (moves && !household.members.some((m) => m.moving)) {
    add('members', { code: 'BUNDLE-NO-MOVING-MEMBER', message: '異動する人がいません。世帯の一覧で、引っ越す人に「異動する」の印を付けてください。' });
  }
  if (moves) {
    for (const key of ['shared:eventDate', 'shared:newAddress', 'shared:oldAddress']) {
      const q = index.get(key);
      if (!q) continue;
      required.add(key);
      if (isEmptyValue(get(key))) add(key, requiredMessage(q.field, q.field.label));
    }
  }
  const date = get('shared:eventDate');
  if (typeof date === 'string' && ISO.test(date) && kind !== 'moveOut' && date > ctx.today) {
    add('shared:eventDate', { code: 'BUNDLE-DATE-FUTURE', message: '異動日が今日より後になっています。転入・転居は住み始めた日を入力してください（これからの引っ越しは、住み始めてから届け出ます）。' });
  }
  if (kind === 'moveIn') {
    const q = index.get('shared:previousMoveOutDate');
    const out = get('shared:previousMoveOutDate');
    if (q) {
      required.add('shared:previousMoveOutDate');
      if (isEmptyValue(out)) add('shared:previousMoveOutDate', requiredMessage(q.field, q.field.label));
    }
    if (typeof out === 'string' && ISO.test(out) && typeof date === 'string' && ISO.test(date) && date < out) {
      add('shared:eventDate', { code: 'BUNDLE-MOVE-IN-BEFORE-MOVE-OUT', message: '転入日が、前の住所地の転出日（転出予定日）より前になっています。転出証明書の日付と住み始めた日を確かめてください。' });
    }
  }
  for (const m of household.members) {
    if (!m.moving && moves) continue;
    if (m.birthDate && ISO.test(m.birthDate) && m.birthDate > ctx.today) {
      add(`member:${m.id}:birthDate`, { code: 'BUNDLE-BIRTH-DATE-FUTURE', message: `${fullName(m) || 'この人'}さんの生年月日が今日より後になっています。生年月日を確かめてください。` });
    }
  }
}
