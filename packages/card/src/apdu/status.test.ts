import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../bytes';
import { CardProtocolError } from '../errors';
import { decodeResponse, encodeResponse } from './response';
import { formatStatus, isPinBlocked, retriesFromStatus, statusMeaning } from './status';

describe('status words', () => {
  it('reads the retry counter from 63Cx', () => {
    expect(retriesFromStatus(0x63c2)).toBe(2);
    expect(retriesFromStatus(0x63c0)).toBe(0);
    expect(retriesFromStatus(0x9000)).toBeUndefined();
    expect(retriesFromStatus(0x6300)).toBeUndefined();
  });

  it('treats 6983, 6984 and 63C0 as a locked PIN', () => {
    expect(isPinBlocked(0x6983)).toBe(true);
    expect(isPinBlocked(0x6984)).toBe(true);
    expect(isPinBlocked(0x63c0)).toBe(true);
    expect(isPinBlocked(0x63c1)).toBe(false);
  });

  it('gives Japanese meanings', () => {
    expect(statusMeaning(0x9000)).toBe('正常終了');
    expect(statusMeaning(0x6982)).toContain('暗証番号の照合が必要');
    expect(statusMeaning(0x63c1)).toBe('照合不一致（残り1回）');
    expect(statusMeaning(0x6c10)).toContain('16バイト');
    expect(statusMeaning(0x6a82)).toContain('見つからない');
    expect(statusMeaning(0x6d00)).toContain('命令');
    expect(formatStatus(0x6a82)).toBe('6A82');
  });
});

describe('response APDU', () => {
  it('splits data and status word', () => {
    const r = decodeResponse(fromHex('0102039000'));
    expect(hex(r.data)).toBe('010203');
    expect(r.sw).toBe(0x9000);
    expect(hex(encodeResponse(fromHex('AA'), 0x6282))).toBe('AA6282');
  });

  it('rejects truncated, oversized and garbled responses', () => {
    expect(() => decodeResponse(fromHex('90'))).toThrow(CardProtocolError);
    expect(() => decodeResponse(new Uint8Array(0))).toThrow(CardProtocolError);
    expect(() => decodeResponse(new Uint8Array(300))).toThrow(CardProtocolError);
    expect(() => decodeResponse(fromHex('0102'))).toThrow(CardProtocolError);
  });
});
