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

export function eq(path: string, value: string): Expression {
  return { op: 'eq', args: [{ var: path }, value] };
}

export function oneOf(path: string, values: string[]): Expression {
  return { op: 'in', args: [{ var: path }, { list: values }] };
}
