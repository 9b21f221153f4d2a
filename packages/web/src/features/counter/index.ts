export { CounterHomePage } from './CounterHomePage';
export { CounterStatsPage } from './CounterStatsPage';
export { VisitPage } from './VisitPage';
