/**
 * RSA private-key operation for the simulated card. WebCrypto cannot sign a ready-made DigestInfo
 * (it always hashes first), but the card's COMPUTE DIGITAL SIGNATURE receives exactly that, so
 * the simulator pads (PKCS#1 v1.5, RFC 8017 §9.2) and exponentiates itself with BigInt. It runs in
 * browsers too, which is why node:crypto is not used.
 */
export interface RsaPrivateJwk {
  readonly n: string;
  readonly d: string;
  readonly p: string;
  readonly q: string;
  readonly dp: string;
  readonly dq: string;
  readonly qi: string;
}

function base64UrlToBytes(text: string): Uint8Array {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function toBigInt(bytes: Uint8Array): bigint {
  let value = 0n;
  for (const b of bytes) value = (value << 8n) | BigInt(b);
  return value;
}

function toBytes(value: bigint, length: number): Uint8Array {
  const out = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
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

export class RsaPrivateKey {
  readonly modulusBytes: number;
  readonly #n: bigint;
  readonly #p: bigint;
  readonly #q: bigint;
  readonly #dp: bigint;
  readonly #dq: bigint;
  readonly #qi: bigint;

  constructor(jwk: RsaPrivateJwk) {
    const n = base64UrlToBytes(jwk.n);
    this.#n = toBigInt(n);
    this.modulusBytes = n[0] === 0 ? n.length - 1 : n.length;
    this.#p = toBigInt(base64UrlToBytes(jwk.p));
    this.#q = toBigInt(base64UrlToBytes(jwk.q));
    this.#dp = toBigInt(base64UrlToBytes(jwk.dp));
    this.#dq = toBigInt(base64UrlToBytes(jwk.dq));
    this.#qi = toBigInt(base64UrlToBytes(jwk.qi));
  }

  static async fromCryptoKey(key: CryptoKey): Promise<RsaPrivateKey> {
    return new RsaPrivateKey(await exportRsaPrivateJwk(key));
  }

  /** EMSA-PKCS1-v1_5 encoding of an already built DigestInfo, then RSASP1 with CRT. */
  signDigestInfo(digestInfo: Uint8Array): Uint8Array {
    const k = this.modulusBytes;
    if (digestInfo.length > k - 11) throw new RangeError('DigestInfo too long for the key');
    const em = new Uint8Array(k).fill(0xff);
    em[0] = 0x00;
    em[1] = 0x01;
    em[k - digestInfo.length - 1] = 0x00;
    em.set(digestInfo, k - digestInfo.length);
    const m = toBigInt(em);
    const m1 = modPow(m, this.#dp, this.#p);
    const m2 = modPow(m, this.#dq, this.#q);
    const h = (this.#qi * (((m1 - m2) % this.#p) + this.#p)) % this.#p;
    return toBytes(m2 + h * this.#q, k);
  }
}

export async function exportRsaPrivateJwk(key: CryptoKey): Promise<RsaPrivateJwk> {
  const jwk = await crypto.subtle.exportKey('jwk', key);
  const { n, d, p, q, dp, dq, qi } = jwk;
  if (!n || !d || !p || !q || !dp || !dq || !qi) throw new TypeError('not an extractable RSA private key');
  return { n, d, p, q, dp, dq, qi };
}
