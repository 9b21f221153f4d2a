import { type CommandApdu, INS, decodeCommand } from '../apdu/command';
import { encodeResponse } from '../apdu/response';
import { SW } from '../apdu/status';
import { bytesEqual, fromHex } from '../bytes';
import { digestInfoAlgorithm } from '../profiles/digest-info';
import { RsaPrivateKey, type RsaPrivateJwk } from './rsa';

/**
 * An ISO 7816-4 card in memory that answers the My Number card's APDUs the way the card does:
 * applications selected by AID, EFs by file id, read rules per EF, PINs with retry counters that
 * survive power cycles, security status cleared when another application is selected, chained
 * READ BINARY, and the usual error answers. It stands in for the physical card only; everything
 * above it (profiles, transports, agent) is the real code.
 */
export type ReadRule = 'always' | 'never' | { readonly pin: number };

export type ElementaryFile =
  | { readonly kind: 'binary'; readonly id: number; readonly content: Uint8Array; readonly read: ReadRule }
  | { readonly kind: 'pin'; readonly id: number; readonly value: string; readonly maxTries: number }
  /** The private key is plain JWK data, so a card can be handed to another process or thread. */
  | { readonly kind: 'key'; readonly id: number; readonly pin: number; readonly privateKey: RsaPrivateJwk };

export interface SimulatedApplication {
  readonly aid: Uint8Array;
  readonly files: readonly ElementaryFile[];
}

/** The ATR a PC/SC reader reports for an ISO 14443-4 Type B card such as the My Number card. */
export const MY_NUMBER_CARD_ATR = fromHex('3B888001000000000000000009');

export class SimulatedCard {
  readonly atr: Uint8Array;
  /** The card's contents as plain data (structured-cloneable): `new SimulatedCard(card.applications, card.atr)` makes a fresh copy. */
  readonly applications: readonly SimulatedApplication[];
  readonly #applications: readonly SimulatedApplication[];
  readonly #keys = new Map<RsaPrivateJwk, RsaPrivateKey>();
  /** Tries left per PIN, keyed by `${aid}:${fileId}`; lives in the card's EEPROM, not its RAM. */
  readonly #tries = new Map<string, number>();
  #application: SimulatedApplication | undefined;
  #file: ElementaryFile | undefined;
  readonly #verified = new Set<number>();

  constructor(applications: readonly SimulatedApplication[], atr: Uint8Array = MY_NUMBER_CARD_ATR) {
    this.#applications = applications;
    this.applications = applications;
    this.atr = atr;
    for (const app of applications) {
      for (const file of app.files) {
        if (file.kind === 'pin') this.#tries.set(pinKey(app, file.id), file.maxTries);
      }
    }
  }

  /** Power cycle: selection and security status are lost, retry counters are kept. */
  reset(): void {
    this.#application = undefined;
    this.#file = undefined;
    this.#verified.clear();
  }

  process(bytes: Uint8Array): Uint8Array {
    let command: CommandApdu;
    try {
      command = decodeCommand(bytes);
    } catch {
      return status(SW.WRONG_LENGTH);
    }
    if (command.cla === 0x80 && command.ins === INS.COMPUTE_DIGITAL_SIGNATURE) return this.#sign(command);
    if (command.cla !== 0x00) return status(SW.CLA_NOT_SUPPORTED);
    switch (command.ins) {
      case INS.SELECT:
        return this.#select(command);
      case INS.VERIFY:
        return this.#verify(command);
      case INS.READ_BINARY:
        return this.#readBinary(command);
      default:
        return status(SW.INS_NOT_SUPPORTED);
    }
  }

  #select(command: CommandApdu): Uint8Array {
    if (command.p2 !== 0x0c) return status(SW.WRONG_P1P2);
    const data = command.data ?? new Uint8Array(0);
    if (command.p1 === 0x04) {
      if (data.length < 5 || data.length > 16) return status(SW.WRONG_LENGTH);
      const app = this.#applications.find((a) => bytesEqual(a.aid, data));
      if (app === undefined) return status(SW.FILE_NOT_FOUND);
      this.#application = app;
      this.#file = undefined;
      this.#verified.clear();
      return status(SW.OK);
    }
    if (command.p1 === 0x02) {
      if (data.length !== 2) return status(SW.WRONG_LENGTH);
      if (this.#application === undefined) return status(SW.FILE_NOT_FOUND);
      const id = ((data[0] ?? 0) << 8) | (data[1] ?? 0);
      const file = this.#application.files.find((f) => f.id === id);
      if (file === undefined) return status(SW.FILE_NOT_FOUND);
      this.#file = file;
      return status(SW.OK);
    }
    return status(SW.WRONG_P1P2);
  }

