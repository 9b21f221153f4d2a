import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { getConnInfo } from '@hono/node-server/conninfo';
import { LIFE_EVENTS } from '@madoguchi/procedures';
import { AppError } from '../../platform/http/errors';
import { errorResponses, jsonBody, jsonContent, type AppEnv, type Services } from '../../platform/http/context';
import { mailerOf } from './mail';
import { requireRole } from '../../platform/http/security';
import type { Role } from '../../platform/auth/roles';
import { CASE_STATUSES, CHANNELS } from '../cases/state';
import { getCaseForStaff } from '../cases/service';
import {
  endResidentSession, loginWithPassword, portalMunicipality, redeemEmailToken, registerAccount, requestLoginLink, resolveResidentSession,
  RESIDENT_ABSOLUTE_MS, RESIDENT_COOKIE, sessionExpired, type ResidentPrincipal,
} from './accounts';
import { applicationPdf, decisionNoticePdf, getApplication, listMyApplications, postResidentMessage, saveAnswers, startApplication, submitApplication, withdrawApplication } from './applications';
import { AUTH_LEVELS, getOnlineProcedure, listOnlineProcedures, listPublications, setPublication } from './publications';
import { decideCase, listCaseMessages, postStaffMessage, requestCorrection } from './staff';
import { pipelineOf, registerPipeline, retryPipelineStep } from './pipeline';
import { exportCasesCsv } from './csv';
import { deleteAttachment, listAttachments, readAttachmentForApplicant, readAttachmentForStaff, uploadAttachment } from './attachments';
import { registerRetention, runRetention } from './retention';

const CASE_WORKERS: Role[] = ['counter_staff', 'department_reviewer', 'municipality_admin', 'system_admin'];
const Code = z.object({ code: z.string().regex(/^\d{6}$/, '自治体コードは6桁の数字です。') });
const CodeAndId = Code.extend({ id: z.uuid('IDの形式が正しくありません。') });
const IdParam = z.object({ id: z.uuid('IDの形式が正しくありません。') });
const Key = z.string().min(8, '送信番号が短すぎます。').max(100);
const Email = z.email('メールアドレスの形式が正しくありません。').max(254);
/** Free text is stored as typed and always shown as text (never as HTML), so markup in it is harmless. */
const MessageBody = z.string().trim().min(1, 'メッセージを入力してください。').max(2000, '2000文字以内で入力してください。');
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日付はYYYY-MM-DDの形式です。');

const CaseSummary = z.object({
  id: z.uuid(), receiptNumber: z.string().nullable().openapi({ example: 'R8-000123' }), procedureId: z.string(), procedureVersion: z.number().int(),
  procedureHash: z.string(), channel: z.enum(CHANNELS), status: z.enum(CASE_STATUSES), statusLabel: z.string(), subjectResidentId: z.uuid().nullable(),
  departmentId: z.uuid().nullable(), answers: z.record(z.string(), z.unknown()), createdAt: z.string(), updatedAt: z.string(),
  submittedAt: z.string().nullable(), closedAt: z.string().nullable(),
}).openapi('PortalCase');
const Rule = z.object({
  enabled: z.boolean(),
  authLevel: z.enum(AUTH_LEVELS),
  signatureRequired: z.boolean(),
  feeYen: z.number().int().min(0).max(1_000_000),
  onePerPerson: z.boolean(),
  receivingDepartmentId: z.uuid('課IDの形式が正しくありません。').nullable(),
  openFrom: IsoDate.nullable(),
  openUntil: IsoDate.nullable(),
}).openapi('OnlinePublicationRule');
const OnlineProcedure = z.object({
  procedureId: z.string(), version: z.number().int(), title: z.string(), summary: z.string(), kind: z.enum(['notification', 'application']),
  departmentName: z.string(), departmentId: z.uuid().nullable(), lifeEvents: z.array(z.object({ kind: z.enum(LIFE_EVENTS), label: z.string() })),
  deadline: z.string().nullable(), bring: z.array(z.string()),
  attachments: z.array(z.object({ id: z.string(), label: z.string(), accept: z.array(z.string()), maxSizeMb: z.number() })),
  feeYen: z.number().int(), authLevel: z.enum(AUTH_LEVELS), signatureRequired: z.boolean(), onePerPerson: z.boolean(), openUntil: z.string().nullable(),
}).openapi('OnlineProcedure');
const Account = z.object({ email: z.string(), displayName: z.string() });
const Errors = z.record(z.string(), z.array(z.object({ code: z.string(), message: z.string() })));
const Message = z.object({ id: z.uuid(), from: z.enum(['staff', 'resident']), body: z.string(), at: z.string() });
const MailOutcome = z.enum(['sent', 'not_sent', 'failed', 'no_applicant']);

