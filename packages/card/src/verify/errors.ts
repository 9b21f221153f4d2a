/**
 * Why a signature, certificate or signed application was not accepted. Codes are stable; the
 * messages are for the resident or the reviewing staff and say what to do next.
 */
export type VerificationErrorCode =
  | 'SIGNATURE_INVALID'
  | 'DATA_TAMPERED'
  | 'CERT_MALFORMED'
  | 'CERT_EXPIRED'
  | 'CERT_NOT_YET_VALID'
  | 'CERT_REVOKED'
  | 'CERT_CHAIN_UNKNOWN'
  | 'CERT_WRONG_USAGE'
  | 'REVOCATION_UNAVAILABLE'
  | 'SIGNED_DATA_MALFORMED';

const MESSAGES: Record<VerificationErrorCode, string> = {
  SIGNATURE_INVALID: '電子署名を確認できませんでした。署名がデータと一致しません。もう一度署名してから送信してください。',
  DATA_TAMPERED: '署名後に申請データが変更されています。もう一度入力内容を確認し、署名し直してください。',
  CERT_MALFORMED: '電子証明書を読み取れませんでした。マイナンバーカードをもう一度読み取ってください。',
  CERT_EXPIRED: '電子証明書の有効期限が切れています。市役所の窓口で電子証明書の更新手続きをしてください。',
  CERT_NOT_YET_VALID: '電子証明書の有効期間が始まっていません。端末の日時が正しいか確かめてください。',
  CERT_REVOKED:
    '電子証明書が失効しています。住所・氏名の変更などで失効した場合は、市役所の窓口で新しい電子証明書の発行を受けてください。',
  CERT_CHAIN_UNKNOWN: '電子証明書の発行元を確認できませんでした。マイナンバーカードの電子証明書で、もう一度お試しください。',
  CERT_WRONG_USAGE: 'この用途には使えない電子証明書です。署名には署名用電子証明書、ログインには利用者証明用電子証明書を使ってください。',
  REVOCATION_UNAVAILABLE: '電子証明書の失効確認ができませんでした。時間をおいて、もう一度お試しください。',
  SIGNED_DATA_MALFORMED: '署名付きデータの形式が正しくありません。もう一度署名してから送信してください。',
};

export class VerificationError extends Error {
  readonly code: VerificationErrorCode;
  /** For logs: which check failed, never personal data. */
  readonly detail: string;
  constructor(code: VerificationErrorCode, detail: string, options?: { cause?: unknown }) {
    super(MESSAGES[code], options);
    this.name = 'VerificationError';
    this.code = code;
    this.detail = detail;
  }
}
