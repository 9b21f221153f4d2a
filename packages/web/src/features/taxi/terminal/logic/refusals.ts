/**
 * Every reason a terminal refuses a subsidy or a fare, in words a driver understands, with what
 * to do next. Codes are stable (the server's errors for the same cases use them too).
 */
export type RefusalCode =
  | 'CARD_NOT_REGISTERED'
  | 'BENEFICIARY_SUSPENDED'
  | 'CERT_EXPIRED'
  | 'CERT_REVOKED'
  | 'CERT_INVALID'
  | 'NOT_MY_NUMBER_CARD'
  | 'DAILY_CAP_REACHED'
  | 'MONTH_CAP_REACHED'
  | 'YEAR_CAP_REACHED'
  | 'LIST_MISSING'
  | 'LIST_TOO_OLD'
  | 'LIST_SIGNATURE_INVALID'
  | 'OFFLINE_TOO_LONG'
  | 'TERMINAL_PENDING_LIMIT'
  | 'CARD_READ_FAILED';

export type FareErrorCode = 'FARE_ZERO' | 'FARE_TOO_LOW' | 'FARE_TOO_HIGH' | 'FARE_NOT_INTEGER';

export interface Refusal {
  readonly code: RefusalCode;
  /** One short line, very large on screen. */
  readonly title: string;
  /** What the driver says or does. */
  readonly advice: string;
}

const FULL_FARE = '運賃は全額お客様のお支払いです。';

const TEXT: Record<RefusalCode, [string, string]> = {
  CARD_NOT_REGISTERED: ['このカードは登録されていません', `${FULL_FARE}登録は市役所の窓口でできます。`],
  BENEFICIARY_SUSPENDED: ['このカードは今は使えません', `${FULL_FARE}お客様に市役所へお問い合わせいただくようお伝えください。`],
  CERT_EXPIRED: ['カードの有効期限が切れています', `${FULL_FARE}カードの更新は市役所の窓口でできます。`],
  CERT_REVOKED: ['このカードは使えなくなっています', `${FULL_FARE}お客様に市役所へお問い合わせいただくようお伝えください。`],
  CERT_INVALID: ['このカードは確認できませんでした', `もう一度カードを置いてください。だめなときは、${FULL_FARE}`],
  NOT_MY_NUMBER_CARD: ['マイナンバーカードではありません', 'お客様のマイナンバーカードを置いてください。'],
  DAILY_CAP_REACHED: ['今日の利用回数を使い切っています', `${FULL_FARE}明日また使えます。`],
  MONTH_CAP_REACHED: ['今月の利用回数を使い切っています', `${FULL_FARE}来月また使えます。`],
  YEAR_CAP_REACHED: ['今年度の利用回数を使い切っています', FULL_FARE],
  LIST_MISSING: ['利用者の名簿がありません', `${FULL_FARE}電波の届く所で「名簿を更新」を押してください。`],
  LIST_TOO_OLD: ['名簿が古いため割引できません', `${FULL_FARE}電波の届く所で「名簿を更新」を押してください。`],
  LIST_SIGNATURE_INVALID: ['名簿が正しくありません', `${FULL_FARE}電波の届く所で「名簿を更新」を押してください。直らなければ営業所へ連絡してください。`],
  OFFLINE_TOO_LONG: ['長い間つながっていないため割引できません', `${FULL_FARE}電波の届く所で「送信」を押してください。`],
  TERMINAL_PENDING_LIMIT: ['未送信の利用が多すぎます', `${FULL_FARE}電波の届く所で「送信」を押してください。`],
  CARD_READ_FAILED: ['カードを読み取れませんでした', 'カードを置き直してください。'],
};

export function refusal(code: RefusalCode): Refusal {
  const [title, advice] = TEXT[code];
  return { code, title, advice };
}

export function fareErrorMessage(code: FareErrorCode, maxFare: number): string {
  switch (code) {
    case 'FARE_ZERO':
      return '運賃が0円です。メーターの金額を入れてください。';
    case 'FARE_TOO_LOW':
      return '運賃が少なすぎます。メーターの金額を確かめて入れ直してください。';
    case 'FARE_TOO_HIGH':
      return `運賃が大きすぎます（${maxFare.toLocaleString('ja-JP')}円まで）。メーターの金額を確かめて入れ直してください。`;
    case 'FARE_NOT_INTEGER':
      return 'メーターの金額を円で入れてください。';
  }
}
