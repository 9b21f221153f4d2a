import { createRoute, lazyRouteComponent, type AnyRoute } from '@tanstack/react-router';

// スマート申請 for the owning departments: which procedures are online and on what terms, and the
// CSV export for the core system. Screens are in this area's own chunk.

export function createOnlineAdminRoutes<P extends AnyRoute>(parent: P) {
  const page = (name: 'PublicationsPage' | 'PublicationEditPage') => lazyRouteComponent(() => import('./index'), name);
  return [
    createRoute({ getParentRoute: () => parent, path: '/online', component: page('PublicationsPage') }),
    createRoute({ getParentRoute: () => parent, path: '/online/$procedureId', component: page('PublicationEditPage') }),
  ] as const;
}
