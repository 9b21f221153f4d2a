import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { AppError } from '../../platform/http/errors';
import { errorResponses, jsonBody, jsonContent, type AppEnv, type Services } from '../../platform/http/context';
import { currentStaff, requireAdmin } from '../../platform/http/security';
import { ABSOLUTE_TIMEOUT_MS, deleteSession, SESSION_COOKIE } from '../../platform/auth/session';
import { ROLES } from '../../platform/auth/roles';
import { appendAudit } from '../../platform/audit/audit';
import {
  beginTotpSetup, changeOwnPassword, createStaff, enableTotp, getMe, listStaff, login, resetStaffPassword, updateStaff,
} from './service';

const RoleSchema = z.enum(ROLES);
const MeSchema = z
  .object({
    id: z.uuid(),
    loginId: z.string(),
    displayName: z.string(),
    roles: z.array(RoleSchema),
    departmentIds: z.array(z.uuid()),
    totpEnabled: z.boolean(),
    municipality: z.object({ id: z.uuid(), name: z.string(), localGovernmentCode: z.string(), prefecture: z.string() }),
  })
  .openapi('Me');

const LoginSchema = z.strictObject({
  municipalityCode: z.string().regex(/^\d{6}$/, '自治体コードは6桁の数字で入力してください。'),
  loginId: z.string().min(1, 'ログインIDを入力してください。').max(64),
  password: z.string().min(1, 'パスワードを入力してください。').max(256),
  totpCode: z.string().regex(/^\d{6}$/, '確認コードは6桁の数字で入力してください。').optional(),
});

const StaffSchema = z
  .object({
    id: z.uuid(), loginId: z.string(), displayName: z.string(), roles: z.array(RoleSchema), departmentIds: z.array(z.uuid()),
    active: z.boolean(), totpEnabled: z.boolean(), lastLoginAt: z.string().nullable(),
  })
  .openapi('Staff');

const loginIdRule = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'ログインIDは半角英小文字・数字・記号(._-)の2〜64文字で入力してください。');
const displayNameRule = z.string().trim().min(1, '氏名を入力してください。').max(100);
const NewStaffSchema = z.strictObject({
  loginId: loginIdRule,
  displayName: displayNameRule,
  password: z.string().max(256),
  roles: z.array(RoleSchema).min(1, '役割を1つ以上選んでください。'),
  departmentIds: z.array(z.uuid()).default([]),
});
const StaffPatchSchema = z.strictObject({
  displayName: displayNameRule.optional(),
  roles: z.array(RoleSchema).min(1, '役割を1つ以上選んでください。').optional(),
  departmentIds: z.array(z.uuid()).optional(),
  active: z.boolean().optional(),
});
const IdParam = z.object({ id: z.uuid('IDの形式が正しくありません。') });

