import { createRoute, lazyRouteComponent, type AnyRoute } from '@tanstack/react-router';

// The 移動市役所 routes. Every screen is in the outreach chunk; this file only names them.
const screen = (name: keyof typeof import('./index')) => lazyRouteComponent(() => import('./index'), name);

const optional = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
const scheduleSearch = (s: Record<string, unknown>): { month?: string | undefined; district?: string | undefined } => ({ month: optional(s.month), district: optional(s.district) });

/** Public, no login, under /outreach/<地方公共団体コード>/: the month's schedule, the live status, and the A4 calendar (bare, for printing). */
export function createOutreachPublicRoutes<P extends AnyRoute>(parent: P) {
  const root = createRoute({ getParentRoute: () => parent, path: '/outreach/$code' });
  const framed = createRoute({ getParentRoute: () => root, id: 'framed', component: screen('OutreachPublicLayout') });
  const schedule = createRoute({ getParentRoute: () => framed, path: '/', validateSearch: scheduleSearch, component: screen('SchedulePage') });
  const live = createRoute({ getParentRoute: () => framed, path: '/live', component: screen('LiveStatusPage') });
  const print = createRoute({ getParentRoute: () => root, path: '/print', validateSearch: scheduleSearch, component: screen('PrintCalendarPage') });
  return root.addChildren([framed.addChildren([schedule, live]), print]);
}

/** For administrators: planning, publishing, 運休, and the stop statistics. */
export function createOutreachAdminRoutes<P extends AnyRoute>(parent: P) {
  return [
    createRoute({ getParentRoute: () => parent, path: '/admin/outreach', component: screen('OutreachPlanningPage') }),
    createRoute({ getParentRoute: () => parent, path: '/admin/outreach/stats', component: screen('OutreachStatsPage') }),
  ] as const;
}
