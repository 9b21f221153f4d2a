import { type IsoDate, isValidIndividualNumber, isoDateFromParts } from '@madoguchi/jp';
import { ascii, concatBytes } from '../bytes';
import { CardProtocolError } from '../errors';
import { encodeTlv, parseTlv, requireChild } from '../tlv/ber';

/**
 * ISO 5218 as the card stores it (1 male, 2 female, 9 not applicable, 0 not known). The brief
 * also lists code 3; its meaning on the card is unconfirmed, so it reads as 'unknown'.
 */
export type Sex = 'male' | 'female' | 'notApplicable' | 'unknown';

/** The 4 basic attributes (基本4情報) as printed on the card face. Ordinary personal information. */
export interface CardFaceAttributes {
  readonly name: string;
  readonly address: string;
  readonly birthDate: IsoDate;
  readonly sex: Sex;
}

const SEX_CODE: Record<Sex, string> = { male: '1', female: '2', notApplicable: '9', unknown: '0' };

export function sexFromCode(code: string): Sex {
  switch (code) {
    case '1':
      return 'male';
    case '2':
      return 'female';
    case '9':
      return 'notApplicable';
    case '0':
    case '3':
      return 'unknown';
    default:
      throw new CardProtocolError('sex code is not ISO 5218');
  }
}

export function sexToCode(sex: Sex): string {
  return SEX_CODE[sex];
}

/** The card writes the birth date as YYYYMMDD. */
export function birthDateFromCard(text: string): IsoDate {
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (match === null) throw new CardProtocolError('birth date is not YYYYMMDD');
  const [, y = '', m = '', d = ''] = match;
  const date = isoDateFromParts(Number(y), Number(m), Number(d));
  if (date === undefined) throw new CardProtocolError('birth date is not a calendar date');
  return date;
}

export function birthDateToCard(date: IsoDate): string {
  return date.replaceAll('-', '');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

function text(bytes: Uint8Array, what: string): string {
  try {
    return utf8.decode(bytes);
  } catch (error) {
    throw new CardProtocolError(`${what} is not UTF-8`, { cause: error });
  }
}

const TAG = {
  outer: Uint8Array.of(0xff, 0x20),
  header: Uint8Array.of(0xdf, 0x21),
  name: Uint8Array.of(0xdf, 0x22),
  address: Uint8Array.of(0xdf, 0x23),
  birthDate: Uint8Array.of(0xdf, 0x24),
  sex: Uint8Array.of(0xdf, 0x25),
};

/**
 * EF 0002 of the 券面事項入力補助AP: FF 20 (long-form length) wrapping DF 21 (four 16-bit offsets
 * of the elements that follow, counted from the start of FF 20's value) and DF 22–DF 25.
 */
export function encodeCardFaceAttributes(attributes: CardFaceAttributes): Uint8Array {
  const elements = [
    encodeTlv(TAG.name, utf8Encoder.encode(attributes.name)),
    encodeTlv(TAG.address, utf8Encoder.encode(attributes.address)),
    encodeTlv(TAG.birthDate, ascii(birthDateToCard(attributes.birthDate))),
    encodeTlv(TAG.sex, ascii(sexToCode(attributes.sex))),
  ];
  const headerSize = 2 + 1 + 8;
  const offsets = new Uint8Array(8);
  let at = headerSize;
  elements.forEach((element, i) => {
    offsets[i * 2] = at >> 8;
    offsets[i * 2 + 1] = at & 0xff;
    at += element.length;
  });
  return encodeTlv(TAG.outer, concatBytes(encodeTlv(TAG.header, offsets), ...elements), 2);
}

export function decodeCardFaceAttributes(file: Uint8Array): CardFaceAttributes {
  const outer = parseTlv(file);
  if (outer.tagClass !== 'private' || outer.tagNumber !== 32 || !outer.constructed) {
    throw new CardProtocolError('EF 0002 does not start with FF 20');
  }
  const name = text(requireChild(outer, 'private', 34).value, 'name');
  const address = text(requireChild(outer, 'private', 35).value, 'address');
  const birthDate = birthDateFromCard(text(requireChild(outer, 'private', 36).value, 'birth date'));
  const sex = sexFromCode(text(requireChild(outer, 'private', 37).value, 'sex'));
  if (name.length === 0) throw new CardProtocolError('empty name');
  return { name, address, birthDate, sex };
}

/** EF 0001: private tag 16 written in high-tag form (DF 10), holding 12 ASCII digits. */
export function encodeIndividualNumberFile(individualNumber: string): Uint8Array {
  return encodeTlv(Uint8Array.of(0xdf, 0x10), ascii(individualNumber));
}

export function decodeIndividualNumberFile(file: Uint8Array): string {
  const tlv = parseTlv(file);
  if (tlv.tagClass !== 'private' || tlv.tagNumber !== 16 || tlv.constructed) {
    throw new CardProtocolError('EF 0001 is not private tag 16');
  }
  const digits = text(tlv.value, 'individual number');
  if (!isValidIndividualNumber(digits)) throw new CardProtocolError('individual number fails its check digit');
  return digits;
}

/** EF 0003: FF 30 { DF 31 digest of number, DF 32 digest of attributes, DF 33 signature }. */
export interface TextApSignatureFile {
  readonly individualNumberDigest: Uint8Array;
  readonly attributesDigest: Uint8Array;
  readonly signature: Uint8Array;
}

export function encodeTextApSignatureFile(file: TextApSignatureFile): Uint8Array {
  return encodeTlv(
    Uint8Array.of(0xff, 0x30),
    concatBytes(
      encodeTlv(Uint8Array.of(0xdf, 0x31), file.individualNumberDigest),
      encodeTlv(Uint8Array.of(0xdf, 0x32), file.attributesDigest),
      encodeTlv(Uint8Array.of(0xdf, 0x33), file.signature),
    ),
    2,
  );
}

export function decodeTextApSignatureFile(bytes: Uint8Array): TextApSignatureFile {
  const outer = parseTlv(bytes);
  if (outer.tagClass !== 'private' || outer.tagNumber !== 48 || !outer.constructed) {
    throw new CardProtocolError('EF 0003 does not start with FF 30');
  }
  return {
    individualNumberDigest: requireChild(outer, 'private', 49).value,
    attributesDigest: requireChild(outer, 'private', 50).value,
    signature: requireChild(outer, 'private', 51).value,
  };
}