  #verify(command: CommandApdu): Uint8Array {
    if (command.p1 !== 0x00 || command.p2 !== 0x80) return status(SW.WRONG_P1P2);
    const app = this.#application;
    const file = this.#file;
    if (app === undefined || file === undefined || file.kind !== 'pin') return status(SW.COMMAND_NOT_ALLOWED_NO_EF);
    const key = pinKey(app, file.id);
    const tries = this.#tries.get(key) ?? 0;
    if (command.data === undefined) {
      if (tries === 0) return status(SW.AUTH_METHOD_BLOCKED);
      if (this.#verified.has(file.id)) return status(SW.OK);
      return status(SW.VERIFY_FAILED_BASE | tries);
    }
    if (tries === 0) return status(SW.AUTH_METHOD_BLOCKED);
    if (command.data.length < 4 || command.data.length > 16) return status(SW.WRONG_LENGTH);
    const expected = new TextEncoder().encode(file.value);
    if (bytesEqual(expected, command.data)) {
      this.#tries.set(key, file.maxTries);
      this.#verified.add(file.id);
      return status(SW.OK);
    }
    this.#verified.delete(file.id);
    this.#tries.set(key, tries - 1);
    return status(SW.VERIFY_FAILED_BASE | (tries - 1));
  }

  #readBinary(command: CommandApdu): Uint8Array {
    // Bit 8 of P1 selects a file by short EF id; the My Number card's profiles never use it.
    if ((command.p1 & 0x80) !== 0) return status(SW.FUNCTION_NOT_SUPPORTED);
    const file = this.#file;
    if (file === undefined) return status(SW.COMMAND_NOT_ALLOWED_NO_EF);
    if (file.kind !== 'binary') return status(SW.COMMAND_NOT_ALLOWED_NO_EF);
    if (!this.#mayRead(file.read)) return status(SW.SECURITY_STATUS_NOT_SATISFIED);
    if (command.le === undefined || command.data !== undefined) return status(SW.WRONG_LENGTH);
    const offset = (command.p1 << 8) | command.p2;
    if (offset >= file.content.length) return status(SW.WRONG_P1P2_OFFSET);
    const end = Math.min(file.content.length, offset + command.le);
    const data = file.content.subarray(offset, end);
    return encodeResponse(data, end - offset < command.le ? SW.END_OF_FILE : SW.OK);
  }

  #sign(command: CommandApdu): Uint8Array {
    if (command.p1 !== 0x00 || command.p2 !== 0x80) return status(SW.WRONG_P1P2);
    const file = this.#file;
    if (file === undefined || file.kind !== 'key') return status(SW.COMMAND_NOT_ALLOWED_NO_EF);
    if (!this.#verified.has(file.pin)) return status(SW.SECURITY_STATUS_NOT_SATISFIED);
    const data = command.data;
    if (data === undefined || command.le === undefined) return status(SW.WRONG_LENGTH);
    if (digestInfoAlgorithm(data) === undefined) return status(SW.WRONG_DATA);
    const key = this.#key(file.privateKey);
    if (command.le !== 256 && command.le < key.modulusBytes) return status(0x6c00 | (key.modulusBytes & 0xff));
    return encodeResponse(key.signDigestInfo(data), SW.OK);
  }

  #key(jwk: RsaPrivateJwk): RsaPrivateKey {
    let key = this.#keys.get(jwk);
    if (key === undefined) {
      key = new RsaPrivateKey(jwk);
      this.#keys.set(jwk, key);
    }
    return key;
  }

  #mayRead(rule: ReadRule): boolean {
    if (rule === 'always') return true;
    if (rule === 'never') return false;
    return this.#verified.has(rule.pin);
  }
}

function pinKey(app: SimulatedApplication, id: number): string {
  return `${Array.from(app.aid, (b) => b.toString(16)).join('')}:${id}`;
}

function status(sw: number): Uint8Array {
  return encodeResponse(new Uint8Array(0), sw);
}
