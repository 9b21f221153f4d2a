import type { Expression } from '../../expression/ast';
import type { PaperLayoutInput } from '../../layout/schema';
import { checkRow, footer, header, notes, row, signatureRow, staffBlock, table } from './kit';

const kind = (value: string): Expression => ({ op: 'eq', args: [{ var: 'changeKind' }, value] });

/** 犬の登録事項変更届. */
export const dogRegistrationChangeLayout: PaperLayoutInput = {
  title: '犬の登録事項変更届',
  elements: [
    ...header('犬の登録事項変更届', { dateLabel: '届出日' }),
    ...row(31, 16, [{ label: '飼い主', w: 120, bind: 'applicantName', furigana: 'applicantKana', size: 13 }, { label: '電話', labelW: 16, w: 66, bind: 'applicantPhone' }]),
    ...row(47, 12, [{ label: '住所', w: 186, bind: 'applicantAddress', wrap: true, size: 11 }]),
    ...checkRow(59, 8, '変更の内容', [
      { label: '転入', w: 16, checked: kind('moveIn') },
      { label: '市内の転居', w: 28, checked: kind('moveWithin') },
      { label: '飼い主の変更', w: 30, checked: kind('newOwner') },
      { label: '死亡', w: 16, checked: kind('death') },
    ]),
    ...row(67, 8, [{ label: '変更日', w: 93, bind: 'changeDate', format: 'wareki' }, { label: '前の市区町村', labelW: 30, w: 93, bind: 'previousMunicipality' }]),
    ...table(78, '犬', 'dogs', 3, 10, [
      { header: '名前', w: 30, bind: 'dogName' },
      { header: '種類', w: 32, bind: 'breed', size: 9 },
      { header: '毛色', w: 20, bind: 'color', size: 9, align: 'center' },
      { header: '性別', w: 14, bind: 'dogSex', format: 'choiceLabel', align: 'center' },
      { header: '登録番号（鑑札）', w: 42, bind: 'registrationNumber', align: 'center' },
      { header: '注射済票の番号', w: 40, bind: 'vaccinationNumber', align: 'center' },
    ]),
    ...signatureRow(119),
    ...notes(135, [
      '転入のときは、前の市区町村の鑑札と引き換えに尾花沢市の鑑札を無料で交付します。',
      '鑑札と注射済票は、必ず犬の首輪などに付けてください（狂犬病予防法 第4条・第5条）。',
      '狂犬病の予防注射は、毎年1回受けさせてください。',
    ]),
    ...staffBlock(202, ['受付', '台帳', '鑑札', '決裁']),
    footer('尾花沢市 環境整備課 環境衛生係（2階 24番窓口）　電話 0237-22-1111'),
  ],
};
