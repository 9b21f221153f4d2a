import type { Role } from '../api/types';
import type { NavItem } from './navigation';
import { isAdmin } from './roles';

const counter: NavItem = { to: '/counter', label: '書かない窓口' };
const inbox: NavItem = { to: '/inbox', label: '受付箱' };

/**
 * The counter's menu items, first in the menu: counter staff (and admins) run the 書かない窓口;
 * everyone who works on cases — counter staff, department reviewers, admins — has the 受付箱.
 */
export function counterItems(roles: readonly Role[]): NavItem[] {
  // A taxi operator's office works on no cases.
  if (roles.length === 0 || roles.every((r) => r === 'taxi_operator')) return [];
  return isAdmin(roles) || roles.includes('counter_staff') ? [counter, inbox] : [inbox];
}
