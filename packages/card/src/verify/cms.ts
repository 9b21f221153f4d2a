import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { bytesEqual, toBufferSource } from '../bytes';
import { type HashAlgorithm, encodeDigestInfo } from '../profiles/digest-info';
import { parseCertificate, publicKeyOf } from './certificate';
import { VerificationError } from './errors';
import { type CertificateCheckOptions, type VerifiedCertificate, verifyJpkiCertificate } from './jpki';
import { verifyDigestInfoSignature } from './rsa-verify';

const OID = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  rsaEncryption: '1.2.840.113549.1.1.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
  sha384WithRSA: '1.2.840.113549.1.1.12',
  sha512WithRSA: '1.2.840.113549.1.1.13',
} as const;

const HASH_OID: Record<Exclude<HashAlgorithm, 'SHA-1'>, string> = {
  'SHA-256': '2.16.840.1.101.3.4.2.1',
  'SHA-384': '2.16.840.1.101.3.4.2.2',
  'SHA-512': '2.16.840.1.101.3.4.2.3',
};

const SIGNATURE_OID: Record<Exclude<HashAlgorithm, 'SHA-1'>, string> = {
  'SHA-256': OID.sha256WithRSA,
  'SHA-384': OID.sha384WithRSA,
  'SHA-512': OID.sha512WithRSA,
};

function hashFromOid(oid: string): Exclude<HashAlgorithm, 'SHA-1'> | undefined {
  return (Object.entries(HASH_OID) as [Exclude<HashAlgorithm, 'SHA-1'>, string][]).find(([, o]) => o === oid)?.[0];
}

async function digest(hash: HashAlgorithm, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest(hash, toBufferSource(data)));
}

export interface CreateSignedDataOptions {
  readonly content: Uint8Array;
  /** The signer's certificate (DER), e.g. the 署名用 certificate read from the card. */
  readonly certificate: Uint8Array;
  /** Signs a DigestInfo: the card's COMPUTE DIGITAL SIGNATURE with the signing key. */
  readonly signDigestInfo: (digestInfo: Uint8Array) => Promise<Uint8Array>;
  readonly hash?: Exclude<HashAlgorithm, 'SHA-1'>;
  readonly signingTime?: Date;
  /** Leave the content out of the CMS (the application data travels beside it). */
  readonly detached?: boolean;
}

/**
 * CMS SignedData (RFC 5652) whose signature comes from the card: signed attributes (content type,
 * message digest, signing time) are hashed and wrapped in a DigestInfo for the card to sign.
 * Browser-safe, so a signing client can build it next to the card.
 */
export async function createSignedData(options: CreateSignedDataOptions): Promise<Uint8Array> {
  const hash = options.hash ?? 'SHA-256';
  const certificate = parseCertificate(options.certificate);
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      new pkijs.Attribute({ type: OID.contentType, values: [new asn1js.ObjectIdentifier({ value: OID.data })] }),
      new pkijs.Attribute({ type: OID.signingTime, values: [new asn1js.UTCTime({ valueDate: options.signingTime ?? new Date() })] }),
      new pkijs.Attribute({
        type: OID.messageDigest,
        values: [new asn1js.OctetString({ valueHex: toBufferSource(await digest(hash, options.content)) })],
      }),
    ],
  });
  // The signature covers the attributes encoded as a SET (tag 31), not as the [0] they travel in.
  const toSign = new Uint8Array(signedAttrs.toSchema().toBER(false));
  toSign[0] = 0x31;
  const signature = await options.signDigestInfo(encodeDigestInfo(hash, await digest(hash, toSign)));
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: certificate.issuer, serialNumber: certificate.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: HASH_OID[hash], algorithmParams: new asn1js.Null() }),
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: SIGNATURE_OID[hash], algorithmParams: new asn1js.Null() }),
    signature: new asn1js.OctetString({ valueHex: toBufferSource(signature) }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: HASH_OID[hash], algorithmParams: new asn1js.Null() })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({
      eContentType: OID.data,
      ...(options.detached ? {} : { eContent: new asn1js.OctetString({ valueHex: toBufferSource(options.content) }) }),
    }),
    certificates: [certificate],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) });
  return new Uint8Array(contentInfo.toSchema().toBER(false));
}

