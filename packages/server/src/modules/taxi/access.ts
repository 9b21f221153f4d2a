import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema';
import { isAdmin, type Role, type StaffPrincipal } from '../../platform/auth/roles';
import { AppError, permissionDenied } from '../../platform/http/errors';

export type Db = Kysely<Database> | Transaction<Database>;

/** Counter staff check eligibility and bind cards; reviewers decide, review claims and read reports. */
export const TAXI_COUNTER: Role[] = ['counter_staff', 'department_reviewer', 'municipality_admin', 'system_admin'];
export const TAXI_REVIEW: Role[] = ['department_reviewer', 'municipality_admin', 'system_admin'];
export const TAXI_ADMIN: Role[] = ['municipality_admin', 'system_admin'];
export const TAXI_OPERATOR: Role[] = ['taxi_operator'];

/**
 * A reviewer works on a programme only if it names no department or names theirs; admins on any.
 * The check is on the programme row the caller already loaded for their own city.
 */
export function assertProgrammeReviewer(staff: StaffPrincipal, programme: { department_id: string | null }): void {
  if (isAdmin(staff.roles)) return;
  if (!staff.roles.includes('department_reviewer')) throw permissionDenied();
  if (programme.department_id !== null && !staff.departmentIds.includes(programme.department_id)) throw permissionDenied();
}

/** The operator a 'taxi_operator' account belongs to. */
export async function operatorIdOf(db: Db, staff: StaffPrincipal): Promise<string> {
  const row = await db.selectFrom('taxi_operator_staff').select('operator_id')
    .where('municipality_id', '=', staff.municipalityId).where('staff_id', '=', staff.id).executeTakeFirst();
  if (!row) throw new AppError(403, 'TAXI_OPERATOR_UNLINKED', 'このアカウントはタクシー事業者に結び付けられていません。市の担当課に事業者アカウントの設定を依頼してください。');
  return row.operator_id;
}
