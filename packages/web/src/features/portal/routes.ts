import { createRoute, lazyRouteComponent, type AnyRoute } from '@tanstack/react-router';

/**
 * The resident portal's routes, under /portal/<地方公共団体コード>/. Public and outside the staff
 * shell; every screen is in the portal's own chunk (this file only names them).
 */
export function createPortalRoutes<P extends AnyRoute>(parent: P) {
  const portal = createRoute({ getParentRoute: () => parent, path: '/portal/$code', component: lazyRouteComponent(() => import('./index'), 'PortalLayout') });
  const home = createRoute({ getParentRoute: () => portal, path: '/', component: lazyRouteComponent(() => import('./index'), 'PortalHomePage') });
  const procedure = createRoute({ getParentRoute: () => portal, path: '/procedures/$procedureId', component: lazyRouteComponent(() => import('./index'), 'ProcedurePage') });
  const login = createRoute({
    getParentRoute: () => portal, path: '/login',
    validateSearch: (s: Record<string, unknown>): { next?: string } => (typeof s.next === 'string' && s.next ? { next: s.next } : {}),
    component: lazyRouteComponent(() => import('./index'), 'PortalLoginPage'),
  });
  const verify = createRoute({ getParentRoute: () => portal, path: '/verify', component: lazyRouteComponent(() => import('./index'), 'PortalRedeemPage') });
  const loginLink = createRoute({ getParentRoute: () => portal, path: '/login-link', component: lazyRouteComponent(() => import('./index'), 'PortalRedeemPage') });
  const applications = createRoute({ getParentRoute: () => portal, path: '/applications', component: lazyRouteComponent(() => import('./index'), 'ApplicationsPage') });
  // The form (with the procedure evaluator and the card signing) is its own chunk: the portal's first page stays small.
  const application = createRoute({ getParentRoute: () => portal, path: '/applications/$caseId', component: lazyRouteComponent(() => import('./ApplicationPage'), 'ApplicationPage') });
  // The sandbox payment provider's page (a payment company's page in production: another site).
  const sandboxPayment = createRoute({ getParentRoute: () => portal, path: '/pay/sandbox/$ref', component: lazyRouteComponent(() => import('./SandboxPaymentPage'), 'SandboxPaymentPage') });
  return portal.addChildren([home, procedure, login, verify, loginLink, applications, application, sandboxPayment]);
}
