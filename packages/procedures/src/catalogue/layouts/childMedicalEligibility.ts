import type { PaperLayoutInput } from '../../layout/schema';
import { footer, header, notes, row, signatureRow, staffBlock, table } from './kit';

/** 子ども医療費 受給資格登録申請書. */
export const childMedicalEligibilityLayout: PaperLayoutInput = {
  title: '子ども医療費 受給資格登録申請書',
  elements: [
    ...header('子ども医療費 受給資格登録申請書'),
    ...row(31, 16, [{ label: '保護者', w: 120, bind: 'applicantName', furigana: 'applicantKana', size: 13 }, { label: '電話', labelW: 16, w: 66, bind: 'applicantPhone' }]),
    ...row(47, 12, [{ label: '住所', w: 186, bind: 'applicantAddress', wrap: true, size: 11 }]),
    ...row(59, 8, [{ label: '子どもが加入している健康保険', labelW: 52, w: 186, bind: 'insurerName', labelSize: 8.5 }]),
    ...table(70, '対象の子', 'children', 6, 11, [
      { header: '氏名（上段：ふりがな）', w: 74, bind: 'name', furigana: 'kana', size: 12 },
      { header: '生年月日', w: 46, bind: 'birthDate', format: 'wareki', size: 9, align: 'center' },
      { header: '性別', w: 16, bind: 'sex', format: 'choiceLabel', align: 'center' },
      { header: '年齢', w: 16, bind: 'age', align: 'center' },
      { header: '受給者番号（市記入）', w: 26, bind: 'recipientNumber', size: 9, align: 'center' },
    ]),
    ...signatureRow(147),
    ...notes(163, [
      '高校3年生の年度末（18歳になった後の最初の3月31日）までの子どもの、保険診療の自己負担分を助成します。',
      '転入・出生から14日以内に申請すると、その日から助成の対象になります。',
      '受給者証は、医療機関の窓口で資格確認書やマイナ保険証と一緒に見せてください。',
    ]),
    ...staffBlock(202),
    footer('尾花沢市 健康増進課 保険年金係（1階 4番窓口）　電話 0237-22-1111'),
  ],
};
