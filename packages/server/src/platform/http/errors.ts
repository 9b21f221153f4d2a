import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface ErrorDetail {
  path: string;
  message: string;
}

/**
 * An error the caller can act on. `code` is stable (clients and tests branch on it);
 * `message` is Japanese and says what to do next. Never put personal data in either.
 */
export class AppError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details: ErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (code: string, message: string) => new AppError(404, code, message);
export const badRequest = (code: string, message: string, details: ErrorDetail[] = []) =>
  new AppError(400, code, message, details);
export const forbidden = (code: string, message: string) => new AppError(403, code, message);

export const authRequired = () =>
  new AppError(401, 'AUTH_REQUIRED', 'ログインが必要です。もう一度ログインしてください。');

export const permissionDenied = () =>
  new AppError(403, 'PERMISSION_DENIED', 'この操作を行う権限がありません。必要な場合は管理者に権限の付与を依頼してください。');

export interface ErrorBody {
  error: { code: string; message: string; details?: ErrorDetail[] };
}

export function errorBody(err: AppError): ErrorBody {
  return {
    error: {
      code: err.code,
      message: err.message,
      ...(err.details.length > 0 ? { details: err.details } : {}),
    },
  };
}
