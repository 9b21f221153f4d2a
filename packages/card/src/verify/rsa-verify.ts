import { digestInfoAlgorithm } from '../profiles/digest-info';
import { VerificationError } from './errors';

function base64UrlToBigInt(text: string): bigint {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  let value = 0n;
  for (let i = 0; i < bin.length; i++) value = (value << 8n) | BigInt(bin.charCodeAt(i));
  return value;
}

function modPow(base: bigint, exponent: bigint, modulus: bigint): bigint {
  let result = 1n;
  let b = base % modulus;
  let e = exponent;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % modulus;
    b = (b * b) % modulus;
    e >>= 1n;
  }
  return result;
}

/**
 * RSASSA-PKCS1-v1_5 verification (RFC 8017 §8.2.2) against a DigestInfo the caller already has —
 * what the card's COMPUTE DIGITAL SIGNATURE signed. WebCrypto can only verify over the message,
 * so the public-key operation is done here. Rebuilds the whole encoded message and compares it
 * in full, which rules out the Bleichenbacher-2006 style "garbage after the hash" forgeries.
 */
export async function verifyDigestInfoSignature(publicKey: CryptoKey, digestInfo: Uint8Array, signature: Uint8Array): Promise<void> {
  if (digestInfoAlgorithm(digestInfo) === undefined) throw new VerificationError('SIGNATURE_INVALID', 'not a supported DigestInfo');
  const jwk = await crypto.subtle.exportKey('jwk', publicKey);
  if (jwk.kty !== 'RSA' || jwk.n === undefined || jwk.e === undefined) throw new VerificationError('CERT_MALFORMED', 'not an RSA key');
  const n = base64UrlToBigInt(jwk.n);
  const e = base64UrlToBigInt(jwk.e);
  const k = Math.ceil(n.toString(16).length / 2);
  if (signature.length !== k) throw new VerificationError('SIGNATURE_INVALID', `signature is ${signature.length} bytes, key ${k}`);
  let s = 0n;
  for (const b of signature) s = (s << 8n) | BigInt(b);
  if (s >= n) throw new VerificationError('SIGNATURE_INVALID', 'signature representative out of range');
  let m = modPow(s, e, n);
  const em = new Uint8Array(k);
  for (let i = k - 1; i >= 0; i--) {
    em[i] = Number(m & 0xffn);
    m >>= 8n;
  }
  const expected = new Uint8Array(k).fill(0xff);
  expected[0] = 0;
  expected[1] = 1;
  expected[k - digestInfo.length - 1] = 0;
  expected.set(digestInfo, k - digestInfo.length);
  let diff = 0;
  for (let i = 0; i < k; i++) diff |= (em[i] ?? 0) ^ (expected[i] ?? 0);
  if (diff !== 0) throw new VerificationError('SIGNATURE_INVALID', 'PKCS#1 v1.5 encoding does not match');
}
