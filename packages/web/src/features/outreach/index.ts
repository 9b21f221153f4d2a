export { LiveStatusPage } from './LiveStatusPage';
export { OutreachPlanningPage } from './OutreachPlanningPage';
export { OutreachPublicLayout } from './OutreachPublicLayout';
export { OutreachStatsPage } from './OutreachStatsPage';
export { PrintCalendarPage } from './PrintCalendarPage';
export { SchedulePage } from './SchedulePage';
