import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { Role, StaffPrincipal } from './roles';

export const SESSION_COOKIE = 'madoguchi_session';
/** Counter staff leave a tablet idle between residents; an hour without use ends the session. */
export const IDLE_TIMEOUT_MS = 60 * 60 * 1000;
/** However active, a session ends after one working day. */
export const ABSOLUTE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most this often, so every request does not become a write. */
const TOUCH_INTERVAL_MS = 60 * 1000;

export const newSessionToken = () => encodeBase32LowerCaseNoPadding(randomBytes(20));
export const hashSessionToken = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

export async function createSession(
  db: Kysely<Database>,
  municipalityId: string,
  staffId: string,
  now: Date,
): Promise<string> {
  const token = newSessionToken();
  await db
    .insertInto('staff_session')
    .values({
      municipality_id: municipalityId,
      token_hash: hashSessionToken(token),
      staff_id: staffId,
      created_at: now,
      last_seen_at: now,
      expires_at: new Date(now.getTime() + ABSOLUTE_TIMEOUT_MS),
    })
    .execute();
  return token;
}

export async function resolveSession(db: Kysely<Database>, token: string, now: Date): Promise<StaffPrincipal | null> {
  if (!/^[a-z2-7]{32}$/.test(token)) return null;
  const tokenHash = hashSessionToken(token);
  const row = await db
    .selectFrom('staff_session as s')
    .innerJoin('staff_user as u', (j) => j.onRef('u.municipality_id', '=', 's.municipality_id').onRef('u.id', '=', 's.staff_id'))
    .select([
      's.municipality_id', 's.last_seen_at', 's.expires_at', 'u.id', 'u.login_id', 'u.display_name',
      'u.roles', 'u.department_ids', 'u.totp_enabled', 'u.active',
    ])
    .where('s.token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!row) return null;
  const lastSeen = new Date(row.last_seen_at).getTime();
  if (!row.active || new Date(row.expires_at).getTime() <= now.getTime() || now.getTime() - lastSeen > IDLE_TIMEOUT_MS) {
    await db.deleteFrom('staff_session').where('municipality_id', '=', row.municipality_id).where('token_hash', '=', tokenHash).execute();
    return null;
  }
  if (now.getTime() - lastSeen > TOUCH_INTERVAL_MS) {
    await db
      .updateTable('staff_session')
      .set({ last_seen_at: now })
      .where('municipality_id', '=', row.municipality_id)
      .where('token_hash', '=', tokenHash)
      .execute();
  }
  return {
    id: row.id,
    municipalityId: row.municipality_id,
    loginId: row.login_id,
    displayName: row.display_name,
    roles: row.roles as Role[],
    departmentIds: row.department_ids,
    totpEnabled: row.totp_enabled,
    sessionTokenHash: tokenHash,
  };
}

export async function deleteSession(db: Kysely<Database>, principal: StaffPrincipal): Promise<void> {
  await db
    .deleteFrom('staff_session')
    .where('municipality_id', '=', principal.municipalityId)
    .where('token_hash', '=', principal.sessionTokenHash)
    .execute();
}

export async function deleteSessionsOf(db: Kysely<Database>, municipalityId: string, staffId: string): Promise<void> {
  await db.deleteFrom('staff_session').where('municipality_id', '=', municipalityId).where('staff_id', '=', staffId).execute();
}
