import { schoolTransferInLayout } from '../layouts/schoolTransferIn';
import type { ProcedureDefinitionInput } from '../../schema/definition';
import { IDENTITY_CHECK, APPLICANT_PREFILL, RETENTION_5Y, SEX_OPTIONS, SIGNATURE, applicantFields, today } from '../common';

/** 教育委員会 学校教育課: 転入学・転校. */
const gakko = { departmentId: 'gakko-kyoiku', formatVersion: 2 as const };

export const schoolTransferIn: ProcedureDefinitionInput = {
  ...gakko,
  id: 'school-transfer-in',
  title: '小中学校 転入学届',
  kind: 'notification',
  summary: '転入・転居した小中学生の学校を決め、転入学通知書を受け取ります。',
  individualNumberUse: false,
  legalBasis: '学校教育法施行令 第5条・第6条',
  deadline: '住所の届出と同じ日',
  bring: ['前の学校の在学証明書', '教科書給与証明書', '保護者の本人確認書類'],
  retention: RETENTION_5Y,
  channels: ['counter', 'kiosk', 'online'],
  signature: 'handwritten',
  steps: [
    { id: 'guardian', title: '保護者', fields: applicantFields('保護者') },
    {
      id: 'pupils', title: '児童・生徒',
      fields: [
        { id: 'transferDate', type: 'date', label: '転入学する日', required: true },
        {
          id: 'pupils', type: 'repeater', label: '転入学する児童・生徒', itemLabel: '児童・生徒', required: true, minItems: 1, maxItems: 4,
          fields: [
            { id: 'name', type: 'text', label: '氏名', required: true, maxLength: 30 },
            { id: 'kana', type: 'kana', label: 'ふりがな', required: true, readingOf: 'name' },
            { id: 'birthDate', type: 'date', label: '生年月日', required: true, maxDate: today },
            { id: 'sex', type: 'choice', label: '性別', required: true, options: SEX_OPTIONS },
            { id: 'schoolYear', type: 'number', label: '学年', compute: { op: 'schoolYearOn', args: [{ var: '$item.birthDate' }, { var: 'transferDate' }] } },
            { id: 'previousSchool', type: 'text', label: '前の学校', required: true, maxLength: 40 },
            { id: 'assignedSchool', type: 'text', label: '転入学する学校', required: true, maxLength: 40, help: '住所から指定される学校です。職員がお伝えします。' },
          ],
        },
        SIGNATURE,
        IDENTITY_CHECK,
      ],
    },
  ],
  rules: [
    {
      id: 'compulsory-age', fields: ['pupils'],
      assert: { op: 'all', args: [{ var: 'pupils' }, { op: 'and', args: [{ op: 'ge', args: [{ var: '$item.schoolYear' }, 1] }, { op: 'le', args: [{ var: '$item.schoolYear' }, 9] }] }] },
      code: 'ST-NOT-COMPULSORY', message: '小学1年生から中学3年生までの子どもだけを記入してください。高校生は在学している高校で手続きをします。',
    },
  ],
  prefill: APPLICANT_PREFILL,
  layout: schoolTransferInLayout,
};

export const schoolTransferOut: ProcedureDefinitionInput = {
  ...gakko,
  id: 'school-transfer-out',
  title: '小中学校 転出（転校）の届出',
  kind: 'notification',
  summary: '市外へ引っ越す小中学生の転校を届け出ます。在学証明書と教科書給与証明書は在学中の学校で受け取ってください。',
  individualNumberUse: false,
  legalBasis: '学校教育法施行令 第10条',
  bring: ['保護者の本人確認書類'],
  retention: RETENTION_5Y,
  channels: ['counter', 'online'],
  signature: 'handwritten',
  steps: [
    {
      id: 'pupils', title: '児童・生徒',
      fields: [
        ...applicantFields('保護者'),
        { id: 'lastSchoolDay', type: 'date', label: '最後に登校する日', required: true },
        {
          id: 'pupils', type: 'repeater', label: '転校する児童・生徒', itemLabel: '児童・生徒', required: true, minItems: 1,
          fields: [
            { id: 'name', type: 'text', label: '氏名', required: true },
            { id: 'currentSchool', type: 'text', label: '在学中の学校', required: true },
          ],
        },
        SIGNATURE,
      ],
    },
  ],
  prefill: APPLICANT_PREFILL,
};
