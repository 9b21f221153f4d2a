import * as pkijs from 'pkijs';
import { bytesEqual } from '../bytes';
import { certificateDer, isCaCertificate, keyUsageOf, parseCertificate } from './certificate';
import { VerificationError } from './errors';

/**
 * Trust anchors are configuration: the public JPKI CA certificates in production (several at a
 * time, because J-LIS rolls its CAs over — 2015 and 2023 generations are both live), the test CA
 * in tests.
 */
export interface TrustStore {
  readonly anchors: readonly Uint8Array[];
  /** Intermediate CAs that may sit between an anchor and a leaf. JPKI issues from the root today. */
  readonly intermediates?: readonly Uint8Array[];
}

export interface VerifiedChain {
  /** Leaf first, trust anchor last. */
  readonly certificates: readonly pkijs.Certificate[];
  readonly leaf: pkijs.Certificate;
  readonly issuer: pkijs.Certificate;
}

const MAX_DEPTH = 4;

function checkValidity(certificate: pkijs.Certificate, at: Date, role: string): void {
  if (at < certificate.notBefore.value) throw new VerificationError('CERT_NOT_YET_VALID', `${role} not valid before ${certificate.notBefore.value.toISOString()}`);
  if (at > certificate.notAfter.value) throw new VerificationError('CERT_EXPIRED', `${role} expired ${certificate.notAfter.value.toISOString()}`);
}

async function issues(issuer: pkijs.Certificate, subject: pkijs.Certificate): Promise<boolean> {
  if (!issuer.subject.isEqual(subject.issuer)) return false;
  if (!isCaCertificate(issuer)) return false;
  const usage = keyUsageOf(issuer);
  if (usage !== undefined && !usage.has('keyCertSign')) return false;
  try {
    return await subject.verify(issuer);
  } catch {
    return false;
  }
}

/**
 * Builds and checks the path from the leaf to one of the anchors at time `at`: names link, each
 * issuer is a CA allowed to sign certificates, each signature verifies, every certificate is
 * within its validity period. Revocation is checked separately (see revocation.ts).
 */
export async function verifyCertificateChain(leafDer: Uint8Array, trust: TrustStore, at: Date = new Date()): Promise<VerifiedChain> {
  const leaf = parseCertificate(leafDer);
  checkValidity(leaf, at, 'certificate');
  const anchors = trust.anchors.map(parseCertificate);
  const intermediates = (trust.intermediates ?? []).map(parseCertificate);
  const anchorDers = anchors.map(certificateDer);
  const path: pkijs.Certificate[] = [leaf];
  let current = leaf;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const anchor = await findIssuer(anchors, current);
    if (anchor !== undefined) {
      checkValidity(anchor, at, 'trust anchor');
      path.push(anchor);
      const issuer = path[1] ?? anchor;
      return { certificates: path, leaf, issuer };
    }
    const intermediate = await findIssuer(intermediates, current);
    if (intermediate === undefined) break;
    checkValidity(intermediate, at, 'intermediate CA');
    path.push(intermediate);
    current = intermediate;
  }
  const leafIsAnchor = anchorDers.some((der) => bytesEqual(der, leafDer));
  throw new VerificationError('CERT_CHAIN_UNKNOWN', leafIsAnchor ? 'a CA certificate was presented as the leaf' : 'no path to a trust anchor');
}

async function findIssuer(candidates: readonly pkijs.Certificate[], subject: pkijs.Certificate): Promise<pkijs.Certificate | undefined> {
  for (const candidate of candidates) {
    if (await issues(candidate, subject)) return candidate;
  }
  return undefined;
}
