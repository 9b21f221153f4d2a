import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ApiClient } from '../api/client';
import { useApi } from '../api/ApiProvider';
import type { Me } from '../api/types';

export const meQueryKey = ['auth', 'me'] as const;

export function meQueryOptions(api: ApiClient) {
  return queryOptions({
    queryKey: meQueryKey,
    queryFn: () => api.auth.me(),
    // The session is checked on every navigation; the server still checks every request.
    staleTime: 5 * 60_000,
  });
}

/** The signed-in staff member; null once the session has ended (the router then leads to login). */
export function useMe(): Me | null {
  const api = useApi();
  return useQuery(meQueryOptions(api)).data ?? null;
}

/** Only same-site paths may be a post-login target, so a crafted link cannot send staff elsewhere. */
export function safeRedirectPath(target: string | undefined): string {
  if (!target || !target.startsWith('/') || target.startsWith('//') || target.startsWith('/\\')) return '/';
  if (target.startsWith('/login')) return '/';
  return target;
}
