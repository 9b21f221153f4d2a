import { describe, expect, it } from 'vitest';
import { basicsOf, checkDraft, initialDraft, readableKeyOrder, newDefinitionTemplate, parseJsonText, procedureIdProblem, withBasics } from './draftDocument';
import { countFields, outlineOf } from './outline';

describe('parseJsonText', () => {
  it('reads JSON and says where it breaks, in lines and columns', () => {
    expect(parseJsonText('{"a": 1}')).toEqual({ ok: true, value: { a: 1 } });
    const broken = parseJsonText('{\n  "a": 1,\n  "b": }\n');
    expect(broken.ok).toBe(false);
    if (!broken.ok) expect(broken.message).toContain('3行目・8文字目');
    expect(parseJsonText('[1, 2,]')).toEqual({ ok: false, message: expect.stringContaining('1行目・7文字目') });
    expect(parseJsonText('{"a": "x\ny"}').ok).toBe(false);
    expect(parseJsonText('  {"a": [true, null, -1.5e3, "\\u00e9"]} ')).toEqual({ ok: true, value: { a: [true, null, -1500, 'é'] } });
  });
});

describe('checkDraft', () => {
  const template = newDefinitionTemplate('dog-death-notice', 'kankyo-seibi');

  it('accepts the template for a new procedure', () => {
    const check = checkDraft(template, ['kankyo-seibi']);
    expect(check.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(check.definition?.id).toBe('dog-death-notice');
  });

  it('reports what publishing would refuse, with the place', () => {
    const broken = structuredClone(template);
    broken.steps[0]!.fields[1] = { ...broken.steps[0]!.fields[1]!, visibleWhen: { op: 'isPresent', args: [{ var: 'applicantNam' }] } };
    const check = checkDraft(broken, ['kankyo-seibi']);
    expect(check.definition).not.toBeNull();
    expect(check.issues).toContainEqual(expect.objectContaining({ severity: 'error', code: 'DEF-UNKNOWN-FIELD', path: 'steps[0].fields[1].visibleWhen.args[0]' }));
    expect(checkDraft(template, ['shimin-zeimu']).issues).toContainEqual(expect.objectContaining({ code: 'DEF-UNKNOWN-DEPARTMENT', path: 'departmentId' }));
  });

  it('has no definition to preview when the shape is wrong', () => {
    const check = checkDraft({ ...template, colour: 'red' }, ['kankyo-seibi']);
    expect(check.definition).toBeNull();
    expect(check.issues.some((i) => i.message.includes('colour'))).toBe(true);
  });
});

describe('basics', () => {
  it('edits title, summary and department in the document, keeping everything else', () => {
    const doc = newDefinitionTemplate('x-y', 'kankyo-seibi') as unknown as Record<string, unknown>;
    const changed = withBasics(doc, { title: '犬の死亡届', departmentId: 'shimin-zeimu' });
    expect(basicsOf(changed)).toEqual({ title: '犬の死亡届', summary: 'この手続きの説明を書いてください。', departmentId: 'shimin-zeimu', kind: 'application' });
    expect(changed['steps']).toBe(doc['steps']);
    expect(basicsOf('not a document')).toEqual({ title: '', summary: '', departmentId: '', kind: '' });
  });
});

describe('outlineOf', () => {
  it('lists steps and fields with whether they are required, conditional or computed', () => {
    const check = checkDraft({
      ...newDefinitionTemplate('x-y', 'k'),
      steps: [{ id: 'main', title: '内容', fields: [
        { id: 'hasTag', type: 'boolean', label: '鑑札あり' },
        { id: 'tag', type: 'text', label: '鑑札番号', visibleWhen: { op: 'eq', args: [{ var: 'hasTag' }, true] }, requiredWhen: { op: 'eq', args: [{ var: 'hasTag' }, true] } },
        { id: 'dogs', type: 'repeater', label: '犬', itemLabel: '犬', fields: [{ id: 'name', type: 'text', label: '名前', required: true }] },
      ] }],
    }, ['k']);
    const steps = outlineOf(check.definition!);
    expect(steps[0]!.fields.map((f) => [f.id, f.typeLabel, f.required, f.conditional])).toEqual([
      ['hasTag', 'はい／いいえ', 'never', false],
      ['tag', '文字', 'conditional', true],
      ['dogs', '繰り返し（複数人）', 'never', false],
    ]);
    expect(steps[0]!.fields[2]!.children.map((c) => [c.label, c.required])).toEqual([['名前', 'always']]);
    expect(countFields(steps)).toBe(4);
  });
});

describe('procedureIdProblem', () => {
  it('asks for a slug that is not taken', () => {
    expect(procedureIdProblem('', [])).toMatch(/入力してください/);
    expect(procedureIdProblem('Dog_Death', [])).toMatch(/英小文字で始め/);
    expect(procedureIdProblem('seal-registration', ['seal-registration'])).toMatch(/すでにあります/);
    expect(procedureIdProblem('dog-death-notice', ['seal-registration'])).toBeUndefined();
  });
});

describe('initialDraft', () => {
  const examples = { 'seal-registration': { applicantName: '尾花 健一' } };
  const current = { version: 2, definition: { id: 'seal-registration', title: '印鑑登録申請' } };

  it('opens the saved draft with its sample answers', () => {
    const start = initialDraft({ draft: { revision: 3, definition: { id: 'seal-registration', title: '下書き' }, sampleAnswers: { a: 1 } }, current }, 'seal-registration', 'shimin-zeimu', examples);
    expect(start).toMatchObject({ baseRevision: 3, answers: { a: 1 }, origin: { kind: 'draft', revision: 3 } });
    expect(JSON.parse(start.text)).toEqual({ id: 'seal-registration', title: '下書き' });
  });

  it('copies the published version, with the example answers, when there is no draft', () => {
    const start = initialDraft({ draft: null, current }, 'seal-registration', 'shimin-zeimu', examples);
    expect(start).toMatchObject({ baseRevision: null, answers: { applicantName: '尾花 健一' }, origin: { kind: 'version', version: 2 } });
    start.answers['applicantName'] = 'changed';
    expect(examples['seal-registration'].applicantName).toBe('尾花 健一');
  });

  it('starts a new procedure from the template in the chosen section', () => {
    const start = initialDraft(null, 'dog-death-notice', 'kankyo-seibi', examples);
    expect(start.origin).toEqual({ kind: 'template' });
    expect(JSON.parse(start.text)).toMatchObject({ id: 'dog-death-notice', departmentId: 'kankyo-seibi', formatVersion: 2 });
  });
});

describe('readableKeyOrder', () => {
  it('puts the keys an author reads first at the top, at every depth, keeping the values', () => {
    const stored = { fee: { note: '手数料', amountYen: 300 }, id: 'seal-registration', steps: [{ fields: [{ type: 'text', id: 'a', label: 'A' }], id: 'main' }], zeta: 1, formatVersion: 2 };
    const ordered = readableKeyOrder(stored) as Record<string, unknown>;
    expect(Object.keys(ordered)).toEqual(['formatVersion', 'id', 'fee', 'steps', 'zeta']);
    expect(Object.keys((ordered.fee as object))).toEqual(['amountYen', 'note']);
    expect(JSON.stringify((ordered.steps as unknown[])[0])).toBe('{"id":"main","fields":[{"id":"a","type":"text","label":"A"}]}');
    expect(ordered).toEqual(stored);
  });
});
