/**
 * The online module's routes for the tenant-isolation test: city A's admin (and, for the portal,
 * city A's portal path) aimed at city B's online case and procedure. Kept beside the routes so a
 * new route and its case change together.
 */
export function onlineIsolationCases(bCaseId: string): Record<string, { method: string; path: string; body?: unknown }[]> {
  const a = '/api/portal/062120';
  const rule = { enabled: true, authLevel: 'account', signatureRequired: false, feeYen: 0, onePerPerson: false, receivingDepartmentId: null, openFrom: null, openUntil: null };
  return {
    'GET /portal/{code}': [{ method: 'GET', path: a }],
    'GET /portal/{code}/procedures': [{ method: 'GET', path: `${a}/procedures` }],
    'GET /portal/{code}/procedures/{procedureId}': [{ method: 'GET', path: `${a}/procedures/oishida-only` }],
    // Account routes create or use city A's own accounts only; they take no other city's ids.
    'POST /portal/{code}/account/register': [],
    'POST /portal/{code}/account/login-link': [],
    'POST /portal/{code}/account/redeem': [],
    'POST /portal/{code}/account/login': [],
    'POST /portal/{code}/account/logout': [{ method: 'POST', path: `${a}/account/logout` }],
    'GET /portal/{code}/account/me': [{ method: 'GET', path: `${a}/account/me` }],
    'GET /portal/{code}/applications': [{ method: 'GET', path: `${a}/applications` }],
    'POST /portal/{code}/applications': [{ method: 'POST', path: `${a}/applications`, body: { procedureId: 'oishida-only', idempotencyKey: 'intruder-key' } }],
    'GET /portal/{code}/applications/{id}': [{ method: 'GET', path: `${a}/applications/${bCaseId}` }],
    'PUT /portal/{code}/applications/{id}/answers': [{ method: 'PUT', path: `${a}/applications/${bCaseId}/answers`, body: { answers: { 氏名: '乗っ取り' } } }],
    'POST /portal/{code}/applications/{id}/submit': [{ method: 'POST', path: `${a}/applications/${bCaseId}/submit`, body: { idempotencyKey: 'intruder-key', declaration: true } }],
    'POST /portal/{code}/applications/{id}/withdraw': [{ method: 'POST', path: `${a}/applications/${bCaseId}/withdraw`, body: {} }],
    'POST /portal/{code}/applications/{id}/messages': [{ method: 'POST', path: `${a}/applications/${bCaseId}/messages`, body: { body: 'x' } }],
    'GET /portal/{code}/applications/{id}/application.pdf': [{ method: 'GET', path: `${a}/applications/${bCaseId}/application.pdf` }],
    'GET /portal/{code}/applications/{id}/result.pdf': [{ method: 'GET', path: `${a}/applications/${bCaseId}/result.pdf` }],
    // Uploads, downloads and deletes aimed at city B's case, and B's case's files (none can be named: ids are B's case id).
    'POST /portal/{code}/applications/{id}/attachments/{attachmentId}': [{ method: 'POST', path: `${a}/applications/${bCaseId}/attachments/birth-certificate`, body: {} }],
    'GET /portal/{code}/applications/{id}/attachments/{fileId}': [{ method: 'GET', path: `${a}/applications/${bCaseId}/attachments/${bCaseId}` }],
    'DELETE /portal/{code}/applications/{id}/attachments/{fileId}': [{ method: 'DELETE', path: `${a}/applications/${bCaseId}/attachments/${bCaseId}` }],
    'GET /online/cases/{id}/attachments': [{ method: 'GET', path: `/api/online/cases/${bCaseId}/attachments` }],
    'GET /online/cases/{id}/attachments/{fileId}': [{ method: 'GET', path: `/api/online/cases/${bCaseId}/attachments/${bCaseId}` }],
    'GET /online/cases/{id}/pipeline': [{ method: 'GET', path: `/api/online/cases/${bCaseId}/pipeline` }],
    'POST /online/cases/{id}/pipeline/{jobId}/retry': [{ method: 'POST', path: `/api/online/cases/${bCaseId}/pipeline/${bCaseId}/retry` }],
    'GET /online/export.csv': [{ method: 'GET', path: '/api/online/export.csv?procedureId=oishida-only' }, { method: 'GET', path: '/api/online/export.csv?procedureId=child-allowance-claim' }],
    // Runs for the caller's own city only; city B's closed cases keep their answers.
    'POST /online/retention/run': [{ method: 'POST', path: '/api/online/retention/run' }],
    'GET /online/publications': [{ method: 'GET', path: '/api/online/publications' }],
    'PUT /online/publications/{procedureId}': [{ method: 'PUT', path: '/api/online/publications/oishida-only', body: rule }],
    'GET /online/cases/{id}/messages': [{ method: 'GET', path: `/api/online/cases/${bCaseId}/messages` }],
    'POST /online/cases/{id}/messages': [{ method: 'POST', path: `/api/online/cases/${bCaseId}/messages`, body: { body: '乗っ取り' } }],
    'POST /online/cases/{id}/decision': [{ method: 'POST', path: `/api/online/cases/${bCaseId}/decision`, body: { to: 'rejected', note: '乗っ取り', expected: 'submitted' } }],
    'POST /online/cases/{id}/correction-request': [{ method: 'POST', path: `/api/online/cases/${bCaseId}/correction-request`, body: { note: '乗っ取り', expected: 'submitted' } }],
  };
}
