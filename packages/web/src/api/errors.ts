// Every failure the screens can see is an ApiError with a stable code and a Japanese message that
// tells the user what to do next, whether the server sent it or the network never reached it.

export interface ApiErrorDetail {
  path: string;
  message: string;
}

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  readonly code: string;
  readonly details: ApiErrorDetail[];
  readonly requestId: string | null;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    details?: ApiErrorDetail[];
    requestId?: string | null;
  }) {
    super(init.message);
    this.status = init.status;
    this.code = init.code;
    this.details = init.details ?? [];
    this.requestId = init.requestId ?? null;
  }
}

export const NETWORK_ERROR_MESSAGE =
  'サーバーに接続できませんでした。ネットワークの接続を確認して、もう一度お試しください。';

export const SERVER_ERROR_MESSAGE =
  'サーバーでエラーが発生しました。しばらく待ってからもう一度お試しください。続く場合はシステム管理者に連絡してください。';

const UNEXPECTED_REPLY_MESSAGE =
  'サーバーから想定外の応答がありました。画面を再読み込みして、もう一度お試しください。';

export function networkError(): ApiError {
  return new ApiError({ status: 0, code: 'NETWORK_ERROR', message: NETWORK_ERROR_MESSAGE });
}

export function unexpectedReplyError(status: number, requestId: string | null): ApiError {
  return new ApiError({ status, code: 'UNEXPECTED_REPLY', message: UNEXPECTED_REPLY_MESSAGE, requestId });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function readDetails(value: unknown): ApiErrorDetail[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item: unknown) =>
    isRecord(item) && typeof item.path === 'string' && typeof item.message === 'string'
      ? [{ path: item.path, message: item.message }]
      : [],
  );
}

/**
 * Turns a failed reply into an ApiError. A body in the contract's error shape is trusted as is; any
 * other body (a proxy's HTML page, an empty 502) gets a generic message chosen by status, because
 * showing raw server text to counter staff helps nobody.
 */
export function errorFromReply(status: number, body: unknown, requestId: string | null): ApiError {
  const error = isRecord(body) ? body.error : undefined;
  if (isRecord(error) && typeof error.code === 'string' && typeof error.message === 'string') {
    return new ApiError({
      status,
      code: error.code,
      message: error.message,
      details: readDetails(error.details),
      requestId,
    });
  }
  if (status >= 500) {
    return new ApiError({ status, code: 'SERVER_ERROR', message: SERVER_ERROR_MESSAGE, requestId });
  }
  return unexpectedReplyError(status, requestId);
}

/**
 * Error details keyed by field path, for showing each message next to its input. A nested path
 * ("roles.0") is also filed under its top field ("roles"), which is where a form shows it.
 */
export function detailsByPath(error: unknown): Map<string, string> {
  const byPath = new Map<string, string>();
  if (!(error instanceof ApiError)) return byPath;
  for (const detail of error.details) {
    const top = detail.path.split('.')[0] ?? detail.path;
    for (const key of [detail.path, top]) {
      if (!byPath.has(key)) byPath.set(key, detail.message);
    }
  }
  return byPath;
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}
