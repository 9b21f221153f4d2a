import { beforeAll, describe, expect, it } from 'vitest';
import { decodeResponse } from '../apdu/response';
import { fromHex, hex } from '../bytes';
import { personalisedHanako } from '../../test/fixtures';
import type { SimulatedCard } from './card';

let card: SimulatedCard;

/** Speaks raw APDUs to the simulator, as a reader would. */
function send(apdu: string): { data: string; sw: string } {
  const r = decodeResponse(card.process(fromHex(apdu)));
  return { data: hex(r.data), sw: r.sw.toString(16).toUpperCase() };
}

const SELECT_TEXT_AP = '00A4040C0AD3921000310001010408';
const SELECT_JPKI_AP = '00A4040C0AD392F000260100000001';
const DIGEST_INFO = '3031300D060960864801650304020105000420' + '11'.repeat(32);

beforeAll(async () => {
  card = (await personalisedHanako()).card;
});

describe('simulated My Number card (raw APDUs)', () => {
  it('selects applications by AID and files by id', () => {
    card.reset();
    expect(send(SELECT_TEXT_AP).sw).toBe('9000');
    expect(send('00A4020C020011').sw).toBe('9000');
    expect(send('00A4040C0AD3921000310001010499').sw).toBe('6A82');
    expect(send('00A4020C020099').sw).toBe('6A82');
    expect(send('00A4020C03001100').sw).toBe('6700');
    expect(send('00A4080C020011').sw).toBe('6A86');
  });

  it('refuses EF 0002 before VERIFY and serves it after', () => {
    card.reset();
    send(SELECT_TEXT_AP);
    send('00A4020C020002');
    expect(send('00B0000007').sw).toBe('6982');
    send('00A4020C020011');
    expect(send('00200080').sw).toBe('63C3');
    expect(send('002000800431323334').sw).toBe('9000');
    send('00A4020C020002');
    const head = send('00B0000007');
    expect(head.sw).toBe('9000');
    expect(head.data.startsWith('FF2082')).toBe(true);
  });

  it('counts wrong PINs down, locks at zero, and keeps the count across power cycles', async () => {
    const { card: fresh } = await personalisedHanako();
    card = fresh;
    send(SELECT_TEXT_AP);
    send('00A4020C020011');
    expect(send('002000800439393939').sw).toBe('63C2');
    card.reset();
    send(SELECT_TEXT_AP);
    send('00A4020C020011');
    expect(send('00200080').sw).toBe('63C2');
    expect(send('002000800439393939').sw).toBe('63C1');
    expect(send('002000800431323334').sw).toBe('9000');
    expect(send('00200080').sw).toBe('9000');
    // A correct PIN resets the counter.
    card.reset();
    send(SELECT_TEXT_AP);
    send('00A4020C020011');
    expect(send('00200080').sw).toBe('63C3');
    for (const expected of ['63C2', '63C1', '63C0']) expect(send('002000800439393939').sw).toBe(expected);
    expect(send('00200080').sw).toBe('6983');
    expect(send('002000800431323334').sw).toBe('6983');
  });

  it('answers wrong lengths, offsets, classes and unknown instructions', () => {
    card.reset();
    send(SELECT_JPKI_AP);
    send('00A4020C020006');
    expect(send('00B00000').sw).toBe('6700');
    expect(send('00B0010000').sw).toBe('6B00');
    const tail = send('00B0001000');
    expect(tail.sw).toBe('6282');
    expect(tail.data).toHaveLength(16 * 2);
    expect(send('00B0800000').sw).toBe('6A81');
    expect(send('00CA000000').sw).toBe('6D00');
    expect(send('A0A4040C0AD392F000260100000001').sw).toBe('6E00');
    expect(send('00A4').sw).toBe('6700');
  });

  it('clears security status when another application is selected', () => {
    card.reset();
    send(SELECT_JPKI_AP);
    send('00A4020C020018');
    expect(send('002000800431323334').sw).toBe('9000');
    send(SELECT_TEXT_AP);
    send(SELECT_JPKI_AP);
    send('00A4020C020017');
    expect(send(`802A008033${DIGEST_INFO}00`).sw).toBe('6982');
  });

  it('signs only a DigestInfo, only after VERIFY of the key PIN', () => {
    card.reset();
    send(SELECT_JPKI_AP);
    send('00A4020C020017');
    expect(send(`802A008033${DIGEST_INFO}00`).sw).toBe('6982');
    send('00A4020C020018');
    send('002000800431323334');
    send('00A4020C020017');
    expect(send('802A008003112233' + '00').sw).toBe('6A80');
    const signed = send(`802A008033${DIGEST_INFO}00`);
    expect(signed.sw).toBe('9000');
    expect(signed.data).toHaveLength(512);
  });
});

describe('simulated card against random commands', () => {
  it('always answers with a status word and never throws', async () => {
    const { default: fc } = await import('fast-check');
    card.reset();
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 270 }), (bytes) => {
        const answer = card.process(bytes);
        expect(answer.length).toBeGreaterThanOrEqual(2);
        const sw1 = answer[answer.length - 2] ?? 0;
        expect((sw1 >= 0x61 && sw1 <= 0x6f) || (sw1 >= 0x90 && sw1 <= 0x9f)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});
