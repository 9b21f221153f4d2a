import type { Role } from '../api/types';
import { isAdmin } from './roles';

export interface NavItem {
  to: '/residents' | '/procedures' | '/admin/navigator' | '/admin/staff' | '/admin/departments' | '/admin/audit' | '/admin/import';
  label: string;
}

const residentSearch: NavItem = { to: '/residents', label: '住民検索' };
const catalogue: NavItem = { to: '/procedures', label: '手続きカタログ' };
const adminItems: NavItem[] = [
  { to: '/admin/navigator', label: '手続きナビ' },
  { to: '/admin/staff', label: '職員管理' },
  { to: '/admin/departments', label: '課・庁舎の設定' },
  { to: '/admin/audit', label: '監査ログ' },
  { to: '/admin/import', label: '住民データ取込' },
];

/**
 * The main menu for a staff member. Every current role may search residents; department reviewers
 * also edit their department's procedures; administration is only offered to admins, matching
 * what the server allows, so nobody is shown a dead end.
 */
export function navigationFor(roles: readonly Role[]): NavItem[] {
  if (roles.length === 0) return [];
  if (isAdmin(roles)) return [residentSearch, catalogue, ...adminItems];
  return roles.includes('department_reviewer') ? [residentSearch, catalogue] : [residentSearch];
}
