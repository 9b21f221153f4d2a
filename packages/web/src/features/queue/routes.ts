import { createRoute, lazyRouteComponent, type AnyRoute } from '@tanstack/react-router';

// The queue's routes. Every screen is in the queue chunk; this file only names them, so the router
// does not pull the screens into the main bundle.
const screen = (name: keyof typeof import('./index')) => lazyRouteComponent(() => import('./index'), name);

const optional = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);

/**
 * Public, no login, under /q/<地方公共団体コード>/: the congestion page, a ticket's status page (the
 * QR code), booking and a booking's page inside a light frame; the kiosk and the hall display full
 * screen without one.
 */
export function createQueuePublicRoutes<P extends AnyRoute>(parent: P) {
  const root = createRoute({ getParentRoute: () => parent, path: '/q/$code' });
  const framed = createRoute({ getParentRoute: () => root, id: 'framed', component: screen('QueuePublicLayout') });
  const congestion = createRoute({ getParentRoute: () => framed, path: '/', component: screen('CongestionPage') });
  const status = createRoute({ getParentRoute: () => framed, path: '/t/$token', component: screen('TicketStatusPage') });
  const reserve = createRoute({
    getParentRoute: () => framed, path: '/reserve',
    validateSearch: (s: Record<string, unknown>): { location?: string } => ({ location: optional(s.location) }),
    component: screen('ReservePage'),
  });
  const reservation = createRoute({
    getParentRoute: () => framed, path: '/r/$token',
    validateSearch: (s: Record<string, unknown>): { done?: string } => ({ done: optional(s.done) }),
    component: screen('ReservationPage'),
  });
  const kiosk = createRoute({
    getParentRoute: () => root, path: '/kiosk',
    validateSearch: (s: Record<string, unknown>): { token?: string; paper?: string } => ({ token: optional(s.token), paper: optional(s.paper) }),
    component: screen('KioskPage'),
  });
  const board = createRoute({ getParentRoute: () => root, path: '/board/$location', component: screen('BoardPage') });
  return root.addChildren([framed.addChildren([congestion, status, reserve, reservation]), kiosk, board]);
}

/** In the staff shell: the desk (menu 「呼出」) and the day's bookings. */
export function createQueueStaffRoutes<P extends AnyRoute>(parent: P) {
  return [
    createRoute({ getParentRoute: () => parent, path: '/queue/desk', component: screen('DeskPage') }),
    createRoute({ getParentRoute: () => parent, path: '/queue/reservations', component: screen('StaffReservationsPage') }),
  ] as const;
}

/** For administrators: settings (hours, 用件, desks, kiosks, slots) and statistics. */
export function createQueueAdminRoutes<P extends AnyRoute>(parent: P) {
  return [
    createRoute({ getParentRoute: () => parent, path: '/admin/queue', component: screen('QueueSettingsPage') }),
    createRoute({ getParentRoute: () => parent, path: '/admin/queue/stats', component: screen('QueueStatsPage') }),
  ] as const;
}
