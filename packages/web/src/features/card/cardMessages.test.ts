import { describe, expect, it } from 'vitest';
import { AgentRejectedError, AgentUnavailableError, CardRemovedError, CardTimeoutError, NotMyNumberCardError, PinIncorrectError, PinLockedError, ReaderBusyError } from '@madoguchi/card';
import { describeCardProblem } from './cardMessages';

describe('describeCardProblem', () => {
  it.each([
    [new PinIncorrectError('textAp', 2), '暗証番号が違います（残り2回）', 'あと2回間違えるとロックされます'],
    [new PinLockedError('textAp'), '暗証番号がロックされています', '暗証番号の再設定'],
    [new CardRemovedError(), '読み取りの途中でカードが取り外されました', '置き直して'],
    [new NotMyNumberCardError(), 'マイナンバーカードではありません', 'マイナンバーカードを置いてください'],
    [new ReaderBusyError(), 'カードリーダーが使用中です', '他のアプリを閉じて'],
    [new CardTimeoutError(), 'カードが応答しません', '置き直して'],
    [new AgentUnavailableError(), 'カード読み取りアプリに接続できません', '起動しているか確かめて'],
    [new AgentRejectedError('token'), 'カード読み取りアプリが接続を拒否しました', 'ペアリング'],
  ])('gives %s a Japanese title and says what to do', (error, title, advice) => {
    const problem = describeCardProblem(error);
    expect(problem.code).toBe(error.code);
    expect(problem.title).toBe(title);
    expect(problem.message).toContain(advice);
  });

  it('adds this screen’s advice where the library’s message is not enough', () => {
    expect(describeCardProblem(new ReaderBusyError()).hint).toContain('別のタブや画面でカード読取を開いている場合');
    expect(describeCardProblem(new AgentRejectedError('token')).hint).toContain('「接続の設定」に入力し直して');
    expect(describeCardProblem(new PinIncorrectError('textAp', 2)).hint).toBeUndefined();
  });

  it('never shows a raw error', () => {
    expect(describeCardProblem(new Error('socket hang up'))).toEqual({
      code: 'UNKNOWN', title: 'カードを読み取れませんでした', message: 'カードを読み取れませんでした。カードを置き直して、もう一度お試しください。',
    });
  });
});
