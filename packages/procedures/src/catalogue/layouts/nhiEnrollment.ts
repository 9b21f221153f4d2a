import type { Expression } from '../../expression/ast';
import type { PaperLayoutInput } from '../../layout/schema';
import { checkRow, footer, header, notes, row, signatureRow, staffBlock, table } from './kit';

const reason = (value: string): Expression => ({ op: 'eq', args: [{ var: 'reason' }, value] });

/** 国民健康保険 被保険者資格取得届 (加入届). */
export const nhiEnrollmentLayout: PaperLayoutInput = {
  title: '国民健康保険 資格取得届（加入届）',
  elements: [
    ...header('国民健康保険 資格取得届（加入届）', { dateLabel: '届出日' }),
    ...row(31, 16, [{ label: '世帯主', w: 120, bind: 'applicantName', furigana: 'applicantKana', size: 13 }, { label: '電話', labelW: 16, w: 66, bind: 'applicantPhone' }]),
    ...row(47, 12, [{ label: '住所', w: 186, bind: 'applicantAddress', wrap: true, size: 11 }]),
    ...row(59, 8, [{ label: '世帯主の個人番号', labelW: 32, w: 110, bind: 'householderIndividualNumber', labelSize: 8 }, { label: '資格取得日', w: 76, bind: 'qualificationDate', format: 'wareki' }]),
    ...checkRow(69, 8, '加入の理由', [
      { label: '転入', w: 14, checked: reason('moveIn') },
      { label: '職場の保険をやめた', w: 36, checked: reason('leftEmployeeInsurance') },
      { label: '扶養から外れた', w: 30, checked: reason('leftDependent') },
      { label: '出生', w: 14, checked: reason('birth') },
      { label: '生活保護廃止', w: 26, checked: reason('welfareEnded') },
      { label: 'その他', w: 16, checked: reason('other') },
    ]),
    ...row(77, 8, [{ label: '前の健康保険', labelW: 30, w: 186, bind: 'previousInsurer' }]),
    ...table(88, '加入する人', 'members', 6, 12, [
      { header: '氏名（上段：ふりがな）', w: 60, bind: 'name', furigana: 'kana', size: 12 },
      { header: '生年月日', w: 36, bind: 'birthDate', format: 'wareki', size: 9, align: 'center' },
      { header: '性別', w: 12, bind: 'sex', format: 'choiceLabel', align: 'center' },
      { header: '続柄', w: 18, bind: 'relationship', format: 'choiceLabel', align: 'center' },
      { header: '個人番号', w: 52, bind: 'individualNumber', size: 10, align: 'center' },
    ]),
    ...signatureRow(171),
    ...notes(187, [
      '国民健康保険には、資格を得た日（転入日・退職日の翌日など）から加入したことになります。届出は14日以内にしてください。',
      '保険税は資格を得た月の分からかかります。届出が遅れても、さかのぼって納めることになります。',
    ]),
    ...staffBlock(202),
    footer('尾花沢市 健康増進課 保険年金係（1階 4番窓口）　電話 0237-22-1111'),
  ],
};
