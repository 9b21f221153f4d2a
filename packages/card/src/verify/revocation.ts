import type * as pkijs from 'pkijs';
import { VerificationError } from './errors';

export type RevocationStatus =
  | { readonly status: 'good'; readonly source: 'ocsp' | 'crl'; readonly checkedAt: Date }
  | { readonly status: 'revoked'; readonly source: 'ocsp' | 'crl'; readonly revokedAt: Date; readonly checkedAt: Date };

/**
 * Answers "is this certificate revoked?" or throws REVOCATION_UNAVAILABLE. It never answers
 * "good" when it could not find out: callers fail closed.
 */
export interface RevocationChecker {
  check(certificate: pkijs.Certificate, issuer: pkijs.Certificate): Promise<RevocationStatus>;
}

/** OCSP first; the CRL when the responder cannot be reached or cannot say. */
export class RevocationWithFallback implements RevocationChecker {
  readonly #checkers: readonly RevocationChecker[];

  constructor(...checkers: RevocationChecker[]) {
    if (checkers.length === 0) throw new RangeError('at least one revocation checker is needed');
    this.#checkers = checkers;
  }

  async check(certificate: pkijs.Certificate, issuer: pkijs.Certificate): Promise<RevocationStatus> {
    const failures: string[] = [];
    for (const checker of this.#checkers) {
      try {
        return await checker.check(certificate, issuer);
      } catch (error) {
        if (!(error instanceof VerificationError) || error.code !== 'REVOCATION_UNAVAILABLE') throw error;
        failures.push(error.detail);
      }
    }
    throw new VerificationError('REVOCATION_UNAVAILABLE', failures.join('; '));
  }
}

export function assertNotRevoked(status: RevocationStatus): void {
  if (status.status === 'revoked') {
    throw new VerificationError('CERT_REVOKED', `revoked at ${status.revokedAt.toISOString()} (${status.source})`);
  }
}

/** Fetches at most `limit` bytes with a deadline; a slow or huge answer is "unavailable", not a hang. */
export async function fetchBytes(url: string, init: RequestInit & { timeoutMs: number; limit: number }): Promise<Uint8Array> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs), redirect: 'error' });
  } catch (error) {
    throw new VerificationError('REVOCATION_UNAVAILABLE', `fetch ${url} failed`, { cause: error });
  }
  if (!response.ok || response.body === null) {
    throw new VerificationError('REVOCATION_UNAVAILABLE', `${url} answered HTTP ${response.status}`);
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > init.limit) {
        await reader.cancel();
        throw new VerificationError('REVOCATION_UNAVAILABLE', `${url} answered more than ${init.limit} bytes`);
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof VerificationError) throw error;
    throw new VerificationError('REVOCATION_UNAVAILABLE', `reading ${url} failed`, { cause: error });
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
