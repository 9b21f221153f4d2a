import { describe, expect, it } from 'vitest';
import { conformanceDefinition } from '../conformance/definition';
import { residenceChange } from '../catalogue/procedures/residenceChange';
import { z } from 'zod';
import { catalogue } from '../catalogue';
import { definitionJsonSchema } from '../schema/definition';
import type { ProcedureDefinitionInput } from '../schema/definition';
import { validateDefinition } from './validateDefinition';

type StepInput = ProcedureDefinitionInput['steps'][number];
type FieldInput = StepInput['fields'][number];

function withFields(fields: FieldInput[], extra: Partial<ProcedureDefinitionInput> = {}): ProcedureDefinitionInput {
  return { ...conformanceDefinition, steps: [{ id: 'main', title: '内容', fields }], rules: [], ...extra };
}
const codes = (input: unknown): string[] => validateDefinition(input).issues.map((i) => i.code);
const issue = (input: unknown, code: string) => validateDefinition(input).issues.find((i) => i.code === code);

describe('validateDefinition', () => {
  it('accepts the shipped 住民異動届 and the conformance sample without errors', () => {
    expect(validateDefinition(residenceChange).ok).toBe(true);
    expect(validateDefinition(conformanceDefinition).ok).toBe(true);
  });

  it('reports schema errors with a path and a Japanese message', () => {
    const bad = { ...conformanceDefinition, id: 'Not A Slug', channels: [] };
    const v = validateDefinition(bad);
    expect(v.ok).toBe(false);
    expect(v.issues.map((i) => i.path)).toEqual(expect.arrayContaining(['id', 'channels']));
    expect(v.issues.find((i) => i.path === 'id')?.message).toContain('英小文字');
  });

  it('lists the field types when the type is unknown', () => {
    const v = validateDefinition(withFields([{ id: 'a', type: 'colour', label: 'A' } as unknown as FieldInput]));
    expect(v.issues).toHaveLength(1);
    expect(v.issues[0]?.path).toBe('steps[0].fields[0].type');
    expect(v.issues[0]?.message).toContain('text・kana・date');
  });

  it('points at the one wrong key inside a field of a known type', () => {
    const v = validateDefinition(withFields([{ id: 'a', type: 'number', label: 'A', min: 'one' } as unknown as FieldInput]));
    expect(v.issues).toHaveLength(1);
    expect(v.issues[0]?.path).toBe('steps[0].fields[0].min');
  });

  it('rejects a reference to a missing field with the exact expression path', () => {
    const i = issue(withFields([{ id: 'a', type: 'text', label: 'A', visibleWhen: { op: 'eq', args: [{ var: 'missing' }, 'x'] } }]), 'DEF-UNKNOWN-FIELD');
    expect(i?.path).toBe('steps[0].fields[0].visibleWhen.args[0]');
    expect(i?.message).toContain('「missing」');
  });

  it('rejects an unknown part of a composite value', () => {
    expect(codes(withFields([
      { id: 'home', type: 'address', label: '住所' },
      { id: 'b', type: 'text', label: 'B', visibleWhen: { op: 'isPresent', args: [{ var: 'home.city' }] } },
    ]))).toContain('DEF-UNKNOWN-FIELD');
  });

  it('detects cyclic logic and names the cycle', () => {
    const i = issue(withFields([
      { id: 'a', type: 'text', label: 'A', visibleWhen: { op: 'isPresent', args: [{ var: 'b' }] } },
      { id: 'b', type: 'number', label: 'B', compute: { op: 'length', args: [{ var: 'a' }] } },
    ]), 'DEF-CYCLE');
    expect(i?.message).toMatch(/a → b → a|b → a → b/);
  });

  it('detects a cycle between siblings inside a repeater', () => {
    expect(codes(withFields([{
      id: 'kids', type: 'repeater', label: '子', itemLabel: '子',
      fields: [
        { id: 'x', type: 'number', label: 'X', compute: { op: 'add', args: [{ var: '$item.y' }, 1] } },
        { id: 'y', type: 'number', label: 'Y', compute: { op: 'add', args: [{ var: '$item.x' }, 1] } },
      ],
    }]))).toContain('DEF-CYCLE');
  });

  it('rejects invalid regular expressions in patterns and in matches()', () => {
    expect(issue(withFields([{ id: 'a', type: 'text', label: 'A', pattern: { regex: '([0-9]', message: '数字' } }]), 'DEF-INVALID-PATTERN')?.path).toBe('steps[0].fields[0].pattern.regex');
    expect(codes(withFields([{ id: 'a', type: 'text', label: 'A', visibleWhen: { op: 'matches', args: [{ var: 'name' }, '*x'] } }, { id: 'name', type: 'text', label: 'N' }]))).toContain('EXPR-INVALID-PATTERN');
  });

  it('checks operator arity', () => {
    const i = issue(withFields([{ id: 'a', type: 'text', label: 'A', visibleWhen: { op: 'eq', args: [1] } }]), 'EXPR-ARITY');
    expect(i?.message).toContain('2個');
  });

  it('warns about a field whose condition compares with a value that is not an option', () => {
    const v = validateDefinition(withFields([
      { id: 'kind', type: 'choice', label: '種類', options: [{ value: 'a', label: 'A' }] },
      { id: 'extra', type: 'text', label: '追加', visibleWhen: { op: 'eq', args: [{ var: 'kind' }, 'b'] } },
      { id: 'more', type: 'text', label: 'さらに', visibleWhen: { op: 'isPresent', args: [{ var: 'extra' }] } },
    ]));
    expect(v.ok).toBe(true);
    expect(v.issues.filter((i) => i.code === 'DEF-UNREACHABLE-FIELD').map((i) => i.path)).toEqual(['steps[0].fields[1].visibleWhen', 'steps[0].fields[2].visibleWhen']);
  });

  it('warns about an unreachable field inside a repeater', () => {
    const v = validateDefinition(withFields([{
      id: 'kids', type: 'repeater', label: '子', itemLabel: '子',
      fields: [
        { id: 'sex', type: 'choice', label: '性別', options: [{ value: 'male', label: '男' }, { value: 'female', label: '女' }] },
        { id: 'note', type: 'text', label: 'メモ', visibleWhen: { op: 'eq', args: [{ var: '$item.sex' }, 'f'] } },
        { id: 'ok', type: 'text', label: '可', visibleWhen: { op: 'eq', args: [{ var: '$item.sex' }, 'female'] } },
      ],
    }]));
    expect(v.issues.map((i) => [i.code, i.path])).toEqual([['DEF-UNREACHABLE-FIELD', 'steps[0].fields[0].fields[1].visibleWhen']]);
  });

  it('keeps the individual number out of procedures that are not 個人番号利用事務', () => {
    const def = withFields([{ id: 'num', type: 'individualNumber', label: '個人番号' }], { individualNumberUse: false });
    expect(codes(def)).toContain('DEF-INDIVIDUAL-NUMBER-NOT-ALLOWED');
  });

  it('rejects duplicates, bad ranges, unknown attachments and unknown departments', () => {
    const def = withFields([
      { id: 'a', type: 'text', label: 'A', minLength: 5, maxLength: 2 },
      { id: 'a', type: 'file', label: 'F', attachmentId: 'nope' },
    ]);
    expect(codes(def)).toEqual(expect.arrayContaining(['DEF-DUPLICATE-FIELD', 'DEF-BAD-RANGE', 'DEF-UNKNOWN-ATTACHMENT']));
    expect(validateDefinition(conformanceDefinition, { departmentIds: ['fukushi'] }).issues.map((i) => i.code)).toEqual(['DEF-UNKNOWN-DEPARTMENT']);
  });

  it('rejects card prefill of data the card does not hold', () => {
    const def = { ...conformanceDefinition, prefill: [{ target: 'name', source: 'card' as const, path: 'phone' }] };
    expect(codes(def)).toContain('DEF-BAD-PREFILL');
  });
});

describe('definitionJsonSchema', () => {
  it('is a draft 2020-12 schema with the expression language as a shared definition', () => {
    const s = definitionJsonSchema();
    expect(s['$schema']).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(Object.keys((s['$defs'] ?? {}) as object)).toContain('Expression');
    expect(JSON.stringify(s)).toContain('"individualNumberUse"');
  });

  it('accepts every shipped definition and rejects a wrong one when read back as a schema', () => {
    const back = z.fromJSONSchema(definitionJsonSchema() as Parameters<typeof z.fromJSONSchema>[0]);
    for (const p of catalogue.procedures) expect(back.safeParse(JSON.parse(JSON.stringify(p))).success, p.id).toBe(true);
    expect(back.safeParse({ ...JSON.parse(JSON.stringify(catalogue.procedures[0])), kind: 'x' }).success).toBe(false);
  });
});
