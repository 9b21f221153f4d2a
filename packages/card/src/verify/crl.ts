import * as pkijs from 'pkijs';
import { toBufferSource } from '../bytes';
import { crlUrlsOf } from './certificate';
import { VerificationError } from './errors';
import { type RevocationChecker, type RevocationStatus, fetchBytes } from './revocation';

export interface CrlCheckerOptions {
  /** Where to get the CRL for an issuer; defaults to the certificate's CRL distribution point over HTTP. */
  readonly source?: (certificate: pkijs.Certificate) => Promise<Uint8Array>;
  readonly timeoutMs?: number;
  readonly now?: () => Date;
  /** JPKI CRLs are large (every revoked certificate of the country); keep a hard ceiling anyway. */
  readonly maxBytes?: number;
}

function unavailable(detail: string, cause?: unknown): VerificationError {
  return new VerificationError('REVOCATION_UNAVAILABLE', detail, cause === undefined ? undefined : { cause });
}

/** Revocation by CRL: signed by the issuer, current (thisUpdate ≤ now ≤ nextUpdate), serial looked up. */
export class CrlChecker implements RevocationChecker {
  readonly #options: CrlCheckerOptions;

  constructor(options: CrlCheckerOptions = {}) {
    this.#options = options;
  }

  async check(certificate: pkijs.Certificate, issuer: pkijs.Certificate): Promise<RevocationStatus> {
    const bytes = await this.#load(certificate);
    let crl: pkijs.CertificateRevocationList;
    try {
      crl = pkijs.CertificateRevocationList.fromBER(toBufferSource(bytes));
    } catch (error) {
      throw unavailable('CRL is not DER', error);
    }
    if (!crl.issuer.isEqual(issuer.subject)) throw unavailable('CRL is from another issuer');
    const signed = await crl.verify({ issuerCertificate: issuer }).catch(() => false);
    if (!signed) throw unavailable('CRL signature does not verify');
    const now = this.#options.now?.() ?? new Date();
    if (crl.thisUpdate.value > now) throw unavailable('CRL thisUpdate in the future');
    if (crl.nextUpdate !== undefined && crl.nextUpdate.value < now) throw unavailable('CRL is out of date');
    const serial = certificate.serialNumber.valueBlock.valueHexView;
    const entry = (crl.revokedCertificates ?? []).find((revoked) => sameSerial(revoked.userCertificate.valueBlock.valueHexView, serial));
    if (entry === undefined) return { status: 'good', source: 'crl', checkedAt: now };
    return { status: 'revoked', source: 'crl', revokedAt: entry.revocationDate.value, checkedAt: now };
  }

  async #load(certificate: pkijs.Certificate): Promise<Uint8Array> {
    if (this.#options.source !== undefined) {
      try {
        return await this.#options.source(certificate);
      } catch (error) {
        throw unavailable('CRL source failed', error);
      }
    }
    const url = crlUrlsOf(certificate).find((u) => u.startsWith('http://') || u.startsWith('https://'));
    if (url === undefined) throw unavailable('certificate names no HTTP CRL distribution point');
    return fetchBytes(url, { method: 'GET', timeoutMs: this.#options.timeoutMs ?? 10_000, limit: this.#options.maxBytes ?? 64 * 1024 * 1024 });
  }
}

function sameSerial(a: Uint8Array, b: Uint8Array): boolean {
  const strip = (x: Uint8Array) => {
    let i = 0;
    while (i < x.length - 1 && x[i] === 0) i++;
    return x.subarray(i);
  };
  const sa = strip(a);
  const sb = strip(b);
  return sa.length === sb.length && sa.every((v, i) => v === sb[i]);
}
