import type { PaperLayoutInput } from '../../layout/schema';

/*
 * 住民異動届, A4 portrait, millimetres from the top-left. Modelled on the
 * usual municipal form: title and 届出日, 異動の種類 check boxes, 届出人,
 * new and old address with 世帯主, the table of people who move with
 * furigana above each name, and the staff-only 本人確認 and stamp boxes.
 */
const L = 12;
const R = 198;
const shade = (x: number, y: number, w: number, h: number) => ({ kind: 'box' as const, x, y, w, h, fill: 'shade' as const, lineWidth: 0.6 });
const frame = (x: number, y: number, w: number, h: number, lineWidth = 0.6) => ({ kind: 'box' as const, x, y, w, h, lineWidth });
const label = (x: number, y: number, w: number, h: number, text: string, size = 9) => ({ kind: 'text' as const, x, y, w, h, text, font: 'gothic' as const, size, align: 'center' as const });
const changeType = (value: string) => ({ op: 'eq' as const, args: [{ var: 'changeType' }, value] });
const moveInBasis = (value: string) => ({ op: 'eq' as const, args: [{ var: 'moveInBasis' }, value] });
const identity = (value: string) => ({ op: 'contains' as const, args: [{ var: 'identityDocuments' }, value] });

const address = (y: number, title: string, prefix: 'new' | 'old') => [
  frame(L, y, R - L, 20),
  shade(L, y, 24, 20),
  label(L, y, 24, 20, title),
  { kind: 'field' as const, x: 37, y: y + 0.5, w: 38, h: 5.5, bind: `${prefix}Address.postalCode`, format: 'postalCode' as const, size: 9 },
  { kind: 'field' as const, x: 76, y: y + 0.5, w: 69, h: 5.5, bind: `${prefix}Address.building`, size: 8 },
  { kind: 'field' as const, x: 37, y: y + 6.5, w: 108, h: 13, bind: `${prefix}Address.address`, size: 11, wrap: true },
  shade(146, y, 12, 20),
  { kind: 'text' as const, x: 146, y, w: 12, h: 20, text: '世帯主', font: 'gothic' as const, size: 9, vertical: true },
  { kind: 'field' as const, x: 159, y: y + 0.5, w: 38.5, h: 19, bind: `${prefix}HouseholderName`, furigana: `${prefix}HouseholderKana`, size: 11 },
];

