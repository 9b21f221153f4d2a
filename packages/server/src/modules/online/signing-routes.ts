import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { errorResponses, jsonBody, jsonContent, type AppEnv, type Services } from '../../platform/http/context';
import { requireRole } from '../../platform/http/security';
import type { Role } from '../../platform/auth/roles';
import { AppError } from '../../platform/http/errors';
import { CASE_STATUSES, CASE_STATUS_LABELS } from '../cases/state';
import { getConnInfo } from '@hono/node-server/conninfo';
import {
  portalMunicipality, resolveResidentSession, RESIDENT_ABSOLUTE_MS, RESIDENT_COOKIE, sessionExpired, type ResidentPrincipal,
} from './accounts';
import { submitApplication } from './applications';
import { hasLinkedCard, issueCardChallenge, linkCardToAccount, loginWithCard, unlinkCard, verifyCardAnswer } from './card-login';
import { requestGuestApplication } from './guest';
import { mailerOf } from './mail';
import { signatureCmsForStaff, signaturesForStaff, signingContentForApplicant } from './signing';

const CASE_WORKERS: Role[] = ['counter_staff', 'department_reviewer', 'municipality_admin', 'system_admin'];
const Code = z.object({ code: z.string().regex(/^\d{6}$/, '自治体コードは6桁の数字です。') });
const CodeAndId = Code.extend({ id: z.uuid('IDの形式が正しくありません。') });
const IdParam = z.object({ id: z.uuid('IDの形式が正しくありません。') });
const Key = z.string().min(8, '送信番号が短すぎます。').max(100);
const Base64 = (max: number, label: string) => z.string().min(1, `${label}がありません。`).max(max, `${label}が大きすぎます。`).regex(/^[A-Za-z0-9+/]+={0,2}$/, `${label}の形式が正しくありません。`);

const Signature = z.object({
  id: z.uuid(), signerName: z.string(), signerAddress: z.string(), certificateSerial: z.string(), certificateNotAfter: z.string(),
  revocationSource: z.enum(['ocsp', 'crl']), revocationCheckedAt: z.string(), signingTime: z.string().nullable(), verifiedAt: z.string(), contentSha256: z.string(),
}).openapi('OnlineSignature');
const PortalCaseRef = z.object({ id: z.uuid(), receiptNumber: z.string().nullable(), status: z.enum(CASE_STATUSES), statusLabel: z.string() }).passthrough();
const CardState = z.object({ authLevel: z.enum(['account', 'card']), cardLinked: z.boolean(), guest: z.boolean() });

function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // in-process requests (tests) have no socket
  }
}

/**
 * スマート申請 with the My Number card: signing an application with the 署名用 certificate, card
 * login with the 利用者証明用 certificate, and applying without an account.
 */
