import { base64FromBytes, bytesFromBase64, canonicalJson } from './canonical';
import type { SubsidyRule } from './subsidy';

/**
 * The allow/deny list a taxi terminal keeps for boarding without a connection. The server builds
 * it for one terminal (pulled with device authentication), signs its canonical JSON with the
 * city's list key (ECDSA P-256, SHA-256) and the terminal checks the signature every time it uses
 * it, against the key it pinned when it was first online. Format: `madoguchi.taxi-list/1`.
 *
 * It holds what boarding needs and no more: the hash of each bound 利用者証明用 certificate (never
 * the individual number, never the certificate), the given name shown to the driver, the rides
 * already counted by the server for the day, month and fiscal year, and the bounds below.
 */
export const LIST_FORMAT = 'madoguchi.taxi-list/1';

export interface OfflineBounds {
  /** A list older than this is not used: the terminal refuses to subsidise (must pull a new one). */
  readonly maxListAgeMinutes: number;
  /** Time since the last successful sync after which the terminal refuses to subsidise. */
  readonly maxOfflineMinutes: number;
  /** Subsidy of rides not yet delivered to the server, at most (per terminal). */
  readonly terminalPendingSubsidyYen: number;
  /** Rides not yet delivered to the server, at most (per terminal). */
  readonly terminalPendingRides: number;
}

export interface ListProgramme {
  readonly id: string;
  readonly name: string;
  readonly ruleVersion: number;
  readonly rule: SubsidyRule;
  /** Rides per Japan day, calendar month (null: no monthly cap) and fiscal year. */
  readonly caps: { readonly perDay: number; readonly perMonth: number | null; readonly perYear: number };
  /** A meter fare outside these is refused as mistyped. */
  readonly fare: { readonly minYen: number; readonly maxYen: number };
}

export interface ListBeneficiary {
  /** SHA-256 (hex) of the bound 利用者証明用 certificate. */
  readonly binding: string;
  readonly givenName: string;
  /** Rides the server had accepted when the list was built, for the list's service date, its month and fiscal year. */
  readonly usedDay: number;
  readonly usedMonth: number;
  readonly usedYear: number;
}

export type DenyReason = 'suspended' | 'revoked' | 'ended' | 'exhausted';

export interface ListDenied {
  readonly binding: string;
  readonly reason: DenyReason;
}

export interface ListDriver {
  readonly code: string;
  readonly name: string;
  /** PBKDF2-SHA-256 of the PIN with the salt (hex). */
  readonly pinHash: string;
  readonly salt: string;
}

export interface TaxiListBody {
  readonly format: typeof LIST_FORMAT;
  readonly listId: string;
  readonly municipalityId: string;
  readonly deviceId: string;
  readonly operatorName: string;
  /** ISO instant. */
  readonly issuedAt: string;
  /** The day (Japan) the used* counts are for. */
  readonly serviceDate: string;
  readonly bounds: OfflineBounds;
  readonly programme: ListProgramme;
  /** JPKI 利用者証明用 CA certificates (base64 DER): the chain the terminal checks cards against offline. */
  readonly trustAnchors: readonly string[];
  readonly allow: readonly ListBeneficiary[];
  readonly deny: readonly ListDenied[];
  readonly drivers: readonly ListDriver[];
}

export interface SignedTaxiList {
  readonly body: TaxiListBody;
  readonly keyId: string;
  /** ECDSA P-256 over SHA-256 of canonicalJson(body), IEEE P1363 (r‖s), base64. */
  readonly signature: string;
}

/** The public half of the city's list key, as a JWK, pinned by the terminal. */
export interface ListPublicKey {
  readonly keyId: string;
  readonly jwk: JsonWebKey;
}

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const ECDSA_SHA256 = { name: 'ECDSA', hash: 'SHA-256' } as const;

export async function importListKey(key: ListPublicKey): Promise<CryptoKey> {
  return crypto.subtle.importKey('jwk', key.jwk, ECDSA, false, ['verify']);
}

export function listBytes(body: TaxiListBody): Uint8Array {
  return new TextEncoder().encode(canonicalJson(body));
}

/** Signs a list body (server side; also what tests use to forge lists with another key). */
export async function signList(body: TaxiListBody, keyId: string, privateKey: CryptoKey): Promise<SignedTaxiList> {
  const signature = new Uint8Array(await crypto.subtle.sign(ECDSA_SHA256, privateKey, listBytes(body) as BufferSource));
  return { body, keyId, signature: base64FromBytes(signature) };
}

export type ListProblem = 'LIST_MISSING' | 'LIST_SIGNATURE_INVALID' | 'LIST_WRONG_TERMINAL' | 'LIST_FORMAT_UNKNOWN';

/** Checks the signature with the pinned key, the format and that the list is this terminal's. */
export async function verifyList(list: SignedTaxiList, key: ListPublicKey, deviceId: string): Promise<ListProblem | null> {
  if (list.body?.format !== LIST_FORMAT) return 'LIST_FORMAT_UNKNOWN';
  if (list.keyId !== key.keyId) return 'LIST_SIGNATURE_INVALID';
  let ok = false;
  try {
    ok = await crypto.subtle.verify(ECDSA_SHA256, await importListKey(key), bytesFromBase64(list.signature) as BufferSource, listBytes(list.body) as BufferSource);
  } catch {
    ok = false;
  }
  if (!ok) return 'LIST_SIGNATURE_INVALID';
  if (list.body.deviceId !== deviceId) return 'LIST_WRONG_TERMINAL';
  return null;
}

/** PBKDF2 of a driver's PIN (the same on the server when it builds the list). */
export async function driverPinHash(pin: string, saltHex: string): Promise<string> {
  const salt = new Uint8Array((saltHex.match(/../g) ?? []).map((h) => parseInt(h, 16)));
  const material = await crypto.subtle.importKey('raw', new TextEncoder().encode(pin) as BufferSource, 'PBKDF2', false, ['deriveBits']);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations: 20_000 }, material, 256);
  return Array.from(new Uint8Array(bits), (b) => b.toString(16).padStart(2, '0')).join('');
}
