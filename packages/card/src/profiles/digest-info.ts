import { concatBytes } from '../bytes';

export type HashAlgorithm = 'SHA-1' | 'SHA-256' | 'SHA-384' | 'SHA-512';

/** DER prefixes of DigestInfo (RFC 8017 §9.2 note 1): SEQUENCE { AlgorithmIdentifier, OCTET STRING }. */
const PREFIX: Record<HashAlgorithm, Uint8Array> = {
  'SHA-1': Uint8Array.of(0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14),
  'SHA-256': Uint8Array.of(
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20,
  ),
  'SHA-384': Uint8Array.of(
    0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30,
  ),
  'SHA-512': Uint8Array.of(
    0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40,
  ),
};

const DIGEST_LENGTH: Record<HashAlgorithm, number> = { 'SHA-1': 20, 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

export function encodeDigestInfo(algorithm: HashAlgorithm, digest: Uint8Array): Uint8Array {
  if (digest.length !== DIGEST_LENGTH[algorithm]) {
    throw new RangeError(`${algorithm} digest must be ${DIGEST_LENGTH[algorithm]} bytes`);
  }
  return concatBytes(PREFIX[algorithm], digest);
}

/** Hashes data with WebCrypto (browser and Node) and wraps it for COMPUTE DIGITAL SIGNATURE. */
export async function digestInfoOf(algorithm: HashAlgorithm, data: Uint8Array): Promise<Uint8Array> {
  const digest = new Uint8Array(await crypto.subtle.digest(algorithm, data as Uint8Array<ArrayBuffer>));
  return encodeDigestInfo(algorithm, digest);
}

/** Which hash a DigestInfo carries, or undefined if it is not one of the four we accept. */
export function digestInfoAlgorithm(digestInfo: Uint8Array): HashAlgorithm | undefined {
  for (const [algorithm, prefix] of Object.entries(PREFIX) as [HashAlgorithm, Uint8Array][]) {
    if (digestInfo.length !== prefix.length + DIGEST_LENGTH[algorithm]) continue;
    if (prefix.every((b, i) => digestInfo[i] === b)) return algorithm;
  }
  return undefined;
}
