export { StaffCreatePage } from './StaffCreatePage';
export { StaffEditPage } from './StaffEditPage';
export { StaffListPage } from './StaffListPage';
