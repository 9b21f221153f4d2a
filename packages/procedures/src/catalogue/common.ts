import type { Expression } from '../expression/ast';
import type { ProcedureDefinitionInput } from '../schema/definition';

/** Shared pieces of the shipped definitions, so the same question reads the same everywhere. */
type FieldInput = ProcedureDefinitionInput['steps'][number]['fields'][number];

export const SEX_OPTIONS = [
  { value: 'male', label: '男' },
  { value: 'female', label: '女' },
];

export const RELATIONSHIP_OPTIONS = [
  { value: 'householder', label: '世帯主' },
  { value: 'wife', label: '妻' },
  { value: 'husband', label: '夫' },
  { value: 'child', label: '子' },
  { value: 'father', label: '父' },
  { value: 'mother', label: '母' },
  { value: 'grandchild', label: '孫' },
  { value: 'grandparent', label: '祖父母' },
  { value: 'sibling', label: '兄弟姉妹' },
  { value: 'cohabitant', label: '同居人' },
  { value: 'other', label: 'その他' },
];

export const today: Expression = { op: 'today', args: [] };

export const IDENTITY_CHECK: FieldInput = {
  id: 'identityDocuments',
  type: 'choice',
  label: '本人確認書類',
  multiple: true,
  display: 'checkbox',
  required: true,
  staffOnly: true,
  options: [
    { value: 'myNumberCard', label: 'マイナンバーカード' },
    { value: 'driverLicense', label: '運転免許証' },
    { value: 'passport', label: 'パスポート' },
    { value: 'insuranceCard', label: '資格確認書・保険証' },
    { value: 'other', label: 'その他' },
  ],
};

/** 届出人/申請者: the person at the counter. */
export function applicantFields(label = '申請者'): FieldInput[] {
  return [
    { id: 'applicantName', type: 'text', label: `${label}の氏名`, required: true, maxLength: 40 },
    { id: 'applicantKana', type: 'kana', label: `${label}のふりがな`, required: true, readingOf: 'applicantName', maxLength: 60 },
    { id: 'applicantAddress', type: 'address', label: `${label}の住所`, required: true },
    { id: 'applicantPhone', type: 'phone', label: `${label}の電話番号`, required: true },
  ];
}

export const APPLICANT_PREFILL: ProcedureDefinitionInput['prefill'] = [
  { target: 'applicantName', source: 'card', path: 'name' },
  { target: 'applicantAddress.address', source: 'card', path: 'address' },
  { target: 'applicantName', source: 'registry', path: 'resident.name' },
  { target: 'applicantKana', source: 'registry', path: 'resident.kana' },
  { target: 'applicantAddress', source: 'registry', path: 'resident.address' },
];

export const SIGNATURE: FieldInput = { id: 'signature', type: 'signature', label: '署名', required: true, methods: ['handwritten', 'jpki'] };

export const RETENTION_5Y = { years: 5, basis: '市文書管理規程（第2種）' };
export const RETENTION_10Y = { years: 10, basis: '市文書管理規程（第1種）' };

export function eq(path: string, value: string | boolean): Expression {
  return { op: 'eq', args: [{ var: path }, value] };
}

export function oneOf(path: string, values: string[]): Expression {
  return { op: 'in', args: [{ var: path }, { list: values }] };
}

export const BANK_ACCOUNT: FieldInput[] = [
  { id: 'bankName', type: 'text', label: '金融機関名', required: true, maxLength: 30 },
  { id: 'bankBranch', type: 'text', label: '支店名', required: true, maxLength: 30 },
  {
    id: 'accountType', type: 'choice', label: '預金種目', required: true,
    options: [{ value: 'ordinary', label: '普通' }, { value: 'current', label: '当座' }],
  },
  { id: 'accountNumber', type: 'text', label: '口座番号', required: true, pattern: { regex: '^\\d{7}$', message: '口座番号は7桁の数字で入力してください（6桁以下のときは前に0を付けます）。' } },
  { id: 'accountHolderKana', type: 'kana', label: '口座名義（カナ）', required: true },
];

/** A household member as most benefit forms ask for one. */
export function memberFields(extra: FieldInput[] = []): Array<Exclude<FieldInput, { type: 'repeater' }>> {
  return [
    { id: 'name', type: 'text', label: '氏名', required: true, maxLength: 30 },
    { id: 'kana', type: 'kana', label: 'ふりがな', required: true, readingOf: 'name' },
    { id: 'birthDate', type: 'date', label: '生年月日', required: true, maxDate: today },
    { id: 'sex', type: 'choice', label: '性別', required: true, options: SEX_OPTIONS },
    ...(extra as Array<Exclude<FieldInput, { type: 'repeater' }>>),
  ];
}

