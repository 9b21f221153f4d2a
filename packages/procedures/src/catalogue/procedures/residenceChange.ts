import type { ProcedureDefinitionInput } from '../../schema/definition';
import { residenceChangeLayout } from '../layouts/residenceChange';
import { IDENTITY_CHECK, RELATIONSHIP_OPTIONS, RETENTION_5Y, SEX_OPTIONS, eq, oneOf, today } from '../common';

/** 住民異動届 (転入・転居・転出・世帯変更), 住民基本台帳法 第22〜25条. */
export const residenceChange: ProcedureDefinitionInput = {
  formatVersion: 2,
  id: 'residence-change',
  title: '住民異動届',
  kind: 'notification',
  summary: '引っ越し（転入・転居・転出）や世帯の変更を届け出ます。',
  departmentId: 'shimin-zeimu',
  individualNumberUse: true,
  legalBasis: '住民基本台帳法 第22条〜第25条',
  deadline: '転入・転居は住み始めてから14日以内。転出は引っ越す日のおおむね14日前から',
  bring: ['本人確認書類（マイナンバーカード・運転免許証など）', '転出証明書（転入のとき。マイナンバーカードによる転入の特例を除く）', '異動する人全員のマイナンバーカード（お持ちの場合）'],
  retention: RETENTION_5Y,
  channels: ['counter', 'kiosk', 'online', 'outreach'],
  signature: 'handwrittenOrJpki',
  steps: [
    {
      id: 'kind',
      title: '届出の種類',
      fields: [
        {
          id: 'changeType', type: 'choice', label: '異動の種類', required: true,
          options: [
            { value: 'moveIn', label: '転入' },
            { value: 'moveWithin', label: '転居' },
            { value: 'moveOut', label: '転出' },
            { value: 'householdChange', label: '世帯変更' },
          ],
        },
        { id: 'notificationDate', type: 'date', label: '届出日', required: true, maxDate: today },
        { id: 'changeDate', type: 'date', label: '異動日', required: true, help: '転入・転居は住み始めた日、転出は引っ越す（予定）日です。' },
      ],
    },
    {
      id: 'notifier',
      title: '届出人',
      fields: [
        { id: 'notifierName', type: 'text', label: '届出人の氏名', required: true, maxLength: 40 },
        { id: 'notifierKana', type: 'kana', label: '届出人のふりがな', required: true, readingOf: 'notifierName', maxLength: 60 },
        {
          id: 'notifierRelation', type: 'choice', label: '届出人と異動する人の関係', required: true,
          options: [
            { value: 'self', label: '本人' },
            { value: 'householder', label: '世帯主' },
            { value: 'householdMember', label: '同じ世帯の人' },
            { value: 'agent', label: '代理人' },
          ],
        },
        { id: 'notifierPhone', type: 'phone', label: '届出人の電話番号', required: true },
      ],
    },
    {
      id: 'addresses',
      title: '住所と世帯主',
      fields: [
        { id: 'newAddress', type: 'address', label: '新しい住所', required: true, help: '転出のときは転出先の住所です。' },
        { id: 'newHouseholderName', type: 'text', label: '新しい住所の世帯主', required: true, maxLength: 40 },
        { id: 'newHouseholderKana', type: 'kana', label: '新しい住所の世帯主のふりがな', readingOf: 'newHouseholderName' },
        { id: 'oldAddress', type: 'address', label: '今までの住所', required: true },
        { id: 'oldHouseholderName', type: 'text', label: '今までの住所の世帯主', required: true, maxLength: 40 },
        { id: 'oldHouseholderKana', type: 'kana', label: '今までの住所の世帯主のふりがな', readingOf: 'oldHouseholderName' },
        {
          id: 'moveInBasis', type: 'choice', label: '転出証明書', required: true, visibleWhen: eq('changeType', 'moveIn'),
          options: [
            { value: 'certificate', label: '転出証明書あり' },
            { value: 'cardSpecialCase', label: 'マイナンバーカードによる特例転入' },
            { value: 'onlineReservation', label: '転入予約（引越しワンストップ）' },
          ],
        },
        {
          id: 'fromOutsidePrefecture', type: 'boolean', label: '県外からの転入', visibleWhen: eq('changeType', 'moveIn'),
          compute: { op: 'not', args: [{ op: 'matches', args: [{ var: 'oldAddress.address' }, '^山形県'] }] },
        },
      ],
    },
    {
      id: 'members',
      title: '異動する人',
      fields: [
        {
          id: 'members', type: 'repeater', label: '異動する人', itemLabel: '異動する人', required: true, minItems: 1, maxItems: 6,
          fields: [
            { id: 'name', type: 'text', label: '氏名', required: true, maxLength: 30 },
            { id: 'kana', type: 'kana', label: 'ふりがな', required: true, readingOf: 'name' },
            { id: 'birthDate', type: 'date', label: '生年月日', required: true, maxDate: today },
            { id: 'sex', type: 'choice', label: '性別', required: true, options: SEX_OPTIONS },
            { id: 'relationship', type: 'choice', label: '続柄', required: true, display: 'select', options: RELATIONSHIP_OPTIONS },
            { id: 'age', type: 'number', label: '異動日の年齢', unit: '歳', compute: { op: 'ageOn', args: [{ var: '$item.birthDate' }, { var: 'changeDate' }] } },
            { id: 'continueMyNumberCard', type: 'boolean', label: 'マイナンバーカードを続けて使う', visibleWhen: oneOf('changeType', ['moveIn', 'moveWithin']) },
          ],
        },
      ],
    },
    {
      id: 'confirm',
      title: '確認と署名',
      fields: [
        { id: 'signature', type: 'signature', label: '届出人の署名', required: true, methods: ['handwritten', 'jpki'] },
        IDENTITY_CHECK,
        { id: 'staffNote', type: 'text', label: '職員メモ', multiline: true, staffOnly: true, maxLength: 200 },
      ],
    },
  ],
  rules: [
    {
      id: 'change-date-not-after-notification',
      fields: ['changeDate', 'notificationDate'],
      when: oneOf('changeType', ['moveIn', 'moveWithin', 'householdChange']),
      assert: { op: 'le', args: [{ var: 'changeDate' }, { var: 'notificationDate' }] },
      code: 'RC-CHANGE-DATE-FUTURE',
      message: '転入・転居・世帯変更の異動日は、届出日より後にできません。実際に住み始めた日（変更の日）を入力してください。',
    },
    {
      id: 'move-out-window',
      fields: ['changeDate', 'notificationDate'],
      when: eq('changeType', 'moveOut'),
      assert: { op: 'le', args: [{ op: 'daysBetween', args: [{ var: 'notificationDate' }, { var: 'changeDate' }] }, 14] },
      code: 'RC-MOVE-OUT-TOO-EARLY',
      message: '転出の届出は、引っ越す日の14日前からできます。引っ越す日が近づいてから届け出てください。',
    },
    {
      id: 'addresses-differ',
      fields: ['newAddress', 'oldAddress'],
      when: { op: 'ne', args: [{ var: 'changeType' }, 'householdChange'] },
      assert: { op: 'ne', args: [{ var: 'newAddress.address' }, { var: 'oldAddress.address' }] },
      code: 'RC-SAME-ADDRESS',
      message: '新しい住所と今までの住所が同じです。引っ越しでなく世帯の変更なら、異動の種類を「世帯変更」にしてください。',
    },
  ],
  prefill: [
    { target: 'notifierName', source: 'card', path: 'name' },
    { target: 'oldAddress.address', source: 'card', path: 'address' },
    { target: 'members', source: 'registry', path: 'household.members' },
    { target: 'oldAddress', source: 'registry', path: 'household.address' },
    { target: 'newAddress', source: 'previousCase', path: 'destinationAddress' },
  ],
  layout: residenceChangeLayout,
};
