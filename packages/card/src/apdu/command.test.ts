import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../bytes';
import {
  computeDigitalSignature,
  decodeCommand,
  encodeCommand,
  readBinary,
  selectAid,
  selectEf,
  verifyPin,
  verifyStatus,
} from './command';

describe('command APDU encoding', () => {
  it('encodes the four ISO 7816-4 cases', () => {
    expect(hex(encodeCommand({ cla: 0, ins: 0x20, p1: 0, p2: 0x80 }))).toBe('00200080');
    expect(hex(encodeCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 7 }))).toBe('00B0000007');
    expect(hex(encodeCommand({ cla: 0, ins: 0xa4, p1: 2, p2: 0x0c, data: fromHex('0011') }))).toBe('00A4020C020011');
    expect(hex(encodeCommand({ cla: 0x80, ins: 0x2a, p1: 0, p2: 0x80, data: fromHex('AABB'), le: 256 }))).toBe('802A008002AABB00');
  });

  it('builds the My Number card commands byte for byte', () => {
    expect(hex(encodeCommand(selectAid(fromHex('D3921000310001010408'))))).toBe('00A4040C0AD3921000310001010408');
    expect(hex(encodeCommand(selectEf(0x0018)))).toBe('00A4020C020018');
    expect(hex(encodeCommand(verifyStatus()))).toBe('00200080');
    expect(hex(encodeCommand(verifyPin(fromHex('31323334'))))).toBe('002000800431323334');
    expect(hex(encodeCommand(readBinary(0x0107, 256)))).toBe('00B0010700');
    expect(hex(encodeCommand(computeDigitalSignature(fromHex('3031'))))).toBe('802A0080023031' + '00');
  });

  it('rejects what a short APDU cannot carry', () => {
    expect(() => encodeCommand({ cla: 0, ins: 0xd6, p1: 0, p2: 0, data: new Uint8Array(256) })).toThrow(RangeError);
    expect(() => encodeCommand({ cla: 0, ins: 0xb0, p1: 0, p2: 0, le: 257 })).toThrow(RangeError);
    expect(() => encodeCommand({ cla: 0x100, ins: 0, p1: 0, p2: 0 })).toThrow(RangeError);
    expect(() => readBinary(0x8000, 1)).toThrow(RangeError);
    expect(() => selectEf(0x10000)).toThrow(RangeError);
  });

  it('decodes what it encodes', () => {
    const arb = fc.record({
      cla: fc.integer({ min: 0, max: 255 }),
      ins: fc.integer({ min: 0, max: 255 }),
      p1: fc.integer({ min: 0, max: 255 }),
      p2: fc.integer({ min: 0, max: 255 }),
      data: fc.option(fc.uint8Array({ minLength: 1, maxLength: 255 }), { nil: undefined }),
      le: fc.option(fc.integer({ min: 1, max: 256 }), { nil: undefined }),
    });
    fc.assert(
      fc.property(arb, (command) => {
        const decoded = decodeCommand(encodeCommand(command));
        expect(decoded.cla).toBe(command.cla);
        expect(decoded.p2).toBe(command.p2);
        expect(decoded.le).toBe(command.le);
        expect(decoded.data === undefined ? undefined : hex(decoded.data)).toBe(command.data === undefined ? undefined : hex(command.data));
      }),
    );
  });

  it('refuses malformed command bodies', () => {
    expect(() => decodeCommand(fromHex('00A4'))).toThrow(RangeError);
    expect(() => decodeCommand(fromHex('00A4020C05AABB'))).toThrow(RangeError);
    expect(() => decodeCommand(fromHex('00A4020C000001'))).toThrow(RangeError);
  });
});
