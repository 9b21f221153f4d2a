import { createRoute, lazyRouteComponent, type AnyRoute } from '@tanstack/react-router';

// 電子タクシー券 in the staff shell. Every screen is in the taxi chunk; this file only names them.
const screen = (name: keyof typeof import('./index')) => lazyRouteComponent(() => import('./index'), name);

/** The city (概要・集計, 利用者・申請, 請求の審査, 要確認) and the operator's office (/taxi/operator). */
export function createTaxiStaffRoutes<P extends AnyRoute>(parent: P) {
  return [
    createRoute({ getParentRoute: () => parent, path: '/taxi', component: screen('TaxiHomePage') }),
    createRoute({ getParentRoute: () => parent, path: '/taxi/beneficiaries', component: screen('BeneficiariesPage') }),
    createRoute({ getParentRoute: () => parent, path: '/taxi/beneficiaries/$id', component: screen('BeneficiaryPage') }),
    createRoute({ getParentRoute: () => parent, path: '/taxi/claims', component: screen('ClaimsPage') }),
    createRoute({ getParentRoute: () => parent, path: '/taxi/claims/$id', component: screen('ClaimReviewPage') }),
    createRoute({ getParentRoute: () => parent, path: '/taxi/anomalies', component: screen('AnomaliesPage') }),
    createRoute({ getParentRoute: () => parent, path: '/taxi/settings', component: screen('TaxiSettingsPage') }),
    createRoute({ getParentRoute: () => parent, path: '/taxi/operator', component: screen('OperatorHomePage') }),
    createRoute({ getParentRoute: () => parent, path: '/taxi/operator/claims/$id', component: screen('OperatorClaimPage') }),
    createRoute({ getParentRoute: () => parent, path: '/taxi/operator/drivers', component: screen('OperatorDriversPage') }),
  ] as const;
}

/** An account of a taxi operator's office only: its home is /taxi/operator, and it sees nothing else. */
export const isTaxiOfficeOnly = (roles: readonly string[]) => roles.length > 0 && roles.every((r) => r === 'taxi_operator');
