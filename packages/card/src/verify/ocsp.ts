import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { bytesEqual, toBufferSource } from '../bytes';
import { extendedKeyUsageOf, ocspUrlOf } from './certificate';
import { VerificationError } from './errors';
import { type RevocationChecker, type RevocationStatus, fetchBytes } from './revocation';

const NONCE_EXTENSION = '1.3.6.1.5.5.7.48.1.2';
const BASIC_RESPONSE = '1.3.6.1.5.5.7.48.1.1';
const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';

export interface OcspClientOptions {
  /** Overrides the responder named in the certificate's AIA (e.g. a platform provider's). */
  readonly responderUrl?: string;
  readonly timeoutMs?: number;
  /** How far producedAt/thisUpdate may lie in the future because of clock skew. */
  readonly clockSkewMs?: number;
  /** How old a response without nextUpdate may be. */
  readonly maxAgeMs?: number;
  readonly now?: () => Date;
}

function unavailable(detail: string, cause?: unknown): VerificationError {
  return new VerificationError('REVOCATION_UNAVAILABLE', detail, cause === undefined ? undefined : { cause });
}

/**
 * An RFC 6960 OCSP client: one request per certificate with a fresh nonce, POSTed over HTTP; the
 * answer counts only if it is signed by the issuing CA or by a responder the CA delegated to
 * (id-kp-OCSPSigning), names the same CertID, carries our nonce back, and is fresh.
 */
export class OcspClient implements RevocationChecker {
  readonly #options: OcspClientOptions;

  constructor(options: OcspClientOptions = {}) {
    this.#options = options;
  }

  async check(certificate: pkijs.Certificate, issuer: pkijs.Certificate): Promise<RevocationStatus> {
    const url = this.#options.responderUrl ?? ocspUrlOf(certificate);
    if (url === undefined) throw unavailable('certificate names no OCSP responder');
    const nonce = crypto.getRandomValues(new Uint8Array(16));
    const request = new pkijs.OCSPRequest();
    await request.createForCertificate(certificate, { hashAlgorithm: 'SHA-1', issuerCertificate: issuer });
    request.tbsRequest.requestExtensions = [
      new pkijs.Extension({ extnID: NONCE_EXTENSION, extnValue: new asn1js.OctetString({ valueHex: nonce }).toBER(false) }),
    ];
    const requestedId = request.tbsRequest.requestList[0]?.reqCert;
    if (requestedId === undefined) throw unavailable('could not build CertID');
    const body = new Uint8Array(request.toSchema(true).toBER(false));
    const answer = await fetchBytes(url, {
      method: 'POST',
      headers: { 'content-type': 'application/ocsp-request', accept: 'application/ocsp-response' },
      body,
      timeoutMs: this.#options.timeoutMs ?? 5000,
      limit: 64 * 1024,
    });
    return this.#interpret(answer, requestedId, issuer, nonce);
  }

  async #interpret(answer: Uint8Array, requestedId: pkijs.CertID, issuer: pkijs.Certificate, nonce: Uint8Array): Promise<RevocationStatus> {
    let basic: pkijs.BasicOCSPResponse;
    try {
      const response = pkijs.OCSPResponse.fromBER(toBufferSource(answer));
      const status = response.responseStatus.valueBlock.valueDec;
      if (status !== 0) throw unavailable(`OCSP responseStatus ${status}`);
      if (response.responseBytes?.responseType !== BASIC_RESPONSE) throw unavailable('OCSP response is not basic');
      basic = pkijs.BasicOCSPResponse.fromBER(toBufferSource(response.responseBytes.response.valueBlock.valueHexView));
    } catch (error) {
      if (error instanceof VerificationError) throw error;
      throw unavailable('OCSP response is not DER', error);
    }
    await this.#verifyResponder(basic, issuer);
    const echoed = basic.tbsResponseData.responseExtensions?.find((e) => e.extnID === NONCE_EXTENSION);
    if (echoed === undefined || !bytesEqual(nonceValue(echoed), nonce)) throw unavailable('OCSP nonce missing or different (replay?)');
    const single = basic.tbsResponseData.responses.find((r) => r.certID.isEqual(requestedId));
    if (single === undefined) throw unavailable('OCSP response is about another certificate');
    const now = this.#options.now?.() ?? new Date();
    const skew = this.#options.clockSkewMs ?? 5 * 60_000;
    if (single.thisUpdate.getTime() > now.getTime() + skew) throw unavailable('OCSP thisUpdate in the future');
    const expires = single.nextUpdate?.getTime() ?? single.thisUpdate.getTime() + (this.#options.maxAgeMs ?? 24 * 3600_000);
    if (expires < now.getTime() - skew) throw unavailable('OCSP response is stale');
    const certStatus: unknown = single.certStatus;
    if (!(certStatus instanceof asn1js.BaseBlock) || certStatus.idBlock.tagClass !== 3) throw unavailable('OCSP certStatus malformed');
    switch (certStatus.idBlock.tagNumber) {
      case 0:
        return { status: 'good', source: 'ocsp', checkedAt: now };
      case 1:
        return { status: 'revoked', source: 'ocsp', revokedAt: revocationTime(certStatus), checkedAt: now };
      default:
        throw unavailable('OCSP responder does not know the certificate');
    }
  }

  /** The signer is the issuing CA itself, or a certificate it issued for OCSP signing. */
  async #verifyResponder(basic: pkijs.BasicOCSPResponse, issuer: pkijs.Certificate): Promise<void> {
    const engine = pkijs.getCrypto(true);
    const candidates = [issuer, ...(basic.certs ?? [])];
    for (const signer of candidates) {
      if (signer !== issuer) {
        if (!extendedKeyUsageOf(signer).includes(OCSP_SIGNING)) continue;
        if (!signer.issuer.isEqual(issuer.subject) || !(await signer.verify(issuer).catch(() => false))) continue;
        const now = this.#options.now?.() ?? new Date();
        if (now < signer.notBefore.value || now > signer.notAfter.value) continue;
      }
      const ok = await engine
        .verifyWithPublicKey(basic.tbsResponseData.tbsView as Uint8Array<ArrayBuffer>, basic.signature, signer.subjectPublicKeyInfo, basic.signatureAlgorithm)
        .catch(() => false);
      if (ok) return;
    }
    throw unavailable('OCSP response is not signed by the CA or its delegated responder');
  }
}

function nonceValue(extension: pkijs.Extension): Uint8Array {
  // RFC 8954: the value is an OCTET STRING inside extnValue; some responders put raw bytes there.
  const inner = asn1js.fromBER(extension.extnValue.valueBlock.valueHexView);
  if (inner.offset !== -1 && inner.result instanceof asn1js.OctetString) return inner.result.valueBlock.valueHexView;
  return extension.extnValue.valueBlock.valueHexView;
}

function revocationTime(status: asn1js.BaseBlock): Date {
  if (status instanceof asn1js.Constructed) {
    const first = status.valueBlock.value[0];
    if (first instanceof asn1js.GeneralizedTime) return first.toDate();
  }
  throw unavailable('OCSP revokedInfo malformed');
}
