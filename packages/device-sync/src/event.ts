import { canonicalJson } from './canonical';
import { base64url, fromBase64url, sha256Hex, utf8Bytes } from './encoding';

/** prevHash of a device's first event. */
export const GENESIS_HASH = '0'.repeat(64);

export const ECDSA_P256 = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGN_ALG = { name: 'ECDSA', hash: 'SHA-256' } as const;

/** The fields covered by the hash (and so by the signature). */
export interface UnsignedDeviceEvent {
  opId: string;
  deviceId: string;
  seq: number;
  prevHash: string;
  kind: string;
  payload: unknown;
  /** The device's own clock (ISO 8601). Recorded, never trusted for ordering. */
  deviceTime: string;
}

/** An event as the device sends it. */
export interface DeviceEvent extends UnsignedDeviceEvent {
  /** SHA-256 (hex) of the canonical JSON of the unsigned fields. */
  hash: string;
  /** ECDSA P-256 / SHA-256 signature (IEEE P1363 r||s, base64url) over the UTF-8 bytes of `hash`. */
  signature: string;
}

/** Event kinds are namespaced by the owning module: 'outreach.case_submitted', 'taxi.ride'. */
export const EVENT_KIND = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

export function eventHashInput(e: UnsignedDeviceEvent): string {
  return canonicalJson({
    v: 1,
    opId: e.opId,
    deviceId: e.deviceId,
    seq: e.seq,
    prevHash: e.prevHash,
    kind: e.kind,
    payload: e.payload,
    deviceTime: e.deviceTime,
  });
}

export const computeEventHash = (e: UnsignedDeviceEvent): Promise<string> => sha256Hex(eventHashInput(e));

export async function signText(privateKey: CryptoKey, text: string): Promise<string> {
  return base64url(await crypto.subtle.sign(SIGN_ALG, privateKey, utf8Bytes(text)));
}

export async function verifyText(publicKey: CryptoKey, text: string, signature: string): Promise<boolean> {
  let sig: Uint8Array<ArrayBuffer>;
  try {
    sig = fromBase64url(signature);
  } catch {
    return false;
  }
  if (sig.length !== 64) return false;
  return crypto.subtle.verify(SIGN_ALG, publicKey, sig, utf8Bytes(text));
}

export async function signEvent(privateKey: CryptoKey, e: UnsignedDeviceEvent): Promise<DeviceEvent> {
  const hash = await computeEventHash(e);
  return { ...e, hash, signature: await signText(privateKey, hash) };
}

export type EventCheck = 'ok' | 'bad_hash' | 'bad_signature';

/** Recomputes the hash from the fields and checks the signature with the device's public key. */
export async function checkEvent(publicKey: CryptoKey, e: DeviceEvent): Promise<EventCheck> {
  let hash: string;
  try {
    hash = await computeEventHash(e);
  } catch {
    return 'bad_hash';
  }
  if (hash !== e.hash) return 'bad_hash';
  return (await verifyText(publicKey, e.hash, e.signature)) ? 'ok' : 'bad_signature';
}

/** The public part of a device key as the server keeps it (only kty, crv, x, y). */
export interface PublicKeyJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

export async function importPublicKey(jwk: PublicKeyJwk): Promise<CryptoKey> {
  return crypto.subtle.importKey('jwk', { kty: 'EC', crv: 'P-256', x: jwk.x, y: jwk.y, ext: true }, ECDSA_P256, true, ['verify']);
}

/** RFC 7638 thumbprint: a short stable name of a public key (shown to admins, logged). */
export async function jwkThumbprint(jwk: PublicKeyJwk): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', utf8Bytes(`{"crv":"P-256","kty":"EC","x":"${jwk.x}","y":"${jwk.y}"}`));
  return base64url(digest);
}

/**
 * Device-authenticated requests (pulls, push, status): the device signs
 * canonicalJson(['madoguchi-device-auth-v1', method, pathWithQuery, timestampMs, nonce, sha256(canonicalJson(body))])
 * and sends `x-device-auth: v1 <municipalityId> <deviceId> <timestampMs> <nonce> <signature>`.
 * The server accepts a timestamp within a few minutes of its own clock (the client corrects its clock
 * by the serverTime every reply carries) and each nonce once within that window.
 */
export const DEVICE_AUTH_HEADER = 'x-device-auth';

export function deviceAuthInput(method: string, pathWithQuery: string, timestampMs: number, nonce: string, bodyHash: string): string {
  return canonicalJson(['madoguchi-device-auth-v1', method.toUpperCase(), pathWithQuery, timestampMs, nonce, bodyHash]);
}

export async function deviceAuthHeader(
  identity: { municipalityId: string; deviceId: string; privateKey: CryptoKey },
  method: string, pathWithQuery: string, body: string, timestampMs: number,
): Promise<string> {
  const nonceBytes = new Uint8Array(16);
  crypto.getRandomValues(nonceBytes);
  const nonce = base64url(nonceBytes);
  const sig = await signText(identity.privateKey, deviceAuthInput(method, pathWithQuery, timestampMs, nonce, await deviceAuthBodyHash(body === '' ? undefined : JSON.parse(body))));
  return `v1 ${identity.municipalityId} ${identity.deviceId} ${timestampMs} ${nonce} ${sig}`;
}

/**
 * The body part of the signed input: SHA-256 of the canonical JSON of the parsed body ('' when there
 * is none), so a server that re-serialises the JSON checks the same bytes.
 */
export async function deviceAuthBodyHash(parsedBody: unknown): Promise<string> {
  return sha256Hex(parsedBody === undefined ? '' : canonicalJson(parsedBody));
}

export interface ParsedDeviceAuth {
  municipalityId: string;
  deviceId: string;
  timestampMs: number;
  nonce: string;
  signature: string;
}

export function parseDeviceAuthHeader(value: string | undefined | null): ParsedDeviceAuth | null {
  if (!value) return null;
  const parts = value.trim().split(/\s+/);
  if (parts.length !== 6 || parts[0] !== 'v1') return null;
  const [, municipalityId, deviceId, ts, nonce, signature] = parts as [string, string, string, string, string, string];
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
  if (!uuid.test(municipalityId) || !uuid.test(deviceId) || !/^\d{1,15}$/.test(ts) || !/^[A-Za-z0-9_-]{16,64}$/.test(nonce) || !/^[A-Za-z0-9_-]{80,90}$/.test(signature)) return null;
  return { municipalityId, deviceId, timestampMs: Number(ts), nonce, signature };
}
