/**
 * 書かない窓口 (the counter): a visit from 本人確認 to 完了, the kiosk and home pre-entries that
 * become visits, the documents completion leaves, and the counter's statistics. Other modules use
 * what is exported here.
 */
export { cancelVisit, getVisit, listVisits, saveVisitState, startVisit, PURPOSE } from './visits';
export type { CounterDeps, VisitListItem, VisitResult, VisitView } from './visits';
export { decideNameCheck, identifyByCard, identifyByResident, importMoveData } from './identify';
export type { CardMatch } from './identify';
export { chooseProcedures, correctVisit, visitInterview, visitProposals } from './steps';
export { renderVisitForm, signVisit } from './forms';
export { completeVisit, JOB_CASE_FORM, JOB_GUIDE_SHEET, JOB_NOTIFY_DEPARTMENT } from './complete';
export { caseFormDocument, registerCounterJobs, visitDocument } from './documents';
export {
  chooseEntryProcedures, createEntry, entryInterview, entryProposals, formatEntryCode, getEntry, listWaitingEntries, pickUpEntry, saveEntry, submitEntry,
} from './entries';
export type { EntryView, WaitingEntry } from './entries';
export { counterStats } from './stats';
export type { CounterStats } from './stats';
export { parseMoveData } from './imports';
export type { MoveData } from './imports';
export { COUNTER_EVENTS, COUNTER_EVENT_LABELS, emptyState, VisitStateSchema } from './model';
export type { VisitState } from './model';
