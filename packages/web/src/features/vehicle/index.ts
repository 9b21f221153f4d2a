export { VehicleApp } from './VehicleApp';
export { VehicleReviewsPage } from './VehicleReviewsPage';
