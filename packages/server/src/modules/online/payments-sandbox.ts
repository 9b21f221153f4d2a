import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema';
import type { Services } from '../../platform/http/context';
import { AppError, notFound } from '../../platform/http/errors';
import { getMunicipality } from '../tenancy/service';
import { receivePaymentNotification, registerPaymentProvider, type PaymentNotification, type PaymentProvider, type PaymentStatus } from './payments';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * The sandbox payment provider: a stand-in for a Japanese payment gateway that behaves like one —
 * the resident is redirected to the gateway's page (served by us, clearly labelled as a test), the
 * gateway notifies the merchant server-to-server with an HMAC-SHA256 signature over the timestamp
 * and the raw body (`x-sandbox-signature: t=<unix seconds>,v1=<hex>`), and answers status queries
 * from its own book (`online_payment_sandbox`). No money moves.
 */
export const SANDBOX_PROVIDER_ID = 'sandbox';
export const SANDBOX_SIGNATURE_HEADER = 'x-sandbox-signature';
/** A notification older (or newer) than this is refused: a captured one cannot be replayed later. */
export const SANDBOX_TOLERANCE_S = 300;

// The gateway's shared secret with the merchant. Configured in production-like setups; otherwise
// one per process, which is enough for a sandbox whose gateway lives in the same process.
const secret: Buffer = process.env.MADOGUCHI_PAYMENT_SANDBOX_SECRET
  ? Buffer.from(process.env.MADOGUCHI_PAYMENT_SANDBOX_SECRET, 'utf8')
  : randomBytes(32);

export function signSandboxNotification(rawBody: string, at: Date, key: Buffer = secret): string {
  const t = Math.floor(at.getTime() / 1000);
  const v1 = createHmac('sha256', key).update(`${t}.${rawBody}`).digest('hex');
  return `t=${t},v1=${v1}`;
}

const NotificationBody = z.object({
  notificationId: z.string().min(8).max(100),
  orderId: z.string().min(8).max(100),
  status: z.enum(['paid', 'cancelled', 'failed']),
  amountYen: z.number().int().min(0),
});
export type SandboxNotificationBody = z.infer<typeof NotificationBody>;

const invalidSignature = () => new AppError(401, 'PAYMENT_SIGNATURE_INVALID', '決済通知の署名を確認できませんでした。この通知は受け付けていません（決済事業者の設定と共有鍵を確認してください）。');

function verify(rawBody: string, headers: Record<string, string | undefined>, now: Date): PaymentNotification {
  const header = headers[SANDBOX_SIGNATURE_HEADER] ?? '';
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.trim().split('=', 2) as [string, string]));
  const t = Number(parts.t);
  const given = /^[0-9a-f]{64}$/.test(parts.v1 ?? '') ? Buffer.from(parts.v1!, 'hex') : null;
  if (!Number.isInteger(t) || !given) throw invalidSignature();
  const expected = createHmac('sha256', secret).update(`${t}.${rawBody}`).digest();
  if (!timingSafeEqual(expected, given)) throw invalidSignature();
  if (Math.abs(now.getTime() / 1000 - t) > SANDBOX_TOLERANCE_S) {
    throw new AppError(401, 'PAYMENT_NOTIFICATION_EXPIRED', '決済通知の時刻が古すぎる（または新しすぎる）ため受け付けていません。再送された古い通知の可能性があります。');
  }
  let parsed: SandboxNotificationBody;
  try {
    parsed = NotificationBody.parse(JSON.parse(rawBody));
  } catch {
    throw new AppError(400, 'PAYMENT_NOTIFICATION_INVALID', '決済通知の形式が正しくありません。');
  }
  return { notificationId: parsed.notificationId, providerRef: parsed.orderId, status: parsed.status, amountYen: parsed.amountYen };
}