export function mountStaffRoutes(services: Services) {
  return (api: OpenAPIHono<AppEnv>) => {
    api.openapi(
      createRoute({
        method: 'post', path: '/auth/login', tags: ['auth'], summary: '職員ログイン',
        request: { body: jsonBody(LoginSchema) },
        responses: { 200: jsonContent(z.object({ staff: MeSchema })), ...errorResponses, 429: { description: 'ロック中' } },
      }),
      async (c) => {
        const body = c.req.valid('json');
        let address = 'unknown';
        try {
          address = getConnInfo(c).remote.address ?? 'unknown';
        } catch {
          // In-process requests (tests) have no socket.
        }
        const waitMs = services.loginLimiter.hit(address, services.now().getTime());
        if (waitMs > 0) {
          throw new AppError(429, 'AUTH_RATE_LIMITED', `この端末からのログインの試行が多すぎます。${Math.ceil(waitMs / 60_000)}分ほど待ってからもう一度お試しください。`);
        }
        const result = await login(services, body, c.get('requestId'));
        setCookie(c, SESSION_COOKIE, result.token, {
          httpOnly: true, sameSite: 'Lax', secure: services.secureCookies, path: '/', maxAge: ABSOLUTE_TIMEOUT_MS / 1000,
        });
        const staff = await services.db.selectFrom('staff_user').select(['id', 'login_id', 'display_name', 'roles', 'department_ids', 'totp_enabled'])
          .where('municipality_id', '=', result.municipalityId).where('id', '=', result.staffId).executeTakeFirstOrThrow();
        const me = await getMe(services, {
          id: staff.id, municipalityId: result.municipalityId, loginId: staff.login_id, displayName: staff.display_name,
          roles: staff.roles as z.infer<typeof RoleSchema>[], departmentIds: staff.department_ids, totpEnabled: staff.totp_enabled, sessionTokenHash: '',
        });
        return c.json({ staff: me }, 200);
      },
    );

    api.openapi(
      createRoute({ method: 'post', path: '/auth/logout', tags: ['auth'], summary: 'ログアウト', responses: { 204: { description: 'ログアウトしました' } } }),
      async (c) => {
        const staff = c.get('staff');
        if (staff) {
          await deleteSession(services.db, staff);
          await appendAudit(services.db, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'auth.logout', subjectType: 'staff', subjectId: staff.id, requestId: c.get('requestId') }, services.now());
        }
        deleteCookie(c, SESSION_COOKIE, { path: '/' });
        return c.body(null, 204);
      },
    );

    api.openapi(
      createRoute({ method: 'get', path: '/auth/me', tags: ['auth'], summary: 'ログイン中の職員', responses: { 200: jsonContent(z.object({ staff: MeSchema })), ...errorResponses } }),
      async (c) => c.json({ staff: await getMe(services, currentStaff(c)) }, 200),
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/auth/totp/setup', tags: ['auth'], summary: '二要素認証（TOTP）の設定開始',
        responses: { 200: jsonContent(z.object({ secret: z.string(), otpauthUri: z.string() })), ...errorResponses },
      }),
      async (c) => c.json(await beginTotpSetup(services, currentStaff(c)), 200),
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/auth/totp/enable', tags: ['auth'], summary: '確認コードで二要素認証を有効にする',
        request: { body: jsonBody(z.strictObject({ code: z.string().regex(/^\d{6}$/, '確認コードは6桁の数字で入力してください。') })) },
        responses: { 204: { description: '有効にしました' }, ...errorResponses },
      }),
      async (c) => {
        await enableTotp(services, currentStaff(c), c.req.valid('json').code, c.get('requestId'));
        return c.body(null, 204);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/auth/password', tags: ['auth'], summary: '自分のパスワード変更',
        request: { body: jsonBody(z.strictObject({ currentPassword: z.string().max(256), newPassword: z.string().max(256) })) },
        responses: { 204: { description: '変更しました' }, ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json');
        await changeOwnPassword(services, currentStaff(c), body.currentPassword, body.newPassword, c.get('requestId'));
        return c.body(null, 204);
      },
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/admin/staff', tags: ['admin'], summary: '職員一覧',
        responses: { 200: jsonContent(z.object({ items: z.array(StaffSchema) })), ...errorResponses },
      }),
      async (c) => c.json({ items: await listStaff(services, requireAdmin(c).municipalityId) }, 200),
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/admin/staff', tags: ['admin'], summary: '職員の登録',
        request: { body: jsonBody(NewStaffSchema) },
        responses: { 201: jsonContent(z.object({ id: z.uuid() }), '登録しました'), ...errorResponses },
      }),
      async (c) => {
        const admin = requireAdmin(c);
        const id = await createStaff(services, admin, admin.municipalityId, c.req.valid('json'), c.get('requestId'));
        return c.json({ id }, 201);
      },
    );

    api.openapi(
      createRoute({
        method: 'patch', path: '/admin/staff/{id}', tags: ['admin'], summary: '職員情報の変更',
        request: { params: IdParam, body: jsonBody(StaffPatchSchema) },
        responses: { 200: jsonContent(z.object({ ok: z.literal(true) })), ...errorResponses },
      }),
      async (c) => {
        await updateStaff(services, requireAdmin(c), c.req.valid('param').id, c.req.valid('json'), c.get('requestId'));
        return c.json({ ok: true as const }, 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/admin/staff/{id}/password', tags: ['admin'], summary: '職員パスワードの再設定',
        request: { params: IdParam, body: jsonBody(z.strictObject({ newPassword: z.string().max(256) })) },
        responses: { 204: { description: '再設定しました' }, ...errorResponses },
      }),
      async (c) => {
        await resetStaffPassword(services, requireAdmin(c), c.req.valid('param').id, c.req.valid('json').newPassword, c.get('requestId'));
        return c.body(null, 204);
      },
    );
  };
}
