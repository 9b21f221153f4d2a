// The web package is an application; these exports let other packages (e2e journeys, future
// surfaces) reuse its typed API client rather than writing their own.
export { createApiClient } from './api/client';
export type { ApiClient, ApiClientOptions } from './api/client';
export { ApiError } from './api/errors';
export type { ApiErrorDetail } from './api/errors';
export type * from './api/types';
