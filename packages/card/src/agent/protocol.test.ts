import { describe, expect, it } from 'vitest';
import { CardRemovedError, IndividualNumberNotPermittedError, TransportClosedError } from '../errors';
import { errorFromCode, parseAgentMessage, parseAgentRequest } from './protocol';

describe('agent protocol', () => {
  it('accepts well-formed requests', () => {
    expect(parseAgentRequest('{"id":1,"type":"transmit","apdu":"00A4040C"}')).toEqual({ id: 1, type: 'transmit', apdu: '00A4040C' });
    expect(parseAgentRequest('{"id":2,"type":"purpose","procedure":{"procedureId":"move-in","individualNumberUse":true}}')).toEqual({
      id: 2,
      type: 'purpose',
      procedure: { procedureId: 'move-in', individualNumberUse: true },
    });
    expect(parseAgentRequest('{"id":3,"type":"purpose","procedure":null}')).toEqual({ id: 3, type: 'purpose', procedure: null });
  });

  it('rejects malformed or hostile requests', () => {
    for (const text of [
      'not json',
      '[]',
      '{"type":"transmit","apdu":"00A4040C"}',
      '{"id":-1,"type":"status"}',
      '{"id":1,"type":"transmit","apdu":"00a4040c"}',
      '{"id":1,"type":"transmit","apdu":"00A"}',
      `{"id":1,"type":"transmit","apdu":"${'00'.repeat(300)}"}`,
      '{"id":1,"type":"purpose","procedure":{"procedureId":"x","individualNumberUse":"yes"}}',
      '{"id":1,"type":"shell","cmd":"rm"}',
      'x'.repeat(5000),
    ]) {
      expect(parseAgentRequest(text), text.slice(0, 40)).toBeUndefined();
    }
  });

  it('rejects malformed agent messages and unknown error codes', () => {
    expect(parseAgentMessage('{"id":1,"type":"response","apdu":"9000"}')).toEqual({ id: 1, type: 'response', apdu: '9000' });
    expect(parseAgentMessage('{"type":"card","event":"removed"}')).toEqual({ type: 'card', event: 'removed' });
    for (const text of ['{"id":1,"type":"response","apdu":"9"}', '{"id":1,"type":"error","code":"EVIL"}', '{"type":"card","event":"exploded"}', '{}']) {
      expect(parseAgentMessage(text), text).toBeUndefined();
    }
  });

  it('rebuilds errors from codes with our own Japanese text', () => {
    expect(errorFromCode('CARD_REMOVED')).toBeInstanceOf(CardRemovedError);
    expect(errorFromCode('CARD_INDIVIDUAL_NUMBER_NOT_PERMITTED')).toBeInstanceOf(IndividualNumberNotPermittedError);
    expect(errorFromCode('CARD_PIN_INCORRECT')).toBeInstanceOf(TransportClosedError);
  });
});
