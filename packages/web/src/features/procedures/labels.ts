import type { Channel, FieldType } from '@madoguchi/procedures';
import type { ProcedureKind } from '../../api/types';

export const kindLabels: Record<ProcedureKind, string> = { notification: '届出', application: '申請' };

export const channelLabels: Record<Channel, string> = {
  counter: '窓口（書かない窓口）',
  kiosk: '記載台（セルフ）',
  online: 'オンライン（スマート申請）',
  outreach: '移動市役所',
};

export const fieldTypeLabels: Record<FieldType, string> = {
  text: '文字',
  kana: 'ふりがな',
  date: '日付',
  address: '住所',
  phone: '電話番号',
  choice: '選択',
  number: '数値',
  money: '金額',
  boolean: 'はい／いいえ',
  file: '添付ファイル',
  signature: '署名',
  person: '人の選択',
  individualNumber: '個人番号',
  repeater: '繰り返し（複数人）',
};

/** A content hash is 64 hex digits; the first 12 tell versions apart on screen, the full one is in the title. */
export function shortHash(hash: string): string {
  return hash.slice(0, 12);
}
