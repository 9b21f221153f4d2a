import { CardProtocolError } from '../errors';

/**
 * A lenient BER-TLV reader for data coming off the card. "Lenient" means it accepts what the card
 * really sends and strict DER rejects: high-tag-number form for small tag numbers (EF 0001 starts
 * DF 10 for private tag 16), and long-form lengths that could have been short. It is strict about
 * everything that could make it read outside the buffer, loop, or allocate without bound: a
 * hostile card gets a CardProtocolError, never a crash, a hang or a partial result.
 */
export type TagClass = 'universal' | 'application' | 'context' | 'private';

export interface Tlv {
  readonly tagClass: TagClass;
  readonly constructed: boolean;
  readonly tagNumber: number;
  /** The tag bytes exactly as received, e.g. DF 22. */
  readonly tag: Uint8Array;
  readonly value: Uint8Array;
  /** Total encoded size (tag + length + value). */
  readonly size: number;
  /** Children, parsed when constructed. */
  readonly children: readonly Tlv[];
}

export interface TlvLimits {
  readonly maxDepth: number;
  readonly maxNodes: number;
  readonly maxLength: number;
}

export const DEFAULT_TLV_LIMITS: TlvLimits = { maxDepth: 8, maxNodes: 512, maxLength: 0x8000 };

const CLASSES: readonly TagClass[] = ['universal', 'application', 'context', 'private'];

export interface TlvHeader {
  readonly tagClass: TagClass;
  readonly constructed: boolean;
  readonly tagNumber: number;
  readonly tagLength: number;
  readonly headerLength: number;
  readonly valueLength: number;
}

/**
 * Reads one tag and length. Exported so chained READ BINARY can size a file from its first bytes.
 * Returns undefined when the header is not complete yet (more bytes needed), throws when it is
 * malformed.
 */
export function readTlvHeader(bytes: Uint8Array, offset = 0, limits: TlvLimits = DEFAULT_TLV_LIMITS): TlvHeader | undefined {
  let at = offset;
  const first = bytes[at++];
  if (first === undefined) return undefined;
  const tagClass = CLASSES[first >> 6] ?? 'universal';
  const constructed = (first & 0x20) !== 0;
  let tagNumber = first & 0x1f;
  if (tagNumber === 0x1f) {
    tagNumber = 0;
    for (let i = 0; ; i++) {
      const b = bytes[at++];
      if (b === undefined) return undefined;
      // Four continuation bytes give 28 bits: far beyond any tag this card uses.
      if (i >= 4) throw new CardProtocolError('TLV tag too long');
      tagNumber = tagNumber * 128 + (b & 0x7f);
      if ((b & 0x80) === 0) break;
    }
  }
  const tagLength = at - offset;
  const lengthByte = bytes[at++];
  if (lengthByte === undefined) return undefined;
  let valueLength: number;
  if (lengthByte < 0x80) {
    valueLength = lengthByte;
  } else if (lengthByte === 0x80) {
    throw new CardProtocolError('indefinite TLV length is not used by this card');
  } else {
    const count = lengthByte & 0x7f;
    if (count > 3) throw new CardProtocolError(`TLV length of ${count} bytes`);
    valueLength = 0;
    for (let i = 0; i < count; i++) {
      const b = bytes[at++];
      if (b === undefined) return undefined;
      valueLength = valueLength * 256 + b;
    }
  }
  if (valueLength > limits.maxLength) throw new CardProtocolError(`TLV value of ${valueLength} bytes exceeds limit`);
  return { tagClass, constructed, tagNumber, tagLength, headerLength: at - offset, valueLength };
}

interface ParseState {
  nodes: number;
}

function parseOne(bytes: Uint8Array, offset: number, depth: number, limits: TlvLimits, state: ParseState): Tlv {
  if (depth > limits.maxDepth) throw new CardProtocolError('TLV nested too deeply');
  if (++state.nodes > limits.maxNodes) throw new CardProtocolError('too many TLV elements');
  const header = readTlvHeader(bytes, offset, limits);
  if (header === undefined) throw new CardProtocolError('truncated TLV header');
  const start = offset + header.headerLength;
  const end = start + header.valueLength;
  if (end > bytes.length) throw new CardProtocolError('TLV value runs past the end of the data');
  const value = bytes.slice(start, end);
  const children = header.constructed ? parseList(value, depth + 1, limits, state) : [];
  return {
    tagClass: header.tagClass,
    constructed: header.constructed,
    tagNumber: header.tagNumber,
    tag: bytes.slice(offset, offset + header.tagLength),
    value,
    size: header.headerLength + header.valueLength,
    children,
  };
}

function parseList(bytes: Uint8Array, depth: number, limits: TlvLimits, state: ParseState): Tlv[] {
  const out: Tlv[] = [];
  let at = 0;
  while (at < bytes.length) {
    const node = parseOne(bytes, at, depth, limits, state);
    out.push(node);
    at += node.size;
  }
  return out;
}

/** Parses the first TLV element; bytes after it (card padding) are ignored. */
export function parseTlv(bytes: Uint8Array, limits: TlvLimits = DEFAULT_TLV_LIMITS): Tlv {
  return parseOne(bytes, 0, 0, limits, { nodes: 0 });
}

/** Parses a concatenation of TLV elements that must fill the buffer exactly. */
export function parseTlvList(bytes: Uint8Array, limits: TlvLimits = DEFAULT_TLV_LIMITS): Tlv[] {
  return parseList(bytes, 0, limits, { nodes: 0 });
}

export function findChild(parent: Tlv, tagClass: TagClass, tagNumber: number): Tlv | undefined {
  return parent.children.find((c) => c.tagClass === tagClass && c.tagNumber === tagNumber);
}

export function requireChild(parent: Tlv, tagClass: TagClass, tagNumber: number): Tlv {
  const child = findChild(parent, tagClass, tagNumber);
  if (child === undefined) throw new CardProtocolError(`missing ${tagClass} tag ${tagNumber}`);
  return child;
}

/** Encodes a length in the smallest form, or forced long form as the card does for EF 0002. */
export function encodeLength(length: number, forceBytes?: 1 | 2 | 3): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 0xffffff) throw new RangeError('bad TLV length');
  if (forceBytes === undefined && length < 0x80) return Uint8Array.of(length);
  const need = length <= 0xff ? 1 : length <= 0xffff ? 2 : 3;
  const n = Math.max(need, forceBytes ?? need);
  const out = new Uint8Array(n + 1);
  out[0] = 0x80 | n;
  for (let i = 0; i < n; i++) out[n - i] = (length >> (8 * i)) & 0xff;
  return out;
}

/** Encodes a TLV from raw tag bytes, so tests and the simulator can write non-minimal tags. */
export function encodeTlv(tag: Uint8Array, value: Uint8Array, forceLengthBytes?: 1 | 2 | 3): Uint8Array {
  const length = encodeLength(value.length, forceLengthBytes);
  const out = new Uint8Array(tag.length + length.length + value.length);
  out.set(tag, 0);
  out.set(length, tag.length);
  out.set(value, tag.length + length.length);
  return out;
}
