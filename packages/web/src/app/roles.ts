import type { Role } from '../api/types';

const adminRoles: readonly Role[] = ['municipality_admin', 'system_admin'];

export function isAdmin(roles: readonly Role[]): boolean {
  return roles.some((role) => adminRoles.includes(role));
}

/** Admins must sign in with a second factor; the server refuses admin APIs until it is enabled. */
export function needsTotpSetup(me: { roles: readonly Role[]; totpEnabled: boolean }): boolean {
  return isAdmin(me.roles) && !me.totpEnabled;
}
