/**
 * Every failure a caller can see is a CardError with a stable code and a Japanese message that
 * tells the person what to do next. Codes are part of the public contract: UIs and logs key on
 * them, so never rename one.
 */
export type CardErrorCode =
  | 'CARD_PIN_INCORRECT'
  | 'CARD_PIN_LOCKED'
  | 'CARD_PIN_FORMAT'
  | 'CARD_REMOVED'
  | 'CARD_NOT_PRESENT'
  | 'CARD_NOT_MY_NUMBER_CARD'
  | 'CARD_READER_NOT_FOUND'
  | 'CARD_READER_BUSY'
  | 'CARD_TIMEOUT'
  | 'CARD_PROTOCOL_ERROR'
  | 'CARD_UNEXPECTED_STATUS'
  | 'CARD_SECURITY_STATUS_NOT_SATISFIED'
  | 'CARD_INDIVIDUAL_NUMBER_NOT_PERMITTED'
  | 'CARD_TRANSPORT_CLOSED'
  | 'AGENT_UNAVAILABLE'
  | 'AGENT_REJECTED'
  | 'AGENT_COMMAND_DENIED';

export type PinKind = 'textAp' | 'jpkiAuth' | 'jpkiSign';

const PIN_LABEL: Record<PinKind, string> = {
  textAp: '券面事項入力補助用暗証番号（数字4桁）',
  jpkiAuth: '利用者証明用電子証明書の暗証番号（数字4桁）',
  jpkiSign: '署名用電子証明書の暗証番号（英数字6〜16文字）',
};

export class CardError extends Error {
  readonly code: CardErrorCode;
  constructor(code: CardErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CardError';
    this.code = code;
  }
}

/** A wrong PIN was entered; the card counted it. Never retried automatically. */
export class PinIncorrectError extends CardError {
  readonly pin: PinKind;
  readonly triesLeft: number;
  constructor(pin: PinKind, triesLeft: number) {
    super(
      'CARD_PIN_INCORRECT',
      `${PIN_LABEL[pin]}が違います。あと${triesLeft}回間違えるとロックされます。` +
        '暗証番号がわからない場合は、入力をやめて市役所の窓口にご相談ください。',
    );
    this.name = 'PinIncorrectError';
    this.pin = pin;
    this.triesLeft = triesLeft;
  }
}

export class PinLockedError extends CardError {
  readonly pin: PinKind;
  constructor(pin: PinKind) {
    super(
      'CARD_PIN_LOCKED',
      `${PIN_LABEL[pin]}がロックされています。` +
        'マイナンバーカードと本人確認書類をお持ちのうえ、市役所の窓口で暗証番号の再設定をしてください。',
    );
    this.name = 'PinLockedError';
    this.pin = pin;
  }
}

/** Rejected before reaching the card, so no try was spent. */
export class PinFormatError extends CardError {
  readonly pin: PinKind;
  constructor(pin: PinKind) {
    super(
      'CARD_PIN_FORMAT',
      pin === 'jpkiSign'
        ? '署名用電子証明書の暗証番号は、英大文字と数字で6〜16文字です。入力し直してください。'
        : `${PIN_LABEL[pin]}は数字4桁です。入力し直してください。`,
    );
    this.name = 'PinFormatError';
    this.pin = pin;
  }
}

export class CardRemovedError extends CardError {
  constructor(options?: { cause?: unknown }) {
    super(
      'CARD_REMOVED',
      '読み取りの途中でカードが取り外されました。読み取った内容は使われていません。' +
        'カードをカードリーダーに置き直して、もう一度お試しください。',
      options,
    );
    this.name = 'CardRemovedError';
  }
}

export class CardNotPresentError extends CardError {
  constructor(options?: { cause?: unknown }) {
    super('CARD_NOT_PRESENT', 'カードが置かれていません。マイナンバーカードをカードリーダーに置いてください。', options);
    this.name = 'CardNotPresentError';
  }
}

export class NotMyNumberCardError extends CardError {
  constructor(options?: { cause?: unknown }) {
    super(
      'CARD_NOT_MY_NUMBER_CARD',
      'マイナンバーカードではないカードが置かれています。マイナンバーカードを置いてください。',
      options,
    );
    this.name = 'NotMyNumberCardError';
  }
}

