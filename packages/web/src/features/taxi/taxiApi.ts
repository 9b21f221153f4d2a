import { requestJson } from '../../api/client';
import { errorFromReply, networkError } from '../../api/errors';

// 電子タクシー券: the city's screens talk to /api/taxi/…, the operator's office to /api/taxi/operator/….
// Kept in the taxi chunk so other screens do not carry it.

export interface Rules {
  eligibility: { criteria: ({ kind: 'age'; minAge: number } | { kind: 'disabilityCertificate'; certificates: string[] } | { kind: 'licenceReturned' | 'noCarHousehold'; minAge: number | null })[] };
  subsidy: { kind: 'rate'; percent: number; maxYen: number } | { kind: 'fixed'; amountYen: number };
  caps: { perDay: number; perMonth: number | null; perYear: number };
  fare: { minYen: number; maxYen: number; unusualYen: number };
  offline: { maxListAgeHours: number; maxOfflineRidesPerTerminal: number };
  sameCardWindowMinutes: number;
}

export interface Programme {
  id: string;
  fiscalYear: number;
  fiscalYearLabel: string;
  name: string;
  status: 'draft' | 'active' | 'closed';
  startsOn: string;
  endsOn: string;
  budgetYen: number;
  departmentId: string | null;
  rules: { id: string; version: number; rules: Rules; note: string; effectiveFrom: string; summary: { criteria: string[]; subsidy: string; caps: string } } | null;
  operators: { id: string; code: string; name: string; joinedOn: string }[];
  versions: { version: number; note: string; effectiveFrom: string; summary: { criteria: string[]; subsidy: string; caps: string } }[];
}

export interface Reason { code: string; met: boolean; text: string }
export interface EligibilityResult { eligible: boolean; age: number; reasons: Reason[]; summary: string }
export interface Answers { disabilityCertificate: 'none' | 'physical' | 'mental' | 'rehabilitation'; licenceReturned: boolean; householdHasCar: boolean }

export interface EligibilityCheck {
  resident: { id: string; name: string; kana: string; birthDate: string; birthDateWareki: string; age: number; address: string; status: string };
  result: EligibilityResult;
  ruleVersion: number;
  existing: { id: string; number: string; status: string } | null;
}

export interface BeneficiaryRow {
  id: string; number: string; residentId: string; name: string; kana: string; age: number;
  status: 'active' | 'suspended' | 'ended'; statusLabel: string; statusReason: string; source: string; cardBound: boolean; ridesThisYear: number; decidedAt: string;
}

export interface Beneficiary extends BeneficiaryRow {
  programmeId: string; birthDate: string; birthDateWareki: string; address: string; residentStatus: string;
  eligibility: EligibilityResult; answers: Answers; ruleVersion: number; caseId: string | null;
  events: { at: string; kind: string; fromStatus: string | null; toStatus: string | null; reason: string }[];
  bindings: { id: string; certSerial: string; certSha256: string; certNotAfter: string | null; status: string; channel: string; boundAt: string; endedAt: string | null; endedReason: string | null }[];
  rides: { id: string; boardedAt: string; operatorName: string; fareYen: number; subsidyYen: number; status: string; exceptionReason: string | null }[];
}

export type ClaimStatus = 'draft' | 'submitted' | 'approved' | 'adjusted' | 'paid';
export interface Claim {
  id: string; number: string; programmeId: string; programmeName: string; operatorId: string; operatorName: string; operatorCode: string; month: string;
  status: ClaimStatus; statusLabel: string; rideCount: number; fareTotalYen: number; subsidyTotalYen: number; adjustmentTotalYen: number; approvedTotalYen: number | null;
  generatedAt: string; submittedAt: string | null; reviewedAt: string | null; reviewNote: string | null; paidOn: string | null; paymentReference: string | null;
  adjustments: { id: string; amountYen: number; reason: string; rideId: string | null; at: string }[];
}
export interface ClaimLine { lineNo: number; rideId: string; boardedAt: string; vehicle: string | null; terminal: string; beneficiaryNumber: string; fareYen: number; subsidyYen: number; passengerYen: number }

export interface Ride {
  id: string; boardedAt: string; receivedAt: string; operatorId: string; operatorName: string; terminal: string; vehicle: string | null; beneficiaryNumber: string | null;
  fareYen: number; subsidyYen: number; passengerYen: number; terminalSubsidyYen: number; status: 'accepted' | 'over_cap' | 'rejected'; statusLabel: string;
  exceptionReason: string | null; offline: boolean; ruleVersion: number; resolution: 'approved' | 'refused' | null; resolutionNote: string | null; claimNumber: string | null;
}

