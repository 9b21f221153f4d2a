import type { Expression } from '../../expression/ast';
import type { PaperLayoutInput } from '../../layout/schema';
import { LEFT, checkRow, footer, frame, header, notes, row, shade, signatureRow, staffBlock } from './kit';

const verification = (value: string): Expression => ({ op: 'eq', args: [{ var: 'verification' }, value] });

/** 印鑑登録申請書, with the 印影 box the seal is pressed into. */
export const sealRegistrationLayout: PaperLayoutInput = {
  title: '印鑑登録申請書',
  elements: [
    ...header('印鑑登録申請書'),
    ...row(31, 16, [{ label: '登録する人', w: 120, bind: 'registrant.name', furigana: 'registrant.kana', size: 13 }, { label: '生年月日', labelW: 18, w: 66, bind: 'registrant.birthDate', format: 'wareki', size: 9 }]),
    ...row(47, 12, [{ label: '住所', w: 186, bind: 'registrantAddress', wrap: true, size: 11 }]),
    ...row(59, 8, [{ label: '電話', w: 186, bind: 'registrantPhone' }]),
    shade(LEFT, 71, 8, 45),
    { kind: 'text', x: LEFT, y: 71, w: 8, h: 45, text: '登録する印影', font: 'gothic', size: 10, vertical: true },
    frame(LEFT + 8, 71, 45, 45, 0.8),
    { kind: 'line', x1: LEFT + 8, y1: 93.5, x2: LEFT + 53, y2: 93.5, lineWidth: 0.2, dashed: true },
    { kind: 'line', x1: LEFT + 30.5, y1: 71, x2: LEFT + 30.5, y2: 116, lineWidth: 0.2, dashed: true },
    {
      kind: 'text', x: 70, y: 71, w: 128, h: 45, size: 9,
      text: '左の枠の中に、登録する印鑑をはっきりと押してください。\n・印影の大きさは一辺8mm以上25mm以内のものに限ります。\n・ゴム印など変形しやすいもの、欠けているものは登録できません。\n・一人一個に限り登録できます。',
    },
    ...checkRow(120, 8, '本人確認の方法', [
      { label: '写真付き本人確認書類', w: 44, checked: verification('photoId') },
      { label: '保証書', w: 20, checked: verification('guarantor') },
      { label: '照会書（回答書）', w: 36, checked: verification('inquiry') },
    ]),
    ...row(128, 8, [{ label: '保証人', w: 100, bind: 'guarantorName' }, { label: '保証人の登録番号', labelW: 32, w: 86, bind: 'guarantorSealNumber', labelSize: 8 }]),
    ...signatureRow(138),
    ...notes(154, [
      '印鑑登録ができるのは、尾花沢市に住民登録のある15歳以上の人です。',
      '写真付きの本人確認書類がないときは、照会書を郵送しますので、回答書を持ってもう一度おいでください。',
      '印鑑登録証（カード）の交付手数料は300円です。',
    ]),
    ...staffBlock(202, ['受付', '照合', '登録', '交付']),
    footer('尾花沢市 市民税務課 市民窓口係（1階 1番窓口）　電話 0237-22-1111'),
  ],
};
