import { concatBytes } from '../bytes';
import { AID, JPKI_EF, JPKI_TOKEN_LENGTH, PIN_TRIES, TEXT_AP_EF } from '../profiles/aids';
import { isIsoDate, isValidIndividualNumber } from '@madoguchi/jp';
import { type Sex, encodeCardFaceAttributes, encodeIndividualNumberFile, encodeTextApSignatureFile, sexToCode } from '../profiles/card-face';
import { digestInfoOf } from '../profiles/digest-info';
import { type ElementaryFile, SimulatedCard } from './card';
import { RsaPrivateKey, exportRsaPrivateJwk } from './rsa';
import { type TestCertificateAuthority, createTestCertificateAuthority, generateRsaKeyPair } from './test-ca';

/** A (fictitious) resident to put on a simulated card. Never real data. */
export interface SimulatedResident {
  readonly familyName: string;
  readonly givenName: string;
  readonly address: string;
  /** 'YYYY-MM-DD' */
  readonly birthDate: string;
  readonly sex: Sex;
  readonly individualNumber: string;
  /** 券面事項入力補助用 PIN, 4 digits. */
  readonly pin: string;
  /** 利用者証明用 PIN; residents usually choose the same 4 digits, so it defaults to `pin`. */
  readonly authPin?: string;
  /** 署名用 password, 6–16 upper-case letters and digits. */
  readonly signingPassword: string;
}

/** OIDs of the JPKI signing certificate's subjectAltName attributes (research note §1.5). */
export const JPKI_ATTRIBUTE_OID = {
  name: '1.2.392.200149.8.5.5.1',
  alternativeName: '1.2.392.200149.8.5.5.2',
  sex: '1.2.392.200149.8.5.5.3',
  birthDate: '1.2.392.200149.8.5.5.4',
  address: '1.2.392.200149.8.5.5.5',
} as const;

/** Test stand-ins for the J-LIS authorities: one CA per certificate kind, as in JPKI. */
export interface SimulatedIssuers {
  readonly authCa: TestCertificateAuthority;
  readonly signingCa: TestCertificateAuthority;
  /** Signs the 券面事項入力補助AP text (EF 0003) and owns the EF 0004 certificate. */
  readonly textSigner: { readonly keys: CryptoKeyPair; readonly certificate: Uint8Array };
  readonly ocspUrls?: { readonly auth: string; readonly signing: string };
  readonly crlUrls?: { readonly auth: string; readonly signing: string };
}

export async function createSimulatedIssuers(
  options: { ocspUrls?: { auth: string; signing: string }; crlUrls?: { auth: string; signing: string } } = {},
): Promise<SimulatedIssuers> {
  const authCa = await createTestCertificateAuthority({
    subject: { country: 'JP', organization: 'JPKI', organizationalUnit: 'TEST', commonName: 'Test JPKI for user authentication' },
  });
  const signingCa = await createTestCertificateAuthority({
    subject: { country: 'JP', organization: 'JPKI', organizationalUnit: 'TEST', commonName: 'Test JPKI for digital signature' },
  });
  const textKeys = await generateRsaKeyPair();
  const textCertificate = await signingCa.issue({
    subject: { country: 'JP', organization: 'JPKI', commonName: 'Test card-face text signer' },
    publicKey: textKeys.publicKey,
  });
  return {
    authCa,
    signingCa,
    textSigner: { keys: textKeys, certificate: textCertificate },
    ...(options.ocspUrls !== undefined ? { ocspUrls: options.ocspUrls } : {}),
    ...(options.crlUrls !== undefined ? { crlUrls: options.crlUrls } : {}),
  };
}

export interface SimulatedCardCredentials {
  readonly authCertificate: Uint8Array;
  readonly signingCertificate: Uint8Array;
  readonly authKeys: CryptoKeyPair;
  readonly signingKeys: CryptoKeyPair;
}

export interface PersonalisedCard {
  readonly card: SimulatedCard;
  readonly credentials: SimulatedCardCredentials;
}

/** The name as the card face prints it: family name, an ideographic space, given name. */
export function cardFaceName(resident: SimulatedResident): string {
  return `${resident.familyName}\u3000${resident.givenName}`;
}

function token(text: string): Uint8Array {
  return new TextEncoder().encode(text.padEnd(JPKI_TOKEN_LENGTH, ' '));
}

/**
 * Issues fresh keys and certificates for the resident and writes a card with the three
 * applications' files laid out as on the real card. Keys: RSA-2048 made now, never stored.
 */