export interface Report {
  programmeId: string; fiscalYear: number; budgetYen: number; usedYen: number; paidYen: number; forecastYen: number; forecastMethod: string;
  beneficiaries: { active: number; suspended: number; ended: number; cardBound: number };
  months: { month: string; rides: number; fareYen: number; subsidyYen: number; exceptions: number }[];
  operators: { operatorId: string; name: string; rides: number; subsidyYen: number; claimedYen: number; paidYen: number }[];
  groups: { group: string; label: string; beneficiaries: number; rides: number; subsidyYen: number }[];
}

export interface Anomaly {
  key: string; kind: 'sameCard' | 'exception' | 'unusualFare' | 'silentTerminal'; label: string; summary: string; at: string;
  rides: { rideId: string; boardedAt: string; operatorName: string; terminal: string; beneficiaryNumber: string | null; fareYen: number; subsidyYen: number; status: string; exceptionReason: string | null; offline: boolean }[];
  terminal: { id: string; label: string; operatorName: string; lastSyncAt: string | null } | null;
  review: { status: 'checked' | 'dismissed'; note: string; at: string } | null;
}

export interface Operator {
  id: string; code: string; name: string; address: string; phone: string; invoiceRegistrationNumber: string | null; active: boolean;
  vehicles: { id: string; registrationNumber: string; label: string; active: boolean }[];
  terminals: { id: string; label: string; vehicleId: string | null; deviceId: string | null; active: boolean; lastSyncAt: string | null; lastEventAt: string | null }[];
  staff: { id: string; loginId: string; displayName: string }[];
}

const request = requestJson;

const enc = encodeURIComponent;

export interface ApplicationCase {
  id: string; receiptNumber: string | null; channel: string; status: string; statusLabel: string; subjectResidentId: string | null;
  answers: Record<string, unknown>; submittedAt: string | null;
}

export const taxiApi = {
  /** Submitted applications (「タクシー料金助成（電子タクシー券）の申請」) waiting in the 受付箱. */
  applications: () => request<{ items: ApplicationCase[] }>('GET', '/cases?procedureId=taxi-subsidy-application&limit=50').then((r) => r.items.filter((c) => ['submitted', 'accepted', 'in_review'].includes(c.status))),
  decideFromCase: (programmeId: string, caseId: string) =>
    request<{ beneficiary: Beneficiary }>('POST', `/taxi/programmes/${enc(programmeId)}/beneficiaries/from-case`, { caseId }).then((r) => r.beneficiary),
  programmes: () => request<{ programmes: Programme[] }>('GET', '/taxi/programmes').then((r) => r.programmes),
  report: (programmeId: string) => request<{ report: Report }>('GET', `/taxi/programmes/${enc(programmeId)}/report`).then((r) => r.report),
  operators: () => request<{ operators: Operator[] }>('GET', '/taxi/operators').then((r) => r.operators),
  eligibility: (programmeId: string, residentId: string, answers: Answers) => request<EligibilityCheck>('POST', `/taxi/programmes/${enc(programmeId)}/eligibility`, { residentId, answers }),
  decide: (programmeId: string, residentId: string, answers: Answers) =>
    request<{ beneficiary: Beneficiary }>('POST', `/taxi/programmes/${enc(programmeId)}/beneficiaries`, { residentId, answers }).then((r) => r.beneficiary),
  beneficiaries: (programmeId: string, q: string, status: string) =>
    request<{ beneficiaries: BeneficiaryRow[] }>('GET', `/taxi/programmes/${enc(programmeId)}/beneficiaries?${new URLSearchParams({ ...(q ? { q } : {}), ...(status ? { status } : {}) })}`).then((r) => r.beneficiaries),
  beneficiary: (id: string) => request<{ beneficiary: Beneficiary }>('GET', `/taxi/beneficiaries/${enc(id)}`).then((r) => r.beneficiary),
  changeStatus: (id: string, to: string, reason: string) => request<{ beneficiary: Beneficiary }>('POST', `/taxi/beneficiaries/${enc(id)}/status`, { to, reason }).then((r) => r.beneficiary),
  bindCard: (id: string, certificate: string) => request<{ beneficiary: Beneficiary }>('POST', `/taxi/beneficiaries/${enc(id)}/card`, { certificate, channel: 'counter' }).then((r) => r.beneficiary),
  revokeCard: (id: string, reason: string) => request<{ beneficiary: Beneficiary }>('POST', `/taxi/beneficiaries/${enc(id)}/card/revoke`, { reason }).then((r) => r.beneficiary),
  decisionPdfUrl: (id: string) => `/api/taxi/beneficiaries/${enc(id)}/decision.pdf`,
  claims: (status?: ClaimStatus) => request<{ claims: Claim[] }>('GET', `/taxi/claims${status ? `?status=${status}` : ''}`).then((r) => r.claims),
  claim: (id: string) => request<{ claim: Claim; lines: ClaimLine[] }>('GET', `/taxi/claims/${enc(id)}`),
  review: (id: string, body: { decision: 'approve' | 'adjust'; note: string | null; adjustments: { amountYen: number; reason: string; rideId: string | null }[] }) =>
    request<{ claim: Claim }>('POST', `/taxi/claims/${enc(id)}/review`, body).then((r) => r.claim),
  payment: (id: string, paidOn: string, reference: string) => request<{ claim: Claim }>('POST', `/taxi/claims/${enc(id)}/payment`, { paidOn, reference }).then((r) => r.claim),
  claimPdfUrl: (id: string) => `/api/taxi/claims/${enc(id)}/claim.pdf`,
  claimCsvUrl: (id: string, encoding: 'utf-8' | 'shift_jis') => `/api/taxi/claims/${enc(id)}/rides.csv?encoding=${encoding}`,
  anomalies: (programmeId: string, from: string, to: string, includeReviewed: boolean) =>
    request<{ anomalies: Anomaly[] }>('GET', `/taxi/programmes/${enc(programmeId)}/anomalies?${new URLSearchParams({ from, to, includeReviewed: String(includeReviewed) })}`).then((r) => r.anomalies),
  reviewAnomaly: (programmeId: string, key: string, status: 'checked' | 'dismissed', note: string) => request<{ ok: true }>('POST', `/taxi/programmes/${enc(programmeId)}/anomalies/review`, { key, status, note }),
  resolveRide: (rideId: string, decision: 'approved' | 'refused', note: string) => request<{ ok: true }>('POST', `/taxi/rides/${enc(rideId)}/resolution`, { decision, note }),
};

