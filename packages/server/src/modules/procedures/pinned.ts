import type { Kysely, Transaction } from 'kysely';
import type { ProcedureDefinition } from '@madoguchi/procedures';
import type { Database } from '../../platform/db/schema';
import { deepFreeze, LruCache } from '../../platform/cache/cache';
import { loadVersion } from './store';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * Published procedure definitions by city, procedure, version and content hash, kept in the
 * process: every read of a case (an online application, each submission) evaluates it against the
 * version it pinned, and reading and parsing that definition (tens of KB of JSON) each time was a
 * large part of a submission's cost (bench/online-submit.ts).
 *
 * Safe because a published version never changes: `procedure_version` has a trigger that refuses
 * every UPDATE and DELETE (migration 0003), and a new publication is a new version number. Drafts
 * live in another table and never come through here. The key holds the city (another city's
 * procedure with the same id is another entry) and the content hash the case pinned, so an entry
 * is only ever the exact content that hash names; a stored row whose hash differs from the case's
 * is returned as read and not kept. Values are frozen: no reader can change what the next one gets.
 */
const definitions = new LruCache<string, ProcedureDefinition>(500);

export async function pinnedDefinition(db: Db, municipalityId: string, pin: { procedureId: string; procedureVersion: number; procedureHash: string }): Promise<ProcedureDefinition | null> {
  const key = `${municipalityId}\u0000${pin.procedureId}\u0000${pin.procedureVersion}\u0000${pin.procedureHash}`;
  const hit = definitions.get(key);
  if (hit) return hit;
  const version = await loadVersion(db, municipalityId, pin.procedureId, pin.procedureVersion);
  if (!version) return null;
  if (version.contentHash !== pin.procedureHash) return version.definition;
  const definition = deepFreeze(version.definition);
  definitions.set(key, definition);
  return definition;
}
