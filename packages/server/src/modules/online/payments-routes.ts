import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { errorResponses, jsonBody, jsonContent, type AppEnv, type Services } from '../../platform/http/context';
import { requireRole } from '../../platform/http/security';
import type { Role } from '../../platform/auth/roles';
import { portalMunicipality, RESIDENT_COOKIE, resolveResidentSession, sessionExpired, type ResidentPrincipal } from './accounts';
import {
  chooseFeeMethod, feeStatusOfCases, getFeeForApplicant, getFeeForStaff, paymentProviders, receivePaymentNotification, recordCounterPayment, refreshFeeForApplicant,
} from './payments';
import { decideSandboxPayment, SANDBOX_SIGNATURE_HEADER, sandboxPage } from './payments-sandbox';

const CASE_WORKERS: Role[] = ['counter_staff', 'department_reviewer', 'municipality_admin', 'system_admin'];
const Code = z.object({ code: z.string().regex(/^\d{6}$/, '自治体コードは6桁の数字です。') });
const CodeAndId = Code.extend({ id: z.uuid('IDの形式が正しくありません。') });
const IdParam = z.object({ id: z.uuid('IDの形式が正しくありません。') });
const Ref = z.string().regex(/^[A-Za-z0-9_-]{20,64}$/, '決済番号の形式が正しくありません。');
const Key = z.string().min(8, '送信番号が短すぎます。').max(100);

const PaymentStatus = z.enum(['pending', 'paid', 'cancelled', 'failed']);
const Fee = z.object({
  caseId: z.uuid(), amountYen: z.number().int(), status: z.enum(['none', 'unpaid', 'paid']), method: z.enum(['online', 'counter']).nullable(),
  statusLabel: z.string().openapi({ example: '納付済み' }), paidAt: z.string().nullable(), counterReceiptNo: z.string().nullable(),
  payments: z.array(z.object({
    id: z.uuid(), provider: z.string(), providerLabel: z.string(), amountYen: z.number().int(), status: PaymentStatus, statusLabel: z.string(),
    failure: z.string().nullable(), createdAt: z.string(), paidAt: z.string().nullable(),
  })),
  pendingUrl: z.string().nullable(),
}).openapi('CaseFee');
const Provider = z.object({ id: z.string(), label: z.string(), sandbox: z.boolean() });

