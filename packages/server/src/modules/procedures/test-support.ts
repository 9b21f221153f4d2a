import type { ProcedureDefinitionInput } from '@madoguchi/procedures';

/**
 * A small procedure with a paper layout, for tests that break one thing at a time and check the
 * exact place the issue is reported.
 */
export function petNotice(): ProcedureDefinitionInput {
  return {
    formatVersion: 2,
    id: 'pet-death-notice',
    title: '犬の死亡届',
    kind: 'notification',
    summary: '登録している犬が死亡したときの届出です。',
    departmentId: 'kankyo-seibi',
    individualNumberUse: false,
    retention: { years: 5, basis: '尾花沢市文書管理規程' },
    channels: ['counter', 'online'],
    signature: 'handwritten',
    steps: [
      {
        id: 'main',
        title: '届出の内容',
        fields: [
          { id: 'ownerName', type: 'text', label: '飼い主の氏名', required: true, maxLength: 40 },
          { id: 'hasTag', type: 'boolean', label: '鑑札を返納する' },
          { id: 'tagNumber', type: 'text', label: '鑑札の番号', required: true, visibleWhen: { op: 'eq', args: [{ var: 'hasTag' }, true] } },
        ],
      },
    ],
    layout: {
      title: '犬の死亡届',
      elements: [
        { kind: 'text', x: 20, y: 20, w: 170, h: 10, text: '犬の死亡届', font: 'gothic', size: 16, align: 'center' },
        { kind: 'box', x: 20, y: 40, w: 170, h: 30 },
        { kind: 'text', x: 22, y: 42, w: 40, h: 8, text: '飼い主の氏名' },
        { kind: 'field', x: 65, y: 42, w: 120, h: 8, bind: 'ownerName' },
        { kind: 'text', x: 22, y: 55, w: 40, h: 8, text: '鑑札の番号' },
        { kind: 'field', x: 65, y: 55, w: 120, h: 8, bind: 'tagNumber' },
      ],
    },
  };
}
