import type { PaperLayoutInput } from '../../layout/schema';
import { footer, header, notes, row, signatureRow, staffBlock, table } from './kit';

/** 児童手当 認定請求書. */
export const childAllowanceClaimLayout: PaperLayoutInput = {
  title: '児童手当 認定請求書',
  elements: [
    ...header('児童手当 認定請求書', { dateLabel: '請求日' }),
    ...row(31, 16, [{ label: '請求者', w: 120, bind: 'applicantName', furigana: 'applicantKana', size: 13 }, { label: '電話', labelW: 16, w: 66, bind: 'applicantPhone' }]),
    ...row(47, 12, [{ label: '住所', w: 186, bind: 'applicantAddress', wrap: true, size: 11 }]),
    ...row(59, 8, [{ label: '個人番号', w: 100, bind: 'claimantIndividualNumber' }, { label: '加入年金', w: 86, bind: 'pensionType', format: 'choiceLabel' }]),
    ...table(70, '対象の児童', 'children', 5, 12, [
      { header: '氏名（上段：ふりがな）', w: 64, bind: 'name', furigana: 'kana', size: 12 },
      { header: '生年月日', w: 40, bind: 'birthDate', format: 'wareki', size: 9, align: 'center' },
      { header: '性別', w: 12, bind: 'sex', format: 'choiceLabel', align: 'center' },
      { header: '続柄', w: 22, bind: 'relationship', format: 'choiceLabel', align: 'center' },
      { header: '同居・別居', w: 40, bind: 'livingTogether', format: 'choiceLabel', align: 'center' },
    ]),
    ...row(141, 9, [
      { label: '金融機関', w: 70, bind: 'bankName' },
      { label: '支店', labelW: 14, w: 56, bind: 'bankBranch' },
      { label: '種目', labelW: 14, w: 60, bind: 'accountType', format: 'choiceLabel' },
    ]),
    ...row(150, 12, [{ label: '口座番号', w: 70, bind: 'accountNumber', size: 12 }, { label: '口座名義', w: 116, bind: 'accountHolderKana', size: 11 }]),
    ...signatureRow(166),
    ...notes(182, [
      '児童手当は、請求した月の翌月分から支給します。出生日・転出予定日の翌日から15日以内の請求は、その翌月分からになります。',
      '公務員の方は、勤務先から支給されます。勤務先の担当部署に請求してください。',
      '振込先は請求者名義の口座に限ります。',
    ]),
    ...staffBlock(202),
    footer('尾花沢市 こども未来課 子育て支援係（1階 7番窓口）　電話 0237-22-1111'),
  ],
};
