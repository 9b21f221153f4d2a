export { CardReadingPage } from './CardReadingPage';
