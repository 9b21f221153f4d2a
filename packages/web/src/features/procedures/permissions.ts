import type { Me, ProcedureDepartment } from '../../api/types';
import { isAdmin } from '../../app/roles';

/**
 * Where this person may start a new procedure, mirroring the server's rule: admins (with their
 * second factor) anywhere, department reviewers in their own departments, others nowhere.
 */
export function departmentsForNewProcedures(me: Me | null, departments: readonly ProcedureDepartment[]): ProcedureDepartment[] {
  if (!me) return [];
  if (isAdmin(me.roles) && me.totpEnabled) return [...departments];
  if (!me.roles.includes('department_reviewer')) return [];
  return departments.filter((d) => me.departmentIds.includes(d.departmentId));
}
