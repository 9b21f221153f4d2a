import type { ProcedureDefinitionInput } from '../schema/definition';

/**
 * A small definition that exercises every field type and every kind of
 * logic, so one table can pin the evaluator's behaviour in any runtime.
 */
export const conformanceDefinition: ProcedureDefinitionInput = {
  formatVersion: 2,
  id: 'conformance-sample',
  title: '適合性確認用の申請',
  kind: 'application',
  summary: 'ブラウザとサーバーで同じ判定になることを確かめるための定義です。',
  departmentId: 'shimin-zeimu',
  individualNumberUse: true,
  retention: { years: 1, basis: 'テスト用' },
  channels: ['counter', 'kiosk', 'online'],
  signature: 'handwrittenOrJpki',
  attachments: [{ id: 'id-copy', label: '本人確認書類の写し', accept: ['application/pdf', 'image/jpeg'], maxSizeMb: 2 }],
  steps: [
    {
      id: 'main',
      title: '申請内容',
      fields: [
        { id: 'name', type: 'text', label: '氏名', required: true, maxLength: 10 },
        { id: 'kana', type: 'kana', label: 'ふりがな', required: true, readingOf: 'name' },
        { id: 'birthDate', type: 'date', label: '生年月日', required: true, minDate: '1900-01-01', maxDate: { op: 'today', args: [] } },
        { id: 'age', type: 'number', label: '年齢', compute: { op: 'ageOn', args: [{ var: 'birthDate' }, { var: '$context.today' }] } },
        { id: 'address', type: 'address', label: '住所', required: true },
        { id: 'phone', type: 'phone', label: '電話番号' },
        { id: 'employeeCode', type: 'text', label: '職員番号', pattern: { regex: '^[A-Z]\\d{4}$', message: '職員番号は英大文字1字と数字4桁です（例: A1234）。' } },
        {
          id: 'purpose', type: 'choice', label: '目的', required: true,
          options: [{ value: 'self', label: '本人の手続き' }, { value: 'proxy', label: '代理の手続き' }],
        },
        { id: 'copies', type: 'number', label: '通数', required: true, min: 1, max: 10, unit: '通' },
        { id: 'fee', type: 'money', label: '手数料', compute: { op: 'mul', args: [{ var: 'copies' }, 300] } },
        { id: 'donation', type: 'money', label: '寄附額', max: 100000 },
        { id: 'consent', type: 'boolean', label: '内容の確認', required: true },
        { id: 'idCopy', type: 'file', label: '本人確認書類', attachmentId: 'id-copy', maxFiles: 1, requiredWhen: { op: 'eq', args: [{ var: '$context.channel' }, 'online'] } },
        { id: 'individualNumber', type: 'individualNumber', label: '個人番号' },
        { id: 'sign', type: 'signature', label: '署名', methods: ['jpki'] },
        { id: 'subject', type: 'person', label: '対象の人' },
        { id: 'staffCheck', type: 'boolean', label: '職員確認済み', staffOnly: true, required: true },
        {
          id: 'children', type: 'repeater', label: '子', itemLabel: '子', maxItems: 3,
          fields: [
            { id: 'childName', type: 'text', label: '氏名', required: true },
            { id: 'childBirthDate', type: 'date', label: '生年月日', required: true },
            { id: 'schoolYear', type: 'number', label: '学年', compute: { op: 'schoolYearOn', args: [{ var: '$item.childBirthDate' }, { var: '$context.today' }] } },
            { id: 'school', type: 'text', label: '学校名', visibleWhen: { op: 'and', args: [{ op: 'ge', args: [{ var: '$item.schoolYear' }, 1] }, { op: 'le', args: [{ var: '$item.schoolYear' }, 9] }] }, required: true },
          ],
        },
        {
          id: 'schoolNote', type: 'text', label: '就学の連絡事項',
          visibleWhen: { op: 'any', args: [{ var: 'children' }, { op: 'isPresent', args: [{ var: '$item.school' }] }] },
        },
      ],
    },
    {
      id: 'proxy',
      title: '代理人',
      visibleWhen: { op: 'eq', args: [{ var: 'purpose' }, 'proxy'] },
      fields: [{ id: 'proxyName', type: 'text', label: '代理人の氏名', required: true }],
    },
  ],
  rules: [
    {
      id: 'donation-below-fee-cap',
      fields: ['donation'],
      assert: { op: 'le', args: [{ var: 'donation' }, { op: 'mul', args: [{ var: 'copies' }, 10000] }] },
      code: 'CS-DONATION-CAP',
      message: '寄附額は通数×1万円までです。金額を見直してください。',
    },
  ],
};