export interface VerifiedSignedData {
  /** The signed bytes, exactly as signed. */
  readonly content: Uint8Array;
  readonly signer: VerifiedCertificate;
  /** As claimed by the signer; not a trusted timestamp. */
  readonly signingTime: Date | undefined;
}

function malformed(detail: string, cause?: unknown): VerificationError {
  return new VerificationError('SIGNED_DATA_MALFORMED', detail, cause === undefined ? undefined : { cause });
}

/**
 * Verifies a signed application: exactly one signer, message digest over the content, signature
 * over the signed attributes, then the signer certificate (chain, validity, revocation).
 */
export async function verifySignedData(
  cms: Uint8Array,
  options: CertificateCheckOptions & { readonly detachedContent?: Uint8Array },
): Promise<VerifiedSignedData> {
  let signedData: pkijs.SignedData;
  try {
    const contentInfo = pkijs.ContentInfo.fromBER(toBufferSource(cms));
    if (contentInfo.contentType !== OID.signedData) throw malformed('not SignedData');
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch (error) {
    if (error instanceof VerificationError) throw error;
    throw malformed('not DER CMS', error);
  }
  if (signedData.signerInfos.length !== 1) throw malformed(`${signedData.signerInfos.length} signers`);
  const signerInfo = signedData.signerInfos[0];
  if (signerInfo === undefined) throw malformed('no signer');
  const eContent = signedData.encapContentInfo.eContent;
  const content = eContent !== undefined ? new Uint8Array(eContent.getValue()) : options.detachedContent;
  if (content === undefined) throw malformed('detached content not supplied');
  if (eContent !== undefined && options.detachedContent !== undefined && !bytesEqual(content, options.detachedContent)) {
    throw new VerificationError('DATA_TAMPERED', 'embedded and supplied content differ');
  }
  const hash = hashFromOid(signerInfo.digestAlgorithm.algorithmId);
  if (hash === undefined) throw malformed(`digest algorithm ${signerInfo.digestAlgorithm.algorithmId} not accepted`);
  const attributes = signerInfo.signedAttrs;
  if (attributes === undefined) throw malformed('no signed attributes');
  const attribute = (oid: string) => attributes.attributes.find((a) => a.type === oid)?.values[0];
  const contentType = attribute(OID.contentType);
  if (!(contentType instanceof asn1js.ObjectIdentifier) || contentType.valueBlock.toString() !== signedData.encapContentInfo.eContentType) {
    throw malformed('content-type attribute missing or different');
  }
  const messageDigest = attribute(OID.messageDigest);
  if (!(messageDigest instanceof asn1js.OctetString)) throw malformed('message-digest attribute missing');
  if (!bytesEqual(messageDigest.valueBlock.valueHexView, await digest(hash, content))) {
    throw new VerificationError('DATA_TAMPERED', 'message digest does not match the content');
  }
  const signingTimeValue = attribute(OID.signingTime);
  const signingTime = signingTimeValue instanceof asn1js.UTCTime || signingTimeValue instanceof asn1js.GeneralizedTime ? signingTimeValue.toDate() : undefined;

  const sid = signerInfo.sid;
  if (!(sid instanceof pkijs.IssuerAndSerialNumber)) throw malformed('signer identified by key id; issuer and serial expected');
  const certificate = (signedData.certificates ?? []).find(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate && c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber),
  );
  if (certificate === undefined) throw malformed('signer certificate not included');
  const signedBytes = new Uint8Array(attributes.encodedValue);
  const digestInfo = encodeDigestInfo(hash, await digest(hash, signedBytes));
  await verifyDigestInfoSignature(await publicKeyOf(certificate), digestInfo, signerInfo.signature.valueBlock.valueHexView);
  const signer = await verifyJpkiCertificate(new Uint8Array(certificate.toSchema(true).toBER(false)), options);
  return { content, signer, signingTime };
}
