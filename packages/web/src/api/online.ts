import type { CaseRecord, ClientCore, InboxQuery } from './counter';

// スマート申請 for staff: publishing rules per procedure, the core-system CSV export, fees, and the
// inbox's assignment and bulk actions. Mounted by client.ts as `api.online`.

export type AuthLevel = 'none' | 'account' | 'card';

export interface PublicationRule {
  enabled: boolean;
  authLevel: AuthLevel;
  signatureRequired: boolean;
  feeYen: number;
  onePerPerson: boolean;
  receivingDepartmentId: string | null;
  openFrom: string | null;
  openUntil: string | null;
}

export interface Publication {
  procedureId: string;
  title: string;
  departmentName: string;
  departmentId: string | null;
  rule: PublicationRule;
  saved: boolean;
  updatedAt: string | null;
  canEdit: boolean;
  template: boolean;
  /** The ready-made rule for a national priority procedure, if there is one. */
  templateRule: Omit<PublicationRule, 'receivingDepartmentId' | 'openFrom' | 'openUntil'> | null;
}

export interface StaffFee {
  caseId: string;
  amountYen: number;
  status: 'none' | 'unpaid' | 'paid';
  method: 'online' | 'counter' | null;
  statusLabel: string;
  paidAt: string | null;
  counterReceiptNo: string | null;
  payments: { id: string; providerLabel: string; amountYen: number; status: string; statusLabel: string; failure: string | null; createdAt: string; paidAt: string | null }[];
}

export interface FeeSummary {
  caseId: string;
  amountYen: number;
  status: 'unpaid' | 'paid';
  method: 'online' | 'counter' | null;
  statusLabel: string;
}

export type WorkCase = CaseRecord & { assignedStaffId: string | null };
export type InboxSort = 'submitted_desc' | 'submitted_asc' | 'updated_desc';
export interface WorkInboxQuery extends InboxQuery {
  assignee?: string;
  receipt?: string;
  sort?: InboxSort;
}

export interface Assignee {
  id: string;
  displayName: string;
  departmentIds: string[];
}

export interface BulkResult {
  results: { caseId: string; ok: boolean; receiptNumber: string | null; code?: string; message?: string }[];
  done: number;
  failed: number;
}

export type TemplatePurpose = 'correction' | 'message';
/** 定型文 for staff replies (補正の依頼 or a message), city-wide or for one procedure / department. */
export interface MessageTemplateInput {
  purpose: TemplatePurpose;
  procedureId: string | null;
  departmentId: string | null;
  title: string;
  body: string;
  sortOrder: number;
}
export interface MessageTemplate extends MessageTemplateInput {
  id: string;
  purposeLabel: string;
  updatedAt: string;
  canEdit: boolean;
}
export function onlineStaffApi({ call, baseUrl }: ClientCore) {
  const oc = (id: string) => `/online/cases/${encodeURIComponent(id)}`;
  return {
    publications: async (): Promise<Publication[]> => (await call<{ items: Publication[] }>('GET', '/online/publications')).items,
    messageTemplates: async (q: { procedureId?: string; purpose?: TemplatePurpose } = {}): Promise<MessageTemplate[]> =>
      (await call<{ items: MessageTemplate[] }>('GET', '/online/message-templates', { query: { ...q } })).items,
    createMessageTemplate: async (t: MessageTemplateInput): Promise<MessageTemplate> =>
      (await call<{ template: MessageTemplate }>('POST', '/online/message-templates', { json: t })).template,
    updateMessageTemplate: async (id: string, t: MessageTemplateInput): Promise<MessageTemplate> =>
      (await call<{ template: MessageTemplate }>('PUT', `/online/message-templates/${encodeURIComponent(id)}`, { json: t })).template,
    deleteMessageTemplate: (id: string): Promise<unknown> => call('DELETE', `/online/message-templates/${encodeURIComponent(id)}`),
    setPublication: async (procedureId: string, rule: PublicationRule): Promise<PublicationRule> =>
      (await call<{ rule: PublicationRule }>('PUT', `/online/publications/${encodeURIComponent(procedureId)}`, { json: rule })).rule,
    exportUrl: (q: { procedureId: string; status?: string; encoding: 'utf-8' | 'shift_jis'; ids?: string[] }): string => {
      const params = new URLSearchParams({ procedureId: q.procedureId, encoding: q.encoding });
      if (q.status) params.set('status', q.status);
      if (q.ids?.length) params.set('ids', q.ids.join(','));
      return `${baseUrl}/api/online/export.csv?${params.toString()}`;
    },
    fee: async (caseId: string): Promise<StaffFee> => (await call<{ fee: StaffFee }>('GET', `${oc(caseId)}/fee`)).fee,
    recordCounterPayment: async (caseId: string, body: { receiptNo: string; amountYen: number }): Promise<StaffFee> =>
      (await call<{ fee: StaffFee }>('POST', `${oc(caseId)}/fee/counter-payment`, { json: body })).fee,
    fees: async (caseIds: string[]): Promise<FeeSummary[]> =>
      caseIds.length === 0 ? [] : (await call<{ items: FeeSummary[] }>('GET', '/online/fees', { query: { ids: caseIds.join(',') } })).items,
    inbox: (query: WorkInboxQuery): Promise<{ items: WorkCase[]; total: number }> => call('GET', '/cases', { query: { ...query } }),
    assignable: async (): Promise<Assignee[]> => (await call<{ items: Assignee[] }>('GET', '/cases/assignable')).items,
    assign: (caseId: string, body: { staffId: string | null; expected?: string | null }): Promise<{ caseId: string; assignedStaffId: string | null }> =>
      call('POST', `/cases/${encodeURIComponent(caseId)}/assignment`, { json: body }),
    bulk: (body: { action: 'accept' | 'assign'; caseIds: string[]; staffId?: string | null }): Promise<BulkResult> => call('POST', '/cases/bulk', { json: body }),
  };
}
