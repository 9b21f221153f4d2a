export { CaseDetailPage } from './CaseDetailPage';
export { InboxPage } from './InboxPage';
