import { concatBytes } from '../bytes';

/**
 * A short-form ISO 7816-4 command APDU. The My Number card only needs short APDUs: data up to
 * 255 bytes and Le up to 256 (encoded as 00).
 */
export interface CommandApdu {
  readonly cla: number;
  readonly ins: number;
  readonly p1: number;
  readonly p2: number;
  readonly data?: Uint8Array;
  /** Expected response length, 1..256; absent when no data is expected. */
  readonly le?: number;
}

function assertByte(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw new RangeError(`${name} must be a byte, got ${value}`);
  }
}

export function encodeCommand(command: CommandApdu): Uint8Array {
  assertByte('CLA', command.cla);
  assertByte('INS', command.ins);
  assertByte('P1', command.p1);
  assertByte('P2', command.p2);
  const header = Uint8Array.of(command.cla, command.ins, command.p1, command.p2);
  const parts: Uint8Array[] = [header];
  const data = command.data;
  if (data !== undefined && data.length > 0) {
    if (data.length > 255) throw new RangeError(`command data too long for a short APDU: ${data.length}`);
    parts.push(Uint8Array.of(data.length), data);
  }
  if (command.le !== undefined) {
    if (!Number.isInteger(command.le) || command.le < 1 || command.le > 256) {
      throw new RangeError(`Le must be 1..256, got ${command.le}`);
    }
    parts.push(Uint8Array.of(command.le === 256 ? 0 : command.le));
  }
  return concatBytes(...parts);
}

/** Parses a short command APDU (all four ISO cases). Used by the simulated card and the agent's filter. */
export function decodeCommand(bytes: Uint8Array): CommandApdu {
  if (bytes.length < 4) throw new RangeError('command APDU shorter than its 4-byte header');
  const [cla = 0, ins = 0, p1 = 0, p2 = 0] = bytes;
  const body = bytes.subarray(4);
  if (body.length === 0) return { cla, ins, p1, p2 };
  const first = body[0] ?? 0;
  if (body.length === 1) return { cla, ins, p1, p2, le: first === 0 ? 256 : first };
  if (first === 0) throw new RangeError('extended-length APDUs are not supported');
  if (body.length === 1 + first) return { cla, ins, p1, p2, data: body.slice(1) };
  if (body.length === 2 + first) {
    const le = body[1 + first] ?? 0;
    return { cla, ins, p1, p2, data: body.slice(1, 1 + first), le: le === 0 ? 256 : le };
  }
  throw new RangeError(`command APDU body length ${body.length} does not match Lc ${first}`);
}

export const INS = {
  SELECT: 0xa4,
  VERIFY: 0x20,
  READ_BINARY: 0xb0,
  COMPUTE_DIGITAL_SIGNATURE: 0x2a,
} as const;

export function selectAid(aid: Uint8Array): CommandApdu {
  // P2 0C: no FCI back; the card answers 9000 only.
  return { cla: 0x00, ins: INS.SELECT, p1: 0x04, p2: 0x0c, data: aid };
}

export function selectEf(fileId: number): CommandApdu {
  if (!Number.isInteger(fileId) || fileId < 0 || fileId > 0xffff) throw new RangeError('file id must be 2 bytes');
  return { cla: 0x00, ins: INS.SELECT, p1: 0x02, p2: 0x0c, data: Uint8Array.of(fileId >> 8, fileId & 0xff) };
}

/** VERIFY with no data asks for the retry counter without spending a try. */
export function verifyStatus(): CommandApdu {
  return { cla: 0x00, ins: INS.VERIFY, p1: 0x00, p2: 0x80 };
}

export function verifyPin(pin: Uint8Array): CommandApdu {
  return { cla: 0x00, ins: INS.VERIFY, p1: 0x00, p2: 0x80, data: pin };
}

/** Highest offset a READ BINARY can address: P1 bit 8 set means a short EF id, not an offset. */
export const MAX_READ_OFFSET = 0x7fff;

export function readBinary(offset: number, le: number): CommandApdu {
  if (!Number.isInteger(offset) || offset < 0 || offset > MAX_READ_OFFSET) {
    throw new RangeError(`READ BINARY offset out of range: ${offset}`);
  }
  return { cla: 0x00, ins: INS.READ_BINARY, p1: offset >> 8, p2: offset & 0xff, le };
}

/** JPKI's proprietary COMPUTE DIGITAL SIGNATURE: the card pads and signs a DigestInfo. */
export function computeDigitalSignature(digestInfo: Uint8Array): CommandApdu {
  return { cla: 0x80, ins: INS.COMPUTE_DIGITAL_SIGNATURE, p1: 0x00, p2: 0x80, data: digestInfo, le: 256 };
}
