/**
 * The tablet's encryption at rest (WebCrypto, nothing else):
 *
 * - The DATA KEY (AES-256-GCM) comes from the server at the daily online sign-in. Everything about a
 *   resident that the tablet keeps is sealed under it: the case sent through the outbox (the server
 *   opens it with the same key) and the short summary the list shows. It is imported non-extractable.
 * - For offline re-entry the raw key is wrapped under a key derived from the staff member's PIN
 *   (PBKDF2-SHA-256, 310,000 rounds, random salt) and kept in IndexedDB with the time it stops being
 *   accepted (12 h after the sign-in). The raw key is then dropped from memory; a reload needs the PIN.
 */

const enc = new TextEncoder();
const dec = new TextDecoder();

export const PBKDF2_ROUNDS = 310_000;

export const toB64 = (bytes: Uint8Array): string => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};
export const fromB64 = (text: string): Uint8Array<ArrayBuffer> => {
  const s = atob(text);
  const out = new Uint8Array(new ArrayBuffer(s.length));
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
};

export function importDataKey(raw: Uint8Array<ArrayBuffer>): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']);
}

export interface Sealed {
  iv: string;
  sealed: string;
}

/** AES-GCM over the JSON, with `aad` bound (the device and case ids): a sealed value moved elsewhere does not open. */
export async function sealJson(key: CryptoKey, aad: string, value: unknown): Promise<Sealed> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode(aad) }, key, enc.encode(JSON.stringify(value)));
  return { iv: toB64(iv), sealed: toB64(new Uint8Array(ct)) };
}

export async function openJson<T>(key: CryptoKey, aad: string, s: Sealed): Promise<T> {
  const plain = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromB64(s.iv), additionalData: enc.encode(aad) }, key, fromB64(s.sealed));
  return JSON.parse(dec.decode(plain)) as T;
}

export interface PinWrapped {
  salt: string;
  iv: string;
  wrapped: string;
  rounds: number;
}

async function pinKey(pin: string, salt: Uint8Array<ArrayBuffer>, rounds: number): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', enc.encode(pin), 'PBKDF2', false, ['deriveKey']);
  return crypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: rounds }, base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
}

export async function wrapWithPin(raw: Uint8Array<ArrayBuffer>, pin: string, rounds = PBKDF2_ROUNDS): Promise<PinWrapped> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const k = await pinKey(pin, salt, rounds);
  const ct = await crypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: enc.encode('vehicle-data-key') }, k, raw);
  return { salt: toB64(salt), iv: toB64(iv), wrapped: toB64(new Uint8Array(ct)), rounds };
}

/** The raw data key, or null for a wrong PIN (the GCM tag does not verify). */
export async function unwrapWithPin(w: PinWrapped, pin: string): Promise<Uint8Array<ArrayBuffer> | null> {
  try {
    const k = await pinKey(pin, fromB64(w.salt), w.rounds);
    const raw = await crypto.subtle.decrypt({ name: 'AES-GCM', iv: fromB64(w.iv), additionalData: enc.encode('vehicle-data-key') }, k, fromB64(w.wrapped));
    return new Uint8Array(raw);
  } catch {
    return null;
  }
}
