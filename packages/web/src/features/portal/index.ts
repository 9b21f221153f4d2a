export { PortalLayout } from './PortalLayout';
export { PortalHomePage } from './PortalHomePage';
export { ProcedurePage } from './ProcedurePage';
export { PortalLoginPage, PortalRedeemPage } from './LoginPage';
export { ApplicationsPage } from './ApplicationsPage';
