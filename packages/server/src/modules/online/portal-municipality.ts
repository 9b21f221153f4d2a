import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';
import { deepFreeze, TtlCache } from '../../platform/cache/cache';
import { findMunicipalityByCode, type Municipality } from '../tenancy/service';

/**
 * The city of a portal address (/portal/{code}/…), looked up on every portal request: kept for
 * 30 seconds per database. A 地方公共団体コード never changes hands and the app never changes a
 * municipality row (id, name, prefecture are fixed when the city is set up), so an entry can only
 * be stale by a hand edit in the database, for at most 30 seconds. A code that is not found is not
 * kept (a city set up afterwards is found at once). Per database (the Kysely instance): two test
 * platforms in one process have different cities under the same code.
 */
const TTL_MS = 30_000;
const caches = new WeakMap<Kysely<Database>, TtlCache<string, Municipality>>();

export async function municipalityByCode(db: Kysely<Database>, code: string): Promise<Municipality | null> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new TtlCache<string, Municipality>(TTL_MS, 1_000);
    caches.set(db, cache);
  }
  const hit = cache.get(code);
  if (hit) return hit;
  const m = await findMunicipalityByCode(db, code);
  if (m) cache.set(code, deepFreeze(m));
  return m;
}
