/**
 * The fee and payment routes for the tenant-isolation test: city A's admin (and city A's portal
 * path) aimed at city B's online case. Payment references are per city, so B's cannot be named.
 */
export function paymentIsolationCases(bCaseId: string): Record<string, { method: string; path: string; body?: unknown }[]> {
  const a = '/api/portal/062120';
  const ref = 'b'.repeat(27);
  return {
    'GET /portal/{code}/applications/{id}/fee': [{ method: 'GET', path: `${a}/applications/${bCaseId}/fee` }],
    'POST /portal/{code}/applications/{id}/fee': [{ method: 'POST', path: `${a}/applications/${bCaseId}/fee`, body: { method: 'counter', idempotencyKey: 'intruder-key' } }],
    'POST /portal/{code}/applications/{id}/fee/refresh': [{ method: 'POST', path: `${a}/applications/${bCaseId}/fee/refresh` }],
    'GET /portal/{code}/payment-sandbox/{ref}': [{ method: 'GET', path: `${a}/payment-sandbox/${ref}` }],
    'POST /portal/{code}/payment-sandbox/{ref}': [{ method: 'POST', path: `${a}/payment-sandbox/${ref}`, body: { action: 'pay' } }],
    'POST /portal/{code}/payments/{provider}/notify': [{ method: 'POST', path: `${a}/payments/sandbox/notify`, body: { notificationId: 'intruder-0001', orderId: ref, status: 'paid', amountYen: 300 } }],
    'GET /online/cases/{id}/fee': [{ method: 'GET', path: `/api/online/cases/${bCaseId}/fee` }],
    'POST /online/cases/{id}/fee/counter-payment': [{ method: 'POST', path: `/api/online/cases/${bCaseId}/fee/counter-payment`, body: { receiptNo: 'R-1', amountYen: 300 } }],
    'GET /online/fees': [{ method: 'GET', path: `/api/online/fees?ids=${bCaseId}` }],
  };
}
