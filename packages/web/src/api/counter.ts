import type { BundleMember, Interview } from '@madoguchi/procedures';

// The counter (書かない窓口), the department inbox, and the resident entry pages (kiosk, home
// pre-entry). Kept beside the main client so that file stays short; client.ts mounts these.

export type CounterEvent = 'moveIn' | 'moveWithin' | 'moveOut' | 'householdChange';
export type VisitStep = 'identify' | 'event' | 'procedures' | 'interview' | 'review' | 'sign' | 'done';
export type PrefillSource = 'card' | 'registry' | 'import' | 'previousCase' | 'household' | 'event';

export interface CardFace {
  name: string;
  address: string;
  birthDate: string;
  sex: 'male' | 'female' | null;
}

export interface VisitState {
  step: VisitStep;
  identity: {
    method: 'card' | 'registry' | 'import' | 'preEntry' | 'kiosk' | null;
    card: CardFace | null;
    residentId: string | null;
    nameCheck: { cardName: string; registryName: string; residentId: string; decision: 'same' | 'different' | null } | null;
    importKind: 'moveOutCertificate' | 'moveInReservation' | null;
  };
  event: CounterEvent | null;
  household: { members: BundleMember[]; dogs: number; mopeds: number; cars: number; receivesChildAllowance: boolean };
  remainingHouseholderId: string | null;
  householdChange: { kind: 'householder' | 'split' | 'merge'; newHouseholderId: string | null; intoHouseholdId: string | null; relationships: Record<string, string> } | null;
  chosen: { procedureId: string; version: number; memberIds: string[] }[];
  later: string[];
  values: Record<string, unknown>;
  prefill: Record<string, { value: unknown; source: PrefillSource }>;
  moveInBasis: 'certificate' | 'cardSpecialCase' | 'onlineReservation' | null;
  paperSignature: boolean;
}

export interface VisitCase {
  caseId: string;
  procedureId: string;
  title: string;
  receiptNumber: string | null;
  departmentId: string | null;
  departmentName: string | null;
}

export interface VisitResult {
  event: CounterEvent;
  cases: VisitCase[];
  householdIds: string[];
  residentIds: string[];
  people: { residentId: string; name: string }[];
  changeIds: string[];
  householderName: string;
  eventDate: string;
}

export interface Visit {
  id: string;
  status: 'open' | 'completed' | 'cancelled';
  origin: 'counter' | 'kiosk' | 'preEntry';
  revision: number;
  state: VisitState;
  signed: boolean;
  signedAt: string | null;
  startedAt: string;
  updatedAt: string;
  completedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  result: VisitResult | null;
}

export interface VisitListItem {
  id: string;
  status: Visit['status'];
  origin: Visit['origin'];
  label: string;
  step: VisitStep;
  startedAt: string;
  updatedAt: string;
  startedBy: string | null;
}

export interface CardMatch {
  kind: 'resident' | 'nameDiffers' | 'none';
  residentId: string | null;
  registryName: string | null;
}

export interface Proposal {
  procedureId: string;
  title: string;
  department: { name: string; section: string; floor: string; desk: string } | null;
  reasons: { text: string; persons: string[] }[];
  memberIds: string[];
  bring: string[];
  deadline: string | null;
  atCounter: boolean;
  hasForm: boolean;
  version: number;
}

export interface WaitingEntry {
  id: string;
  channel: 'kiosk' | 'home';
  kioskNumber: string | null;
  label: string;
  submittedAt: string;
}

export interface CounterStats {
  from: string;
  to: string;
  totals: { started: number; completed: number; cancelled: number; open: number; medianMinutes: number | null; casesCreated: number };
  perDay: { date: string; started: number; completed: number; cancelled: number }[];
  perHour: { hour: number; started: number; completed: number }[];
  byProcedure: { procedureId: string; title: string; visits: number; medianMinutes: number; p90Minutes: number }[];
  proceduresPerVisit: { procedures: number; visits: number }[];
  byEvent: { event: CounterEvent; label: string; completed: number; medianMinutes: number | null }[];
  byOrigin: { origin: 'counter' | 'kiosk' | 'preEntry'; completed: number }[];
}

export type CaseStatus = 'draft' | 'submitted' | 'accepted' | 'in_review' | 'returned' | 'completed' | 'rejected' | 'withdrawn';
export type CaseChannel = 'counter' | 'kiosk' | 'online' | 'outreach';

