/**
 * The inbox work routes for the tenant-isolation test: city A's admin assigns city B's case (to
 * nobody, or to B's own staff) and names it in bulk actions. Nothing of B may change or show.
 */
export function caseWorkIsolationCases(bCaseId: string, bStaffId: string): Record<string, { method: string; path: string; body?: unknown }[]> {
  return {
    'GET /cases/assignable': [{ method: 'GET', path: '/api/cases/assignable' }],
    'POST /cases/{id}/assignment': [
      { method: 'POST', path: `/api/cases/${bCaseId}/assignment`, body: { staffId: null } },
      { method: 'POST', path: `/api/cases/${bCaseId}/assignment`, body: { staffId: bStaffId } },
    ],
    'POST /cases/bulk': [
      { method: 'POST', path: '/api/cases/bulk', body: { action: 'accept', caseIds: [bCaseId] } },
      { method: 'POST', path: '/api/cases/bulk', body: { action: 'assign', caseIds: [bCaseId], staffId: bStaffId } },
    ],
  };
}
