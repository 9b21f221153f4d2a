import { describe, expect, it } from 'vitest';
import { hex } from '../bytes';
import { AID, JPKI_EF, PIN_TRIES, TEXT_AP_EF } from './aids';

// Pinned: if these change, every reader in the field stops recognising the card.
describe('application identifiers', () => {
  it('are the ones the card carries', () => {
    expect(hex(AID.jpki)).toBe('D392F000260100000001');
    expect(hex(AID.textAp)).toBe('D3921000310001010408');
    expect(hex(AID.visualAp)).toBe('D3921000310001010402');
  });

  it('pin the file ids and retry counters', () => {
    expect(TEXT_AP_EF).toEqual({ individualNumber: 1, attributes: 2, signature: 3, signerCertificate: 4, basicInfo: 5, pin: 0x11 });
    expect(JPKI_EF).toEqual({
      signingCertificate: 0x01,
      signingCaCertificate: 0x02,
      token: 0x06,
      authCertificate: 0x0a,
      authCaCertificate: 0x0b,
      authKey: 0x17,
      authPin: 0x18,
      signingKey: 0x1a,
      signingPin: 0x1b,
    });
    expect(PIN_TRIES).toEqual({ textAp: 3, jpkiAuth: 3, jpkiSign: 5 });
  });
});
