export const ROLES = ['system_admin', 'municipality_admin', 'counter_staff', 'department_reviewer', 'taxi_operator'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  system_admin: 'システム管理者',
  municipality_admin: '自治体管理者',
  counter_staff: '窓口職員',
  department_reviewer: '担当課審査職員',
  // Staff of a taxi operator (事業者): sees only its own operator's rides and claims (modules/taxi).
  taxi_operator: 'タクシー事業者',
};

export const ADMIN_ROLES: readonly Role[] = ['system_admin', 'municipality_admin'];

export const isAdmin = (roles: readonly string[]) => roles.some((r) => (ADMIN_ROLES as readonly string[]).includes(r));

/** The authenticated staff member behind a request. */
export interface StaffPrincipal {
  id: string;
  municipalityId: string;
  loginId: string;
  displayName: string;
  roles: Role[];
  departmentIds: string[];
  totpEnabled: boolean;
  sessionTokenHash: string;
}