export interface CaseRecord {
  id: string;
  receiptNumber: string | null;
  procedureId: string;
  procedureVersion: number;
  procedureHash: string;
  channel: CaseChannel;
  status: CaseStatus;
  statusLabel: string;
  subjectResidentId: string | null;
  departmentId: string | null;
  answers: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  closedAt: string | null;
}

export interface CaseAction {
  seq: number;
  at: string;
  actorKind: 'staff' | 'resident' | 'system';
  actorName: string | null;
  action: string;
  fromStatus: string | null;
  toStatus: string | null;
  note: string | null;
}

export interface CaseJob {
  id: string;
  kind: string;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  result: Record<string, unknown> | null;
  createdAt: string;
  finishedAt: string | null;
}

export interface InboxQuery {
  status?: CaseStatus;
  procedureId?: string;
  departmentId?: string;
  limit?: number;
  offset?: number;
}

export interface EntryView {
  channel: 'kiosk' | 'home';
  status: 'draft' | 'submitted' | 'picked_up';
  revision: number;
  state: VisitState;
  kioskNumber: string | null;
  createdAt: string;
  submittedAt: string | null;
  expiresAt: string;
}

type QueryValue = string | number | boolean | undefined;
interface RequestOptions {
  query?: Record<string, QueryValue>;
  json?: unknown;
}
export interface ClientCore {
  call: <T>(method: string, path: string, request?: RequestOptions) => Promise<T>;
  baseUrl: string;
}

const v = (id: string) => `/counter/visits/${encodeURIComponent(id)}`;

export function counterApi({ call, baseUrl }: ClientCore) {
  return {
    start: async (): Promise<Visit> => (await call<{ visit: Visit }>('POST', '/counter/visits', { json: {} })).visit,
    list: async (status: Visit['status'] = 'open'): Promise<VisitListItem[]> => (await call<{ items: VisitListItem[] }>('GET', '/counter/visits', { query: { status } })).items,
    get: async (id: string): Promise<Visit> => (await call<{ visit: Visit }>('GET', v(id))).visit,
    save: async (id: string, revision: number, state: VisitState): Promise<Visit> => (await call<{ visit: Visit }>('PUT', v(id), { json: { revision, state } })).visit,
    cancel: async (id: string, reason: string): Promise<Visit> => (await call<{ visit: Visit }>('POST', `${v(id)}/cancel`, { json: { reason } })).visit,
    identifyCard: (id: string, revision: number, card: CardFace): Promise<{ visit: Visit; match: CardMatch }> => call('POST', `${v(id)}/identify/card`, { json: { revision, card } }),
    identifyResident: async (id: string, revision: number, residentId: string): Promise<Visit> => (await call<{ visit: Visit }>('POST', `${v(id)}/identify/resident`, { json: { revision, residentId } })).visit,
    decideNameCheck: async (id: string, revision: number, decision: 'same' | 'different'): Promise<Visit> => (await call<{ visit: Visit }>('POST', `${v(id)}/identify/name-check`, { json: { revision, decision } })).visit,
    importMoveData: (id: string, revision: number, format: 'json' | 'csv', content: string): Promise<{ visit: Visit; warnings: string[] }> => call('POST', `${v(id)}/import`, { json: { revision, format, content } }),
    proposals: async (id: string): Promise<Proposal[]> => (await call<{ proposals: Proposal[] }>('GET', `${v(id)}/proposals`)).proposals,
    choose: async (id: string, revision: number, chosen: string[]): Promise<Visit> => (await call<{ visit: Visit }>('POST', `${v(id)}/procedures`, { json: { revision, chosen } })).visit,
    interview: (id: string): Promise<{ interview: Interview; forms: string[] }> => call('GET', `${v(id)}/interview`),
    formPdfUrl: (id: string, procedureId: string, r?: string): string => `${baseUrl}/api${v(id)}/forms/${encodeURIComponent(procedureId)}/form.pdf${r ? `?r=${encodeURIComponent(r)}` : ''}`,
    sign: async (id: string, revision: number, dataUrl: string | null): Promise<Visit> => (await call<{ visit: Visit }>('PUT', `${v(id)}/signature`, { json: { revision, dataUrl } })).visit,
    complete: async (id: string, revision: number): Promise<Visit> => (await call<{ visit: Visit }>('POST', `${v(id)}/complete`, { json: { revision } })).visit,
    guideSheetUrl: (id: string): string => `${baseUrl}/api${v(id)}/guide-sheet.pdf`,
    correct: (id: string, body: { residentId: string; effectiveDate: string; reason: string; change: Record<string, string> }): Promise<{ changeIds: string[] }> => call('POST', `${v(id)}/corrections`, { json: body }),
    waitingEntries: async (): Promise<WaitingEntry[]> => (await call<{ items: WaitingEntry[] }>('GET', '/counter/entries')).items,
    pickUp: async (by: { code: string } | { entryId: string }): Promise<Visit> => (await call<{ visit: Visit }>('POST', '/counter/entries/pick-up', { json: by })).visit,
    stats: async (from: string, to: string): Promise<CounterStats> => (await call<{ stats: CounterStats }>('GET', '/counter/stats', { query: { from, to } })).stats,
  };
}

