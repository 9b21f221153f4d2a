import { beforeAll, describe, expect, it } from 'vitest';
import { encodeDigestInfo } from '../profiles/digest-info';
import { RsaPrivateKey } from '../sim/rsa';
import { generateRsaKeyPair } from '../sim/test-ca';
import { VerificationError } from './errors';
import { verifyDigestInfoSignature } from './rsa-verify';

let keys: CryptoKeyPair;
let signer: RsaPrivateKey;
const digestInfo = encodeDigestInfo('SHA-256', new Uint8Array(32).fill(7));

beforeAll(async () => {
  keys = await generateRsaKeyPair();
  signer = await RsaPrivateKey.fromCryptoKey(keys.privateKey);
});

async function code(signature: Uint8Array, info = digestInfo): Promise<string> {
  try {
    await verifyDigestInfoSignature(keys.publicKey, info, signature);
    return 'OK';
  } catch (error) {
    if (error instanceof VerificationError) return error.code;
    throw error;
  }
}

describe('PKCS#1 v1.5 over a DigestInfo', () => {
  it('accepts what the card-side RSA produced, and agrees with WebCrypto', async () => {
    const signature = signer.signDigestInfo(digestInfo);
    expect(await code(signature)).toBe('OK');
    const message = new TextEncoder().encode('nonce');
    const viaCard = signer.signDigestInfo(encodeDigestInfo('SHA-256', new Uint8Array(await crypto.subtle.digest('SHA-256', message))));
    const viaWebCrypto = new Uint8Array(await crypto.subtle.sign('RSASSA-PKCS1-v1_5', keys.privateKey, message));
    expect(viaCard).toEqual(viaWebCrypto);
  });

  it('rejects another digest, a changed byte, a wrong length and an out-of-range value', async () => {
    const signature = signer.signDigestInfo(digestInfo);
    expect(await code(signature, encodeDigestInfo('SHA-256', new Uint8Array(32).fill(8)))).toBe('SIGNATURE_INVALID');
    const flipped = signature.slice();
    flipped[100] = (flipped[100] ?? 0) ^ 1;
    expect(await code(flipped)).toBe('SIGNATURE_INVALID');
    expect(await code(signature.subarray(1))).toBe('SIGNATURE_INVALID');
    expect(await code(new Uint8Array(256).fill(0xff))).toBe('SIGNATURE_INVALID');
    expect(await code(signature, new Uint8Array(10))).toBe('SIGNATURE_INVALID');
  });
});
