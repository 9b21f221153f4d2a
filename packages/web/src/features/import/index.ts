export { ResidentImportPage } from './ResidentImportPage';
