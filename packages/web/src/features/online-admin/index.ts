export { PublicationsPage } from './PublicationsPage';
export { PublicationEditPage } from './PublicationEditPage';
