import type { EnrolRequest, EnrolResponse, PushRequest, PushResponse } from './protocol';

/** The error body the server sends (AppError). */
export class SyncHttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body: unknown,
  ) {
    super(message);
    this.name = 'SyncHttpError';
  }
}

/** How a device reaches the server. `authorize` signs the exact body the transport sends. */
export interface SyncTransport {
  enrol(request: EnrolRequest): Promise<EnrolResponse>;
  push(request: PushRequest, authorize: Authorizer): Promise<PushResponse>;
  /** Any other device-authenticated call (pulls of the owning modules). */
  request<T>(method: string, pathWithQuery: string, body: unknown, authorize: Authorizer): Promise<T>;
}

/** Returns the x-device-auth header for (method, path with query, body text). */
export type Authorizer = (method: string, pathWithQuery: string, body: string) => Promise<string>;

export interface HttpTransportOptions {
  fetch?: typeof fetch;
  /** Path prefix of the API on the server. */
  apiPath?: string;
}

/**
 * HTTP transport. Batching and resumption live in DeviceOutbox.sync: a dropped connection is just
 * an exception here; the next sync resends the same events and the server answers 'duplicate'.
 */
export function httpSyncTransport(baseUrl: string, opts: HttpTransportOptions = {}): SyncTransport {
  const f = opts.fetch ?? ((input, init) => fetch(input, init));
  const api = opts.apiPath ?? '/api';
  const base = baseUrl.replace(/\/+$/, '');

  async function send<T>(method: string, pathWithQuery: string, body: unknown, authorize: Authorizer | null): Promise<T> {
    const text = body === undefined ? '' : JSON.stringify(body);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const fullPath = `${api}${pathWithQuery}`;
    if (authorize) headers['x-device-auth'] = await authorize(method, fullPath, text);
    const res = await f(`${base}${fullPath}`, { method, headers, ...(body !== undefined ? { body: text } : {}) });
    const raw = await res.text();
    let parsed: unknown = null;
    try {
      parsed = raw ? JSON.parse(raw) : null;
    } catch {
      parsed = raw;
    }
    if (!res.ok) {
      const err = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
      throw new SyncHttpError(res.status, err?.code ?? `HTTP_${res.status}`, err?.message ?? `サーバーとの通信に失敗しました（${res.status}）。`, parsed);
    }
    return parsed as T;
  }

  return {
    enrol: (request) => send<EnrolResponse>('POST', '/device-sync/enrol', request, null),
    push: (request, authorize) => send<PushResponse>('POST', '/device-sync/push', request, authorize),
    request: (method, pathWithQuery, body, authorize) => send(method, pathWithQuery, body, authorize),
  };
}
