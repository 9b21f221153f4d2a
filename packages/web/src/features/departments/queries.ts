import { queryOptions } from '@tanstack/react-query';
import type { ApiClient } from '../../api/client';

export const departmentListKey = ['admin', 'departments'] as const;
export const settingsKey = ['municipality', 'settings'] as const;

export function departmentListQuery(api: ApiClient) {
  return queryOptions({ queryKey: departmentListKey, queryFn: () => api.departments.list() });
}

export function settingsQuery(api: ApiClient) {
  return queryOptions({ queryKey: settingsKey, queryFn: () => api.municipality.settings() });
}
