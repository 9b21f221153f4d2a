import type { CardChannel } from '../channel';
import { AID, TEXT_AP_EF } from './aids';
import {
  type CardFaceAttributes,
  type TextApSignatureFile,
  decodeCardFaceAttributes,
  decodeIndividualNumberFile,
  decodeTextApSignatureFile,
} from './card-face';
import { PinFormatError } from '../errors';
import { type PinStatus, isWellFormedPin, readPinStatus, verifyPinOnce } from './pin';
import { type IndividualNumberProcedure, assertIndividualNumberUse } from './procedure';
import { selectApplication, selectFile } from './select';

/** Size limits per file: far above what the card holds, far below what would hurt us. */
const LIMIT = { attributes: 2048, individualNumber: 64, signature: 1024, certificate: 4096 } as const;

/**
 * 券面事項入力補助AP: the card-face text (name, address, birth date, sex) and the individual
 * number, behind a 4-digit PIN. Used by the counter to pre-fill forms.
 */
export class TextAp {
  readonly #channel: CardChannel;

  constructor(channel: CardChannel) {
    this.#channel = channel;
  }

  async #enter(): Promise<void> {
    await selectApplication(this.#channel, AID.textAp);
  }

  /** Tries left on the 券面事項入力補助用 PIN, without spending one. Show it before asking for the PIN. */
  async readPinStatus(): Promise<PinStatus> {
    return this.#channel.exclusive(async () => {
      await this.#enter();
      await selectFile(this.#channel, TEXT_AP_EF.pin);
      return readPinStatus(this.#channel);
    });
  }

  /** One VERIFY with the 4-digit PIN. Throws PinIncorrectError (with tries left) or PinLockedError. */
  async verifyPin(pin: string): Promise<void> {
    return this.#channel.exclusive(async () => {
      // Checked before any APDU, so a typo in the format never spends a try.
      if (!isWellFormedPin('textAp', pin)) throw new PinFormatError('textAp');
      await this.#enter();
      await selectFile(this.#channel, TEXT_AP_EF.pin);
      await verifyPinOnce(this.#channel, 'textAp', pin);
    });
  }

  /** The 4 basic attributes. Requires verifyPin first. */
  async readAttributes(): Promise<CardFaceAttributes> {
    return this.#channel.exclusive(async () => {
      await this.#enter();
      await selectFile(this.#channel, TEXT_AP_EF.attributes);
      return decodeCardFaceAttributes(await this.#channel.readTlvFile(LIMIT.attributes));
    });
  }

  /**
   * The individual number (特定個人情報). Only for a procedure flagged 個人番号利用事務: the check
   * runs before any APDU is sent, so for other procedures the number never leaves the card.
   * Requires verifyPin first. Do not log or cache the result.
   */
  async readIndividualNumber(procedure: IndividualNumberProcedure): Promise<string> {
    return this.#channel.exclusive(async () => {
      assertIndividualNumberUse(procedure);
      await this.#enter();
      await selectFile(this.#channel, TEXT_AP_EF.individualNumber);
      const file = await this.#channel.readTlvFile(LIMIT.individualNumber);
      try {
        return decodeIndividualNumberFile(file);
      } finally {
        file.fill(0);
      }
    });
  }

  /** J-LIS digests of the number and of the attributes, and its signature over them (EF 0003). */
  async readSignatureFile(): Promise<TextApSignatureFile> {
    return this.#channel.exclusive(async () => {
      await this.#enter();
      await selectFile(this.#channel, TEXT_AP_EF.signature);
      return decodeTextApSignatureFile(await this.#channel.readTlvFile(LIMIT.signature));
    });
  }

  /** DER certificate that checks the EF 0003 signature (EF 0004). */
  async readSignerCertificate(): Promise<Uint8Array> {
    return this.#channel.exclusive(async () => {
      await this.#enter();
      await selectFile(this.#channel, TEXT_AP_EF.signerCertificate);
      return this.#channel.readTlvFile(LIMIT.certificate);
    });
  }
}
