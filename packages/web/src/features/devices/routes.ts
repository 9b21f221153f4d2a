import { createRoute, lazyRouteComponent, type AnyRoute } from '@tanstack/react-router';

// 「端末の管理」 for administrators; the screen is in its own chunk.
export function createDeviceAdminRoutes<P extends AnyRoute>(parent: P) {
  return [createRoute({ getParentRoute: () => parent, path: '/admin/devices', component: lazyRouteComponent(() => import('./index'), 'DevicesPage') })] as const;
}
