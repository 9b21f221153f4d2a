import { describe, expect, it } from 'vitest';
import { fromHex } from '../bytes';
import { ApduPolicy } from './policy';

const SELECT_TEXT_AP = fromHex('00A4040C0AD3921000310001010408');
const SELECT_JPKI_AP = fromHex('00A4040C0AD392F000260100000001');
const SELECT = (fileId: string) => fromHex(`00A4020C02${fileId}`);

function selectTextAp(policy: ApduPolicy): void {
  expect(policy.decide(SELECT_TEXT_AP, false)).toBe('allow');
  policy.observe(0x9000);
}

describe('ApduPolicy', () => {
  it('keeps EF 0001 and EF 0003 of the text AP closed without a grant', () => {
    const policy = new ApduPolicy();
    selectTextAp(policy);
    expect(policy.decide(SELECT('0001'), false)).toBe('denyIndividualNumber');
    expect(policy.decide(SELECT('0003'), false)).toBe('denyIndividualNumber');
    expect(policy.decide(SELECT('0002'), false)).toBe('allow');
    expect(policy.decide(SELECT('0001'), true)).toBe('allow');
  });

  it('does not apply the text AP rule to JPKI files with the same ids', () => {
    const policy = new ApduPolicy();
    expect(policy.decide(SELECT_JPKI_AP, false)).toBe('allow');
    policy.observe(0x9000);
    expect(policy.decide(SELECT('0001'), false)).toBe('allow');
  });

  it('counts a SELECT only when the card accepted it', () => {
    const policy = new ApduPolicy();
    expect(policy.decide(SELECT_JPKI_AP, false)).toBe('allow');
    policy.observe(0x6a82);
    expect(policy.decide(SELECT('0006'), false)).toBe('deny');
  });

  it('re-checks the grant at READ BINARY and forgets everything on reset', () => {
    const policy = new ApduPolicy();
    selectTextAp(policy);
    expect(policy.decide(SELECT('0001'), true)).toBe('allow');
    policy.observe(0x9000);
    expect(policy.decide(fromHex('00B0000007'), true)).toBe('allow');
    expect(policy.decide(fromHex('00B0000007'), false)).toBe('denyIndividualNumber');
    policy.reset();
    expect(policy.decide(SELECT('0002'), false)).toBe('deny');
  });

  it('denies everything outside the profiles', () => {
    const policy = new ApduPolicy();
    selectTextAp(policy);
    for (const apdu of ['00A4040C0AD3921000310001010402', '00A4000C020001', '00B0810000', '00CA010100', '00240180083132333435363738', '84A4040C', '00']) {
      expect(policy.decide(fromHex(apdu), true), apdu).toBe('deny');
    }
  });
});