export const sandboxProvider: PaymentProvider = {
  id: SANDBOX_PROVIDER_ID,
  label: 'クレジットカード等（テスト用の決済）',
  sandbox: true,
  async createPayment(db, input, now) {
    const ref = randomBytes(20).toString('base64url');
    await db.insertInto('online_payment_sandbox').values({
      municipality_id: input.municipalityId, ref, amount_yen: input.amountYen, description: input.description, return_url: input.returnUrl,
      status: 'open', created_at: now, decided_at: null,
    }).execute();
    return { providerRef: ref, redirectUrl: sandboxPageUrl(input.localGovernmentCode, ref) };
  },
  verifyNotification: verify,
  async queryStatus(db, municipalityId, ref): Promise<PaymentStatus> {
    const row = await db.selectFrom('online_payment_sandbox').select('status').where('municipality_id', '=', municipalityId).where('ref', '=', ref).executeTakeFirst();
    if (!row) return 'failed';
    return row.status === 'open' ? 'pending' : row.status;
  },
  async cancelPayment(db, municipalityId, ref, now) {
    const r = await db.updateTable('online_payment_sandbox').set({ status: 'cancelled', decided_at: now })
      .where('municipality_id', '=', municipalityId).where('ref', '=', ref).where('status', '=', 'open').executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  resumeUrl: (code, ref) => sandboxPageUrl(code, ref),
};

registerPaymentProvider(sandboxProvider);

export const sandboxPageUrl = (code: string, ref: string) => `/portal/${code}/pay/sandbox/${ref}`;

const unknownOrder = () => notFound('SANDBOX_PAYMENT_NOT_FOUND', 'この決済は見つかりません。申請の画面に戻って、もう一度「支払う」を押してください。');

/** The gateway's page: what is being paid, to whom, and whether it is still open. */
export async function sandboxPage(services: Services, municipalityId: string, ref: string) {
  const row = await services.db.selectFrom('online_payment_sandbox').selectAll().where('municipality_id', '=', municipalityId).where('ref', '=', ref).executeTakeFirst();
  if (!row) throw unknownOrder();
  const m = await getMunicipality(services.db, municipalityId);
  return { merchant: m.name, amountYen: row.amount_yen, description: row.description, status: row.status, returnUrl: row.return_url };
}

/**
 * The resident presses 支払う / キャンセル / 失敗させる on the gateway's page. The gateway books
 * the outcome, then notifies the merchant (signed, server-to-server style, through the same
 * verification as a notification arriving over HTTP) and sends the resident back.
 */
export async function decideSandboxPayment(services: Services, municipalityId: string, ref: string, action: 'pay' | 'cancel' | 'fail') {
  const now = services.now();
  const status = action === 'pay' ? 'paid' : action === 'cancel' ? 'cancelled' : 'failed';
  const row = await services.db.selectFrom('online_payment_sandbox').selectAll().where('municipality_id', '=', municipalityId).where('ref', '=', ref).executeTakeFirst();
  if (!row) throw unknownOrder();
  const r = await services.db.updateTable('online_payment_sandbox').set({ status, decided_at: now })
    .where('municipality_id', '=', municipalityId).where('ref', '=', ref).where('status', '=', 'open').executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) {
    throw new AppError(409, 'SANDBOX_PAYMENT_DECIDED', 'この決済はすでに終わっています。申請の画面に戻って、支払いの状況を確認してください。');
  }
  const body = JSON.stringify({ notificationId: randomUUID(), orderId: ref, status, amountYen: row.amount_yen } satisfies SandboxNotificationBody);
  let delivered = true;
  try {
    await receivePaymentNotification(services, municipalityId, SANDBOX_PROVIDER_ID, body, { [SANDBOX_SIGNATURE_HEADER]: signSandboxNotification(body, now) });
  } catch (e) {
    // A real gateway retries later; the resident's return asks for the status anyway.
    delivered = false;
    services.logger.warn('sandbox payment notification not accepted', { code: e instanceof AppError ? e.code : 'error' });
  }
  return { status, returnUrl: row.return_url, delivered };
}
