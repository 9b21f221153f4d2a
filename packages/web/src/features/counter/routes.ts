import { createRoute, lazyRouteComponent, type AnyRoute } from '@tanstack/react-router';
import type { CaseStatus } from '../../api/counter';
import type { InboxSort } from '../../api/online';

// The counter's routes (書かない窓口, 受付箱, 記載台, 事前申請). Every screen is in its area's chunk;
// this file only names them, so the router does not pull the screens into the main bundle.

const optional = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const offset = (value: unknown) => (typeof value === 'number' && value > 0 ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : undefined);
const STATUSES: readonly CaseStatus[] = ['submitted', 'accepted', 'in_review', 'returned', 'completed', 'rejected', 'withdrawn'];
const SORTS: readonly InboxSort[] = ['submitted_desc', 'submitted_asc', 'updated_desc'];

/** Staff screens: the counter, its statistics, and the department inbox. */
export function createCounterStaffRoutes<P extends AnyRoute>(parent: P) {
  const counter = (name: 'CounterHomePage' | 'VisitPage' | 'CounterStatsPage') => lazyRouteComponent(() => import('./index'), name);
  const inbox = (name: 'InboxPage' | 'CaseDetailPage') => lazyRouteComponent(() => import('../inbox/index'), name);
  return [
    createRoute({ getParentRoute: () => parent, path: '/counter', component: counter('CounterHomePage') }),
    createRoute({ getParentRoute: () => parent, path: '/counter/visits/$visitId', component: counter('VisitPage') }),
    createRoute({ getParentRoute: () => parent, path: '/counter/stats', component: counter('CounterStatsPage') }),
    createRoute({
      getParentRoute: () => parent, path: '/inbox',
      validateSearch: (s: Record<string, unknown>): { status?: CaseStatus; departmentId?: string; procedureId?: string; assignee?: string; sort?: InboxSort; receipt?: string; offset?: number } => ({
        status: STATUSES.find((x) => x === s.status), departmentId: optional(s.departmentId), procedureId: optional(s.procedureId),
        assignee: optional(s.assignee), sort: SORTS.find((x) => x === s.sort), receipt: optional(s.receipt), offset: offset(s.offset),
      }),
      component: inbox('InboxPage'),
    }),
    createRoute({ getParentRoute: () => parent, path: '/inbox/$caseId', component: inbox('CaseDetailPage') }),
  ] as const;
}

/** Resident pages without a login: the 記載台 kiosk and the home pre-entry, per municipality code. */
export function createCounterPublicRoutes<P extends AnyRoute>(parent: P) {
  const kiosk = (name: 'KioskPage' | 'PreEntryStartPage' | 'PreEntryPage') => lazyRouteComponent(() => import('../kiosk/index'), name);
  return [
    createRoute({ getParentRoute: () => parent, path: '/kiosk/$code', component: kiosk('KioskPage') }),
    createRoute({ getParentRoute: () => parent, path: '/pre-entry/$code', component: kiosk('PreEntryStartPage') }),
    createRoute({ getParentRoute: () => parent, path: '/pre-entry/$code/$entryCode', component: kiosk('PreEntryPage') }),
  ] as const;
}
