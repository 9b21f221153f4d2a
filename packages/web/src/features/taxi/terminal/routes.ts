import { createRoute, lazyRouteComponent, type AnyRoute } from '@tanstack/react-router';

/**
 * /taxi/terminal: the in-taxi terminal, full screen, no staff login (the tablet authenticates as a
 * device of kind 'taxi'). `?demo=<地方公共団体コード>` offers the demo card reader and demo cards.
 */
export function createTaxiTerminalRoutes<P extends AnyRoute>(parent: P) {
  return createRoute({
    getParentRoute: () => parent,
    path: '/taxi/terminal',
    validateSearch: (s: Record<string, unknown>): { demo?: string } => (typeof s.demo === 'string' && /^\d{6}$/.test(s.demo) ? { demo: s.demo } : {}),
    component: lazyRouteComponent(() => import('./index'), 'TerminalPage'),
  });
}
