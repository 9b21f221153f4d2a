/**
 * The signing, card login and guest routes for the tenant-isolation test: city A's admin (and city
 * A's portal path) aimed at city B's online case. Kept beside the routes so they change together.
 */
export function onlineSigningIsolationCases(bCaseId: string): Record<string, { method: string; path: string; body?: unknown }[]> {
  const a = '/api/portal/062120';
  return {
    'GET /portal/{code}/applications/{id}/signing-content': [{ method: 'GET', path: `${a}/applications/${bCaseId}/signing-content` }],
    'POST /portal/{code}/applications/{id}/submit-signed': [{ method: 'POST', path: `${a}/applications/${bCaseId}/submit-signed`, body: { idempotencyKey: 'intruder-key', declaration: true, signature: 'MAA=' } }],
    'GET /online/cases/{id}/signatures': [{ method: 'GET', path: `/api/online/cases/${bCaseId}/signatures` }],
    'GET /online/cases/{id}/signatures/{signatureId}/cms': [{ method: 'GET', path: `/api/online/cases/${bCaseId}/signatures/${bCaseId}/cms` }],
    // Challenges and card links are made for the portal's own city only; they take no other city's ids.
    'POST /portal/{code}/card-login/challenge': [{ method: 'POST', path: `${a}/card-login/challenge` }],
    'POST /portal/{code}/card-login': [{ method: 'POST', path: `${a}/card-login`, body: { challengeId: bCaseId, certificate: 'MAA=', signature: 'MAA=' } }],
    'GET /portal/{code}/account/card': [{ method: 'GET', path: `${a}/account/card` }],
    // Unlinking acts on the logged-in account of the portal's city only.
    'DELETE /portal/{code}/account/card': [{ method: 'DELETE', path: `${a}/account/card` }],
    // City B's procedure cannot be named from city A's portal.
    'POST /portal/{code}/guest': [{ method: 'POST', path: `${a}/guest`, body: { email: 'intruder@example.jp', displayName: '乗っ取り', procedureId: 'oishida-only' } }],
  };
}
