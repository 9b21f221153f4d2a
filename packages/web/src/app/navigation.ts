import type { Role } from '../api/types';
import { isAdmin } from './roles';

export interface NavItem {
  to: '/residents' | '/card' | '/procedures' | '/admin/navigator' | '/admin/staff' | '/admin/departments' | '/admin/audit' | '/admin/import' | '/queue/desk' | '/admin/queue' | '/admin/outreach' | '/outreach/vehicle/reviews' | '/vehicle' | '/admin/devices' | '/counter' | '/inbox' | '/online' | '/taxi' | '/taxi/operator';
  label: string;
}

const residentSearch: NavItem = { to: '/residents', label: '住民検索' };
const cardReading: NavItem = { to: '/card', label: 'カード読取' };
const queueDesk: NavItem = { to: '/queue/desk', label: '呼出' };
const taxi: NavItem = { to: '/taxi', label: 'タクシー券' };
const taxiOffice: NavItem = { to: '/taxi/operator', label: '電子タクシー券' };
const catalogue: NavItem = { to: '/procedures', label: '手続きカタログ' };
const online: NavItem = { to: '/online', label: 'オンライン申請' };
const adminItems: NavItem[] = [
  { to: '/admin/navigator', label: '手続きナビ' },
  { to: '/admin/staff', label: '職員管理' },
  { to: '/admin/departments', label: '課・庁舎の設定' },
  { to: '/admin/queue', label: '窓口の設定' },
  { to: '/admin/outreach', label: '移動市役所' },
  { to: '/outreach/vehicle/reviews', label: '車両の確認待ち' },
  { to: '/vehicle', label: '車両の端末' },
  { to: '/admin/devices', label: '端末の管理' },
  { to: '/admin/audit', label: '監査ログ' },
  { to: '/admin/import', label: '住民データ取込' },
];

/**
 * The main menu for a staff member. Every current role may search residents; counter staff (and
 * admins) read My Number cards; department reviewers also edit their department's procedures;
 * administration is only offered to admins, matching what the server allows, so nobody is shown a
 * dead end.
 */
export function navigationFor(roles: readonly Role[]): NavItem[] {
  if (roles.length === 0) return [];
  // A taxi operator's office sees its own rides and claims only.
  if (roles.every((r) => r === 'taxi_operator')) return [taxiOffice];
  const everyday = isAdmin(roles) || roles.includes('counter_staff') ? [residentSearch, cardReading, queueDesk, taxi] : [residentSearch, queueDesk, taxi];
  if (isAdmin(roles)) return [...everyday, catalogue, online, ...adminItems];
  return roles.includes('department_reviewer') ? [...everyday, catalogue, online] : everyday;
}