export function casesApi({ call, baseUrl }: ClientCore) {
  const c = (id: string) => `/cases/${encodeURIComponent(id)}`;
  return {
    inbox: (query: InboxQuery): Promise<{ items: CaseRecord[]; total: number }> => call('GET', '/cases', { query: { ...query } }),
    get: (id: string): Promise<{ case: CaseRecord; actions: CaseAction[] }> => call('GET', c(id)),
    move: async (id: string, body: { to: CaseStatus; expected: CaseStatus; note?: string }): Promise<CaseRecord> => (await call<{ case: CaseRecord }>('POST', `${c(id)}/transitions`, { json: body })).case,
    /** Online cases: the decision and the correction request also tell the applicant (e-mail, notice). */
    decideOnline: (id: string, body: { to: 'completed' | 'rejected'; expected: CaseStatus; note: string | null }): Promise<unknown> => call('POST', `/online/cases/${encodeURIComponent(id)}/decision`, { json: body }),
    requestCorrection: (id: string, body: { note: string; expected: CaseStatus }): Promise<unknown> => call('POST', `/online/cases/${encodeURIComponent(id)}/correction-request`, { json: body }),
    formPdfUrl: (id: string): string => `${baseUrl}/api${c(id)}/form.pdf`,
    jobs: async (id: string): Promise<CaseJob[]> => (await call<{ jobs: CaseJob[] }>('GET', `${c(id)}/jobs`)).jobs,
    retryJob: async (id: string, jobId: string): Promise<CaseJob> => (await call<{ job: CaseJob }>('POST', `${c(id)}/jobs/${encodeURIComponent(jobId)}/retry`)).job,
  };
}

/** The resident pages: no staff session, the municipality by its code, the entry by its code. */
export function entryApi({ call }: ClientCore, lgc: string) {
  const e = (code: string) => `/public/${encodeURIComponent(lgc)}/counter/entries/${encodeURIComponent(code)}`;
  return {
    municipality: async (): Promise<{ name: string; prefecture: string; localGovernmentCode: string }> =>
      (await call<{ municipality: { name: string; prefecture: string; localGovernmentCode: string } }>('GET', `/public/${encodeURIComponent(lgc)}/counter`)).municipality,
    create: (channel: 'kiosk' | 'home'): Promise<{ code: string; displayCode: string; entry: EntryView }> => call('POST', `/public/${encodeURIComponent(lgc)}/counter/entries`, { json: { channel } }),
    get: async (code: string): Promise<EntryView> => (await call<{ entry: EntryView }>('GET', e(code))).entry,
    save: async (code: string, revision: number, state: VisitState): Promise<EntryView> => (await call<{ entry: EntryView }>('PUT', e(code), { json: { revision, state } })).entry,
    proposals: async (code: string): Promise<Proposal[]> => (await call<{ proposals: Proposal[] }>('GET', `${e(code)}/proposals`)).proposals,
    choose: async (code: string, revision: number, chosen: string[]): Promise<EntryView> => (await call<{ entry: EntryView }>('POST', `${e(code)}/procedures`, { json: { revision, chosen } })).entry,
    interview: async (code: string): Promise<Interview> => (await call<{ interview: Interview }>('GET', `${e(code)}/interview`)).interview,
    submit: async (code: string): Promise<EntryView> => (await call<{ entry: EntryView }>('POST', `${e(code)}/submit`)).entry,
  };
}
