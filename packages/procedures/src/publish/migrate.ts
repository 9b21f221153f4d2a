import { error } from '../definition/issues';
import type { Issue } from '../definition/issues';
import type { Expression } from '../expression/ast';
import { CURRENT_FORMAT_VERSION } from '../schema/definition';

/**
 * Format 1 is the flat layout used before steps and logic existed: one list
 * of fields, `showIf: { field, equals }`, options as bare labels, snake_case
 * keys and the department by name. It is kept here only to be migrated.
 */
export type DefinitionV1 = {
  formatVersion?: 1;
  id: string;
  name: string;
  type: '届出' | '申請';
  description?: string;
  department: string;
  usesMyNumber?: boolean;
  feeYen?: number;
  retentionYears?: number;
  fields: Array<{
    key: string;
    label: string;
    type: 'string' | 'kana' | 'date' | 'select' | 'number' | 'yen' | 'address' | 'tel' | 'check' | 'file';
    required?: boolean;
    options?: string[];
    maxLength?: number;
    showIf?: { field: string; equals: string | boolean };
  }>;
};

export type MigrationResult =
  | { ok: true; definition: Record<string, unknown>; from: number; to: number; renamedFields: Record<string, string>; notes: string[] }
  | { ok: false; issues: Issue[] };

const FIELD_TYPES: Record<DefinitionV1['fields'][number]['type'], string> = {
  string: 'text', kana: 'kana', date: 'date', select: 'choice', number: 'number', yen: 'money', address: 'address', tel: 'phone', check: 'boolean', file: 'file',
};

function camel(key: string): string {
  const c = key.replace(/[_-]+([a-zA-Z0-9])/g, (_, ch: string) => ch.toUpperCase());
  return c.charAt(0).toLowerCase() + c.slice(1);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function v1ToV2(d: DefinitionV1, departmentIdsByName: Readonly<Record<string, string>>): MigrationResult {
  const issues: Issue[] = [];
  const departmentId = departmentIdsByName[d.department];
  if (!departmentId) issues.push(error('MIG-UNKNOWN-DEPARTMENT', 'department', `旧形式の担当課「${d.department}」を新しい担当課IDに置き換えられません。担当課の対応表に追加してください。`));
  const renamed: Record<string, string> = {};
  for (const f of d.fields) renamed[f.key] = camel(f.key);
  const attachments: Array<Record<string, unknown>> = [];
  const fields = d.fields.map((f, i) => {
    const out: Record<string, unknown> = { id: renamed[f.key], type: FIELD_TYPES[f.type], label: f.label, required: f.required ?? false };
    if (f.type === 'select') out['options'] = (f.options ?? []).map((o) => ({ value: o, label: o }));
    if (f.type === 'string' && f.maxLength !== undefined) out['maxLength'] = f.maxLength;
    if (f.type === 'file') {
      const id = `file-${String(renamed[f.key]).toLowerCase()}`;
      attachments.push({ id, label: f.label, accept: ['application/pdf', 'image/jpeg', 'image/png'], maxSizeMb: 10 });
      out['attachmentId'] = id;
    }
    if (f.type === 'address') out['requirePostalCode'] = false;
    if (f.showIf) {
      const target = renamed[f.showIf.field];
      if (!target) issues.push(error('MIG-UNKNOWN-FIELD', `fields[${i}].showIf.field`, `表示条件が参照する項目「${f.showIf.field}」が旧定義にありません。旧定義を直してから移行してください。`));
      const cond: Expression = { op: 'eq', args: [{ var: target ?? f.showIf.field }, f.showIf.equals] };
      out['visibleWhen'] = cond;
    }
    return out;
  });
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    from: 1,
    to: 2,
    renamedFields: Object.fromEntries(Object.entries(renamed).filter(([a, b]) => a !== b)),
    notes: [
      '手順（ステップ）は「入力」1つにまとめました。',
      '保存年限の根拠は移行時の仮の値です。文書管理規程に合わせて直してください。',
      '受付経路は窓口のみ、署名は手書きとして移行しました。',
    ],
    definition: {
      formatVersion: 2,
      id: d.id,
      title: d.name,
      kind: d.type === '届出' ? 'notification' : 'application',
      summary: d.description ?? d.name,
      departmentId,
      individualNumberUse: d.usesMyNumber ?? false,
      fee: { amountYen: d.feeYen ?? 0 },
      attachments,
      retention: { years: d.retentionYears ?? 5, basis: '旧形式から移行（要確認）' },
      channels: ['counter'],
      signature: 'handwritten',
      steps: [{ id: 'main', title: '入力', fields }],
    },
  };
}

/**
 * Brings a stored definition of any known format to the current one. The
 * result still has to pass validateDefinition before it can be published.
 */
export function migrateDefinition(input: unknown, options: { departmentIdsByName?: Readonly<Record<string, string>> } = {}): MigrationResult {
  if (!isRecord(input)) return { ok: false, issues: [error('MIG-NOT-OBJECT', '', '定義がJSONのオブジェクトではありません。保存されている定義を確かめてください。')] };
  const version = input['formatVersion'] ?? 1;
  if (version === CURRENT_FORMAT_VERSION) return { ok: true, definition: input, from: CURRENT_FORMAT_VERSION, to: CURRENT_FORMAT_VERSION, renamedFields: {}, notes: [] };
  if (version === 1) {
    if (!Array.isArray(input['fields']) || typeof input['department'] !== 'string' || typeof input['name'] !== 'string') {
      return { ok: false, issues: [error('MIG-BAD-V1', '', '形式1の定義に必要な name・department・fields がありません。')] };
    }
    return v1ToV2(input as unknown as DefinitionV1, options.departmentIdsByName ?? {});
  }
  return { ok: false, issues: [error('MIG-UNKNOWN-FORMAT', 'formatVersion', `定義の形式 ${String(version)} はこの版では読めません。対応している形式は 1 と ${CURRENT_FORMAT_VERSION} です。`)] };
}

/** Stored answers of cases made with a migrated definition, with their keys renamed the same way. */
export function migrateAnswers(answers: Readonly<Record<string, unknown>>, renamedFields: Readonly<Record<string, string>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(answers).map(([k, v]) => [renamedFields[k] ?? k, v]));
}