function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'unknown'; // in-process requests (tests) have no socket
  }
}

export function mountOnlineRoutes(services: Services) {
  const setSession = (c: Context<AppEnv>, token: string) =>
    setCookie(c, RESIDENT_COOKIE, token, { httpOnly: true, sameSite: 'Lax', secure: services.secureCookies, path: '/', maxAge: RESIDENT_ABSOLUTE_MS / 1000 });

  async function residentOrNull(c: Context<AppEnv>, code: string, db: Services['db'] = services.db): Promise<ResidentPrincipal | null> {
    const m = await portalMunicipality(services.db, code);
    const token = getCookie(c, RESIDENT_COOKIE);
    const r = token ? await resolveResidentSession(db, token, services.now()) : null;
    // A session belongs to the city it was opened in; another city's portal does not see it.
    return r && r.municipalityId === m.id ? r : null;
  }
  async function resident(c: Context<AppEnv>, code: string, db?: Services['db']): Promise<ResidentPrincipal> {
    const r = await residentOrNull(c, code, db);
    if (!r) throw sessionExpired();
    return r;
  }
  function limit(c: Context<AppEnv>) {
    const waitMs = services.loginLimiter.hit(`portal:${clientAddress(c)}`, services.now().getTime());
    if (waitMs > 0) throw new AppError(429, 'AUTH_RATE_LIMITED', `試行が多すぎます。${Math.ceil(waitMs / 60_000)}分ほど待ってからもう一度お試しください。`);
  }
  const target = async (c: Context<AppEnv>, code: string) => ({ origin: new URL(c.req.url).origin, municipality: await portalMunicipality(services.db, code) });

  registerPipeline(services);
  registerRetention(services);

  return (api: OpenAPIHono<AppEnv>) => {
    // ---- The resident portal (public) ----
    api.openapi(createRoute({
      method: 'get', path: '/portal/{code}', tags: ['portal'], summary: 'オンライン申請: 自治体の情報',
      request: { params: Code },
      responses: { 200: jsonContent(z.object({ municipality: z.object({ name: z.string(), prefecture: z.string(), code: z.string() }), mailConfigured: z.boolean() })), ...errorResponses },
    }), async (c) => {
      const m = await portalMunicipality(services.db, c.req.valid('param').code);
      return c.json({ municipality: { name: m.name, prefecture: m.prefecture, code: m.localGovernmentCode }, mailConfigured: mailerOf(services).configured }, 200);
    });

    api.openapi(createRoute({
      method: 'get', path: '/portal/{code}/procedures', tags: ['portal'], summary: 'オンラインで申請できる手続き（キーワード・できごと・担当課で絞り込み）',
      request: { params: Code, query: z.object({ q: z.string().max(100).optional(), lifeEvent: z.enum(LIFE_EVENTS).optional(), departmentId: z.uuid().optional() }) },
      responses: { 200: jsonContent(z.object({ items: z.array(OnlineProcedure) })), ...errorResponses },
    }), async (c) => {
      const m = await portalMunicipality(services.db, c.req.valid('param').code);
      return c.json({ items: await listOnlineProcedures(services, m.id, c.req.valid('query')) }, 200);
    });

    api.openapi(createRoute({
      method: 'get', path: '/portal/{code}/procedures/{procedureId}', tags: ['portal'], summary: '手続きの説明と申請フォームの定義',
      request: { params: Code.extend({ procedureId: z.string().max(100) }) },
      responses: { 200: jsonContent(z.object({ procedure: OnlineProcedure, definition: z.record(z.string(), z.unknown()) })), ...errorResponses },
    }), async (c) => {
      const { code, procedureId } = c.req.valid('param');
      const m = await portalMunicipality(services.db, code);
      const r = await getOnlineProcedure(services, m.id, procedureId);
      return c.json({ procedure: r.procedure, definition: r.definition as unknown as Record<string, unknown> }, 200);
    });

    api.openapi(createRoute({
      method: 'post', path: '/portal/{code}/account/register', tags: ['portal'], summary: 'アカウント登録（確認メールを送る）',
      request: { params: Code, body: jsonBody(z.strictObject({ email: Email, password: z.string().max(200), displayName: z.string().trim().min(1, 'お名前を入力してください。').max(100) })) },
      responses: { 202: jsonContent(z.object({ sent: z.boolean() }), '確認メールを送りました'), ...errorResponses },
    }), async (c) => {
      limit(c);
      await registerAccount(services, await target(c, c.req.valid('param').code), c.req.valid('json'));
      return c.json({ sent: mailerOf(services).configured }, 202);
    });

    api.openapi(createRoute({
      method: 'post', path: '/portal/{code}/account/login-link', tags: ['portal'], summary: 'ログイン用リンクをメールで送る',
      request: { params: Code, body: jsonBody(z.strictObject({ email: Email })) },
      responses: { 202: jsonContent(z.object({ sent: z.boolean() })), ...errorResponses },
    }), async (c) => {
      limit(c);
      await requestLoginLink(services, await target(c, c.req.valid('param').code), c.req.valid('json').email);
      return c.json({ sent: mailerOf(services).configured }, 202);
    });

    api.openapi(createRoute({
      method: 'post', path: '/portal/{code}/account/redeem', tags: ['portal'], summary: 'メールのリンク（確認・ログイン）を使う',
      request: { params: Code, body: jsonBody(z.strictObject({ token: z.string().max(64) })) },
      responses: { 200: jsonContent(z.object({ account: Account })), ...errorResponses },
    }), async (c) => {
      limit(c);
      const m = await portalMunicipality(services.db, c.req.valid('param').code);
      const token = await redeemEmailToken(services, m.id, c.req.valid('json').token);
      setSession(c, token);
      const r = await resolveResidentSession(services.db, token, services.now());
      return c.json({ account: { email: r!.email, displayName: r!.displayName } }, 200);
    });

    api.openapi(createRoute({
      method: 'post', path: '/portal/{code}/account/login', tags: ['portal'], summary: 'メールアドレスとパスワードでログイン',
      request: { params: Code, body: jsonBody(z.strictObject({ email: Email, password: z.string().max(200) })) },
      responses: { 200: jsonContent(z.object({ account: Account })), ...errorResponses },
    }), async (c) => {
      limit(c);
      const m = await portalMunicipality(services.db, c.req.valid('param').code);
      const token = await loginWithPassword(services, m.id, c.req.valid('json'));
      setSession(c, token);
      const r = await resolveResidentSession(services.db, token, services.now());
      return c.json({ account: { email: r!.email, displayName: r!.displayName } }, 200);
    });

    api.openapi(createRoute({
      method: 'post', path: '/portal/{code}/account/logout', tags: ['portal'], summary: 'ログアウト',
      request: { params: Code }, responses: { 204: { description: 'ログアウトしました' }, ...errorResponses },
    }), async (c) => {
      const r = await residentOrNull(c, c.req.valid('param').code);
      if (r) await endResidentSession(services.db, r);
      deleteCookie(c, RESIDENT_COOKIE, { path: '/' });
      return c.body(null, 204);
    });

    api.openapi(createRoute({
      method: 'get', path: '/portal/{code}/account/me', tags: ['portal'], summary: 'ログイン中のアカウント（未ログインならnull）',
      request: { params: Code }, responses: { 200: jsonContent(z.object({ account: Account.nullable() })), ...errorResponses },
    }), async (c) => {
      const r = await residentOrNull(c, c.req.valid('param').code);
      return c.json({ account: r ? { email: r.email, displayName: r.displayName } : null }, 200);
    });

    api.openapi(createRoute({
      method: 'get', path: '/portal/{code}/applications', tags: ['portal'], summary: '自分の申請の一覧',
      request: { params: Code },
      responses: { 200: jsonContent(z.object({ items: z.array(z.object({ id: z.uuid(), receiptNumber: z.string().nullable(), status: z.enum(CASE_STATUSES), statusLabel: z.string(), procedureId: z.string(), title: z.string(), updatedAt: z.string(), submittedAt: z.string().nullable() })) })), ...errorResponses },
    }), async (c) => c.json({ items: await listMyApplications(services, await resident(c, c.req.valid('param').code)) }, 200));

    api.openapi(createRoute({
      method: 'post', path: '/portal/{code}/applications', tags: ['portal'], summary: '申請を始める（下書きを作る。同じ送信番号なら同じ下書き）',
      request: { params: Code, body: jsonBody(z.strictObject({ procedureId: z.string().max(100), idempotencyKey: Key })) },
      responses: { 201: jsonContent(z.object({ case: CaseSummary })), 409: { description: '1人1件の手続きで申請済み・受付期間外' }, ...errorResponses },
    }), async (c) => {
      const r = await resident(c, c.req.valid('param').code);
      const body = c.req.valid('json');
      return c.json({ case: await startApplication(services, r, body.procedureId, body.idempotencyKey) }, 201);
    });

    api.openapi(createRoute({
      method: 'get', path: '/portal/{code}/applications/{id}', tags: ['portal'], summary: '自分の申請の内容・状況・メッセージ',
      request: { params: CodeAndId },
      responses: {
        200: jsonContent(z.object({
          case: CaseSummary, definition: z.record(z.string(), z.unknown()), rule: Rule, declaredAt: z.string().nullable(), errors: Errors,
          canEdit: z.boolean(), canWithdraw: z.boolean(), correction: z.string().nullable(),
          timeline: z.array(z.object({ at: z.string(), status: z.enum(CASE_STATUSES).nullable(), statusLabel: z.string().nullable(), note: z.string().nullable() })),
          messages: z.array(Message),
        })),
        ...errorResponses,
      },
    }), async (c) => {
      const { code, id } = c.req.valid('param');
      const a = await getApplication(services, await resident(c, code), id);
      return c.json({ ...a, definition: a.definition as unknown as Record<string, unknown> }, 200);
    });

    api.openapi(createRoute({
      method: 'put', path: '/portal/{code}/applications/{id}/answers', tags: ['portal'], summary: '入力内容を保存する（下書き・補正中のみ）',
      request: { params: CodeAndId, body: jsonBody(z.strictObject({ answers: z.record(z.string(), z.unknown()) })) },
      responses: { 200: jsonContent(z.object({ case: CaseSummary, errors: Errors })), 409: { description: '変更できない状態' }, ...errorResponses },
    }), async (c) => {
      const { code, id } = c.req.valid('param');
      return c.json(await saveAnswers(services, await resident(c, code), id, c.req.valid('json').answers), 200);
    });

    api.openapi(createRoute({
      method: 'post', path: '/portal/{code}/applications/{id}/submit', tags: ['portal'], summary: '申請を送信する（補正後の再送信も。同じ送信番号の再送は1回と数える）',
      request: { params: CodeAndId, body: jsonBody(z.strictObject({ idempotencyKey: Key, declaration: z.literal(true, '内容に誤りがないことを確認して、チェックを入れてください。') })) },
      responses: { 200: jsonContent(z.object({ case: CaseSummary })), 409: { description: '送信済み' }, ...errorResponses },
    }), async (c) => {
      const { code, id } = c.req.valid('param');
      // The session is checked inside the submitting transaction (one wait for a pooled connection).
      const m = await portalMunicipality(services.db, code);
      return c.json({ case: await submitApplication(services, { municipalityId: m.id, resolve: (db) => resident(c, code, db) }, id, c.req.valid('json')) }, 200);
    });

    api.openapi(createRoute({
      method: 'post', path: '/portal/{code}/applications/{id}/withdraw', tags: ['portal'], summary: '申請を取り下げる',
      request: { params: CodeAndId, body: jsonBody(z.strictObject({ reason: z.string().max(500).optional() })) },
      responses: { 200: jsonContent(z.object({ case: CaseSummary })), 409: { description: '取り下げられない状態' }, ...errorResponses },
    }), async (c) => {
      const { code, id } = c.req.valid('param');
      return c.json({ case: await withdrawApplication(services, await resident(c, code), id, c.req.valid('json').reason ?? null) }, 200);
    });

    api.openapi(createRoute({
      method: 'post', path: '/portal/{code}/applications/{id}/messages', tags: ['portal'], summary: '担当課へメッセージを送る',
      request: { params: CodeAndId, body: jsonBody(z.strictObject({ body: MessageBody })) },
      responses: { 201: jsonContent(z.object({ message: Message })), ...errorResponses },
    }), async (c) => {
      const { code, id } = c.req.valid('param');
      return c.json({ message: await postResidentMessage(services, await resident(c, code), id, c.req.valid('json').body) }, 201);
    });

    api.openapi(createRoute({
      method: 'get', path: '/portal/{code}/applications/{id}/application.pdf', tags: ['portal'], summary: '送信した申請書（A4の様式）',
      request: { params: CodeAndId },
      responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } }, 409: { description: '送信前' }, ...errorResponses },
    }), async (c) => {
      const { code, id } = c.req.valid('param');
      const pdf = await applicationPdf(services, await resident(c, code), id);
      return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/pdf', 'content-disposition': 'inline; filename="application.pdf"', 'cache-control': 'private, no-store',
      });
    });

    api.openapi(createRoute({
      method: 'get', path: '/portal/{code}/applications/{id}/result.pdf', tags: ['portal'], summary: '決定通知書・却下通知書（審査が終わった申請）',
      request: { params: CodeAndId },
      responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } }, 409: { description: '審査中' }, ...errorResponses },
    }), async (c) => {
      const { code, id } = c.req.valid('param');
      const pdf = await decisionNoticePdf(services, await resident(c, code), id);
      return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
        'content-type': 'application/pdf', 'content-disposition': 'inline; filename="decision.pdf"', 'cache-control': 'private, no-store',
      });
    });

    const Attachment = z.object({ id: z.uuid(), attachmentId: z.string(), filename: z.string(), mediaType: z.string(), sizeBytes: z.number().int(), sha256: z.string(), createdAt: z.string() }).openapi('OnlineAttachment');
    const fileReply = (c: Context<AppEnv>, f: { bytes: Uint8Array; mediaType: string; filename: string }) =>
      c.body(f.bytes as Uint8Array<ArrayBuffer>, 200, {
        'content-type': f.mediaType,
        // Always a download: a file is never rendered as a page of ours.
        'content-disposition': `attachment; filename="file"; filename*=UTF-8''${encodeURIComponent(f.filename)}`,
        'x-content-type-options': 'nosniff', 'cache-control': 'private, no-store',
      });

    api.openapi(createRoute({
      method: 'post', path: '/portal/{code}/applications/{id}/attachments/{attachmentId}', tags: ['portal'],
      summary: '書類を添付する（本文はファイルそのもの、Content-Type: application/octet-stream。種類は中身で判定）',
      request: {
        params: CodeAndId.extend({ attachmentId: z.string().max(100) }),
        query: z.object({ filename: z.string().max(255).default('file') }),
        body: { required: true, content: { 'application/octet-stream': { schema: z.string().openapi({ format: 'binary' }) } } },
      },
      responses: { 201: jsonContent(z.object({ attachment: Attachment })), 409: { description: '送信済み' }, ...errorResponses },
    }), async (c) => {
      const { code, id, attachmentId } = c.req.valid('param');
      const r = await resident(c, code);
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      return c.json({ attachment: await uploadAttachment(services, r, id, attachmentId, c.req.valid('query').filename, bytes) }, 201);
    });

    api.openapi(createRoute({
      method: 'get', path: '/portal/{code}/applications/{id}/attachments/{fileId}', tags: ['portal'], summary: '添付したファイル',
      request: { params: CodeAndId.extend({ fileId: z.uuid('IDの形式が正しくありません。') }) },
      responses: { 200: { description: 'ファイル' }, ...errorResponses },
    }), async (c) => {
      const { code, id, fileId } = c.req.valid('param');
      return fileReply(c, await readAttachmentForApplicant(services, await resident(c, code), id, fileId));
    });

    api.openapi(createRoute({
      method: 'delete', path: '/portal/{code}/applications/{id}/attachments/{fileId}', tags: ['portal'], summary: '添付したファイルを削除する（下書き・補正中のみ）',
      request: { params: CodeAndId.extend({ fileId: z.uuid('IDの形式が正しくありません。') }) },
      responses: { 204: { description: '削除しました' }, 409: { description: '送信済み' }, ...errorResponses },
    }), async (c) => {
      const { code, id, fileId } = c.req.valid('param');
      await deleteAttachment(services, await resident(c, code), id, fileId);
      return c.body(null, 204);
    });

    // ---- Staff: publishing rules, messages and correction requests ----
    api.openapi(createRoute({
      method: 'get', path: '/online/publications', tags: ['online'], summary: 'オンライン申請の公開設定（手続きごと）',
      responses: {
        200: jsonContent(z.object({ items: z.array(z.object({
          procedureId: z.string(), title: z.string(), departmentName: z.string(), departmentId: z.uuid().nullable(), rule: Rule, saved: z.boolean(),
          updatedAt: z.string().nullable(), canEdit: z.boolean(), template: z.boolean(),
          templateRule: Rule.omit({ receivingDepartmentId: true, openFrom: true, openUntil: true }).nullable().openapi({ description: '国の重点手続きのテンプレート（あれば）' }),
        })) })),
        ...errorResponses,
      },
    }), async (c) => c.json({ items: await listPublications(services, requireRole(c, CASE_WORKERS)) }, 200));

    api.openapi(createRoute({
      method: 'put', path: '/online/publications/{procedureId}', tags: ['online'], summary: 'オンライン申請の公開設定を変える（担当課または管理者）',
      request: { params: z.object({ procedureId: z.string().max(100) }), body: jsonBody(Rule.strict()) },
      responses: { 200: jsonContent(z.object({ rule: Rule })), 409: { description: 'オンライン非対応の手続き' }, ...errorResponses },
    }), async (c) => {
      const staff = requireRole(c, ['department_reviewer', 'municipality_admin', 'system_admin']);
      return c.json({ rule: await setPublication(services, staff, c.req.valid('param').procedureId, c.req.valid('json'), c.get('requestId')) }, 200);
    });

    api.openapi(createRoute({
      method: 'get', path: '/online/export.csv', tags: ['online'], summary: '案件を基幹システム向けCSVで書き出す（UTF-8 BOM付き・Shift_JIS）',
      request: {
        query: z.object({
          procedureId: z.string().min(1, '手続きを選んでください。').max(100),
          status: z.enum(CASE_STATUSES).optional(),
          encoding: z.enum(['utf-8', 'shift_jis']).default('utf-8'),
          ids: z.string().max(3800).transform((s) => s.split(',').filter(Boolean)).pipe(z.array(z.uuid('IDの形式が正しくありません。')).min(1).max(100, '一度に書き出せるのは100件までです。')).optional()
            .openapi({ description: '選択した案件だけ（カンマ区切りのID）' }),
        }),
      },
      responses: { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses },
    }), async (c) => {
      const staff = requireRole(c, ['department_reviewer', 'municipality_admin', 'system_admin']);
      const q = c.req.valid('query');
      const out = await exportCasesCsv(services, staff, { ...q, caseIds: q.ids }, c.get('requestId'));
      return c.body(out.body as Uint8Array<ArrayBuffer>, 200, {
        'content-type': `text/csv; charset=${q.encoding === 'shift_jis' ? 'Shift_JIS' : 'UTF-8'}`,
        'content-disposition': `attachment; filename="${q.procedureId}.csv"`,
        'cache-control': 'private, no-store',
        // 外字 that Shift_JIS cannot hold are written as 〓; the count tells the operator to check them.
        'x-unmappable-characters': String(out.unmappable),
        'x-rows': String(out.rows),
      });
    });

    api.openapi(createRoute({
      method: 'post', path: '/online/retention/run', tags: ['online'], summary: '保存期間を過ぎた案件の匿名化を今すぐ実行する（毎日自動でも実行）',
      responses: { 200: jsonContent(z.object({ anonymised: z.number().int(), procedures: z.number().int() })), ...errorResponses },
    }), async (c) => {
      const admin = requireRole(c, ['municipality_admin', 'system_admin']);
      return c.json(await runRetention(services, admin.municipalityId, services.now()), 200);
    });

    api.openapi(createRoute({
      method: 'get', path: '/online/cases/{id}/attachments', tags: ['online'], summary: '申請の添付ファイルの一覧',
      request: { params: IdParam },
      responses: { 200: jsonContent(z.object({ items: z.array(Attachment) })), ...errorResponses },
    }), async (c) => {
      const staff = requireRole(c, CASE_WORKERS);
      const { id } = c.req.valid('param');
      await getCaseForStaff(services, staff, id, c.get('requestId'));
      return c.json({ items: await listAttachments(services, staff.municipalityId, id) }, 200);
    });

    api.openapi(createRoute({
      method: 'get', path: '/online/cases/{id}/attachments/{fileId}', tags: ['online'], summary: '添付ファイルを開く（閲覧は監査されます）',
      request: { params: IdParam.extend({ fileId: z.uuid('IDの形式が正しくありません。') }) },
      responses: { 200: { description: 'ファイル' }, ...errorResponses },
    }), async (c) => {
      const { id, fileId } = c.req.valid('param');
      return fileReply(c, await readAttachmentForStaff(services, requireRole(c, CASE_WORKERS), id, fileId, c.get('requestId')));
    });

    api.openapi(createRoute({
      method: 'get', path: '/online/cases/{id}/messages', tags: ['online'], summary: '申請者とのメッセージ',
      request: { params: IdParam },
      responses: { 200: jsonContent(z.object({ online: z.boolean(), items: z.array(Message.extend({ staffName: z.string().nullable() })) })), ...errorResponses },
    }), async (c) => c.json(await listCaseMessages(services, requireRole(c, CASE_WORKERS), c.req.valid('param').id, c.get('requestId')), 200));

    api.openapi(createRoute({
      method: 'post', path: '/online/cases/{id}/messages', tags: ['online'], summary: '申請者へメッセージを送る（メールで知らせる）',
      request: { params: IdParam, body: jsonBody(z.strictObject({ body: MessageBody })) },
      responses: { 201: jsonContent(z.object({ id: z.uuid(), mail: MailOutcome })), ...errorResponses },
    }), async (c) => c.json(await postStaffMessage(services, requireRole(c, CASE_WORKERS), c.req.valid('param').id, c.req.valid('json').body, c.get('requestId')), 201));

    const Step = z.object({
      id: z.uuid(), kind: z.string(), label: z.string(), status: z.enum(['pending', 'running', 'done', 'failed']), attempts: z.number().int(), maxAttempts: z.number().int(),
      lastError: z.string().nullable(), result: z.record(z.string(), z.unknown()).nullable(), createdAt: z.string(), finishedAt: z.string().nullable(),
    }).openapi('OnlinePipelineStep');
    const toStep = (j: z.infer<typeof Step>) => ({ id: j.id, kind: j.kind, label: j.label, status: j.status, attempts: j.attempts, maxAttempts: j.maxAttempts, lastError: j.lastError, result: j.result, createdAt: j.createdAt, finishedAt: j.finishedAt });

    api.openapi(createRoute({
      method: 'get', path: '/online/cases/{id}/pipeline', tags: ['online'], summary: '受付後の処理（申請書PDF・担当課への通知・受付メール）の状況',
      request: { params: IdParam },
      responses: { 200: jsonContent(z.object({ items: z.array(Step) })), ...errorResponses },
    }), async (c) => c.json({ items: (await pipelineOf(services, requireRole(c, CASE_WORKERS), c.req.valid('param').id, c.get('requestId'))).map(toStep) }, 200));

    api.openapi(createRoute({
      method: 'post', path: '/online/cases/{id}/pipeline/{jobId}/retry', tags: ['online'], summary: '失敗した処理をやり直す',
      request: { params: IdParam.extend({ jobId: z.uuid('IDの形式が正しくありません。') }) },
      responses: { 200: jsonContent(z.object({ step: Step })), 409: { description: '失敗していない' }, ...errorResponses },
    }), async (c) => {
      const { id, jobId } = c.req.valid('param');
      return c.json({ step: toStep(await retryPipelineStep(services, requireRole(c, CASE_WORKERS), id, jobId, c.get('requestId'))) }, 200);
    });

    api.openapi(createRoute({
      method: 'post', path: '/online/cases/{id}/decision', tags: ['online'], summary: '承認（完了）または却下する（申請者にメールで知らせ、通知書を出す）',
      request: { params: IdParam, body: jsonBody(z.strictObject({ to: z.enum(['completed', 'rejected']), note: z.string().trim().max(2000).nullable().default(null), expected: z.enum(CASE_STATUSES) })) },
      responses: { 200: jsonContent(z.object({ case: CaseSummary, mail: MailOutcome })), 409: { description: '状態が変わっていた・その状態からはできない' }, ...errorResponses },
    }), async (c) => c.json(await decideCase(services, requireRole(c, CASE_WORKERS), c.req.valid('param').id, c.req.valid('json'), c.get('requestId')), 200));

    api.openapi(createRoute({
      method: 'post', path: '/online/cases/{id}/correction-request', tags: ['online'], summary: '補正を依頼する（申請者にメールで知らせる）',
      request: { params: IdParam, body: jsonBody(z.strictObject({ note: MessageBody, expected: z.enum(CASE_STATUSES) })) },
      responses: { 200: jsonContent(z.object({ case: CaseSummary, mail: MailOutcome })), 409: { description: '状態が変わっていた' }, ...errorResponses },
    }), async (c) => c.json(await requestCorrection(services, requireRole(c, CASE_WORKERS), c.req.valid('param').id, c.req.valid('json'), c.get('requestId')), 200));
  };
}