export function mountOnlineSigningRoutes(services: Services) {
  const setSession = (c: Context<AppEnv>, token: string) =>
    setCookie(c, RESIDENT_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: services.secureCookies, path: '/', maxAge: RESIDENT_ABSOLUTE_MS / 1000 });
  async function residentOrNull(c: Context<AppEnv>, code: string): Promise<ResidentPrincipal | null> {
    const m = await portalMunicipality(services.db, code);
    const token = getCookie(c, RESIDENT_COOKIE);
    const r = token ? await resolveResidentSession(services.db, token, services.now()) : null;
    return r && r.municipalityId === m.id ? r : null;
  }
  /** Challenges, card answers and guest links count against the same per-address limit as password logins. */
  function limit(c: Context<AppEnv>) {
    const waitMs = services.loginLimiter.hit(`portal:${clientAddress(c)}`, services.now().getTime());
    if (waitMs > 0) throw new AppError(429, 'AUTH_RATE_LIMITED', `試行が多すぎます。${Math.ceil(waitMs / 60_000)}分ほど待ってからもう一度お試しください。`);
  }
  async function resident(c: Context<AppEnv>, code: string): Promise<ResidentPrincipal> {
    const r = await residentOrNull(c, code);
    if (!r) throw sessionExpired();
    return r;
  }

  return (api: OpenAPIHono<AppEnv>) => {
    // ---- Signing (署名用電子証明書) ----
    api.openapi(createRoute({
      method: 'get', path: '/portal/{code}/applications/{id}/signing-content', tags: ['portal'],
      summary: '署名するデータ（手続き・版・入力内容・添付ファイルのSHA-256の正規化JSON、base64）',
      request: { params: CodeAndId },
      responses: { 200: jsonContent(z.object({ content: z.string(), sha256: z.string() })), 409: { description: '送信済み' }, ...errorResponses },
    }), async (c) => {
      const { code, id } = c.req.valid('param');
      return c.json(await signingContentForApplicant(services, await resident(c, code), id), 200);
    });

    api.openapi(createRoute({
      method: 'post', path: '/portal/{code}/applications/{id}/submit-signed', tags: ['portal'],
      summary: '電子署名つきで申請を送信する（CMS SignedData。署名・証明書の有効性・失効を確かめ、署名後の変更は受け付けない）',
      request: {
        params: CodeAndId,
        body: jsonBody(z.strictObject({
          idempotencyKey: Key,
          declaration: z.literal(true, '内容に誤りがないことを確認して、チェックを入れてください。'),
          signature: Base64(90_000, '署名データ'),
        })),
      },
      responses: { 200: jsonContent(z.object({ case: PortalCaseRef })), 409: { description: '送信済み・署名後に内容が変わった' }, 503: { description: '失効確認ができない' }, ...errorResponses },
    }), async (c) => {
      const { code, id } = c.req.valid('param');
      const view = await submitApplication(services, await resident(c, code), id, c.req.valid('json'));
      return c.json({ case: { ...view, statusLabel: CASE_STATUS_LABELS[view.status] } }, 200);
    });

    api.openapi(createRoute({
      method: 'get', path: '/online/cases/{id}/signatures', tags: ['online'], summary: '申請の電子署名と検証結果（新しい順。閲覧は監査されます）',
      request: { params: IdParam },
      responses: { 200: jsonContent(z.object({ items: z.array(Signature) })), ...errorResponses },
    }), async (c) => c.json({ items: await signaturesForStaff(services, requireRole(c, CASE_WORKERS), c.req.valid('param').id, c.get('requestId')) }, 200));

    api.openapi(createRoute({
      method: 'get', path: '/online/cases/{id}/signatures/{signatureId}/cms', tags: ['online'], summary: '電子署名そのもの（CMS SignedData、.p7s）',
      request: { params: IdParam.extend({ signatureId: z.uuid('IDの形式が正しくありません。') }) },
      responses: { 200: { description: 'CMS', content: { 'application/pkcs7-signature': { schema: z.string().openapi({ format: 'binary' }) } } }, ...errorResponses },
    }), async (c) => {
      const { id, signatureId } = c.req.valid('param');
      const cms = await signatureCmsForStaff(services, requireRole(c, CASE_WORKERS), id, signatureId, c.get('requestId'));
      return c.body(cms as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/pkcs7-signature', 'content-disposition': `attachment; filename="${signatureId}.p7s"`,
        'x-content-type-options': 'nosniff', 'cache-control': 'private, no-store',
      });
    });

    // ---- Card login (利用者証明用電子証明書) ----
    api.openapi(createRoute({
      method: 'post', path: '/portal/{code}/card-login/challenge', tags: ['portal'], summary: 'カードログイン: カードに署名してもらう乱数（5分・1回限り）',
      request: { params: Code },
      responses: { 201: jsonContent(z.object({ challengeId: z.uuid(), challenge: z.string(), expiresAt: z.string() })), ...errorResponses },
    }), async (c) => {
      limit(c);
      const m = await portalMunicipality(services.db, c.req.valid('param').code);
      return c.json(await issueCardChallenge(services, m.id), 201);
    });

    api.openapi(createRoute({
      method: 'post', path: '/portal/{code}/card-login', tags: ['portal'],
      summary: 'カードログイン: ログイン中ならこのアカウントにカードを登録し、そうでなければ登録済みのカードでログインする',
      request: {
        params: Code,
        body: jsonBody(z.strictObject({ challengeId: z.uuid('IDの形式が正しくありません。'), certificate: Base64(12_000, '電子証明書'), signature: Base64(1400, '署名') })),
      },
      responses: { 200: jsonContent(z.object({ account: z.object({ email: z.string(), displayName: z.string() }), linked: z.boolean() })), ...errorResponses },
    }), async (c) => {
      limit(c);
      const code = c.req.valid('param').code;
      const m = await portalMunicipality(services.db, code);
      const current = await residentOrNull(c, code);
      const card = await verifyCardAnswer(services, m.id, c.req.valid('json'));
      if (current) {
        await linkCardToAccount(services, current, card);
        return c.json({ account: { email: current.email, displayName: current.displayName }, linked: true }, 200);
      }
      const token = await loginWithCard(services, m.id, card);
      setSession(c, token);
      const r = await resolveResidentSession(services.db, token, services.now());
      return c.json({ account: { email: r!.email, displayName: r!.displayName }, linked: false }, 200);
    });

    api.openapi(createRoute({
      method: 'get', path: '/portal/{code}/account/card', tags: ['portal'], summary: 'ログインの方法（カードで確認済みか）とカードの登録の有無',
      request: { params: Code },
      responses: { 200: jsonContent(z.object({ state: CardState.nullable() })), ...errorResponses },
    }), async (c) => {
      const r = await residentOrNull(c, c.req.valid('param').code);
      return c.json({ state: r ? { authLevel: r.authLevel, cardLinked: await hasLinkedCard(services, r), guest: r.guest } : null }, 200);
    });

    api.openapi(createRoute({
      method: 'delete', path: '/portal/{code}/account/card', tags: ['portal'],
      summary: 'カードの登録を解除する（そのカードでログインしていた他の端末もログアウトされます）',
      request: { params: Code },
      responses: { 200: jsonContent(z.object({ endedSessions: z.number().int() })), ...errorResponses },
    }), async (c) => {
      return c.json(await unlinkCard(services, await resident(c, c.req.valid('param').code)), 200);
    });

    // ---- Applying without an account ----
    api.openapi(createRoute({
      method: 'post', path: '/portal/{code}/guest', tags: ['portal'], summary: 'アカウントなしで申請する（メールのリンクで本人のアドレスを確かめる）',
      request: {
        params: Code,
        body: jsonBody(z.strictObject({
          email: z.email('メールアドレスの形式が正しくありません。').max(254),
          displayName: z.string().trim().min(1, 'お名前を入力してください。').max(100),
          procedureId: z.string().min(1).max(100),
        })),
      },
      responses: { 202: jsonContent(z.object({ sent: z.boolean() })), 409: { description: 'アカウントが必要な手続き' }, ...errorResponses },
    }), async (c) => {
      const code = c.req.valid('param').code;
      limit(c);
      await requestGuestApplication(services, { origin: new URL(c.req.url).origin, municipality: await portalMunicipality(services.db, code) }, c.req.valid('json'));
      return c.json({ sent: mailerOf(services).configured }, 202);
    });
  };
}
