import { evaluate, isTrue } from '../expression/evaluate';
import type { ProcedureDefinition, Step } from '../schema/definition';
import type { Channel, Field, LeafField, RepeaterField } from '../schema/fields';
import { computeOf } from '../schema/fields';
import { compileForm } from './model';
import { checkValue, isEmptyValue, requiredMessage } from './values';
import type { FieldError } from './values';

export type FormContext = {
  /** The reference date, passed in so browser and server agree (YYYY-MM-DD). */
  today: string;
  channel: Channel;
};

export type FormEvaluation = {
  valid: boolean;
  /** Normalised values of visible fields; hidden fields are dropped, computed ones filled. */
  values: Record<string, unknown>;
  /** Ids of the steps to show, in order. */
  visibleSteps: string[];
  /** Paths such as `changeType`, `members[1].kana`. */
  visibleFields: string[];
  requiredFields: string[];
  computed: Record<string, unknown>;
  errors: Record<string, FieldError[]>;
};

const STAFF_CHANNELS: ReadonlySet<Channel> = new Set(['counter', 'outreach']);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Decides what is shown, required and computed, and checks every answer.
 * Pure and synchronous: the same call gives the same result in any JS runtime.
 */
export function evaluateForm(definition: ProcedureDefinition, answers: Record<string, unknown>, context: FormContext): FormEvaluation {
  const compiled = compileForm(definition);
  const vars: Record<string, unknown> = { $context: context };
  const out: FormEvaluation = { valid: true, values: {}, visibleSteps: [], visibleFields: [], requiredFields: [], computed: {}, errors: {} };
  const stepVisible = new Map<Step, boolean>();
  const addError = (path: string, e: FieldError): void => {
    (out.errors[path] ??= []).push(e);
  };

  const isStepVisible = (step: Step): boolean => {
    let v = stepVisible.get(step);
    if (v === undefined) {
      v = step.visibleWhen === undefined || isTrue(evaluate(step.visibleWhen, vars));
      stepVisible.set(step, v);
    }
    return v;
  };

  const shownHere = (field: Field): boolean => !field.staffOnly || STAFF_CHANNELS.has(context.channel);

  /** Evaluates one leaf field in a scope; returns its effective value. */
  const leaf = (field: LeafField, raw: unknown, path: string, label: string, scope: Record<string, unknown>): unknown => {
    if (!shownHere(field) || (field.visibleWhen !== undefined && !isTrue(evaluate(field.visibleWhen, scope)))) return null;
    out.visibleFields.push(path);
    const compute = computeOf(field);
    const input = compute !== undefined ? evaluate(compute, scope) : raw;
    if (compute !== undefined) out.computed[path] = input;
    const required = field.requiredWhen !== undefined ? isTrue(evaluate(field.requiredWhen, scope)) : field.required;
    if (required) out.requiredFields.push(path);
    const empty = isEmptyValue(input) || (field.type === 'boolean' && required && input === false);
    if (empty) {
      if (required) addError(path, requiredMessage(field, label));
      return isEmptyValue(input) ? null : input;
    }
    const checked = checkValue(field, input, label, definition, (which) => {
      const e = which === 'min' ? (field.type === 'date' ? field.minDate : undefined) : field.type === 'date' ? field.maxDate : undefined;
      return e === undefined ? null : evaluate(e, scope);
    });
    checked.errors.forEach((e) => addError(path, e));
    return checked.value;
  };

  const repeater = (field: RepeaterField, raw: unknown): unknown[] => {
    const path = field.id;
    out.visibleFields.push(path);
    const items = Array.isArray(raw) ? raw : [];
    const required = field.requiredWhen !== undefined ? isTrue(evaluate(field.requiredWhen, vars)) : field.required;
    if (required) out.requiredFields.push(path);
    if (raw !== undefined && raw !== null && !Array.isArray(raw)) addError(path, { code: 'FORM-TYPE', message: `「${field.label}」の値の形式が正しくありません。入力し直してください。` });
    if (items.length === 0 && required) addError(path, requiredMessage(field, field.label));
    else if (items.length < field.minItems) addError(path, { code: 'FORM-TOO-FEW-ITEMS', message: `「${field.label}」は${field.minItems}件以上必要です（いま${items.length}件です）。` });
    if (field.maxItems !== undefined && items.length > field.maxItems) addError(path, { code: 'FORM-TOO-MANY-ITEMS', message: `「${field.label}」は${field.maxItems}件までです（いま${items.length}件です）。用紙を分けて届け出てください。` });
    const order = compiled.childOrder.get(field.id) ?? field.fields.map((f) => f.id);
    return items.map((item, index) => {
      const source = isRecord(item) ? item : {};
      const itemValues: Record<string, unknown> = {};
      const scope: Record<string, unknown> = { ...vars, $item: itemValues, $index: index };
      for (const childId of order) {
        const child = field.fields.find((f) => f.id === childId);
        if (!child) continue;
        const label = `${field.itemLabel}（${index + 1}人目）の${child.label}`;
        const v = leaf(child, source[child.id], `${path}[${index}].${child.id}`, label, scope);
        if (v !== null) itemValues[child.id] = v;
      }
      return itemValues;
    });
  };

  for (const id of compiled.order) {
    const entry = compiled.fields.get(id);
    if (!entry) continue;
    const { field, step } = entry;
    let value: unknown = null;
    if (isStepVisible(step)) {
      if (field.type === 'repeater') {
        if (shownHere(field) && (field.visibleWhen === undefined || isTrue(evaluate(field.visibleWhen, vars)))) value = repeater(field, answers[id]);
      } else value = leaf(field, answers[id], id, field.label, vars);
    }
    vars[id] = value;
    if (value !== null) out.values[id] = value;
  }

  for (const rule of definition.rules) {
    const applies = rule.fields.every((f) => out.visibleFields.includes(f) && !isEmptyValue(vars[f.split('.')[0] ?? f]));
    if (!applies || out.errors[rule.fields[0] ?? '']) continue;
    if (rule.when !== undefined && !isTrue(evaluate(rule.when, vars))) continue;
    if (!isTrue(evaluate(rule.assert, vars))) addError(rule.fields[0] ?? '', { code: rule.code, message: rule.message });
  }

  out.visibleSteps = definition.steps.filter((s) => isStepVisible(s) && s.fields.some((f) => out.visibleFields.includes(f.id))).map((s) => s.id);
  out.valid = Object.keys(out.errors).length === 0;
  return out;
}