export const residenceChangeLayout: PaperLayoutInput = {
  title: '住民異動届',
  elements: [
    { kind: 'text', x: L, y: 11, w: 40, h: 6, text: '尾花沢市長　あて', size: 10 },
    { kind: 'text', x: 62, y: 8, w: 86, h: 11, text: '住民異動届', font: 'gothic', size: 20, align: 'center' },

    frame(130, 19, R - 130, 8),
    shade(130, 19, 18, 8),
    label(130, 19, 18, 8, '届出日'),
    { kind: 'field', x: 149, y: 19.5, w: 48.5, h: 7, bind: 'notificationDate', format: 'wareki', size: 10, align: 'center' },

    frame(L, 30, R - L, 9),
    shade(L, 30, 24, 9),
    label(L, 30, 24, 9, '異動の種類'),
    { kind: 'checkbox', x: 38, y: 31, w: 17, h: 7, label: '転入', size: 10, checked: changeType('moveIn') },
    { kind: 'checkbox', x: 57, y: 31, w: 17, h: 7, label: '転居', size: 10, checked: changeType('moveWithin') },
    { kind: 'checkbox', x: 76, y: 31, w: 17, h: 7, label: '転出', size: 10, checked: changeType('moveOut') },
    { kind: 'checkbox', x: 95, y: 31, w: 24, h: 7, label: '世帯変更', size: 10, checked: changeType('householdChange') },
    shade(121, 30, 18, 9),
    label(121, 30, 18, 9, '異動日'),
    { kind: 'field', x: 139.5, y: 30.5, w: 58, h: 8, bind: 'changeDate', format: 'wareki', size: 10, align: 'center' },

    frame(L, 41, R - L, 16),
    shade(L, 41, 24, 16),
    label(L, 41, 24, 16, '届出人'),
    { kind: 'field', x: 37, y: 41.5, w: 72, h: 15, bind: 'notifierName', furigana: 'notifierKana', size: 13 },
    shade(110, 41, 14, 16),
    label(110, 41, 14, 8, '関係', 8),
    label(110, 49, 14, 8, '電話', 8),
    { kind: 'line', x1: 110, y1: 49, x2: 152, y2: 49, lineWidth: 0.3 },
    { kind: 'field', x: 124.5, y: 41.5, w: 27, h: 7, bind: 'notifierRelation', format: 'choiceLabel', size: 9 },
    { kind: 'field', x: 124.5, y: 49.5, w: 27, h: 7, bind: 'notifierPhone', size: 9 },
    shade(152, 41, 12, 16),
    label(152, 41, 12, 16, '署名', 8),
    {
      kind: 'field', x: 164.5, y: 41.5, w: 33, h: 15, size: 7, wrap: true,
      value: { op: 'if', args: [{ op: 'eq', args: [{ var: 'signature.method' }, 'jpki'] }, '署名用電子証明書で電子署名済み', { op: 'if', args: [{ op: 'isPresent', args: [{ var: 'signature.ref' }] }, 'タブレットに署名済み', ''] }] },
    },

    ...address(59, '新しい住所\n（転出先）', 'new'),
    ...address(79, '今までの住所', 'old'),

    shade(L, 102, 8, 79),
    { kind: 'text', x: L, y: 102, w: 8, h: 79, text: '異動する人', font: 'gothic', size: 11, vertical: true },
    {
      kind: 'table', x: 20, y: 102, repeater: 'members', rows: 6, rowHeight: 12, headerHeight: 7, headerSize: 8,
      columns: [
        { header: '氏名（上段：ふりがな）', w: 74, bind: 'name', furigana: 'kana', size: 12 },
        { header: '生年月日', w: 40, bind: 'birthDate', format: 'wareki', size: 9, align: 'center' },
        { header: '性別', w: 12, bind: 'sex', format: 'choiceLabel', size: 10, align: 'center' },
        { header: '続柄', w: 18, bind: 'relationship', format: 'choiceLabel', size: 10, align: 'center' },
        { header: '年齢', w: 14, bind: 'age', size: 10, align: 'center' },
        { header: 'カード継続利用', w: 20, bind: 'continueMyNumberCard', size: 9, align: 'center' },
      ],
    },

    frame(L, 184, R - L, 8),
    shade(L, 184, 40, 8),
    label(L, 184, 40, 8, '転入の根拠（転入のとき）', 8),
    { kind: 'checkbox', x: 54, y: 184.5, w: 30, h: 7, label: '転出証明書', size: 9, checked: moveInBasis('certificate') },
    { kind: 'checkbox', x: 86, y: 184.5, w: 55, h: 7, label: '特例転入（マイナンバーカード）', size: 9, checked: moveInBasis('cardSpecialCase') },
    { kind: 'checkbox', x: 142, y: 184.5, w: 55.5, h: 7, label: '転入予約（引越しワンストップ）', size: 9, checked: moveInBasis('onlineReservation') },

    { kind: 'line', x1: L, y1: 196, x2: R, y2: 196, lineWidth: 0.3, dashed: true },
    frame(L, 198, R - L, 40),
    shade(L, 198, R - L, 6),
    label(L, 198, R - L, 6, '職員記入欄（届出人は記入しないでください）', 9),
    shade(L, 204, 24, 16),
    label(L, 204, 24, 16, '本人確認'),
    { kind: 'checkbox', x: 38, y: 205, w: 40, h: 6, label: 'マイナンバーカード', size: 9, checked: identity('myNumberCard') },
    { kind: 'checkbox', x: 80, y: 205, w: 28, h: 6, label: '運転免許証', size: 9, checked: identity('driverLicense') },
    { kind: 'checkbox', x: 110, y: 205, w: 28, h: 6, label: 'パスポート', size: 9, checked: identity('passport') },
    { kind: 'checkbox', x: 38, y: 212.5, w: 40, h: 6, label: '資格確認書・保険証', size: 9, checked: identity('insuranceCard') },
    { kind: 'checkbox', x: 80, y: 212.5, w: 28, h: 6, label: 'その他', size: 9, checked: identity('other') },
    shade(L, 220, 24, 18),
    label(L, 220, 24, 18, '備考'),
    { kind: 'field', x: 37, y: 220.5, w: 101, h: 17, bind: 'staffNote', size: 9, wrap: true },
    { kind: 'line', x1: L + 24, y1: 220, x2: 140, y2: 220, lineWidth: 0.3 },
    ...(['受付', '入力', '照合', '交付'] as const).flatMap((t, i) => {
      const x = 140 + i * 14.5;
      return [shade(x, 204, 14.5, 5), label(x, 204, 14.5, 5, t, 8), frame(x, 204, 14.5, 34, 0.4)];
    }),

    { kind: 'text', x: L, y: 242, w: R - L, h: 5, text: '・転入・転居の届出は、住み始めた日から14日以内にしてください（住民基本台帳法 第22条・第23条）。', size: 8 },
    { kind: 'text', x: L, y: 247, w: R - L, h: 5, text: '・マイナンバーカードをお持ちの人は、住所の書き換えのためカードを窓口にお出しください。', size: 8 },
    { kind: 'text', x: L, y: 252, w: R - L, h: 5, text: '・この届書は書かない窓口で職員が聞き取って作成しました。内容を確かめて署名してください。', size: 8 },
    { kind: 'text', x: L, y: 286, w: R - L, h: 5, text: '尾花沢市 市民税務課 市民窓口係（1階 1番窓口）　電話 0237-22-1111', size: 7, align: 'center' },
  ],
};
