import { z } from 'zod';
import { analyzeExpression, foldExpression } from '../expression/analyze';
import type { Folded } from '../expression/analyze';
import type { Expression } from '../expression/ast';
import { safeRegExp } from '../expression/evaluate';
import { compileForm, resolveUse, valueExpressions } from '../form/model';
import type { FieldEntry } from '../form/model';
import { validateLayout } from '../layout/validateLayout';
import { CARD_PATHS, procedureDefinitionSchema } from '../schema/definition';
import type { ProcedureDefinition } from '../schema/definition';
import { SUBKEYS, computeOf } from '../schema/fields';
import type { Field, RepeaterField } from '../schema/fields';
import { error, joinPath, warning } from './issues';
import type { Issue } from './issues';
import { zodIssuesToIssues } from './zodIssues';

export type ValidateOptions = {
  /** Known department ids; when given, departmentId must be one of them. */
  departmentIds?: readonly string[];
};

export type DefinitionValidation =
  | { ok: true; definition: ProcedureDefinition; issues: Issue[] }
  | { ok: false; issues: Issue[] };

const jaErrors = z.locales.ja().localeError;

/**
 * Everything that must hold before a definition may be published, with a
 * precise path and a Japanese message per problem. Warnings do not block.
 */
export function validateDefinition(input: unknown, options: ValidateOptions = {}): DefinitionValidation {
  const parsed = procedureDefinitionSchema.safeParse(input, { error: jaErrors });
  if (!parsed.success) return { ok: false, issues: zodIssuesToIssues(parsed.error, 'DEF-SCHEMA', '手続き定義') };
  const def = parsed.data;
  const issues: Issue[] = [];
  const compiled = compileForm(def);
  const fields = compiled.fields;

  if (options.departmentIds && !options.departmentIds.includes(def.departmentId)) {
    issues.push(error('DEF-UNKNOWN-DEPARTMENT', 'departmentId', `担当課「${def.departmentId}」が登録されていません。担当課の一覧から選んでください。`));
  }

  checkIds(def, issues);

  const checkExpr = (expr: Expression, at: string, repeater: RepeaterField | null): void => {
    const { uses, issues: exprIssues } = analyzeExpression(expr, at, { itemBound: repeater !== null });
    issues.push(...exprIssues);
    for (const u of uses) {
      const t = resolveUse(u, fields, repeater);
      if (t.kind === 'unknown') {
        issues.push(error('DEF-UNKNOWN-FIELD', u.at, `式が参照する「${u.path}」は、この手続きの項目にありません。項目IDの綴りを確かめるか、項目を追加してください。`));
      } else if ((t.kind === 'field' || t.kind === 'child') && t.sub !== null) {
        const target = t.kind === 'field' ? fields.get(t.id)?.field : (fields.get(t.repeater)?.field as RepeaterField | undefined)?.fields.find((f) => f.id === t.id);
        const allowed = target ? SUBKEYS[target.type] : undefined;
        if (!allowed || !allowed.includes(t.sub)) {
          issues.push(error('DEF-UNKNOWN-FIELD', u.at, `「${u.path}」の「${t.sub}」は項目「${target?.label ?? t.id}」にない要素です。${allowed ? `使えるのは ${allowed.join('・')} です。` : 'この項目は「.」で分けられません。'}`));
        }
      }
    }
  };

  def.steps.forEach((step, si) => {
    const stepPath = `steps[${si}]`;
    if (step.visibleWhen !== undefined) checkExpr(step.visibleWhen, joinPath(stepPath, 'visibleWhen'), null);
    step.fields.forEach((field, fi) => {
      const path = joinPath(joinPath(stepPath, 'fields'), fi);
      checkField(field, path, null);
      if (field.type === 'repeater') field.fields.forEach((child, ci) => checkField(child, joinPath(joinPath(path, 'fields'), ci), field));
    });
  });

  function checkField(field: Field, path: string, repeater: RepeaterField | null): void {
    for (const key of ['visibleWhen', 'requiredWhen'] as const) {
      const e = field[key];
      if (e !== undefined) checkExpr(e, joinPath(path, key), repeater);
    }
    const compute = computeOf(field);
    if (compute !== undefined) checkExpr(compute, joinPath(path, 'compute'), repeater);
    if (field.type === 'date') {
      if (field.minDate !== undefined) checkExpr(field.minDate, joinPath(path, 'minDate'), repeater);
      if (field.maxDate !== undefined) checkExpr(field.maxDate, joinPath(path, 'maxDate'), repeater);
    }
    if (field.type === 'text' && field.pattern && !safeRegExp(field.pattern.regex)) {
      issues.push(error('DEF-INVALID-PATTERN', joinPath(joinPath(path, 'pattern'), 'regex'), `項目「${field.label}」の正規表現「${field.pattern.regex}」が正しくありません。括弧の対応やエスケープを確かめてください。`));
    }
    const range = (min: number | undefined, max: number | undefined, what: string): void => {
      if (min !== undefined && max !== undefined && min > max) issues.push(error('DEF-BAD-RANGE', path, `項目「${field.label}」の${what}の下限（${min}）が上限（${max}）より大きくなっています。`));
    };
    if (field.type === 'text') range(field.minLength, field.maxLength, '文字数');
    if (field.type === 'number' || field.type === 'money') range(field.min, field.max, '値');
    if (field.type === 'repeater') range(field.minItems, field.maxItems, '件数');
    if (field.type === 'choice') {
      const seen = new Set<string>();
      field.options.forEach((o, oi) => {
        if (seen.has(o.value)) issues.push(error('DEF-DUPLICATE-OPTION', joinPath(joinPath(joinPath(path, 'options'), oi), 'value'), `項目「${field.label}」の選択肢の値「${o.value}」が重複しています。値は一つずつ別にしてください。`));
        seen.add(o.value);
      });
    }
    if (field.type === 'kana' && field.readingOf !== undefined) {
      const siblings = repeater ? repeater.fields : [...fields.values()].map((e) => e.field);
      if (!siblings.some((f) => f.id === field.readingOf)) issues.push(error('DEF-UNKNOWN-FIELD', joinPath(path, 'readingOf'), `ふりがな項目「${field.label}」の readingOf「${field.readingOf}」という項目がありません。`));
    }
    if (field.type === 'file' && !def.attachments.some((a) => a.id === field.attachmentId)) {
      issues.push(error('DEF-UNKNOWN-ATTACHMENT', joinPath(path, 'attachmentId'), `項目「${field.label}」の添付書類「${field.attachmentId}」が attachments にありません。添付できる書類として追加してください。`));
    }
    if (field.type === 'individualNumber' && !def.individualNumberUse) {
      issues.push(error('DEF-INDIVIDUAL-NUMBER-NOT-ALLOWED', path, `個人番号利用事務ではない手続きに個人番号の項目「${field.label}」があります。項目を外すか、法令上の根拠を確かめて individualNumberUse を true にしてください。`));
    }
  }

  for (const cycle of compiled.cycles) {
    const first = cycle[0] ?? '';
    const entry = fields.get(first.split('.')[0] ?? first);
    issues.push(error('DEF-CYCLE', entry?.docPath ?? 'steps', `表示条件・計算式が循環しています: ${cycle.join(' → ')}。どれかの条件が別の項目を参照しないように直してください。`));
  }

  def.rules.forEach((rule, ri) => {
    const path = joinPath('rules', ri);
    rule.fields.forEach((f, fi) => {
      if (!fields.has(f)) issues.push(error('DEF-UNKNOWN-FIELD', joinPath(joinPath(path, 'fields'), fi), `検査ルール「${rule.id}」の項目「${f}」がありません。最上位の項目IDを指定してください。`));
    });
    if (rule.when !== undefined) checkExpr(rule.when, joinPath(path, 'when'), null);
    checkExpr(rule.assert, joinPath(path, 'assert'), null);
  });

  def.prefill.forEach((m, mi) => {
    const path = joinPath('prefill', mi);
    const [root, sub] = m.target.split('.');
    const target = fields.get(root ?? '')?.field;
    if (!target || (sub !== undefined && !(SUBKEYS[target.type] ?? []).includes(sub))) {
      issues.push(error('DEF-UNKNOWN-FIELD', joinPath(path, 'target'), `事前入力の行き先「${m.target}」がこの手続きの項目にありません。`));
    }
    if (m.source === 'card' && !(CARD_PATHS as readonly string[]).includes(m.path)) {
      issues.push(error('DEF-BAD-PREFILL', joinPath(path, 'path'), `マイナンバーカードから読めるのは ${CARD_PATHS.join('・')} だけです（「${m.path}」は読めません）。`));
    }
    if (m.path === 'individualNumber' && !def.individualNumberUse) {
      issues.push(error('DEF-INDIVIDUAL-NUMBER-NOT-ALLOWED', joinPath(path, 'path'), '個人番号利用事務ではない手続きでは、個人番号を事前入力できません。この対応付けを外してください。'));
    }
  });

  issues.push(...unreachableWarnings(fields, compiled.order, compiled.childOrder));
  if (def.layout) issues.push(...validateLayout(def.layout, fields, 'layout'));

  return issues.some((i) => i.severity === 'error') ? { ok: false, issues } : { ok: true, definition: def, issues };
}