export class ReaderNotFoundError extends CardError {
  constructor(options?: { cause?: unknown }) {
    super(
      'CARD_READER_NOT_FOUND',
      'カードリーダーが見つかりません。カードリーダーがパソコンに接続されているか確かめて、もう一度お試しください。',
      options,
    );
    this.name = 'ReaderNotFoundError';
  }
}

export class ReaderBusyError extends CardError {
  constructor(options?: { cause?: unknown }) {
    super(
      'CARD_READER_BUSY',
      'カードリーダーが他のアプリで使用中です。他のアプリを閉じてから、もう一度お試しください。',
      options,
    );
    this.name = 'ReaderBusyError';
  }
}

export class CardTimeoutError extends CardError {
  constructor(options?: { cause?: unknown }) {
    super(
      'CARD_TIMEOUT',
      'カードが応答しません。カードをカードリーダーに置き直して、もう一度お試しください。',
      options,
    );
    this.name = 'CardTimeoutError';
  }
}

/** The card (or something pretending to be one) sent bytes that do not follow the protocol. */
export class CardProtocolError extends CardError {
  readonly detail: string;
  constructor(detail: string, options?: { cause?: unknown }) {
    super(
      'CARD_PROTOCOL_ERROR',
      'カードから正しくないデータを受け取りました。カードを置き直して、もう一度お試しください。' +
        '続く場合はカードが破損しているおそれがあります。市役所の窓口にご相談ください。',
      options,
    );
    this.name = 'CardProtocolError';
    // Kept separate from the user message: it is for logs and never contains card data.
    this.detail = detail;
  }
}

export class UnexpectedStatusError extends CardError {
  readonly sw: number;
  readonly meaning: string;
  constructor(sw: number, meaning: string) {
    super(
      'CARD_UNEXPECTED_STATUS',
      `カードがエラーを返しました（${sw.toString(16).toUpperCase().padStart(4, '0')}: ${meaning}）。` +
        'カードを置き直して、もう一度お試しください。',
    );
    this.name = 'UnexpectedStatusError';
    this.sw = sw;
    this.meaning = meaning;
  }
}

export class SecurityStatusError extends CardError {
  constructor() {
    super(
      'CARD_SECURITY_STATUS_NOT_SATISFIED',
      '暗証番号の確認が済んでいないため、カードの情報を読み取れません。暗証番号を入力してから、もう一度お試しください。',
    );
    this.name = 'SecurityStatusError';
  }
}

export class IndividualNumberNotPermittedError extends CardError {
  constructor() {
    super(
      'CARD_INDIVIDUAL_NUMBER_NOT_PERMITTED',
      'この手続きは個人番号利用事務ではないため、個人番号は読み取れません。個人番号が必要な手続きを選び直してください。',
    );
    this.name = 'IndividualNumberNotPermittedError';
  }
}

export class TransportClosedError extends CardError {
  constructor(options?: { cause?: unknown }) {
    super(
      'CARD_TRANSPORT_CLOSED',
      'カードリーダーとの接続が切れました。カードリーダーの接続を確かめて、もう一度お試しください。',
      options,
    );
    this.name = 'TransportClosedError';
  }
}

export class AgentUnavailableError extends CardError {
  constructor(options?: { cause?: unknown }) {
    super(
      'AGENT_UNAVAILABLE',
      'カード読み取りアプリに接続できません。カード読み取りアプリが起動しているか確かめてください。',
      options,
    );
    this.name = 'AgentUnavailableError';
  }
}

export class AgentRejectedError extends CardError {
  readonly reason: string;
  constructor(reason: string) {
    super(
      'AGENT_REJECTED',
      'カード読み取りアプリが接続を拒否しました。この端末とカード読み取りアプリを、もう一度ペアリングしてください。',
    );
    this.name = 'AgentRejectedError';
    this.reason = reason;
  }
}

/** The agent refused to pass a command to the card (outside what this system may ask of it). */
export class AgentCommandDeniedError extends CardError {
  constructor() {
    super(
      'AGENT_COMMAND_DENIED',
      'カード読み取りアプリが、このカード操作を許可しませんでした。画面を読み込み直して、最初からやり直してください。',
    );
    this.name = 'AgentCommandDeniedError';
  }
}

export function isCardError(value: unknown): value is CardError {
  return value instanceof CardError;
}
