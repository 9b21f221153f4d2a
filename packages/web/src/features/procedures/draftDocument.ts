import { procedureDefinitionSchema, validateDefinition, type Issue, type ProcedureDefinition, type ProcedureDefinitionInput } from '@madoguchi/procedures';
import type { JsonDocument } from '../../api/types';
import { jsonErrorAt } from './jsonErrorAt';

export type ParsedText = { ok: true; value: unknown } | { ok: false; message: string };

/** Parses the editor's text, saying where the JSON breaks in lines and columns. */
export function parseJsonText(text: string): ParsedText {
  const at = jsonErrorAt(text);
  if (at === null) return { ok: true, value: JSON.parse(text) as unknown };
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return { ok: false, message: `JSONとして読めません（${line}行目・${column}文字目）。括弧・引用符・カンマの対応を確かめてください。` };
}

export function formatJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export function isDocument(value: unknown): value is JsonDocument {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export interface DraftCheck {
  /** The definition with defaults applied, when it has the format's shape; the previews need it. */
  definition: ProcedureDefinition | null;
  /** What publishing would say: errors block it, warnings do not. */
  issues: Issue[];
}

/** The same checks the server runs at publish, here in the browser so the list follows every keystroke. */
export function checkDraft(value: unknown, departmentRefs: readonly string[]): DraftCheck {
  const parsed = procedureDefinitionSchema.safeParse(value);
  const validation = validateDefinition(structuredClone(value), { departmentIds: departmentRefs });
  return { definition: parsed.success ? parsed.data : null, issues: validation.issues };
}

export interface Basics {
  title: string;
  summary: string;
  departmentId: string;
  kind: string;
}

export function basicsOf(value: unknown): Basics {
  const doc = isDocument(value) ? value : {};
  const text = (key: string) => (typeof doc[key] === 'string' ? doc[key] : '');
  return { title: text('title'), summary: text('summary'), departmentId: text('departmentId'), kind: text('kind') };
}

/** The structured inputs edit the same document the JSON editor shows; other keys stay as they were. */
export function withBasics(value: JsonDocument, patch: Partial<Basics>): JsonDocument {
  return { ...value, ...patch };
}

/** A first definition for a new procedure: one step, the applicant's name, a handwritten signature. */
export function newDefinitionTemplate(procedureId: string, departmentRef: string): ProcedureDefinitionInput {
  return {
    formatVersion: 2,
    id: procedureId,
    title: '新しい手続き',
    kind: 'application',
    summary: 'この手続きの説明を書いてください。',
    departmentId: departmentRef,
    individualNumberUse: false,
    retention: { years: 5, basis: '文書管理規程' },
    channels: ['counter'],
    signature: 'handwritten',
    steps: [
      {
        id: 'main',
        title: '申請の内容',
        fields: [
          { id: 'applicantName', type: 'text', label: '申請者の氏名', required: true, maxLength: 40 },
          { id: 'applicantKana', type: 'kana', label: '申請者のふりがな', required: true, readingOf: 'applicantName' },
        ],
      },
    ],
  };
}

const PROCEDURE_ID = /^[a-z][a-z0-9-]{0,63}$/;

/** The id of a new procedure becomes part of URLs and of every case made with it. */
export function procedureIdProblem(id: string, existing: readonly string[]): string | undefined {
  if (id === '') return '手続きIDを入力してください。';
  if (!PROCEDURE_ID.test(id)) return '手続きIDは英小文字で始め、英小文字・数字・ハイフンだけで入力してください（例: dog-death-notice）。';
  if (existing.includes(id)) return `「${id}」はすでにあります。別のIDにするか、一覧からその手続きを開いてください。`;
  return undefined;
}

export interface InitialDraft {
  text: string;
  answers: JsonDocument;
  /** The saved draft revision being edited; null when the draft does not exist yet. */
  baseRevision: number | null;
  /** What the editor starts from, said to the person editing. */
  origin: { kind: 'draft'; revision: number } | { kind: 'version'; version: number } | { kind: 'template' };
}

/**
 * The editor opens the saved draft if there is one; otherwise a copy of the published version
 * (with the shipped example answers, if any, to preview with); otherwise a template.
 */
export function initialDraft(
  detail: { draft: { revision: number; definition: JsonDocument; sampleAnswers: JsonDocument } | null; current: { version: number; definition: JsonDocument } | null } | null,
  procedureId: string,
  departmentRef: string,
  examples: Readonly<Record<string, JsonDocument>>,
): InitialDraft {
  if (detail?.draft) {
    return { text: formatJson(readableKeyOrder(detail.draft.definition)), answers: detail.draft.sampleAnswers, baseRevision: detail.draft.revision, origin: { kind: 'draft', revision: detail.draft.revision } };
  }
  if (detail?.current) {
    return { text: formatJson(readableKeyOrder(detail.current.definition)), answers: structuredClone(examples[procedureId] ?? {}), baseRevision: null, origin: { kind: 'version', version: detail.current.version } };
  }
  return { text: formatJson(newDefinitionTemplate(procedureId, departmentRef)), answers: {}, baseRevision: null, origin: { kind: 'template' } };
}

/**
 * The order an author reads a definition or rule set in. Stored documents come back with their keys
 * in the database's order (jsonb sorts them), which puts "id" after "fee"; the editor shows them in
 * this order instead. Keys not listed keep their place after the listed ones.
 */
const KEY_ORDER = [
  'formatVersion', 'version', 'municipality', 'id', 'kind', 'type', 'procedureId', 'events', 'title', 'label', 'itemLabel', 'name', 'prefecture',
  'summary', 'description', 'help', 'departmentId', 'individualNumberUse', 'legalBasis', 'deadline', 'fee', 'amountYen', 'note', 'bring',
  'attachments', 'retention', 'years', 'basis', 'channels', 'signature', 'steps', 'fields', 'required', 'requiredWhen', 'visibleWhen',
  'compute', 'staffOnly', 'multiple', 'display', 'options', 'value', 'priority', 'when', 'subjects', 'reason',
  'x', 'y', 'w', 'h', 'x1', 'y1', 'x2', 'y2', 'text', 'bind', 'format', 'op', 'args', 'var', 'list',
  'rules', 'prefill', 'layout', 'page', 'elements',
];
const RANK = new Map(KEY_ORDER.map((key, index) => [key, index]));

export function readableKeyOrder(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(readableKeyOrder);
  if (!isDocument(value)) return value;
  const keys = Object.keys(value);
  const sorted = [...keys].sort((a, b) => (RANK.get(a) ?? KEY_ORDER.length + keys.indexOf(a)) - (RANK.get(b) ?? KEY_ORDER.length + keys.indexOf(b)));
  return Object.fromEntries(sorted.map((key) => [key, readableKeyOrder(value[key])]));
}
