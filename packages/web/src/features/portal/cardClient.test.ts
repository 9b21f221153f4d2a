import { describe, expect, it } from 'vitest';
import { AUTH_PIN, b64, fromB64, SIGNING_PASSWORD } from './cardClient';

describe('card client helpers', () => {
  it('base64 round-trips every byte value, as the server decodes it', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    expect(b64(all)).toBe(Buffer.from(all).toString('base64'));
    expect([...fromB64(b64(all))]).toEqual([...all]);
    expect(fromB64('')).toEqual(new Uint8Array(0));
  });

  it('accepts the 署名用 password only as the card does (6–16 upper-case letters and digits)', () => {
    for (const ok of ['ABC123', 'ABCDEF', '1234567890ABCDEF']) expect(SIGNING_PASSWORD.test(ok), ok).toBe(true);
    for (const bad of ['ABC12', 'abc123', '1234567890ABCDEFG', 'ABC 123', 'ＡＢＣ１２３']) expect(SIGNING_PASSWORD.test(bad), bad).toBe(false);
  });

  it('accepts a 4-digit PIN only', () => {
    expect(AUTH_PIN.test('1234')).toBe(true);
    for (const bad of ['123', '12345', '12a4', '１２３４']) expect(AUTH_PIN.test(bad), bad).toBe(false);
  });
});
