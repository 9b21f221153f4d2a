import { CardError, type CardErrorCode, PinIncorrectError } from '@madoguchi/card';

/** What the screen says about a failure: a short title, the card library's message, and what to do. */
export interface CardProblem {
  readonly code: CardErrorCode | 'UNKNOWN';
  readonly title: string;
  /** The card library's Japanese message (it already says what to do next). */
  readonly message: string;
  /** Extra advice for this screen, e.g. how to start the agent. */
  readonly hint?: string;
}

const TITLES: Partial<Record<CardErrorCode, string>> = {
  CARD_PIN_LOCKED: '暗証番号がロックされています',
  CARD_REMOVED: '読み取りの途中でカードが取り外されました',
  CARD_NOT_PRESENT: 'カードが置かれていません',
  CARD_NOT_MY_NUMBER_CARD: 'マイナンバーカードではありません',
  CARD_READER_NOT_FOUND: 'カードリーダーが見つかりません',
  CARD_READER_BUSY: 'カードリーダーが使用中です',
  CARD_TIMEOUT: 'カードが応答しません',
  AGENT_UNAVAILABLE: 'カード読み取りアプリに接続できません',
  AGENT_REJECTED: 'カード読み取りアプリが接続を拒否しました',
  CARD_TRANSPORT_CLOSED: 'カード読み取りアプリとの接続が切れました',
};

const HINTS: Partial<Record<CardErrorCode, string>> = {
  CARD_PIN_LOCKED:
    'この画面では解除できません。窓口で暗証番号の初期化（再設定）の手続きをご案内ください。',
  CARD_READER_BUSY: '別のタブや画面でカード読取を開いている場合は閉じてから、「接続する」を押してください。',
  AGENT_REJECTED: 'カード読み取りアプリの起動時に表示されたペアリングトークンを「接続の設定」に入力し直してください。',
  CARD_TRANSPORT_CLOSED: 'カード読み取りアプリが動いているか確かめて、「接続する」を押してください。',
};

const AGENT_START_HINT =
  'カードリーダーをつないだ窓口のパソコンで、カード読み取りアプリ（madoguchi card-agent）を起動してから「接続する」を押してください。' +
  '起動のしかたがわからないときは、システム管理者に連絡してください。';
const DEMO_AGENT_HINT =
  'デモでは、カード読み取りアプリはサーバー（npm start）と一緒に起動します。サーバーが動いているか、起動時の表示に「デモ用カードリーダー」があるかを確かめてください。';

const FALLBACK_MESSAGE = 'カードを読み取れませんでした。カードを置き直して、もう一度お試しください。';

/** Turns anything the card, the agent or the transport threw into what this screen shows. */
export function describeCardProblem(error: unknown, options: { demo?: boolean } = {}): CardProblem {
  if (!(error instanceof CardError)) return { code: 'UNKNOWN', title: 'カードを読み取れませんでした', message: FALLBACK_MESSAGE };
  if (error instanceof PinIncorrectError) {
    return {
      code: error.code,
      title: `暗証番号が違います（残り${error.triesLeft}回）`,
      message: error.message,
      ...(error.triesLeft === 1 ? { hint: '次に間違えるとカードがロックされ、この窓口で暗証番号の再設定が必要になります。わからない場合は入力しないでください。' } : {}),
    };
  }
  const hint = error.code === 'AGENT_UNAVAILABLE' ? (options.demo ? DEMO_AGENT_HINT : AGENT_START_HINT) : HINTS[error.code];
  return {
    code: error.code,
    title: TITLES[error.code] ?? 'カードを読み取れませんでした',
    message: error.message,
    ...(hint !== undefined ? { hint } : {}),
  };
}

/** The prompt above the PIN pad, with the tries the card reports. */
export function pinPrompt(triesLeft: number): string {
  return `暗証番号（4桁）を入力してください。残り${triesLeft}回`;
}
