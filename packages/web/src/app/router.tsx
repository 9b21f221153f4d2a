import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  redirect,
} from '@tanstack/react-router';
import type { ApiClient } from '../api/client';
import type { ResidentStatus } from '../api/types';
import type { CatalogueStatus } from '../features/procedures/catalogueFilter';
import { Loading } from '../components/Loading';
import { meQueryOptions, safeRedirectPath } from './auth';
import { AdminLayout } from './AdminLayout';
import { ErrorPage, NotFoundPage, RouteError, RouteNotFound } from './ErrorPages';
import { RootLayout } from './RootLayout';
import { needsTotpSetup } from './roles';
import { optionalEnum, optionalOffset, optionalString } from './searchParams';
import { StaffLayout } from './StaffLayout';
import { createPortalRoutes } from '../features/portal/routes';
import { createTaxiTerminalRoutes } from '../features/taxi/terminal/routes';
import { createOnlineAdminRoutes } from '../features/online-admin/routes';
import { createCounterPublicRoutes, createCounterStaffRoutes } from '../features/counter/routes';
import { createQueueAdminRoutes, createQueuePublicRoutes, createQueueStaffRoutes } from '../features/queue/routes';
import { createOutreachAdminRoutes, createOutreachPublicRoutes } from '../features/outreach/routes';
import { createTaxiStaffRoutes, isTaxiOfficeOnly } from '../features/taxi/routes';
import { createDeviceAdminRoutes } from '../features/devices/routes';
import { createVehicleRoutes, createVehicleStaffRoutes } from '../features/vehicle/routes';

export interface RouterContext {
  queryClient: QueryClient;
  api: ApiClient;
}

// Every feature area is its own chunk (lazyRouteComponent + dynamic import), so the counter
// tablet downloads admin screens only when an admin opens them, and later surfaces (kiosk,
// display board, resident portal …) can be added as further chunks beside these.

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: RootLayout,
  notFoundComponent: NotFoundPage,
  errorComponent: ErrorPage,
});

const loginRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/login',
  validateSearch: (search: Record<string, unknown>): { redirect?: string } => ({
    redirect: optionalString(search.redirect),
  }),
  beforeLoad: async ({ context, search }) => {
    const me = await context.queryClient.ensureQueryData(meQueryOptions(context.api));
    if (me) throw redirect({ href: safeRedirectPath(search.redirect) });
  },
  component: lazyRouteComponent(() => import('../features/auth'), 'LoginPage'),
});

const staffRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: '_staff',
  beforeLoad: async ({ context, location }) => {
    const me = await context.queryClient.ensureQueryData(meQueryOptions(context.api));
    if (!me) throw redirect({ to: '/login', search: { redirect: location.href } });
    return { me };
  },
  component: StaffLayout,
});

const homeRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/',
  beforeLoad: ({ context }) => {
    // A taxi operator's office has one screen; everyone else starts at resident search.
    throw redirect({ to: isTaxiOfficeOnly(context.me.roles) ? '/taxi/operator' : '/residents' });
  },
});

export interface ResidentSearchQuery {
  q?: string;
  birth?: string;
  address?: string;
  status?: ResidentStatus;
  offset?: number;
}

const residentStatuses: readonly ResidentStatus[] = ['active', 'moved_out', 'deceased'];

const residentSearchRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/residents',
  validateSearch: (search: Record<string, unknown>): ResidentSearchQuery => ({
    q: optionalString(search.q),
    birth: optionalString(search.birth),
    address: optionalString(search.address),
    status: optionalEnum(search.status, residentStatuses),
    offset: optionalOffset(search.offset),
  }),
  component: lazyRouteComponent(() => import('../features/residents'), 'ResidentSearchPage'),
});

const residentDetailRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/residents/$residentId',
  component: lazyRouteComponent(() => import('../features/residents'), 'ResidentDetailPage'),
});

// カード読取: counter staff read a resident's My Number card through the local card agent.
const cardReadingRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/card',
  component: lazyRouteComponent(() => import('../features/card'), 'CardReadingPage'),
});

const totpSetupRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/account/totp',
  validateSearch: (search: Record<string, unknown>): { redirect?: string } => ({
    redirect: optionalString(search.redirect),
  }),
  component: lazyRouteComponent(() => import('../features/account'), 'TotpSetupPage'),
});

const passwordRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/account/password',
  component: lazyRouteComponent(() => import('../features/account'), 'PasswordChangePage'),
});

export interface ProcedureListQuery {
  q?: string;
  department?: string;
  status?: CatalogueStatus;
}

const catalogueStatuses: readonly CatalogueStatus[] = ['published', 'draft', 'unpublished'];

// The catalogue is for department reviewers as well as admins (each screen shows what the server
// lets this person do), so it sits beside the admin area rather than inside it.
const procedureListRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/procedures',
  validateSearch: (search: Record<string, unknown>): ProcedureListQuery => ({
    q: optionalString(search.q),
    department: optionalString(search.department),
    status: optionalEnum(search.status, catalogueStatuses),
  }),
  component: lazyRouteComponent(() => import('../features/procedures'), 'ProcedureListPage'),
});

const procedureDetailRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/procedures/$procedureId',
  validateSearch: (search: Record<string, unknown>): { published?: number } => ({ published: optionalOffset(search.published) }),
  component: lazyRouteComponent(() => import('../features/procedures'), 'ProcedureDetailPage'),
});

const procedureDraftRoute = createRoute({
  getParentRoute: () => staffRoute,
  path: '/procedures/$procedureId/draft',
  validateSearch: (search: Record<string, unknown>): { department?: string } => ({ department: optionalString(search.department) }),
  component: lazyRouteComponent(() => import('../features/procedures'), 'ProcedureDraftPage'),
});

const adminRoute = createRoute({
  getParentRoute: () => staffRoute,
  id: '_admin',
  beforeLoad: ({ context, location }) => {
    // The server answers AUTH_TOTP_SETUP_REQUIRED anyway; going straight to setup saves a dead end.
    if (needsTotpSetup(context.me)) throw redirect({ to: '/account/totp', search: { redirect: location.href } });
  },
  component: AdminLayout,
});

export interface StaffListQuery {
  saved?: string;
}

const staffListRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/admin/staff',
  validateSearch: (search: Record<string, unknown>): StaffListQuery => ({ saved: optionalString(search.saved) }),
  component: lazyRouteComponent(() => import('../features/staff'), 'StaffListPage'),
});

const staffCreateRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/admin/staff/new',
  component: lazyRouteComponent(() => import('../features/staff'), 'StaffCreatePage'),
});

const staffEditRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/admin/staff/$staffId',
  component: lazyRouteComponent(() => import('../features/staff'), 'StaffEditPage'),
});

export interface AuditSearchQuery {
  residentId?: string;
  residentName?: string;
  staffId?: string;
  action?: string;
  from?: string;
  to?: string;
  offset?: number;
}

const auditRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/admin/audit',
  validateSearch: (search: Record<string, unknown>): AuditSearchQuery => ({
    residentId: optionalString(search.residentId),
    residentName: optionalString(search.residentName),
    staffId: optionalString(search.staffId),
    action: optionalString(search.action),
    from: optionalString(search.from),
    to: optionalString(search.to),
    offset: optionalOffset(search.offset),
  }),
  component: lazyRouteComponent(() => import('../features/audit'), 'AuditLogPage'),
});

const navigatorRulesRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/admin/navigator',
  component: lazyRouteComponent(() => import('../features/procedures'), 'NavigatorRulesPage'),
});

const importRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/admin/import',
  component: lazyRouteComponent(() => import('../features/import'), 'ResidentImportPage'),
});

const departmentsRoute = createRoute({
  getParentRoute: () => adminRoute,
  path: '/admin/departments',
  component: lazyRouteComponent(() => import('../features/departments'), 'DepartmentsPage'),
});

const routeTree = rootRoute.addChildren([
  loginRoute,
  // The resident portal: public, its own layout and chunk (/portal/<地方公共団体コード>/…).
  createPortalRoutes(rootRoute),
  // The 記載台 kiosk and the home pre-entry of the 書かない窓口 (/kiosk/<code>, /pre-entry/<code>/…).
  ...createCounterPublicRoutes(rootRoute),
  // The queue's public screens: congestion, ticket status, booking, the kiosk and the hall display (/q/<code>/…).
  createQueuePublicRoutes(rootRoute),
  // 移動市役所 for residents: the month's schedule, live status, the A4 calendar (/outreach/<code>/…).
  createOutreachPublicRoutes(rootRoute),
  // 電子タクシー券の車載端末 (/taxi/terminal): full screen, the tablet signs in as a device.
  createTaxiTerminalRoutes(rootRoute),
  // 移動市役所の端末 (/vehicle): installable, opens offline (its own service worker).
  ...createVehicleRoutes(rootRoute),
  staffRoute.addChildren([
    homeRoute,
    ...createCounterStaffRoutes(staffRoute),
    residentSearchRoute,
    residentDetailRoute,
    cardReadingRoute,
    totpSetupRoute,
    passwordRoute,
    ...createQueueStaffRoutes(staffRoute),
    ...createTaxiStaffRoutes(staffRoute),
    ...createVehicleStaffRoutes(staffRoute),
    ...createOnlineAdminRoutes(staffRoute),
    procedureListRoute,
    procedureDetailRoute,
    procedureDraftRoute,
    adminRoute.addChildren([staffListRoute, staffCreateRoute, staffEditRoute, auditRoute, importRoute, navigatorRulesRoute, departmentsRoute, ...createQueueAdminRoutes(adminRoute), ...createDeviceAdminRoutes(adminRoute), ...createOutreachAdminRoutes(adminRoute)]),
  ]),
]);

export function createAppRouter(context: RouterContext) {
  return createRouter({
    routeTree,
    context,
    defaultPreload: 'intent',
    // Errors and unknown paths below the layout keep the header and menu around them.
    defaultErrorComponent: RouteError,
    defaultNotFoundComponent: RouteNotFound,
    defaultPendingComponent: () => <Loading label="画面を読み込んでいます…" />,
    // Route data lives in TanStack Query; the router must not keep its own stale copy.
    defaultPreloadStaleTime: 0,
    scrollRestoration: true,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
