import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../bytes';
import { CardProtocolError } from '../errors';
import { protocolDetail } from '../../test/fixtures';
import { encodeLength, encodeTlv, parseTlv, parseTlvList, readTlvHeader } from './ber';

describe('lenient BER-TLV', () => {
  it('accepts the non-minimal DF 10 tag of EF 0001 that DER rejects', () => {
    const tlv = parseTlv(fromHex('DF100C313233343536373839303138'));
    expect(tlv.tagClass).toBe('private');
    expect(tlv.tagNumber).toBe(16);
    expect(tlv.constructed).toBe(false);
    expect(new TextDecoder().decode(tlv.value)).toBe('123456789018');
  });

  it('accepts long-form lengths that could have been short, and ignores trailing padding', () => {
    const tlv = parseTlv(fromHex('FF20820004DF220141FFFFFF'));
    expect(tlv.size).toBe(9);
    expect(tlv.children).toHaveLength(1);
    expect(tlv.children[0]?.tagNumber).toBe(34);
    expect(hex(tlv.children[0]?.value ?? new Uint8Array())).toBe('41');
  });

  it('parses multi-byte tag numbers', () => {
    const tlv = parseTlv(fromHex('5F8122 01 00'.replaceAll(' ', '')));
    expect(tlv.tagClass).toBe('application');
    expect(tlv.tagNumber).toBe(0x81 * 0 + 1 * 128 + 0x22);
  });

  it('reads a header from a prefix and says when it needs more bytes', () => {
    expect(readTlvHeader(fromHex('FF2082'))).toBeUndefined();
    const header = readTlvHeader(fromHex('FF208201F4'));
    expect(header?.headerLength).toBe(5);
    expect(header?.valueLength).toBe(500);
  });

  it('rejects hostile encodings with a typed error', () => {
    const hostile = [
      'DF10', // no length
      'DF100C3132', // value shorter than its length
      '3080', // indefinite length
      '30850000000001', // 5-byte length
      'DF8080808001', // tag longer than 4 continuation bytes
      '3083FFFFFF', // 16 MB claimed
      '3003300130', // child runs past its parent
    ];
    for (const bytes of hostile) expect(() => parseTlv(fromHex(bytes)), bytes).toThrow(CardProtocolError);
  });

  it('limits nesting depth and element count', () => {
    let nested = fromHex('0400');
    for (let i = 0; i < 20; i++) nested = encodeTlv(Uint8Array.of(0x30), nested);
    expect(() => parseTlv(nested)).toThrow(CardProtocolError);
    const many = new Uint8Array(2000).fill(0).map((_, i) => (i % 2 === 0 ? 0x04 : 0x00));
    expect(protocolDetail(() => parseTlvList(many))).toMatch(/too many/);
  });

  it('never throws anything but CardProtocolError on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          parseTlv(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(CardProtocolError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips encodeTlv with forced long lengths', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom<1 | 2 | 3 | undefined>(1, 2, 3, undefined), (value, force) => {
        if (force === 1 && value.length > 255) return;
        const tlv = parseTlv(encodeTlv(Uint8Array.of(0xdf, 0x22), value, force));
        expect(hex(tlv.value)).toBe(hex(value));
      }),
    );
    expect(hex(encodeLength(5, 2))).toBe('820005');
    expect(hex(encodeLength(200))).toBe('81C8');
  });
});