function checkIds(def: ProcedureDefinition, issues: Issue[]): void {
  const seen = new Map<string, string>();
  def.steps.forEach((step, si) =>
    step.fields.forEach((field, fi) => {
      const path = `steps[${si}].fields[${fi}].id`;
      const prev = seen.get(field.id);
      if (prev) issues.push(error('DEF-DUPLICATE-FIELD', path, `項目ID「${field.id}」が ${prev} と重複しています。別のIDにしてください。`));
      else seen.set(field.id, path);
      if (field.type === 'repeater') {
        const inner = new Set<string>();
        field.fields.forEach((c, ci) => {
          if (inner.has(c.id)) issues.push(error('DEF-DUPLICATE-FIELD', `steps[${si}].fields[${fi}].fields[${ci}].id`, `繰り返し項目「${field.label}」の中で項目ID「${c.id}」が重複しています。`));
          inner.add(c.id);
        });
      }
    }),
  );
  const stepIds = new Set<string>();
  def.steps.forEach((s, si) => {
    if (stepIds.has(s.id)) issues.push(error('DEF-DUPLICATE-STEP', `steps[${si}].id`, `ステップID「${s.id}」が重複しています。`));
    stepIds.add(s.id);
  });
  const ruleIds = new Set<string>();
  def.rules.forEach((r, ri) => {
    if (ruleIds.has(r.id)) issues.push(error('DEF-DUPLICATE-RULE', `rules[${ri}].id`, `検査ルールID「${r.id}」が重複しています。`));
    ruleIds.add(r.id);
  });
}

