export { ResidentDetailPage } from './ResidentDetailPage';
export { ResidentSearchPage } from './ResidentSearchPage';
