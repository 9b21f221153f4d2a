import { dogRegistrationChangeLayout } from '../layouts/dogRegistrationChange';
import type { ProcedureDefinitionInput } from '../../schema/definition';
import { IDENTITY_CHECK, APPLICANT_PREFILL, RETENTION_5Y, SIGNATURE, applicantFields, eq, today } from '../common';

export const dogRegistrationChange: ProcedureDefinitionInput = {
  formatVersion: 2,
  departmentId: 'kankyo-seibi',
  id: 'dog-registration-change',
  title: '犬の登録事項変更届',
  kind: 'notification',
  summary: '犬を連れて転入・転居したとき、飼い主が変わったとき、犬が死亡したときの届出です。転入のときは新しい鑑札を交付します。',
  individualNumberUse: false,
  legalBasis: '狂犬病予防法 第4条、同法施行規則 第5条・第6条',
  deadline: '変更があった日から30日以内',
  bring: ['前の市区町村の鑑札（転入のとき）', '今年度の狂犬病予防注射済票'],
  retention: RETENTION_5Y,
  channels: ['counter', 'online', 'outreach'],
  signature: 'handwritten',
  steps: [
    { id: 'owner', title: '飼い主', fields: applicantFields('飼い主') },
    {
      id: 'dogs', title: '犬と変更の内容',
      fields: [
        { id: 'changeKind', type: 'choice', label: '変更の内容', required: true, options: [{ value: 'moveIn', label: '転入（所在地の変更）' }, { value: 'moveWithin', label: '市内の転居' }, { value: 'newOwner', label: '飼い主の変更' }, { value: 'death', label: '死亡' }] },
        { id: 'changeDate', type: 'date', label: '変更があった日', required: true, maxDate: today },
        { id: 'previousMunicipality', type: 'text', label: '前の市区町村', visibleWhen: eq('changeKind', 'moveIn'), required: true, maxLength: 30 },
        {
          id: 'dogs', type: 'repeater', label: '犬', itemLabel: '犬', required: true, minItems: 1, maxItems: 3,
          fields: [
            { id: 'dogName', type: 'text', label: '犬の名前', required: true, maxLength: 20 },
            { id: 'breed', type: 'text', label: '種類', required: true, maxLength: 20 },
            { id: 'color', type: 'text', label: '毛色', required: true, maxLength: 10 },
            { id: 'dogSex', type: 'choice', label: '性別', required: true, options: [{ value: 'male', label: 'オス' }, { value: 'female', label: 'メス' }] },
            { id: 'registrationNumber', type: 'text', label: '登録番号（鑑札の番号）', required: true, maxLength: 20 },
            { id: 'vaccinationNumber', type: 'text', label: '注射済票の番号', maxLength: 20 },
          ],
        },
        SIGNATURE,
        IDENTITY_CHECK,
      ],
    },
  ],
  prefill: APPLICANT_PREFILL,
  layout: dogRegistrationChangeLayout,
};
