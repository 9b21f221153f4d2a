import { type CommandApdu, encodeCommand, readBinary, MAX_READ_OFFSET } from './apdu/command';
import { type ResponseApdu, decodeResponse } from './apdu/response';
import { SW, statusMeaning } from './apdu/status';
import { concatBytes } from './bytes';
import {
  CardError,
  CardProtocolError,
  CardRemovedError,
  CardTimeoutError,
  SecurityStatusError,
  UnexpectedStatusError,
} from './errors';
import { readTlvHeader } from './tlv/ber';
import type { CardTransport } from './transport';

export interface CardChannelOptions {
  /** How long one APDU may take before the card is considered mute. */
  readonly timeoutMs?: number;
  /** Le used for each READ BINARY piece; 256 is encoded as 00. */
  readonly readChunk?: number;
}

/** Bytes read first to learn a file's TLV header: tag (≤2) + length (≤4) fits in 7. */
const HEADER_PROBE = 7;

/**
 * One conversation with one card: sends commands through a transport, enforces a per-APDU
 * timeout, turns status words into typed errors, and reads files longer than one response.
 * It notices a removal that happens between two APDUs of the same read, so a read never returns
 * data stitched from two cards.
 */
export class CardChannel {
  readonly #transport: CardTransport;
  readonly #timeoutMs: number;
  readonly #readChunk: number;
  #removals = 0;
  #apduCount = 0;
  #application: Uint8Array | undefined;
  #operations: Promise<unknown> = Promise.resolve();
  readonly #unsubscribe: () => void;

  constructor(transport: CardTransport, options: CardChannelOptions = {}) {
    this.#transport = transport;
    this.#timeoutMs = options.timeoutMs ?? 5000;
    this.#readChunk = options.readChunk ?? 256;
    if (this.#readChunk < 1 || this.#readChunk > 256) throw new RangeError('readChunk must be 1..256');
    this.#unsubscribe = transport.subscribe((event) => {
      if (event.type === 'removed') {
        this.#removals++;
        this.#application = undefined;
      }
    });
  }

  /** APDUs sent so far (benchmarks report it). */
  get apduCount(): number {
    return this.#apduCount;
  }

  /**
   * The AID profiles selected last. Kept so they do not select it again: re-selecting can clear
   * the application's security status, throwing away a VERIFY the resident already made.
   */
  get application(): Uint8Array | undefined {
    return this.#application;
  }

  set application(aid: Uint8Array | undefined) {
    this.#application = aid;
  }

  /**
   * Runs one profile operation (SELECT EF … READ BINARY …) without another operation's APDUs in
   * between, e.g. when a screen asks for the certificate while the attributes are still being read.
   */
  exclusive<T>(operation: () => Promise<T>): Promise<T> {
    const run = this.#operations.then(operation, operation);
    this.#operations = run.catch(() => undefined);
    return run;
  }

  /** Stops listening to the transport; does not close it. */
  detach(): void {
    this.#unsubscribe();
  }

  async send(command: CommandApdu): Promise<ResponseApdu> {
    const bytes = encodeCommand(command);
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        reject(new CardTimeoutError());
      }, this.#timeoutMs);
    });
    this.#apduCount++;
    try {
      const raw = await Promise.race([this.#transport.transmit(bytes, { signal: controller.signal }), timeout]);
      return decodeResponse(raw);
    } catch (error) {
      if (error instanceof CardError) throw error;
      throw new CardProtocolError('transport failed', { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends and requires 9000; maps the common failures to typed errors. */
  async expectOk(command: CommandApdu): Promise<Uint8Array> {
    const response = await this.send(command);
    if (response.sw === SW.OK) return response.data;
    throw statusError(response.sw);
  }

  /**
   * Reads a whole TLV-encoded EF from the current file: a short probe gives the header, the rest
   * comes in pieces of at most readChunk bytes at increasing offsets.
   */
  async readTlvFile(maxLength = MAX_READ_OFFSET + 1): Promise<Uint8Array> {
    return this.#whileSameCard(async (sameCard) => {
      const probe = await this.#readPiece(0, HEADER_PROBE, true);
      const header = readTlvHeader(probe);
      if (header === undefined) throw new CardProtocolError('file shorter than its TLV header');
      const total = header.headerLength + header.valueLength;
      if (total > maxLength) throw new CardProtocolError(`file claims ${total} bytes, limit ${maxLength}`);
      return this.#readRange(probe.subarray(0, Math.min(probe.length, total)), total, sameCard);
    });
  }

  /** Reads exactly `length` bytes from offset 0 (files without a TLV header, e.g. the JPKI token). */
  async readFixedFile(length: number): Promise<Uint8Array> {
    return this.#whileSameCard((sameCard) => this.#readRange(new Uint8Array(0), length, sameCard));
  }

  /**
   * Runs a multi-APDU read and reports CardRemovedError if the card went away at any point, even
   * when the failure surfaced as something else (no card, lost security status after re-insertion).
   */
  async #whileSameCard<T>(read: (sameCard: () => void) => Promise<T>): Promise<T> {
    const removalsAtStart = this.#removals;
    const sameCard = () => {
      if (this.#removals !== removalsAtStart) throw new CardRemovedError();
    };
    try {
      const result = await read(sameCard);
      sameCard();
      return result;
    } catch (error) {
      sameCard();
      throw error;
    }
  }

  async #readRange(prefix: Uint8Array, total: number, sameCard: () => void): Promise<Uint8Array> {
    if (total - 1 > MAX_READ_OFFSET) throw new CardProtocolError(`file of ${total} bytes exceeds READ BINARY range`);
    const pieces: Uint8Array[] = [prefix];
    let have = prefix.length;
    while (have < total) {
      const want = Math.min(this.#readChunk, total - have);
      const piece = await this.#readPiece(have, want, false);
      sameCard();
      if (piece.length === 0) throw new CardProtocolError('card returned no data before the end of the file');
      pieces.push(piece);
      have += piece.length;
    }
    return concatBytes(...pieces);
  }

  /** One READ BINARY; follows a single 6Cxx correction, accepts 6282 only for the probe. */
  async #readPiece(offset: number, le: number, probing: boolean): Promise<Uint8Array> {
    let asked = le;
    let response = await this.send(readBinary(offset, asked));
    if (response.sw >> 8 === 0x6c) {
      const corrected = response.sw & 0xff || 256;
      if (corrected > asked) throw new CardProtocolError('card asked for a longer read than requested');
      asked = corrected;
      response = await this.send(readBinary(offset, asked));
    }
    if (response.data.length > asked) {
      throw new CardProtocolError(`card returned ${response.data.length} bytes for Le ${asked}`);
    }
    if (response.sw === SW.OK) return response.data;
    if (response.sw === SW.END_OF_FILE && probing) return response.data;
    if (response.sw === SW.END_OF_FILE) throw new CardProtocolError('file ended before its declared length');
    throw statusError(response.sw);
  }
}

export function statusError(sw: number): CardError {
  if (sw === SW.SECURITY_STATUS_NOT_SATISFIED) return new SecurityStatusError();
  return new UnexpectedStatusError(sw, statusMeaning(sw));
}
