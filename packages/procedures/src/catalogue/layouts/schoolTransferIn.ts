import type { PaperLayoutInput } from '../../layout/schema';
import { footer, header, notes, row, signatureRow, staffBlock, table } from './kit';

/** 転入学届（小学校・中学校）. */
export const schoolTransferInLayout: PaperLayoutInput = {
  title: '転入学届（小学校・中学校）',
  elements: [
    ...header('転入学届（小学校・中学校）', { dateLabel: '届出日' }),
    ...row(31, 16, [{ label: '保護者', w: 120, bind: 'applicantName', furigana: 'applicantKana', size: 13 }, { label: '電話', labelW: 16, w: 66, bind: 'applicantPhone' }]),
    ...row(47, 12, [{ label: '住所', w: 186, bind: 'applicantAddress', wrap: true, size: 11 }]),
    ...row(59, 8, [{ label: '転入学する日', labelW: 30, w: 186, bind: 'transferDate', format: 'wareki' }]),
    ...table(70, '児童・生徒', 'pupils', 4, 14, [
      { header: '氏名（上段：ふりがな）', w: 50, bind: 'name', furigana: 'kana', size: 12 },
      { header: '生年月日', w: 34, bind: 'birthDate', format: 'wareki', size: 8, align: 'center' },
      { header: '性別', w: 10, bind: 'sex', format: 'choiceLabel', align: 'center' },
      { header: '学年', w: 12, bind: 'schoolYear', align: 'center' },
      { header: '前の学校', w: 36, bind: 'previousSchool', size: 9 },
      { header: '転入学する学校', w: 36, bind: 'assignedSchool', size: 9 },
    ]),
    ...signatureRow(137),
    ...notes(153, [
      '前の学校で受け取った「在学証明書」と「教科書給与証明書」を、転入学する学校に出してください。',
      '学年は小学1年生を1、中学1年生を7として数えます（転入学する日の年度）。',
      '転入学通知書は、この届出のあと学校教育課で交付します。',
    ]),
    ...staffBlock(202, ['受付', '学務', '通知', '決裁']),
    footer('尾花沢市教育委員会 学校教育課 学務係（2階 21番窓口）　電話 0237-22-1111'),
  ],
};