/**
 * A field is unreachable when its visibility can be decided statically as
 * false: a comparison with an option value that does not exist, or a
 * condition that only reads fields that are themselves unreachable. Inside a
 * repeater, `$item.x` names a sibling.
 */
function unreachableWarnings(fields: Map<string, FieldEntry>, order: string[], childOrder: Map<string, string[]>): Issue[] {
  const issues: Issue[] = [];
  const dead = new Set<string>();
  const fieldOf = (path: string, repeater: RepeaterField | null): { key: string; field: Field | undefined; whole: boolean } => {
    if (repeater && path.startsWith('$item.')) {
      const rest = path.slice('$item.'.length);
      const id = rest.split(/[.[]/)[0] ?? '';
      return { key: `${repeater.id}.${id}`, field: repeater.fields.find((f) => f.id === id), whole: id === rest };
    }
    const root = path.split(/[.[]/)[0] ?? '';
    return { key: root, field: fields.get(root)?.field, whole: root === path };
  };
  const check = (field: Field, step: FieldEntry['step'] | null, key: string, docPath: string, repeater: RepeaterField | null): void => {
    const pin = (path: string): Folded => (dead.has(fieldOf(path, repeater).key) ? { known: true, value: null } : { known: false });
    const impossible = (path: string, value: unknown): boolean => {
      const { field: f, whole } = fieldOf(path, repeater);
      if (!f || !whole) return false;
      if (f.type === 'choice' && !f.multiple) return !f.options.some((o) => o.value === value);
      if (f.type === 'boolean') return typeof value !== 'boolean';
      return false;
    };
    for (const [which, expr] of valueExpressions(field, step)) {
      if (which === 'compute') continue;
      const folded = foldExpression(expr, pin, impossible);
      if (folded.known && folded.value !== true) {
        dead.add(key);
        issues.push(warning('DEF-UNREACHABLE-FIELD', joinPath(docPath, which === 'step.visibleWhen' ? 'id' : which), `項目「${field.label}」は${which === 'step.visibleWhen' ? 'ステップの' : ''}表示条件が成り立つことがなく、入力できません。条件で比べている値（選択肢の値など）を確かめてください。`));
        return;
      }
    }
  };
  for (const id of order) {
    const entry = fields.get(id);
    if (!entry) continue;
    check(entry.field, entry.step, id, entry.docPath, null);
    if (entry.field.type === 'repeater') {
      const rep = entry.field;
      for (const childId of childOrder.get(id) ?? []) {
        const ci = rep.fields.findIndex((f) => f.id === childId);
        const child = rep.fields[ci];
        if (child) check(child, null, `${id}.${childId}`, `${entry.docPath}.fields[${ci}]`, rep);
      }
    }
  }
  return issues;
}
