import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../../platform/db/schema';
import type { Services } from '../../../platform/http/context';

/**
 * The city's key that signs the terminals' allow/deny lists: ECDSA P-256, made on first use, the
 * private half encrypted at rest with the platform's field cipher (the row identity is the
 * associated data). Terminals pin the public half (keyId + JWK) when they first pull a list.
 */
export interface ListSigningKey {
  keyId: string;
  privateKey: CryptoKey;
  publicJwk: JsonWebKey;
}

const ECDSA = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const cache = new WeakMap<Services, Map<string, ListSigningKey>>();
const context = (municipalityId: string, keyId: string) => `taxi_list_key:${municipalityId}:${keyId}`;

async function load(services: Services, row: { id: string; public_jwk: unknown; private_key: Uint8Array }, municipalityId: string): Promise<ListSigningKey> {
  const jwk = JSON.parse(services.cipher.decrypt(row.private_key, context(municipalityId, row.id)).toString('utf8')) as JsonWebKey;
  const privateKey = await crypto.subtle.importKey('jwk', jwk, ECDSA, false, ['sign']);
  return { keyId: row.id, privateKey, publicJwk: row.public_jwk as JsonWebKey };
}

export async function listSigningKey(services: Services, db: Kysely<Database> | Transaction<Database>, municipalityId: string): Promise<ListSigningKey> {
  const known = cache.get(services)?.get(municipalityId);
  if (known) return known;
  let row = await db.selectFrom('taxi_list_key').select(['id', 'public_jwk', 'private_key'])
    .where('municipality_id', '=', municipalityId).where('retired_at', 'is', null).executeTakeFirst();
  if (!row) {
    const pair = await crypto.subtle.generateKey(ECDSA, true, ['sign', 'verify']);
    const id = randomUUID();
    const publicJwk = await crypto.subtle.exportKey('jwk', pair.publicKey);
    const privateJwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
    const publicOnly = { kty: publicJwk.kty, crv: publicJwk.crv, x: publicJwk.x, y: publicJwk.y };
    // Two first pulls at once: the partial unique index keeps one; the loser reads the winner's.
    await db.insertInto('taxi_list_key').values({
      municipality_id: municipalityId, id, public_jwk: JSON.stringify(publicOnly),
      private_key: services.cipher.encrypt(JSON.stringify(privateJwk), context(municipalityId, id)), created_at: services.now(),
    }).onConflict((oc) => oc.doNothing()).execute();
    row = await db.selectFrom('taxi_list_key').select(['id', 'public_jwk', 'private_key'])
      .where('municipality_id', '=', municipalityId).where('retired_at', 'is', null).executeTakeFirstOrThrow();
  }
  const key = await load(services, row, municipalityId);
  let byCity = cache.get(services);
  if (!byCity) cache.set(services, (byCity = new Map()));
  byCity.set(municipalityId, key);
  return key;
}
