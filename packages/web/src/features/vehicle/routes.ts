import { createRoute, lazyRouteComponent, type AnyRoute } from '@tanstack/react-router';

// The vehicle's routes: the tablet app full screen at /vehicle (outside the staff shell: it must open
// offline, where the staff session cannot be checked), and the review queue in the staff shell.
const screen = (name: keyof typeof import('./index')) => lazyRouteComponent(() => import('./index'), name);

export function createVehicleRoutes<P extends AnyRoute>(parent: P) {
  return [createRoute({ getParentRoute: () => parent, path: '/vehicle', component: screen('VehicleApp') })] as const;
}

export function createVehicleStaffRoutes<P extends AnyRoute>(parent: P) {
  return [createRoute({ getParentRoute: () => parent, path: '/outreach/vehicle/reviews', component: screen('VehicleReviewsPage') })] as const;
}
