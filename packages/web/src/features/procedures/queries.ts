import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';

export const catalogueKey = ['procedures'] as const;
export const procedureKey = (procedureId: string) => ['procedures', procedureId] as const;
export const navigatorKey = ['navigator', 'rules'] as const;

export function catalogueQuery(api: ApiClient) {
  return queryOptions({ queryKey: catalogueKey, queryFn: () => api.procedures.list() });
}

export function procedureQuery(api: ApiClient, procedureId: string) {
  return queryOptions({ queryKey: procedureKey(procedureId), queryFn: () => api.procedures.get(procedureId) });
}

export function procedureCasesQuery(api: ApiClient, procedureId: string) {
  return queryOptions({ queryKey: [...procedureKey(procedureId), 'cases'], queryFn: () => api.procedures.cases(procedureId) });
}

export function navigatorQuery(api: ApiClient) {
  return queryOptions({ queryKey: navigatorKey, queryFn: () => api.navigator.get() });
}
