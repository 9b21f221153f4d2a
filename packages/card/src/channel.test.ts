import { describe, expect, it } from 'vitest';
import { readBinary, selectEf } from './apdu/command';
import { fromHex, hex } from './bytes';
import { CardChannel } from './channel';
import { CardProtocolError, CardRemovedError, CardTimeoutError, UnexpectedStatusError } from './errors';
import { TextAp } from './profiles/text-ap';
import { CardEventHub, type CardEventListener, type CardTransport } from './transport';
import { hanakoOnReader, protocolDetail } from '../test/fixtures';

type Script = (command: string) => string | 'mute';

/**
 * A hostile or broken card: answers from a script instead of following the protocol. This is the
 * part a test cannot have for real (a damaged or malicious chip).
 */
class HostileCard implements CardTransport {
  readonly commands: string[] = [];
  readonly #hub = new CardEventHub();
  constructor(readonly script: Script) {}
  transmit(apdu: Uint8Array): Promise<Uint8Array> {
    const command = hex(apdu);
    this.commands.push(command);
    const answer = this.script(command);
    if (answer === 'mute') return new Promise<Uint8Array>(() => undefined);
    return Promise.resolve(fromHex(answer));
  }
  subscribe(listener: CardEventListener): () => void {
    return this.#hub.subscribe(listener);
  }
  async close(): Promise<void> {}
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

/** A hostile text AP: select and verify succeed, EF 0002 is whatever `file` answers. */
function textApWith(file: (offset: number, le: number) => string | 'mute'): HostileCard {
  return new HostileCard((command) => {
    if (command.startsWith('00A4') || command.startsWith('0020')) return '9000';
    if (command.startsWith('00B0')) {
      const offset = Number.parseInt(command.slice(4, 8), 16);
      const le = Number.parseInt(command.slice(8, 10), 16) || 256;
      return file(offset, le);
    }
    return '6D00';
  });
}

describe('CardChannel against a hostile card', () => {
  it('turns truncated and garbled responses into CardProtocolError', async () => {
    for (const answer of ['90', '', '0102']) {
      const channel = new CardChannel(new HostileCard(() => answer));
      expect(await rejection(channel.expectOk(selectEf(2)))).toBeInstanceOf(CardProtocolError);
    }
  });

  it('reports an unexpected status word with its meaning', async () => {
    const channel = new CardChannel(new HostileCard(() => '6F00'));
    const error = await rejection(channel.expectOk(selectEf(2)));
    expect(error).toBeInstanceOf(UnexpectedStatusError);
    expect((error as UnexpectedStatusError).sw).toBe(0x6f00);
    expect((error as UnexpectedStatusError).message).toContain('6F00');
  });

  it('gives up on a card that never answers, within the timeout', async () => {
    const channel = new CardChannel(new HostileCard(() => 'mute'), { timeoutMs: 50 });
    const started = Date.now();
    expect(await rejection(channel.send(readBinary(0, 7)))).toBeInstanceOf(CardTimeoutError);
    // Well under the test's own timeout: a channel without a timeout would wait for ever.
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('refuses a file that claims more than the limit, without reading it', async () => {
    const card = textApWith(() => 'FF2083007FFF' + '00' + '9000');
    const error = await rejection(new TextAp(new CardChannel(card)).readAttributes());
    expect(error).toBeInstanceOf(CardProtocolError);
    expect(card.commands.filter((c) => c.startsWith('00B0'))).toHaveLength(1);
  });

  it('refuses more bytes than asked for', async () => {
    const card = textApWith((_, le) => '00'.repeat(le + 1) + '9000');
    const channel = new CardChannel(card);
    const error = await rejection(channel.readFixedFile(8));
    expect(protocolDetail(() => { throw error; })).toMatch(/returned 9 bytes for Le 8/);
  });

  it('refuses a file that ends before its declared length', async () => {
    const body = fromHex('FF20820100' + '00'.repeat(40));
    const card = textApWith((offset, le) => {
      const piece = body.subarray(offset, offset + le);
      return hex(piece) + (offset + le > body.length ? '6282' : '9000');
    });
    expect(await rejection(new TextAp(new CardChannel(card)).readAttributes())).toBeInstanceOf(CardProtocolError);
  });

  it('does not loop on a card that keeps answering 9000 with no data', async () => {
    const card = textApWith((offset) => (offset === 0 ? 'FF2082010000' + '9000' : '9000'));
    expect(await rejection(new TextAp(new CardChannel(card)).readAttributes())).toBeInstanceOf(CardProtocolError);
    expect(card.commands.length).toBeLessThan(10);
  });

  it('rejects garbage TLV inside a well-sized file', async () => {
    const body = fromHex('FF20820006' + 'DF22FF' + '414243');
    const card = textApWith((offset, le) => hex(body.subarray(offset, offset + le)) + (offset + le > body.length ? '6282' : '9000'));
    expect(await rejection(new TextAp(new CardChannel(card)).readAttributes())).toBeInstanceOf(CardProtocolError);
  });

  it('follows a 6Cxx correction of Le once', async () => {
    const card = textApWith((_, le) => (le === 4 ? 'AABBCCDD9000' : '6C04'));
    expect(hex(await new CardChannel(card).readFixedFile(4))).toBe('AABBCCDD');
    const greedy = textApWith(() => '6C20');
    expect(await rejection(new CardChannel(greedy).readFixedFile(4))).toBeInstanceOf(CardProtocolError);
  });

  it('passes on no data when the card is removed in the middle of a chained read', async () => {
    const { transport } = await hanakoOnReader();
    let reads = 0;
    const removing: CardTransport = {
      transmit: async (apdu, options) => {
        if (apdu[1] === 0xb0 && ++reads === 2) transport.remove();
        return transport.transmit(apdu, options);
      },
      subscribe: (listener) => transport.subscribe(listener),
      close: () => transport.close(),
    };
    const textAp = new TextAp(new CardChannel(removing));
    await textAp.verifyPin('1234');
    const error = await rejection(textAp.readAttributes());
    expect(error).toBeInstanceOf(CardRemovedError);
    expect((error as CardRemovedError).message).toContain('取り外されました');
  });

  it('notices a removal and re-insertion between two pieces of a read', async () => {
    const { transport, card } = await hanakoOnReader();
    let reads = 0;
    const swapping: CardTransport = {
      transmit: async (apdu, options) => {
        if (apdu[1] === 0xb0 && ++reads === 2) {
          transport.remove();
          transport.insert(card);
        }
        return transport.transmit(apdu, options);
      },
      subscribe: (listener) => transport.subscribe(listener),
      close: () => transport.close(),
    };
    const textAp = new TextAp(new CardChannel(swapping));
    await textAp.verifyPin('1234');
    // After a power cycle the card lost its security status; either way no stitched data comes out.
    const error = await rejection(textAp.readAttributes());
    expect(error).toBeInstanceOf(Error);
    expect((error as { code?: string }).code).toMatch(/^CARD_(REMOVED|SECURITY_STATUS_NOT_SATISFIED)$/);
  });
});