/** Fees and payments: the resident's choice, the sandbox gateway, provider notifications, and staff records. */
export function mountPaymentRoutes(services: Services) {
  async function resident(c: Context<AppEnv>, code: string): Promise<ResidentPrincipal> {
    const m = await portalMunicipality(services.db, code);
    const token = getCookie(c, RESIDENT_COOKIE);
    const r = token ? await resolveResidentSession(services.db, token, services.now()) : null;
    if (!r || r.municipalityId !== m.id) throw sessionExpired();
    return r;
  }

  return (api: OpenAPIHono<AppEnv>) => {
    api.openapi(createRoute({
      method: 'get', path: '/portal/{code}/applications/{id}/fee', tags: ['portal'], summary: '手数料と支払いの状況',
      request: { params: CodeAndId },
      responses: { 200: jsonContent(z.object({ fee: Fee, providers: z.array(Provider) })), ...errorResponses },
    }), async (c) => {
      const { code, id } = c.req.valid('param');
      const fee = await getFeeForApplicant(services, await resident(c, code), code, id);
      return c.json({ fee, providers: paymentProviders().map((p) => ({ id: p.id, label: p.label, sandbox: p.sandbox })) }, 200);
    });

    api.openapi(createRoute({
      method: 'post', path: '/portal/{code}/applications/{id}/fee', tags: ['portal'],
      summary: '手数料の支払方法を選ぶ（オンライン: 決済画面のURLを返す。同じ送信番号なら同じ決済。窓口: そのまま送信できる）',
      request: { params: CodeAndId, body: jsonBody(z.strictObject({ method: z.enum(['online', 'counter']), provider: z.string().max(40).optional(), idempotencyKey: Key })) },
      responses: { 200: jsonContent(z.object({ fee: Fee, redirectUrl: z.string().nullable() })), 409: { description: '納付済み・支払い途中・終了した申請' }, ...errorResponses },
    }), async (c) => {
      const { code, id } = c.req.valid('param');
      return c.json(await chooseFeeMethod(services, await resident(c, code), code, id, c.req.valid('json')), 200);
    });

    api.openapi(createRoute({
      method: 'post', path: '/portal/{code}/applications/{id}/fee/refresh', tags: ['portal'], summary: '決済画面から戻ったとき: 決済事業者に状況を問い合わせて反映する',
      request: { params: CodeAndId },
      responses: { 200: jsonContent(z.object({ fee: Fee })), ...errorResponses },
    }), async (c) => {
      const { code, id } = c.req.valid('param');
      return c.json({ fee: await refreshFeeForApplicant(services, await resident(c, code), code, id) }, 200);
    });

    // ---- The sandbox gateway (a test stand-in for a payment company's pages) ----
    api.openapi(createRoute({
      method: 'get', path: '/portal/{code}/payment-sandbox/{ref}', tags: ['payments'], summary: 'テスト用決済画面の内容（実際の支払いは発生しません）',
      request: { params: Code.extend({ ref: Ref }) },
      responses: { 200: jsonContent(z.object({ merchant: z.string(), amountYen: z.number().int(), description: z.string(), status: z.enum(['open', 'paid', 'cancelled', 'failed']), returnUrl: z.string() })), ...errorResponses },
    }), async (c) => {
      const { code, ref } = c.req.valid('param');
      const m = await portalMunicipality(services.db, code);
      return c.json(await sandboxPage(services, m.id, ref), 200);
    });

    api.openapi(createRoute({
      method: 'post', path: '/portal/{code}/payment-sandbox/{ref}', tags: ['payments'], summary: 'テスト用決済画面で支払う・キャンセル・失敗させる（署名付きの通知を送り、戻り先を返す）',
      request: { params: Code.extend({ ref: Ref }), body: jsonBody(z.strictObject({ action: z.enum(['pay', 'cancel', 'fail']) })) },
      responses: { 200: jsonContent(z.object({ status: z.enum(['paid', 'cancelled', 'failed']), returnUrl: z.string(), delivered: z.boolean() })), 409: { description: '決済は終わっている' }, ...errorResponses },
    }), async (c) => {
      const { code, ref } = c.req.valid('param');
      const m = await portalMunicipality(services.db, code);
      return c.json(await decideSandboxPayment(services, m.id, ref, c.req.valid('json').action), 200);
    });

    api.openapi(createRoute({
      method: 'post', path: '/portal/{code}/payments/{provider}/notify', tags: ['payments'],
      summary: '決済事業者からの通知（サーバー間。署名と時刻を検証し、同じ通知の再送は一度だけ反映）',
      description: `本文は決済事業者の形式のJSON（署名は生の本文に対して計算されるため、ここでは検証前に解釈しない）。サンドボックス: ヘッダー ${SANDBOX_SIGNATURE_HEADER}: t=<UNIX秒>,v1=<HMAC-SHA256>`,
      request: { params: Code.extend({ provider: z.string().regex(/^[a-z0-9-]{1,40}$/, '決済事業者の名前が正しくありません。') }) },
      responses: {
        200: jsonContent(z.object({ received: z.literal(true), outcome: z.enum(['applied', 'unchanged', 'duplicate', 'refund']), status: PaymentStatus })),
        409: { description: '金額の不一致・確定済みの決済' }, ...errorResponses,
      },
    }), async (c) => {
      const { code, provider } = c.req.valid('param');
      const m = await portalMunicipality(services.db, code);
      const raw = await c.req.text();
      const headers = Object.fromEntries([...c.req.raw.headers.entries()].map(([k, v]) => [k.toLowerCase(), v]));
      const r = await receivePaymentNotification(services, m.id, provider, raw, headers);
      return c.json({ received: true as const, outcome: r.outcome, status: r.status }, 200);
    });

    // ---- Staff ----
    api.openapi(createRoute({
      method: 'get', path: '/online/cases/{id}/fee', tags: ['online'], summary: '案件の手数料（未納・納付済み）と決済の記録',
      request: { params: IdParam },
      responses: { 200: jsonContent(z.object({ fee: Fee })), ...errorResponses },
    }), async (c) => c.json({ fee: await getFeeForStaff(services, requireRole(c, CASE_WORKERS), c.req.valid('param').id, c.get('requestId')) }, 200));

    api.openapi(createRoute({
      method: 'post', path: '/online/cases/{id}/fee/counter-payment', tags: ['online'], summary: '窓口での手数料の納付を記録する（レジの領収番号と金額）',
      request: {
        params: IdParam,
        body: jsonBody(z.strictObject({
          receiptNo: z.string().trim().min(1, '領収番号を入力してください。').max(40, '40文字以内で入力してください。'),
          amountYen: z.number().int('金額は整数（円）で入力してください。').min(1).max(1_000_000),
        })),
      },
      responses: { 200: jsonContent(z.object({ fee: Fee })), 409: { description: '納付済み・決済途中' }, ...errorResponses },
    }), async (c) => c.json({ fee: await recordCounterPayment(services, requireRole(c, CASE_WORKERS), c.req.valid('param').id, c.req.valid('json'), c.get('requestId')) }, 200));

    api.openapi(createRoute({
      method: 'get', path: '/online/fees', tags: ['online'], summary: '受付箱の一覧用: 複数の案件の手数料の状況',
      request: { query: z.object({ ids: z.string().max(3800).transform((s) => s.split(',').filter(Boolean)).pipe(z.array(z.uuid('IDの形式が正しくありません。')).max(100, '一度に100件までです。')) }) },
      responses: { 200: jsonContent(z.object({ items: z.array(z.object({ caseId: z.uuid(), amountYen: z.number().int(), status: z.enum(['unpaid', 'paid']), method: z.enum(['online', 'counter']).nullable(), statusLabel: z.string() })) })), ...errorResponses },
    }), async (c) => c.json({ items: await feeStatusOfCases(services, requireRole(c, CASE_WORKERS), c.req.valid('query').ids) }, 200));
  };
}
