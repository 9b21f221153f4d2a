import { MutationCache, QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useState } from 'react';
import { ApiProvider } from '../api/ApiProvider';
import type { ApiClient } from '../api/client';
import { ApiError } from '../api/errors';
import { meQueryKey } from './auth';
import { createAppRouter, type AppRouter } from './router';

function shouldRetry(failureCount: number, error: unknown): boolean {
  // A 4xx will not change by asking again; a dropped connection on a tablet often will.
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export function createAppQueryClient(onSessionEnded: () => void): QueryClient {
  const handleError = (error: unknown) => {
    if (error instanceof ApiError && error.code === 'AUTH_REQUIRED') onSessionEnded();
  };
  return new QueryClient({
    queryCache: new QueryCache({ onError: handleError }),
    mutationCache: new MutationCache({ onError: handleError }),
    defaultOptions: {
      queries: { retry: shouldRetry, staleTime: 30_000, refetchOnWindowFocus: false },
      mutations: { retry: false },
    },
  });
}

interface AppState {
  queryClient: QueryClient;
  router: AppRouter;
}

function createAppState(api: ApiClient): AppState {
  // The session can expire while a screen is open; any request that finds it gone sends the
  // person back to login and then returns them to where they were.
  const state: { router?: AppRouter } = {};
  const queryClient = createAppQueryClient(() => {
    queryClient.setQueryData(meQueryKey, null);
    const router = state.router;
    if (router && router.state.location.pathname !== '/login') {
      void router.navigate({ to: '/login', search: { redirect: router.state.location.href } });
    }
  });
  const router = createAppRouter({ queryClient, api });
  state.router = router;
  return { queryClient, router };
}

export function App({ api }: { api: ApiClient }) {
  const [{ queryClient, router }] = useState(() => createAppState(api));
  return (
    <ApiProvider client={api}>
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </ApiProvider>
  );
}
