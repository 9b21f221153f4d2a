import { request } from './portalApi';

// The portal's fee and payment calls (/api/portal/{code}/…): the resident's fee, the choice of how
// to pay, and the sandbox gateway's page. Kept beside portalApi, in the portal's chunk.

export type PaymentStatus = 'pending' | 'paid' | 'cancelled' | 'failed';

export interface Fee {
  caseId: string;
  amountYen: number;
  status: 'none' | 'unpaid' | 'paid';
  method: 'online' | 'counter' | null;
  statusLabel: string;
  paidAt: string | null;
  counterReceiptNo: string | null;
  payments: { id: string; provider: string; providerLabel: string; amountYen: number; status: PaymentStatus; statusLabel: string; failure: string | null; createdAt: string; paidAt: string | null }[];
  pendingUrl: string | null;
}

export interface PaymentProviderInfo {
  id: string;
  label: string;
  sandbox: boolean;
}

export interface SandboxPayment {
  merchant: string;
  amountYen: number;
  description: string;
  status: 'open' | 'paid' | 'cancelled' | 'failed';
  returnUrl: string;
}

export function paymentsApi(code: string) {
  const base = `/portal/${encodeURIComponent(code)}`;
  const fee = (caseId: string) => `${base}/applications/${encodeURIComponent(caseId)}/fee`;
  return {
    fee: (caseId: string) => request<{ fee: Fee; providers: PaymentProviderInfo[] }>('GET', fee(caseId)),
    choose: (caseId: string, body: { method: 'online' | 'counter'; provider?: string; idempotencyKey: string }) =>
      request<{ fee: Fee; redirectUrl: string | null }>('POST', fee(caseId), body),
    refresh: (caseId: string) => request<{ fee: Fee }>('POST', `${fee(caseId)}/refresh`).then((r) => r.fee),
    sandbox: (ref: string) => request<SandboxPayment>('GET', `${base}/payment-sandbox/${encodeURIComponent(ref)}`),
    decideSandbox: (ref: string, action: 'pay' | 'cancel' | 'fail') =>
      request<{ status: 'paid' | 'cancelled' | 'failed'; returnUrl: string; delivered: boolean }>('POST', `${base}/payment-sandbox/${encodeURIComponent(ref)}`, { action }),
  };
}

export const feeKey = (code: string, caseId: string) => ['portal', code, 'fee', caseId] as const;
export const yen = (n: number) => `${n.toLocaleString('ja-JP')}円`;
