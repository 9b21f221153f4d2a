import { computeDigitalSignature } from '../apdu/command';
import { SW } from '../apdu/status';
import { type CardChannel, statusError } from '../channel';
import { CardProtocolError, NotMyNumberCardError, PinFormatError } from '../errors';
import { AID, JPKI_EF, JPKI_TOKEN_LENGTH } from './aids';
import { digestInfoAlgorithm } from './digest-info';
import { type PinStatus, isWellFormedPin, readPinStatus, verifyPinOnce } from './pin';
import { selectApplication, selectFile } from './select';

/** What the JPKI token file (EF 0006) says the card is. */
export type JpkiCardType = 'myNumberCard' | 'jukiCard' | 'smartphone';

const TOKENS: ReadonlyArray<readonly [string, JpkiCardType]> = [
  ['JPKIAPICCTOKEN2', 'myNumberCard'],
  ['JPKIAPICCTOKEN', 'jukiCard'],
  ['JPKIAPGPSETOKEN', 'smartphone'],
];

export type JpkiKey = 'auth' | 'signing';

const CERT_LIMIT = 4096;

/**
 * 公的個人認証AP (JPKI): the 利用者証明用 certificate and key (4-digit PIN) for login, the 署名用
 * certificate and key (6–16 character password) for signed applications.
 */
export class JpkiAp {
  readonly #channel: CardChannel;

  constructor(channel: CardChannel) {
    this.#channel = channel;
  }

  async #enter(): Promise<void> {
    await selectApplication(this.#channel, AID.jpki);
  }

  /**
   * Reads the token file. A card without the JPKI AP, or with an unknown token, is not a My Number
   * card (old 住基カード count as 'jukiCard'; callers decide whether they accept them).
   */
  async detectCardType(): Promise<JpkiCardType> {
    return this.#channel.exclusive(async () => {
      await this.#enter();
      await selectFile(this.#channel, JPKI_EF.token);
      const bytes = await this.#channel.readFixedFile(JPKI_TOKEN_LENGTH);
      let token = '';
      for (const b of bytes) {
        if (b < 0x20 || b > 0x7e) throw new NotMyNumberCardError();
        token += String.fromCharCode(b);
      }
      token = token.trimEnd();
      const match = TOKENS.find(([text]) => text === token);
      if (match === undefined) throw new NotMyNumberCardError();
      return match[1];
    });
  }

  /** 利用者証明用電子証明書 (DER). Readable without a PIN; carries no birth date. */
  async readAuthCertificate(): Promise<Uint8Array> {
    return this.#channel.exclusive(async () => {
      return this.#readCertificate(JPKI_EF.authCertificate);
    });
  }

  async readAuthCaCertificate(): Promise<Uint8Array> {
    return this.#channel.exclusive(async () => {
      return this.#readCertificate(JPKI_EF.authCaCertificate);
    });
  }

  async readSigningCaCertificate(): Promise<Uint8Array> {
    return this.#channel.exclusive(async () => {
      return this.#readCertificate(JPKI_EF.signingCaCertificate);
    });
  }

  /** 署名用電子証明書 (DER): one VERIFY of the signing password, then the read. */
  async readSigningCertificate(password: string): Promise<Uint8Array> {
    return this.#channel.exclusive(async () => {
      await this.#verify('signing', password);
      return this.#readCertificate(JPKI_EF.signingCertificate);
    });
  }

  async readPinStatus(key: JpkiKey): Promise<PinStatus> {
    return this.#channel.exclusive(async () => {
      await this.#enter();
      await selectFile(this.#channel, key === 'auth' ? JPKI_EF.authPin : JPKI_EF.signingPin);
      return readPinStatus(this.#channel);
    });
  }

  /**
   * One VERIFY of the key's PIN, then COMPUTE DIGITAL SIGNATURE over a DER DigestInfo. The card
   * applies PKCS#1 v1.5 padding and the RSA private key, which never leaves it.
   */
  async sign(key: JpkiKey, pin: string, digestInfo: Uint8Array): Promise<Uint8Array> {
    return this.#channel.exclusive(async () => {
      if (digestInfoAlgorithm(digestInfo) === undefined) throw new RangeError('not a SHA-1/256/384/512 DigestInfo');
      await this.#verify(key, pin);
      await selectFile(this.#channel, key === 'auth' ? JPKI_EF.authKey : JPKI_EF.signingKey);
      const response = await this.#channel.send(computeDigitalSignature(digestInfo));
      if (response.sw !== SW.OK) throw statusError(response.sw);
      // RSA-2048 gives 256 bytes; a shorter or empty answer is a broken card, not a signature.
      if (response.data.length < 128) throw new CardProtocolError(`signature of ${response.data.length} bytes`);
      return response.data;
    });
  }

  async #verify(key: JpkiKey, pin: string): Promise<void> {
    const kind = key === 'auth' ? 'jpkiAuth' : 'jpkiSign';
    // Checked before any APDU, so a typo in the format never spends a try.
    if (!isWellFormedPin(kind, pin)) throw new PinFormatError(kind);
    await this.#enter();
    await selectFile(this.#channel, key === 'auth' ? JPKI_EF.authPin : JPKI_EF.signingPin);
    await verifyPinOnce(this.#channel, kind, pin);
  }

  async #readCertificate(fileId: number): Promise<Uint8Array> {
    await this.#enter();
    await selectFile(this.#channel, fileId);
    const der = await this.#channel.readTlvFile(CERT_LIMIT);
    // A certificate is a universal SEQUENCE (30); anything else is not what we asked for.
    if (der[0] !== 0x30) throw new CardProtocolError('certificate file is not a DER SEQUENCE');
    return der;
  }
}

