import type { ProcedureDefinition } from '@madoguchi/procedures';
import { errorFromReply, networkError, unexpectedReplyError } from '../../api/errors';

// The resident portal talks to its own public API (/api/portal/{code}/…) with its own session
// cookie; it shares nothing with the staff client, so the portal chunk stays small.

export type CaseStatus = 'draft' | 'submitted' | 'accepted' | 'in_review' | 'returned' | 'completed' | 'rejected' | 'withdrawn';
export type LifeEvent = 'moveIn' | 'moveOut' | 'moveWithin' | 'householdChange' | 'birth' | 'death' | 'marriage' | 'divorce';

export interface PortalInfo {
  municipality: { name: string; prefecture: string; code: string };
  mailConfigured: boolean;
}

export interface OnlineProcedure {
  procedureId: string;
  version: number;
  title: string;
  summary: string;
  kind: 'notification' | 'application';
  departmentName: string;
  departmentId: string | null;
  lifeEvents: { kind: LifeEvent; label: string }[];
  deadline: string | null;
  bring: string[];
  attachments: { id: string; label: string; accept: string[]; maxSizeMb: number }[];
  feeYen: number;
  authLevel: 'none' | 'account' | 'card';
  signatureRequired: boolean;
  onePerPerson: boolean;
  openUntil: string | null;
}

export interface PortalAccount {
  email: string;
  displayName: string;
}

export type Answers = Record<string, unknown>;
export type FieldErrors = Record<string, { code: string; message: string }[]>;

export interface PortalCase {
  id: string;
  receiptNumber: string | null;
  procedureId: string;
  status: CaseStatus;
  statusLabel: string;
  answers: Answers;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  closedAt: string | null;
}

export interface Application {
  case: PortalCase;
  definition: ProcedureDefinition;
  rule: { signatureRequired: boolean; feeYen: number };
  declaredAt: string | null;
  errors: FieldErrors;
  canEdit: boolean;
  canWithdraw: boolean;
  correction: string | null;
  timeline: { at: string; status: CaseStatus | null; statusLabel: string | null; note: string | null }[];
  messages: { id: string; from: 'staff' | 'resident'; body: string; at: string }[];
  attachments: Attachment[];
}

export interface Attachment {
  id: string;
  attachmentId: string;
  filename: string;
  mediaType: string;
  sizeBytes: number;
  sha256: string;
  createdAt: string;
}

export interface ApplicationSummary {
  id: string;
  receiptNumber: string | null;
  status: CaseStatus;
  statusLabel: string;
  procedureId: string;
  title: string;
  updatedAt: string;
  submittedAt: string | null;
}

/** The portal's one request function (portal, payments, card): same-origin, JSON or a file, errors in Japanese. */
export async function request<T>(method: string, path: string, json?: unknown, file?: Blob): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  // The server requires a JSON content type on every mutating request, even without a body;
  // a file goes as its own bytes (application/octet-stream) and the server judges it by content.
  if (method !== 'GET') headers['Content-Type'] = file ? 'application/octet-stream' : 'application/json';
  let response: Response;
  try {
    const body = file ? await file.arrayBuffer() : method !== 'GET' ? JSON.stringify(json ?? {}) : undefined;
    response = await fetch(`/api${path}`, { method, headers, credentials: 'same-origin', ...(body !== undefined ? { body } : {}) });
  } catch {
    throw networkError();
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) throw errorFromReply(response.status, body, response.headers.get('x-request-id'));
  if (body === undefined && response.status !== 204) throw unexpectedReplyError(response.status, response.headers.get('x-request-id'));
  return body as T;
}

/** A random key for one user action, so a retried or double-clicked request counts once. */
export const newActionKey = () => crypto.randomUUID();

export function portalApi(code: string) {
  const base = `/portal/${encodeURIComponent(code)}`;
  const app = (id: string) => `${base}/applications/${encodeURIComponent(id)}`;
  return {
    info: () => request<PortalInfo>('GET', base),
    procedures: (f: { q?: string; lifeEvent?: LifeEvent | undefined }) => {
      const params = new URLSearchParams();
      if (f.q) params.set('q', f.q);
      if (f.lifeEvent) params.set('lifeEvent', f.lifeEvent);
      const qs = params.toString();
      return request<{ items: OnlineProcedure[] }>('GET', `${base}/procedures${qs ? `?${qs}` : ''}`).then((r) => r.items);
    },
    procedure: (id: string) => request<{ procedure: OnlineProcedure; definition: ProcedureDefinition }>('GET', `${base}/procedures/${encodeURIComponent(id)}`),
    me: () => request<{ account: PortalAccount | null }>('GET', `${base}/account/me`).then((r) => r.account),
    register: (b: { email: string; password: string; displayName: string }) => request<{ sent: boolean }>('POST', `${base}/account/register`, b),
    loginLink: (email: string) => request<{ sent: boolean }>('POST', `${base}/account/login-link`, { email }),
    redeem: (token: string) => request<{ account: PortalAccount }>('POST', `${base}/account/redeem`, { token }).then((r) => r.account),
    login: (b: { email: string; password: string }) => request<{ account: PortalAccount }>('POST', `${base}/account/login`, b).then((r) => r.account),
    logout: () => request<null>('POST', `${base}/account/logout`),
    applications: () => request<{ items: ApplicationSummary[] }>('GET', `${base}/applications`).then((r) => r.items),
    start: (procedureId: string, idempotencyKey: string) => request<{ case: PortalCase }>('POST', `${base}/applications`, { procedureId, idempotencyKey }).then((r) => r.case),
    application: (id: string) => request<Application>('GET', app(id)),
    save: (id: string, answers: Answers) => request<{ case: PortalCase; errors: FieldErrors }>('PUT', `${app(id)}/answers`, { answers }),
    submit: (id: string, idempotencyKey: string) => request<{ case: PortalCase }>('POST', `${app(id)}/submit`, { idempotencyKey, declaration: true }).then((r) => r.case),
    withdraw: (id: string) => request<{ case: PortalCase }>('POST', `${app(id)}/withdraw`, {}).then((r) => r.case),
    upload: (id: string, attachmentId: string, file: File) =>
      request<{ attachment: Attachment }>('POST', `${app(id)}/attachments/${encodeURIComponent(attachmentId)}?filename=${encodeURIComponent(file.name)}`, undefined, file).then((r) => r.attachment),
    removeFile: (id: string, fileId: string) => request<null>('DELETE', `${app(id)}/attachments/${encodeURIComponent(fileId)}`),
    fileUrl: (id: string, fileId: string) => `/api${app(id)}/attachments/${encodeURIComponent(fileId)}`,
    message: (id: string, body: string) => request<{ message: Application['messages'][number] }>('POST', `${app(id)}/messages`, { body }),
  };
}
export type PortalApi = ReturnType<typeof portalApi>;
