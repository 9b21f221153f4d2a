export { TaxiHomePage } from './TaxiHomePage';
export { BeneficiariesPage } from './BeneficiariesPage';
export { BeneficiaryPage } from './BeneficiaryPage';
export { ClaimsPage, ClaimReviewPage } from './ClaimsPages';
export { AnomaliesPage } from './AnomaliesPage';
export { OperatorHomePage, OperatorClaimPage } from './OperatorPages';
export { TaxiSettingsPage } from './SettingsPage';
export { OperatorDriversPage } from './DriversSection';
