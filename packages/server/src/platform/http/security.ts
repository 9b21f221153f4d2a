import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { resolveSession, SESSION_COOKIE } from '../auth/session';
import { isAdmin, type Role, type StaffPrincipal } from '../auth/roles';
import { AppError, authRequired, permissionDenied } from './errors';
import type { AppEnv, Services } from './context';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * CSRF defence for a cookie-authenticated JSON API: a cross-site form post can't set
 * `Content-Type: application/json` without a preflight, and a browser's Origin can't be forged.
 */
export function csrfGuard(allowedOrigins: readonly string[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (!MUTATING.has(c.req.method)) return next();
    const origin = c.req.header('origin');
    if (origin) {
      const self = new URL(c.req.url);
      const host = c.req.header('host') ?? self.host;
      let originHost: string;
      try {
        originHost = new URL(origin).host;
      } catch {
        originHost = '';
      }
      if (originHost !== host && !allowedOrigins.includes(origin)) {
        throw new AppError(403, 'CSRF_ORIGIN_REJECTED', '別のサイトからの送信は受け付けられません。画面を開き直してから操作してください。');
      }
    } else if (c.req.header('sec-fetch-site') === 'cross-site') {
      throw new AppError(403, 'CSRF_ORIGIN_REJECTED', '別のサイトからの送信は受け付けられません。画面を開き直してから操作してください。');
    }
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const hasBody = c.req.header('content-length') !== '0' && c.req.header('content-length') !== undefined
      || c.req.header('transfer-encoding') !== undefined;
    if (hasBody && type !== 'application/json' && type !== 'text/csv' && type !== 'application/octet-stream') {
      throw new AppError(415, 'UNSUPPORTED_MEDIA_TYPE', 'JSON形式（Content-Type: application/json）で送信してください。');
    }
    return next();
  };
}

/** Resolves the session cookie (if any) into `c.var.staff`. Does not require it. */
export function sessionLoader(services: Services): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = getCookie(c, SESSION_COOKIE);
    c.set('staff', token ? (await resolveSession(services.db, token, services.now())) ?? undefined : undefined);
    return next();
  };
}

export function currentStaff(c: { get(key: 'staff'): StaffPrincipal | undefined }): StaffPrincipal {
  const staff = c.get('staff');
  if (!staff) throw authRequired();
  return staff;
}

/** Requires one of the roles. Admin roles also require a second factor to be set up. */
export function requireRole(c: { get(key: 'staff'): StaffPrincipal | undefined }, roles: readonly Role[]): StaffPrincipal {
  const staff = currentStaff(c);
  if (!staff.roles.some((r) => roles.includes(r))) throw permissionDenied();
  if (roles.every((r) => isAdmin([r])) && !staff.totpEnabled) {
    throw new AppError(403, 'AUTH_TOTP_SETUP_REQUIRED', '管理者機能を使うには二要素認証（認証アプリ）の設定が必要です。設定画面から登録してください。');
  }
  return staff;
}

export const requireAdmin = (c: { get(key: 'staff'): StaffPrincipal | undefined }) =>
  requireRole(c, ['system_admin', 'municipality_admin']);
