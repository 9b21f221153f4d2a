import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';

export const staffListKey = ['admin', 'staff'] as const;

export function staffListQuery(api: ApiClient) {
  return queryOptions({ queryKey: staffListKey, queryFn: () => api.staff.list() });
}

export function municipalityQuery(api: ApiClient) {
  // Departments rarely change; one read per session is enough.
  return queryOptions({ queryKey: ['municipality'], queryFn: () => api.municipality.get(), staleTime: 10 * 60_000 });
}
