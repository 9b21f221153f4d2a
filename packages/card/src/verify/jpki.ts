import type * as pkijs from 'pkijs';
import { type CardFaceAttributes, birthDateFromCard, sexFromCode } from '../profiles/card-face';
import { type HashAlgorithm, digestInfoOf } from '../profiles/digest-info';
import { keyUsageOf, otherNamesOf, parseCertificate, publicKeyOf, serialNumberHex } from './certificate';
import { type TrustStore, verifyCertificateChain } from './chain';
import { VerificationError } from './errors';
import { type RevocationChecker, type RevocationStatus, assertNotRevoked } from './revocation';
import { verifyDigestInfoSignature } from './rsa-verify';

export interface CertificateCheckOptions {
  readonly trust: TrustStore;
  readonly revocation: RevocationChecker;
  /** Time the certificate must be valid at; now by default. */
  readonly at?: Date;
}

export interface VerifiedCertificate {
  readonly certificate: pkijs.Certificate;
  readonly chain: readonly pkijs.Certificate[];
  readonly serialNumber: string;
  readonly notAfter: Date;
  /** Keep with the application: evidence of the revocation check. */
  readonly revocation: RevocationStatus;
}

/** Chain to a trust anchor, validity period, then revocation (fail closed). */
export async function verifyJpkiCertificate(der: Uint8Array, options: CertificateCheckOptions): Promise<VerifiedCertificate> {
  const chain = await verifyCertificateChain(der, options.trust, options.at ?? new Date());
  const usage = keyUsageOf(chain.leaf);
  if (usage !== undefined && !usage.has('digitalSignature') && !usage.has('nonRepudiation')) {
    throw new VerificationError('CERT_WRONG_USAGE', 'key usage allows no signatures');
  }
  const revocation = await options.revocation.check(chain.leaf, chain.issuer);
  assertNotRevoked(revocation);
  return {
    certificate: chain.leaf,
    chain: chain.certificates,
    serialNumber: serialNumberHex(chain.leaf),
    notAfter: chain.leaf.notAfter.value,
    revocation,
  };
}

export interface AuthenticationResponse {
  /** 利用者証明用電子証明書 read from the card (DER). */
  readonly certificate: Uint8Array;
  /** The server's nonce, exactly as issued. */
  readonly challenge: Uint8Array;
  /** What the card returned for COMPUTE DIGITAL SIGNATURE over DigestInfo(hash(challenge)). */
  readonly signature: Uint8Array;
  readonly hash?: HashAlgorithm;
}

/**
 * JPKI login: the signature over the challenge, then the certificate. Nonce freshness (issued by
 * us, used once, recent) is the caller's job because it lives in the caller's session store.
 */
export async function verifyJpkiAuthentication(response: AuthenticationResponse, options: CertificateCheckOptions): Promise<VerifiedCertificate> {
  const certificate = parseCertificate(response.certificate);
  const digestInfo = await digestInfoOf(response.hash ?? 'SHA-256', response.challenge);
  await verifyDigestInfoSignature(await publicKeyOf(certificate), digestInfo, response.signature);
  return verifyJpkiCertificate(response.certificate, options);
}

/** OIDs under 1.2.392.200149.8.5.5 in the 署名用 certificate's subjectAltName. */
const ATTRIBUTE_OID = {
  name: '1.2.392.200149.8.5.5.1',
  sex: '1.2.392.200149.8.5.5.3',
  birthDate: '1.2.392.200149.8.5.5.4',
  address: '1.2.392.200149.8.5.5.5',
} as const;

/** The 4 basic attributes from a 署名用 certificate, to compare with or pre-fill the application. */
export function signingCertificateAttributes(certificate: pkijs.Certificate): CardFaceAttributes {
  const names = otherNamesOf(certificate);
  const name = names.get(ATTRIBUTE_OID.name);
  const address = names.get(ATTRIBUTE_OID.address);
  const birth = names.get(ATTRIBUTE_OID.birthDate);
  const sex = names.get(ATTRIBUTE_OID.sex);
  if (name === undefined || address === undefined || birth === undefined || sex === undefined) {
    throw new VerificationError('CERT_WRONG_USAGE', 'certificate carries no basic attributes (not a 署名用 certificate)');
  }
  try {
    return { name, address, birthDate: birthDateFromCard(birth), sex: sexFromCode(sex) };
  } catch (error) {
    throw new VerificationError('CERT_MALFORMED', 'basic attributes malformed', { cause: error });
  }
}
