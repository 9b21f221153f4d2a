import { type IsoDate, isIsoDate } from '@madoguchi/jp';
import { describe, expect, it } from 'vitest';
import { fromHex, hex } from '../bytes';
import { CardProtocolError } from '../errors';
import { protocolDetail } from '../../test/fixtures';
import {
  birthDateFromCard,
  decodeCardFaceAttributes,
  decodeIndividualNumberFile,
  encodeCardFaceAttributes,
  encodeIndividualNumberFile,
  sexFromCode,
} from './card-face';

function isoDate(text: string): IsoDate {
  if (!isIsoDate(text)) throw new Error(text);
  return text;
}

describe('EF 0002 card-face attributes', () => {
  it('writes FF 20 with a 2-byte long-form length, a DF 21 offset header, and DF 22–25', () => {
    const file = encodeCardFaceAttributes({ name: 'A', address: 'B', birthDate: isoDate('2000-01-02'), sex: 'male' });
    expect(hex(file)).toBe('FF20820022' + 'DF2108000B000F0013001E' + 'DF220141' + 'DF230142' + 'DF24083230303030313032' + 'DF250131');
  });

  it('round-trips Japanese text longer than 127 bytes', () => {
    const attributes = {
      name: '尾花沢　花子',
      address: '山形県尾花沢市若葉町一丁目２番３号　'.repeat(4),
      birthDate: isoDate('1958-02-28'),
      sex: 'female' as const,
    };
    expect(decodeCardFaceAttributes(encodeCardFaceAttributes(attributes))).toEqual(attributes);
  });

  it('reads the card date format YYYYMMDD and rejects impossible dates', () => {
    expect(birthDateFromCard('19580228')).toBe('1958-02-28');
    expect(() => birthDateFromCard('19580230')).toThrow(CardProtocolError);
    expect(() => birthDateFromCard('S33.02.28')).toThrow(CardProtocolError);
  });

  it('maps ISO 5218 sex codes', () => {
    expect(['1', '2', '9', '0', '3'].map(sexFromCode)).toEqual(['male', 'female', 'notApplicable', 'unknown', 'unknown']);
    expect(() => sexFromCode('M')).toThrow(CardProtocolError);
  });

  it('rejects a file with a missing element or invalid UTF-8', () => {
    expect(protocolDetail(() => decodeCardFaceAttributes(fromHex('FF20820004DF220141')))).toMatch(/missing private tag 35/);
    expect(
      protocolDetail(() => decodeCardFaceAttributes(fromHex('FF20820017' + 'DF2201FF' + 'DF230142' + 'DF2408' + '3230303030313032' + 'DF250131'))),
    ).toMatch(/UTF-8/);
    expect(protocolDetail(() => decodeCardFaceAttributes(fromHex('3003020100')))).toMatch(/FF 20/);
  });
});

describe('EF 0001 individual number', () => {
  it('decodes DF 10 0C and checks the check digit', () => {
    expect(hex(encodeIndividualNumberFile('123456789018'))).toBe('DF100C313233343536373839303138');
    expect(decodeIndividualNumberFile(fromHex('DF100C313233343536373839303138FFFF'))).toBe('123456789018');
    expect(protocolDetail(() => decodeIndividualNumberFile(fromHex('DF100C313233343536373839303137')))).toMatch(/check digit/);
  });
});
