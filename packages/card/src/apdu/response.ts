import { CardProtocolError } from '../errors';

export interface ResponseApdu {
  readonly data: Uint8Array;
  readonly sw: number;
}

/** Largest short response: 256 data bytes plus SW1 SW2. Anything longer is not our card. */
export const MAX_RESPONSE_LENGTH = 258;

export function decodeResponse(bytes: Uint8Array): ResponseApdu {
  if (bytes.length < 2) throw new CardProtocolError(`response of ${bytes.length} bytes has no status word`);
  if (bytes.length > MAX_RESPONSE_LENGTH) throw new CardProtocolError(`response of ${bytes.length} bytes is too long`);
  const sw = ((bytes[bytes.length - 2] ?? 0) << 8) | (bytes[bytes.length - 1] ?? 0);
  const sw1 = sw >> 8;
  // Valid SW1 values are 61–6F and 90–9F (ISO 7816-4 §5.1.3); others mean a garbled frame.
  if (!((sw1 >= 0x61 && sw1 <= 0x6f) || (sw1 >= 0x90 && sw1 <= 0x9f))) {
    throw new CardProtocolError(`invalid SW1 ${sw1.toString(16)}`);
  }
  return { data: bytes.slice(0, -2), sw };
}

export function encodeResponse(data: Uint8Array, sw: number): Uint8Array {
  const out = new Uint8Array(data.length + 2);
  out.set(data, 0);
  out[data.length] = sw >> 8;
  out[data.length + 1] = sw & 0xff;
  return out;
}
