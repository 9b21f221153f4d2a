import { childAllowanceClaimLayout } from '../layouts/childAllowanceClaim';
import type { ProcedureDefinitionInput } from '../../schema/definition';
import { IDENTITY_CHECK, APPLICANT_PREFILL, BANK_ACCOUNT, RELATIONSHIP_OPTIONS, RETENTION_5Y, SIGNATURE, applicantFields, memberFields, today } from '../common';

/** こども未来課: 児童手当・児童扶養手当. */
const kodomo = { departmentId: 'kodomo-mirai', formatVersion: 2 as const };

const childRows = {
  id: 'children', type: 'repeater' as const, label: '対象の児童', itemLabel: '児童', required: true, minItems: 1, maxItems: 6,
  fields: memberFields([
    { id: 'relationship', type: 'choice', label: '請求者との続柄', required: true, display: 'select', options: RELATIONSHIP_OPTIONS },
    { id: 'livingTogether', type: 'choice', label: '同居・別居', required: true, options: [{ value: 'together', label: '同居' }, { value: 'apart', label: '別居' }] },
    { id: 'schoolYear', type: 'number', label: '学年（年度）', compute: { op: 'schoolYearOn', args: [{ var: '$item.birthDate' }, today] } },
  ]),
};

const pensionRule = {
  id: 'civil-servant-paid-by-employer',
  fields: ['pensionType'],
  assert: { op: 'ne', args: [{ var: 'pensionType' }, 'civilServant'] },
  code: 'CA-CIVIL-SERVANT',
  message: '公務員の方の児童手当は勤務先から支給されます。勤務先の担当部署に請求してください。',
};

const claimant = [
  ...applicantFields('請求者'),
  { id: 'claimantIndividualNumber', type: 'individualNumber' as const, label: '請求者の個人番号' },
  {
    id: 'pensionType', type: 'choice' as const, label: '請求者が加入している年金', required: true,
    options: [{ value: 'national', label: '国民年金' }, { value: 'employee', label: '厚生年金' }, { value: 'civilServant', label: '共済組合（公務員）' }],
  },
];

export const childAllowanceClaim: ProcedureDefinitionInput = {
  ...kodomo,
  id: 'child-allowance-claim',
  title: '児童手当 認定請求',
  kind: 'application',
  summary: '高校生年代までの子どもを養育している人が、児童手当を受けるための請求です。',
  individualNumberUse: true,
  legalBasis: '児童手当法 第7条',
  deadline: '出生日・転入日（前住所地の転出予定日）の翌日から15日以内',
  bring: ['請求者名義の口座がわかるもの', '請求者と配偶者のマイナンバーがわかるもの', '本人確認書類'],
  retention: RETENTION_5Y,
  channels: ['counter', 'kiosk', 'online'],
  signature: 'handwrittenOrJpki',
  steps: [
    { id: 'claimant', title: '請求者', fields: claimant },
    { id: 'children', title: '対象の児童', fields: [childRows] },
    { id: 'account', title: '振込先', fields: [...BANK_ACCOUNT, SIGNATURE, IDENTITY_CHECK] },
  ],
  rules: [
    pensionRule,
    {
      id: 'children-in-scope', fields: ['children'],
      assert: { op: 'all', args: [{ var: 'children' }, { op: 'le', args: [{ var: '$item.schoolYear' }, 12] }] },
      code: 'CA-CHILD-TOO-OLD', message: '児童手当の対象は高校生年代（18歳になった後の最初の3月31日）までです。対象でない子を一覧から外してください。',
    },
  ],
  prefill: APPLICANT_PREFILL,
  layout: childAllowanceClaimLayout,
};

export const childAllowanceRevision: ProcedureDefinitionInput = {
  ...kodomo,
  id: 'child-allowance-revision',
  title: '児童手当 額改定請求',
  kind: 'application',
  summary: '児童手当を受けている人に、出生などで対象の子が増えたときの請求です。',
  individualNumberUse: true,
  legalBasis: '児童手当法 第9条',
  deadline: '出生日などの翌日から15日以内',
  bring: ['本人確認書類'],
  retention: RETENTION_5Y,
  channels: ['counter', 'kiosk', 'online'],
  signature: 'handwrittenOrJpki',
  steps: [
    {
      id: 'revision', title: '増えた児童',
      fields: [
        ...applicantFields('受給者'),
        { id: 'recipientNumber', type: 'text', label: '受給者番号', maxLength: 10 },
        { id: 'reasonDate', type: 'date', label: '対象の子が増えた日', required: true, maxDate: today },
        childRows,
        SIGNATURE,
      ],
    },
  ],
  prefill: APPLICANT_PREFILL,
};

export const childAllowanceTermination: ProcedureDefinitionInput = {
  ...kodomo,
  id: 'child-allowance-termination',
  title: '児童手当 受給事由消滅届',
  kind: 'notification',
  summary: '転出や、子どもを養育しなくなったことで児童手当を受けなくなるときの届出です。',
  individualNumberUse: true,
  legalBasis: '児童手当法施行規則 第6条',
  deadline: '転出する日まで（転出先で15日以内に新たに請求してください）',
  bring: ['本人確認書類'],
  retention: RETENTION_5Y,
  channels: ['counter', 'kiosk', 'online'],
  signature: 'handwrittenOrJpki',
  steps: [
    {
      id: 'termination', title: '消滅の理由',
      fields: [
        ...applicantFields('受給者'),
        { id: 'reason', type: 'choice', label: '理由', required: true, options: [{ value: 'moveOut', label: '転出' }, { value: 'noLongerCaring', label: '児童を養育しなくなった' }, { value: 'becameCivilServant', label: '公務員になった' }, { value: 'death', label: '受給者の死亡' }] },
        { id: 'reasonDate', type: 'date', label: '理由が生じた日', required: true },
        SIGNATURE,
      ],
    },
  ],
  prefill: APPLICANT_PREFILL,
};

export const childRearingAllowance: ProcedureDefinitionInput = {
  ...kodomo,
  id: 'child-rearing-allowance',
  title: '児童扶養手当 認定請求',
  kind: 'application',
  summary: 'ひとり親家庭などで子どもを育てている人が、児童扶養手当を受けるための請求です。',
  individualNumberUse: true,
  legalBasis: '児童扶養手当法 第6条',
  bring: ['請求者と児童の戸籍謄本', '請求者名義の口座がわかるもの', '本人確認書類', '年金手帳など公的年金の受給状況がわかるもの'],
  retention: RETENTION_5Y,
  channels: ['counter'],
  signature: 'handwritten',
  steps: [
    {
      id: 'claimant', title: '請求者',
      fields: [
        ...applicantFields('請求者'),
        { id: 'reason', type: 'choice', label: '支給要件', required: true, options: [{ value: 'divorce', label: '父母の離婚' }, { value: 'death', label: '父または母の死亡' }, { value: 'unmarried', label: '婚姻によらない出生' }, { value: 'other', label: 'その他' }] },
        { id: 'reasonDate', type: 'date', label: '支給要件に当たった日', required: true, maxDate: today },
        { id: 'receivesPublicPension', type: 'boolean', label: '公的年金を受け取っている' },
      ],
    },
    { id: 'children', title: '対象の児童', fields: [{ id: 'children', type: 'repeater', label: '対象の児童', itemLabel: '児童', required: true, minItems: 1, fields: memberFields() }] },
    { id: 'account', title: '振込先', fields: [...BANK_ACCOUNT, SIGNATURE] },
  ],
  prefill: APPLICANT_PREFILL,
};
