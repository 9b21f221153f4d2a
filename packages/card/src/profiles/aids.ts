import { fromHex } from '../bytes';

/**
 * Application identifiers and file ids of the current (2015-generation) My Number card.
 * Sources: shared/research/card-and-offline.md §1.1–1.5 (three independent implementations agree).
 * Pinned byte-for-byte in aids.test.ts: a wrong AID reads as "not a My Number card".
 */
export const AID = {
  /** 公的個人認証AP */
  jpki: fromHex('D392F000260100000001'),
  /** 券面事項入力補助AP */
  textAp: fromHex('D3921000310001010408'),
  /** 券面事項確認AP (card-face images); not read by this package */
  visualAp: fromHex('D3921000310001010402'),
} as const;

export const TEXT_AP_EF = {
  individualNumber: 0x0001,
  attributes: 0x0002,
  signature: 0x0003,
  signerCertificate: 0x0004,
  basicInfo: 0x0005,
  pin: 0x0011,
} as const;

export const JPKI_EF = {
  signingCertificate: 0x0001,
  signingCaCertificate: 0x0002,
  token: 0x0006,
  authCertificate: 0x000a,
  authCaCertificate: 0x000b,
  authKey: 0x0017,
  authPin: 0x0018,
  signingKey: 0x001a,
  signingPin: 0x001b,
} as const;

/** EF 0006 of the JPKI AP is 32 bytes of ASCII padded with spaces. */
export const JPKI_TOKEN_LENGTH = 32;

export const PIN_TRIES = { textAp: 3, jpkiAuth: 3, jpkiSign: 5 } as const;
