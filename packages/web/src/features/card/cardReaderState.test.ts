import { describe, expect, it } from 'vitest';
import type { IsoDate } from '@madoguchi/jp';
import { AgentUnavailableError, CardRemovedError, NotMyNumberCardError, PinIncorrectError, PinLockedError, type CardFaceAttributes } from '@madoguchi/card';
import { describeCardProblem, pinPrompt } from './cardMessages';
import { type CardReaderEvent, type CardReaderState, cardReaderReducer, initialCardReaderState } from './cardReaderState';

const attributes: CardFaceAttributes = { name: '山田\u3000太郎', address: '山形県尾花沢市若葉町一丁目２番３号', birthDate: '1970-03-02' as IsoDate, sex: 'male' };
const removed = describeCardProblem(new CardRemovedError());

function run(...events: CardReaderEvent[]): CardReaderState {
  return events.reduce(cardReaderReducer, initialCardReaderState);
}

const connectedWithPin: CardReaderEvent[] = [
  { type: 'connecting' },
  { type: 'connected', readerName: 'reader' },
  { type: 'cardInserted' },
  { type: 'pinStatus', status: { state: 'ready', triesLeft: 3 } },
];

const wrong = (triesLeft: number): CardReaderEvent[] => [
  { type: 'verifyStarted' },
  { type: 'pinIncorrect', triesLeft, problem: describeCardProblem(new PinIncorrectError('textAp', triesLeft)) },
];

describe('cardReaderReducer', () => {
  it('asks for the PIN with the tries the card reports, before any try is spent', () => {
    const state = run(...connectedWithPin);
    expect(state.agent).toEqual({ status: 'connected', readerName: 'reader' });
    expect(state.card).toEqual({ phase: 'pin', triesLeft: 3, verifying: false });
    expect(pinPrompt(3)).toBe('暗証番号（4桁）を入力してください。残り3回');
  });

  it('counts down on wrong PINs with the message for each, then locks on the third', () => {
    const once = run(...connectedWithPin, ...wrong(2));
    expect(once.card).toEqual({ phase: 'pin', triesLeft: 2, verifying: false });
    expect(once.notice?.title).toBe('暗証番号が違います（残り2回）');
    expect(once.notice?.message).toContain('あと2回間違えるとロックされます');

    const twice = run(...connectedWithPin, ...wrong(2), ...wrong(1));
    expect(twice.card).toEqual({ phase: 'pin', triesLeft: 1, verifying: false });
    expect(twice.notice?.message).toContain('あと1回間違えるとロックされます');
    expect(twice.notice?.hint).toContain('次に間違えるとカードがロックされ');

    const locked = run(...connectedWithPin, ...wrong(2), ...wrong(1), { type: 'verifyStarted' }, { type: 'pinLocked', problem: describeCardProblem(new PinLockedError('textAp')) });
    expect(locked.card).toEqual({ phase: 'locked' });
    expect(locked.notice?.code).toBe('CARD_PIN_LOCKED');
    expect(locked.notice?.message).toContain('暗証番号の再設定');
  });

  it('sends one VERIFY per press: a second press while the card checks changes nothing', () => {
    const verifying = run(...connectedWithPin, { type: 'verifyStarted' });
    expect(verifying.card).toEqual({ phase: 'pin', triesLeft: 3, verifying: true });
    expect(cardReaderReducer(verifying, { type: 'verifyStarted' })).toBe(verifying);
  });

  it('shows a card already locked as locked without asking for the PIN', () => {
    const state = run({ type: 'connecting' }, { type: 'connected', readerName: null }, { type: 'cardInserted' }, { type: 'pinStatus', status: { state: 'locked' } });
    expect(state.card).toEqual({ phase: 'locked' });
  });

  it('shows the attributes after the right PIN, and drops them when the card is taken off', () => {
    const read = run(...connectedWithPin, { type: 'verifyStarted' }, { type: 'verified' }, { type: 'attributesRead', attributes });
    expect(read.card).toEqual({ phase: 'read', attributes });
    const gone = cardReaderReducer(read, { type: 'cardRemoved', problem: removed });
    expect(gone.card).toEqual({ phase: 'absent' });
    expect(JSON.stringify(gone)).not.toContain('山田');
    // Taking the card off after a finished read is normal, not a problem to report.
    expect(gone.notice).toBeNull();
  });

  it('tells the person when the card was taken off in the middle of reading', () => {
    const reading = run(...connectedWithPin, { type: 'verifyStarted' }, { type: 'verified' });
    const state = cardReaderReducer(reading, { type: 'cardRemoved', problem: removed });
    expect(state.card).toEqual({ phase: 'absent' });
    expect(state.notice?.title).toBe('読み取りの途中でカードが取り外されました');
    // The removal event after the failed read does not wipe that message.
    expect(cardReaderReducer(state, { type: 'cardRemoved', problem: removed })).toBe(state);
  });

  it('clears the attributes after the timeout, and needs the card put on again to read again', () => {
    const read = run(...connectedWithPin, { type: 'verifyStarted' }, { type: 'verified' }, { type: 'attributesRead', attributes });
    const cleared = cardReaderReducer(read, { type: 'clear', reason: 'timeout' });
    expect(cleared.card).toEqual({ phase: 'cleared', reason: 'timeout' });
    expect(JSON.stringify(cleared)).not.toContain('山田');
    expect(cardReaderReducer(cleared, { type: 'cardInserted' }).card).toEqual({ phase: 'checking' });
  });

  it('ignores answers that arrive after the card is gone', () => {
    const absent = run(...connectedWithPin, { type: 'cardRemoved', problem: removed });
    expect(cardReaderReducer(absent, { type: 'attributesRead', attributes })).toBe(absent);
    expect(cardReaderReducer(absent, { type: 'pinStatus', status: { state: 'ready', triesLeft: 3 } })).toBe(absent);
    expect(cardReaderReducer(absent, { type: 'cardFailed', problem: removed })).toBe(absent);
  });

  it('says what card it is not', () => {
    const state = run({ type: 'connecting' }, { type: 'connected', readerName: null }, { type: 'cardInserted' }, { type: 'cardFailed', problem: describeCardProblem(new NotMyNumberCardError()) });
    expect(state.card).toMatchObject({ phase: 'failed', problem: { code: 'CARD_NOT_MY_NUMBER_CARD', title: 'マイナンバーカードではありません' } });
  });

  it('forgets the card when the agent cannot be reached, and says how to start it', () => {
    const read = run(...connectedWithPin, { type: 'verifyStarted' }, { type: 'verified' }, { type: 'attributesRead', attributes });
    const lost = cardReaderReducer(read, { type: 'connectionFailed', problem: describeCardProblem(new AgentUnavailableError(), { demo: false }) });
    expect(lost.card).toEqual({ phase: 'absent' });
    expect(lost.agent).toMatchObject({ status: 'failed', problem: { code: 'AGENT_UNAVAILABLE' } });
    expect(lost.agent.status === 'failed' && lost.agent.problem.hint).toContain('カード読み取りアプリ（madoguchi card-agent）を起動して');
    expect(describeCardProblem(new AgentUnavailableError(), { demo: true }).hint).toContain('npm start');
  });
});
