import { isAdmin, type Role, type StaffPrincipal } from '../../platform/auth/roles';
import { AppError, forbidden, permissionDenied } from '../../platform/http/errors';

/**
 * Who may do what with the catalogue:
 * - everyone signed in reads published versions (counter staff print blank forms, see what a case used);
 * - department reviewers and admins also see drafts;
 * - a department reviewer edits drafts of procedures that belong to their own department(s), and
 *   may start new ones there, but does not publish: publishing changes what every counter uses;
 * - municipality and system admins edit everything and publish, with their second factor set up;
 * - navigator rules span departments, so only admins edit and publish them.
 */
export const CATALOGUE_READERS: readonly Role[] = ['counter_staff', 'department_reviewer', 'municipality_admin', 'system_admin'];

const totpRequired = () =>
  new AppError(403, 'AUTH_TOTP_SETUP_REQUIRED', '管理者機能を使うには二要素認証（認証アプリ）の設定が必要です。設定画面から登録してください。');

const adminWithSecondFactor = (staff: StaffPrincipal) => isAdmin(staff.roles) && staff.totpEnabled;

export function canSeeDrafts(staff: StaffPrincipal): boolean {
  return isAdmin(staff.roles) || staff.roles.includes('department_reviewer');
}

export function assertCanSeeDrafts(staff: StaffPrincipal): void {
  if (!canSeeDrafts(staff)) throw permissionDenied();
}

/** Whether the staff member may edit a procedure owned by these departments (null = not resolved). */
export function canEditFor(staff: StaffPrincipal, departmentIds: readonly (string | null)[]): boolean {
  if (adminWithSecondFactor(staff)) return true;
  if (!staff.roles.includes('department_reviewer')) return false;
  return departmentIds.every((id) => id !== null && staff.departmentIds.includes(id));
}

export function assertCanEditFor(staff: StaffPrincipal, departmentIds: readonly (string | null)[]): void {
  if (canEditFor(staff, departmentIds)) return;
  if (staff.roles.includes('department_reviewer')) {
    throw forbidden('PROCEDURE_OTHER_DEPARTMENT', 'この手続きは担当課が違うため編集できません。自分の課の手続きを選ぶか、担当課か管理者に依頼してください。');
  }
  if (isAdmin(staff.roles)) throw totpRequired();
  throw permissionDenied();
}

export function canPublish(staff: StaffPrincipal): boolean {
  return adminWithSecondFactor(staff);
}

export function assertCanPublish(staff: StaffPrincipal): void {
  if (canPublish(staff)) return;
  if (isAdmin(staff.roles)) throw totpRequired();
  if (staff.roles.includes('department_reviewer')) {
    throw forbidden('PUBLISH_ADMIN_ONLY', '公開は管理者が行います。下書きを保存してから、管理者に公開を依頼してください。');
  }
  throw permissionDenied();
}

/** Navigator rules: admins only, for reading the draft as well as for changing it. */
export function assertNavigatorEditor(staff: StaffPrincipal): void {
  if (adminWithSecondFactor(staff)) return;
  if (isAdmin(staff.roles)) throw totpRequired();
  throw permissionDenied();
}