export interface ImportRow {
  rowNo: number;
  data: { name: string; kana: string; birthDate: string | null; birthText: string; address: string; category: string; ticket: string };
  match: 'matched' | 'doubtful' | 'unmatched' | 'invalid';
  decision: 'pending' | 'imported' | 'skipped';
  residentId: string | null;
  candidates: { residentId: string; name: string; kana: string; birthDate: string; address: string; status: string }[];
  note: string;
  beneficiaryId: string | null;
}

/** Paper-ticket holders brought over from CSV (UTF-8 or Shift_JIS; the server detects which). */
export const importApi = {
  upload: async (programmeId: string, file: File) => {
    let response: Response;
    try {
      response = await fetch(`/api/taxi/programmes/${enc(programmeId)}/imports?filename=${enc(file.name)}`, { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'text/csv' }, credentials: 'same-origin', body: await file.arrayBuffer() });
    } catch {
      throw networkError();
    }
    const body = (await response.json().catch(() => undefined)) as unknown;
    if (!response.ok) throw errorFromReply(response.status, body, response.headers.get('x-request-id'));
    return body as { importId: string; encoding: string; rows: number; imported: number; doubtful: number; unmatched: number; invalid: number; notEligible: number };
  },
  get: (importId: string) => request<{ rows: ImportRow[] }>('GET', `/taxi/imports/${enc(importId)}`),
  decide: (importId: string, rowNo: number, decision: 'import' | 'skip', residentId: string | null) =>
    request<{ rows: ImportRow[] }>('POST', `/taxi/imports/${enc(importId)}/rows/${rowNo}`, { decision, residentId }),
};

