export { PasswordChangePage } from './PasswordChangePage';
export { TotpSetupPage } from './TotpSetupPage';