export async function personaliseMyNumberCard(
  resident: SimulatedResident,
  issuers: SimulatedIssuers,
  options: { readonly keys?: { readonly auth: CryptoKeyPair; readonly signing: CryptoKeyPair } } = {},
): Promise<PersonalisedCard> {
  if (!isValidIndividualNumber(resident.individualNumber)) throw new RangeError('individual number fails its check digit');
  const birthDate = resident.birthDate;
  if (!isIsoDate(birthDate)) throw new RangeError(`birth date is not YYYY-MM-DD: ${birthDate}`);
  const authPin = resident.authPin ?? resident.pin;
  // Tests pass keys in to stay fast: RSA key generation is what takes time.
  const authKeys = options.keys?.auth ?? (await generateRsaKeyPair());
  const signingKeys = options.keys?.signing ?? (await generateRsaKeyPair());
  const name = cardFaceName(resident);
  const authCertificate = await issuers.authCa.issue({
    subject: { country: 'JP', commonName: crypto.randomUUID().replaceAll('-', '').slice(0, 24).toUpperCase() },
    publicKey: authKeys.publicKey,
    keyUsage: ['digitalSignature'],
    ...(issuers.ocspUrls !== undefined ? { ocspUrl: issuers.ocspUrls.auth } : {}),
    ...(issuers.crlUrls !== undefined ? { crlUrl: issuers.crlUrls.auth } : {}),
  });
  const signingCertificate = await issuers.signingCa.issue({
    subject: { country: 'JP', commonName: crypto.randomUUID().replaceAll('-', '').slice(0, 24).toUpperCase() },
    publicKey: signingKeys.publicKey,
    keyUsage: ['digitalSignature', 'nonRepudiation'],
    otherNames: [
      { oid: JPKI_ATTRIBUTE_OID.name, value: name },
      { oid: JPKI_ATTRIBUTE_OID.sex, value: sexToCode(resident.sex) },
      { oid: JPKI_ATTRIBUTE_OID.birthDate, value: resident.birthDate.replaceAll('-', '') },
      { oid: JPKI_ATTRIBUTE_OID.address, value: resident.address },
    ],
    ...(issuers.ocspUrls !== undefined ? { ocspUrl: issuers.ocspUrls.signing } : {}),
    ...(issuers.crlUrls !== undefined ? { crlUrl: issuers.crlUrls.signing } : {}),
  });
  const authJwk = await exportRsaPrivateJwk(authKeys.privateKey);
  const signingJwk = await exportRsaPrivateJwk(signingKeys.privateKey);
  const textRsa = await RsaPrivateKey.fromCryptoKey(issuers.textSigner.keys.privateKey);

  const numberFile = encodeIndividualNumberFile(resident.individualNumber);
  const attributesFile = encodeCardFaceAttributes({ name, address: resident.address, birthDate, sex: resident.sex });
  // The real EF 0003 signature input is not public; here it is SHA-256 over both digests.
  const numberDigest = new Uint8Array(await crypto.subtle.digest('SHA-256', numberFile as Uint8Array<ArrayBuffer>));
  const attributesDigest = new Uint8Array(await crypto.subtle.digest('SHA-256', attributesFile as Uint8Array<ArrayBuffer>));
  const textSignature = textRsa.signDigestInfo(await digestInfoOf('SHA-256', concatBytes(numberDigest, attributesDigest)));

  const textFiles: ElementaryFile[] = [
    { kind: 'binary', id: TEXT_AP_EF.individualNumber, content: numberFile, read: { pin: TEXT_AP_EF.pin } },
    { kind: 'binary', id: TEXT_AP_EF.attributes, content: attributesFile, read: { pin: TEXT_AP_EF.pin } },
    {
      kind: 'binary',
      id: TEXT_AP_EF.signature,
      content: encodeTextApSignatureFile({ individualNumberDigest: numberDigest, attributesDigest, signature: textSignature }),
      read: { pin: TEXT_AP_EF.pin },
    },
    { kind: 'binary', id: TEXT_AP_EF.signerCertificate, content: issuers.textSigner.certificate, read: 'always' },
    { kind: 'pin', id: TEXT_AP_EF.pin, value: resident.pin, maxTries: PIN_TRIES.textAp },
  ];
  const jpkiFiles: ElementaryFile[] = [
    { kind: 'binary', id: JPKI_EF.signingCertificate, content: signingCertificate, read: { pin: JPKI_EF.signingPin } },
    { kind: 'binary', id: JPKI_EF.signingCaCertificate, content: issuers.signingCa.certificate, read: 'always' },
    { kind: 'binary', id: JPKI_EF.token, content: token('JPKIAPICCTOKEN2'), read: 'always' },
    { kind: 'binary', id: JPKI_EF.authCertificate, content: authCertificate, read: 'always' },
    { kind: 'binary', id: JPKI_EF.authCaCertificate, content: issuers.authCa.certificate, read: 'always' },
    { kind: 'key', id: JPKI_EF.authKey, pin: JPKI_EF.authPin, privateKey: authJwk },
    { kind: 'pin', id: JPKI_EF.authPin, value: authPin, maxTries: PIN_TRIES.jpkiAuth },
    { kind: 'key', id: JPKI_EF.signingKey, pin: JPKI_EF.signingPin, privateKey: signingJwk },
    { kind: 'pin', id: JPKI_EF.signingPin, value: resident.signingPassword, maxTries: PIN_TRIES.jpkiSign },
  ];
  const card = new SimulatedCard([
    { aid: AID.jpki, files: jpkiFiles },
    { aid: AID.textAp, files: textFiles },
  ]);
  return { card, credentials: { authCertificate, signingCertificate, authKeys, signingKeys } };
}

/** A card that answers SELECT of our AIDs with 6A82, like a bank or transit card. */
export function createForeignCard(): SimulatedCard {
  return new SimulatedCard([{ aid: Uint8Array.of(0xa0, 0x00, 0x00, 0x00, 0x03, 0x10, 0x10), files: [] }], Uint8Array.of(0x3b, 0x80, 0x80, 0x01, 0x01));
}