/** Administrators: the programme's rules and budget, the operators, their vehicles, terminals and logins. */
export const settingsApi = {
  operators: () => request<{ operators: Operator[] }>('GET', '/taxi/operators').then((r) => r.operators),
  publishRules: (programmeId: string, body: { rules: Rules; note: string; effectiveFrom: string | null; baseVersion: number }) =>
    request<{ programme: Programme }>('POST', `/taxi/programmes/${enc(programmeId)}/rules`, body).then((r) => r.programme),
  updateProgramme: (programmeId: string, body: { name: string; budgetYen: number; status: Programme['status']; departmentId: string | null; operatorIds: string[] }) =>
    request<{ programme: Programme }>('PATCH', `/taxi/programmes/${enc(programmeId)}`, body).then((r) => r.programme),
  createOperator: (body: { code: string; name: string; address: string }) => request<{ operator: Operator }>('POST', '/taxi/operators', body).then((r) => r.operator),
  addVehicle: (operatorId: string, registrationNumber: string) => request<{ operator: Operator }>('POST', `/taxi/operators/${enc(operatorId)}/vehicles`, { registrationNumber }),
  addTerminal: (operatorId: string, body: { label: string; vehicleId: string | null; deviceId: string | null }) => request<{ operator: Operator }>('POST', `/taxi/operators/${enc(operatorId)}/terminals`, body),
  addAccount: (operatorId: string, body: { loginId: string; displayName: string; password: string }) => request<{ operator: Operator }>('POST', `/taxi/operators/${enc(operatorId)}/accounts`, body),
  /** Links a terminal to a device from 端末の管理 (kind taxi), or unlinks it (null). */
  linkDevice: (operatorId: string, terminalId: string, deviceId: string | null) =>
    request<{ operator: Operator }>('PUT', `/taxi/operators/${enc(operatorId)}/terminals/${enc(terminalId)}/device`, { deviceId }).then((r) => r.operator),
  /** Next fiscal year's programme, created as a draft with this year's rules, budget and operators. */
  createProgramme: (body: { fiscalYear: number; name: string; budgetYen: number; departmentId: string | null; status: Programme['status']; rules: Rules; operatorIds: string[] }) =>
    request<{ programme: Programme }>('POST', '/taxi/programmes', body).then((r) => r.programme),
};

export interface Driver { id: string; code: string; name: string; active: boolean }

/** An operator's drivers: the city's administrators for any operator, the office for its own. */
export const driversApi = {
  list: (operatorId: string) => request<{ drivers: Driver[] }>('GET', `/taxi/operators/${enc(operatorId)}/drivers`).then((r) => r.drivers),
  create: (operatorId: string, body: { code: string; name: string; pin: string }) => request<Driver>('POST', `/taxi/operators/${enc(operatorId)}/drivers`, body),
  update: (operatorId: string, driverId: string, body: { active?: boolean; pin?: string }) => request<Driver>('PATCH', `/taxi/operators/${enc(operatorId)}/drivers/${enc(driverId)}`, body),
};

export const operatorApi = {
  me: () => request<{ operator: Operator }>('GET', '/taxi/operator/me').then((r) => r.operator),
  rides: (month: string) => request<{ rides: Ride[] }>('GET', `/taxi/operator/rides?month=${month}`).then((r) => r.rides),
  claims: () => request<{ claims: Claim[] }>('GET', '/taxi/operator/claims').then((r) => r.claims),
  generate: (month: string) => request<{ claim: Claim; lines: ClaimLine[] }>('POST', '/taxi/operator/claims', { month }),
  claim: (id: string) => request<{ claim: Claim; lines: ClaimLine[] }>('GET', `/taxi/operator/claims/${enc(id)}`),
  submit: (id: string) => request<{ claim: Claim }>('POST', `/taxi/operator/claims/${enc(id)}/submit`).then((r) => r.claim),
  claimPdfUrl: (id: string) => `/api/taxi/operator/claims/${enc(id)}/claim.pdf`,
  claimCsvUrl: (id: string, encoding: 'utf-8' | 'shift_jis') => `/api/taxi/operator/claims/${enc(id)}/rides.csv?encoding=${encoding}`,
};

export const yen = (n: number) => `${n.toLocaleString('ja-JP')}円`;

/** 'YYYY-MM' → 令和8年10月 (Japan's calendar; 2019-05 onwards is 令和). */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const reiwa = y - 2018;
  return reiwa >= 1 && !(y === 2019 && m < 5) ? `令和${reiwa === 1 ? '元' : reiwa}年${m}月` : `${y}年${m}月`;
}

/** An instant as Japan's date and time: 令和8年10月5日 10:00. */
export function dateTimeLabel(iso: string): string {
  const d = new Date(new Date(iso).getTime() + 9 * 3600_000);
  return `${monthLabel(d.toISOString().slice(0, 7))}${d.getUTCDate()}日 ${d.toISOString().slice(11, 16)}`;
}

/** The last closed month ('YYYY-MM') in Japan. */
export function lastMonth(now = new Date()): string {
  const d = new Date(now.getTime() + 9 * 3600_000);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  return m === 0 ? `${y - 1}-12` : `${y}-${String(m).padStart(2, '0')}`;
}
