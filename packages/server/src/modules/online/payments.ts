import { randomUUID } from 'node:crypto';
import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database, OnlineCaseFeeTable, OnlinePaymentTable } from '../../platform/db/schema';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Services } from '../../platform/http/context';
import { AppError, badRequest, notFound } from '../../platform/http/errors';
import { getCaseForStaff } from '../cases/service';
import type { CaseStatus } from '../cases/state';
import type { ResidentPrincipal } from './accounts';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * 手数料 (fees) of online applications.
 *
 * A fee is part of the case (`online_case_fee`): its amount, how the resident chose to pay, and
 * whether it is paid. There are two ways to pay:
 * - **at the counter** (窓口で納付): the resident chooses it and may submit at once; the case shows
 *   未納 until staff record the payment with the receipt number of the cash register;
 * - **online through a payment provider**: the resident is sent to the provider's page; the provider
 *   tells us the outcome by a signed server-to-server notification; the resident's return to the
 *   portal is only a hint (we ask the provider for the status, we never trust the return URL).
 *
 * A fee procedure can be submitted only once its fee is paid or payment at the counter is chosen.
 */
export type PaymentStatus = 'pending' | 'paid' | 'cancelled' | 'failed';
export type FinalPaymentStatus = Exclude<PaymentStatus, 'pending'>;

export const PAYMENT_STATUS_LABELS: Record<PaymentStatus, string> = {
  pending: '決済待ち', paid: '支払済み', cancelled: '取消', failed: '失敗',
};

/** What a provider's notification says, once its signature has been checked. */
export interface PaymentNotification {
  /** The provider's id of this notification: the same id twice is a replay. */
  notificationId: string;
  providerRef: string;
  status: FinalPaymentStatus;
  amountYen: number;
}

export interface CreatePaymentInput {
  municipalityId: string;
  localGovernmentCode: string;
  amountYen: number;
  description: string;
  /** Where the provider sends the resident back (a path of the portal). */
  returnUrl: string;
}

/**
 * A payment gateway. Japanese gateways (and this interface) follow one pattern: create a payment
 * and send the resident to the gateway's page; the gateway notifies the merchant server-to-server
 * with a signature; the merchant can ask for the status at any time.
 */
export interface PaymentProvider {
  readonly id: string;
  /** Shown to residents on the choice of how to pay. */
  readonly label: string;
  readonly sandbox: boolean;
  createPayment(db: Db, input: CreatePaymentInput, now: Date): Promise<{ providerRef: string; redirectUrl: string }>;
  /** Checks the signature and freshness of a notification; throws a 401 AppError when they do not hold. */
  verifyNotification(rawBody: string, headers: Record<string, string | undefined>, now: Date): PaymentNotification;
  queryStatus(db: Db, municipalityId: string, providerRef: string): Promise<PaymentStatus>;
  /** Cancels a payment not yet decided at the gateway; false if it was decided meanwhile. */
  cancelPayment(db: Db, municipalityId: string, providerRef: string, now: Date): Promise<boolean>;
  /** The page to send the resident back to for a payment still open. */
  resumeUrl(localGovernmentCode: string, providerRef: string): string;
}

const providers = new Map<string, PaymentProvider>();

/** Adds a payment provider (the sandbox is built in; a city's contracted gateway would be added the same way). */
export function registerPaymentProvider(provider: PaymentProvider): void {
  providers.set(provider.id, provider);
}

export function paymentProviders(): PaymentProvider[] {
  return [...providers.values()];
}

function providerOf(id: string): PaymentProvider {
  const p = providers.get(id);
  if (!p) throw notFound('PAYMENT_PROVIDER_NOT_FOUND', 'この支払方法は使えません。申請の画面に戻って、支払方法を選び直してください。');
  return p;
}

export type FeeStatus = 'none' | 'unpaid' | 'paid';

export interface FeeView {
  caseId: string;
  amountYen: number;
  status: FeeStatus;
  method: 'online' | 'counter' | null;
  statusLabel: string;
  paidAt: string | null;
  counterReceiptNo: string | null;
  payments: {
    id: string; provider: string; providerLabel: string; amountYen: number; status: PaymentStatus; statusLabel: string;
    failure: string | null; createdAt: string; paidAt: string | null;
  }[];
  /** For the resident: the provider page of a payment still open (to continue it). */
  pendingUrl: string | null;
}

export function feeStatusLabel(status: FeeStatus, method: 'online' | 'counter' | null): string {
  if (status === 'none') return '手数料なし';
  if (status === 'paid') return '納付済み';
  return method === 'counter' ? '未納（窓口で納付）' : '未納';
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** The fee the publishing rule asks for today (used until the resident chooses how to pay). */
async function ruleFeeOf(db: Db, municipalityId: string, procedureId: string): Promise<number> {
  const rule = await db.selectFrom('online_publication').select('fee_yen').where('municipality_id', '=', municipalityId).where('procedure_id', '=', procedureId).executeTakeFirst();
  return rule?.fee_yen ?? 0;
}

async function caseRow(db: Db, municipalityId: string, caseId: string) {
  const row = await db.selectFrom('case_record').select(['id', 'procedure_id', 'status', 'receipt_number']).where('municipality_id', '=', municipalityId).where('id', '=', caseId).executeTakeFirst();
  if (!row) throw notFound('CASE_NOT_FOUND', '該当する案件が見つかりません。一覧を更新してから選び直してください。');
  return row;
}

async function buildFeeView(db: Db, municipalityId: string, caseId: string, procedureId: string, code: string | null): Promise<FeeView> {
  const fee = await db.selectFrom('online_case_fee').selectAll().where('municipality_id', '=', municipalityId).where('case_id', '=', caseId).executeTakeFirst();
  const payments = await db.selectFrom('online_payment').selectAll().where('municipality_id', '=', municipalityId).where('case_id', '=', caseId).orderBy('created_at').execute();
  const amountYen = fee?.amount_yen ?? (await ruleFeeOf(db, municipalityId, procedureId));
  const status: FeeStatus = fee ? fee.status : amountYen > 0 ? 'unpaid' : 'none';
  const method = fee?.method ?? null;
  const pending = payments.find((p) => p.status === 'pending');
  return {
    caseId, amountYen, status, method, statusLabel: feeStatusLabel(status, method), paidAt: iso(fee?.paid_at ?? null), counterReceiptNo: fee?.counter_receipt_no ?? null,
    payments: payments.map((p) => ({
      id: p.id, provider: p.provider, providerLabel: providers.get(p.provider)?.label ?? p.provider, amountYen: p.amount_yen, status: p.status,
      statusLabel: PAYMENT_STATUS_LABELS[p.status], failure: p.failure, createdAt: iso(p.created_at)!, paidAt: iso(p.paid_at),
    })),
    pendingUrl: pending && code && providers.get(pending.provider) ? providers.get(pending.provider)!.resumeUrl(code, pending.provider_ref) : null,
  };
}

async function assertApplicant(db: Db, r: ResidentPrincipal, caseId: string) {
  const owned = await db.selectFrom('online_application').select('case_id')
    .where('municipality_id', '=', r.municipalityId).where('case_id', '=', caseId).where('account_id', '=', r.accountId).executeTakeFirst();
  if (!owned) throw notFound('PORTAL_APPLICATION_NOT_FOUND', 'この申請は見つかりません。「申請の一覧」から選び直してください。');
  return caseRow(db, r.municipalityId, caseId);
}

const CLOSED: CaseStatus[] = ['completed', 'rejected', 'withdrawn'];

export async function getFeeForApplicant(services: Services, r: ResidentPrincipal, code: string, caseId: string): Promise<FeeView> {
  const c = await assertApplicant(services.db, r, caseId);
  return buildFeeView(services.db, r.municipalityId, caseId, c.procedure_id, code);
}

/** Locks (creating it first if needed) the case's fee row, so concurrent payments and records go one at a time. */
async function lockFee(trx: Transaction<Database>, municipalityId: string, caseId: string, amountYen: number, now: Date): Promise<Selectable<OnlineCaseFeeTable>> {
  await trx.insertInto('online_case_fee').values({
    municipality_id: municipalityId, case_id: caseId, amount_yen: amountYen, method: null, status: 'unpaid', payment_id: null,
    counter_receipt_no: null, recorded_by_staff_id: null, paid_at: null, updated_at: now,
  }).onConflict((oc) => oc.columns(['municipality_id', 'case_id']).doNothing()).execute();
  return trx.selectFrom('online_case_fee').selectAll().where('municipality_id', '=', municipalityId).where('case_id', '=', caseId).forUpdate().executeTakeFirstOrThrow();
}

const alreadyPaid = () => new AppError(409, 'FEE_ALREADY_PAID', '手数料はすでに納付済みです。もう一度支払う必要はありません。申請の画面を更新して確認してください。');

/**
 * The resident chooses how to pay. `counter`: pay at the counter (the application can then be
 * submitted). `online`: a payment at the provider; the same key returns the same payment, and a
 * payment still open at the provider is continued rather than a second one started.
 */
export async function chooseFeeMethod(
  services: Services, r: ResidentPrincipal, code: string, caseId: string,
  input: { method: 'online' | 'counter'; provider?: string | undefined; idempotencyKey: string },
): Promise<{ fee: FeeView; redirectUrl: string | null }> {
  const c = await assertApplicant(services.db, r, caseId);
  if (CLOSED.includes(c.status)) {
    throw new AppError(409, 'FEE_CASE_CLOSED', 'この申請は終了しているため、手数料の支払方法は変えられません。');
  }
  const amountYen = await ruleFeeOf(services.db, r.municipalityId, c.procedure_id);
  const now = services.now();
  const provider = input.method === 'online' ? providerOf(input.provider ?? 'sandbox') : null;
  const redirectUrl = await services.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('online_case_fee').select('amount_yen').where('municipality_id', '=', r.municipalityId).where('case_id', '=', caseId).executeTakeFirst();
    if (!existing && amountYen <= 0) throw new AppError(409, 'FEE_NOT_REQUIRED', 'この手続きに手数料はかかりません。そのまま申請を続けてください。');
    const fee = await lockFee(trx, r.municipalityId, caseId, existing?.amount_yen ?? amountYen, now);
    if (fee.status === 'paid') throw alreadyPaid();
    const pending = await trx.selectFrom('online_payment').selectAll()
      .where('municipality_id', '=', r.municipalityId).where('case_id', '=', caseId).where('status', '=', 'pending').executeTakeFirst();
    if (input.method === 'counter') {
      if (pending) {
        // The resident left the gateway's page and chose the counter: the open payment is cancelled first.
        const p = providerOf(pending.provider);
        if (!(await p.cancelPayment(trx, r.municipalityId, pending.provider_ref, now))) {
          const at = await p.queryStatus(trx, r.municipalityId, pending.provider_ref);
          if (at === 'paid') {
            await settlePayment(trx, pending, 'paid', now, { kind: 'resident' });
            throw alreadyPaid();
          }
        }
        await settlePayment(trx, pending, 'cancelled', now, { kind: 'resident' });
      }
      await trx.updateTable('online_case_fee').set({ method: 'counter', updated_at: now }).where('municipality_id', '=', r.municipalityId).where('case_id', '=', caseId).execute();
      await appendAudit(trx, { municipalityId: r.municipalityId, actorStaffId: null, action: 'online.fee_choose', subjectType: 'case', subjectId: caseId, purpose: c.procedure_id, details: { method: 'counter', amountYen: fee.amount_yen } }, now);
      return null;
    }
    const same = await trx.selectFrom('online_payment').selectAll()
      .where('municipality_id', '=', r.municipalityId).where('case_id', '=', caseId).where('idempotency_key', '=', input.idempotencyKey).executeTakeFirst();
    if (same) {
      // A double tap: the same payment again, if it is still open.
      if (same.status === 'pending') return providerOf(same.provider).resumeUrl(code, same.provider_ref);
      throw new AppError(409, 'PAYMENT_KEY_REUSED', 'この支払いはすでに終わっています。申請の画面を開き直してから、もう一度お試しください。');
    }
    if (pending) {
      if (pending.provider === provider!.id) return provider!.resumeUrl(code, pending.provider_ref);
      throw new AppError(409, 'PAYMENT_PENDING', '別の方法での支払いが途中です。その画面で支払うか取り消してから、選び直してください。');
    }
    const created = await provider!.createPayment(trx, {
      municipalityId: r.municipalityId, localGovernmentCode: code, amountYen: fee.amount_yen,
      description: `手数料（受付番号 ${c.receipt_number ?? '送信前'}）`, returnUrl: `/portal/${code}/applications/${caseId}?payment=done`,
    }, now);
    const id = randomUUID();
    await trx.insertInto('online_payment').values({
      municipality_id: r.municipalityId, id, case_id: caseId, provider: provider!.id, provider_ref: created.providerRef, amount_yen: fee.amount_yen,
      status: 'pending', idempotency_key: input.idempotencyKey, failure: null, created_at: now, updated_at: now, paid_at: null,
    }).execute();
    await trx.updateTable('online_case_fee').set({ method: 'online', updated_at: now }).where('municipality_id', '=', r.municipalityId).where('case_id', '=', caseId).execute();
    await appendAudit(trx, { municipalityId: r.municipalityId, actorStaffId: null, action: 'online.fee_choose', subjectType: 'case', subjectId: caseId, purpose: c.procedure_id, details: { method: 'online', provider: provider!.id, paymentId: id, amountYen: fee.amount_yen } }, now);
    return created.redirectUrl;
  });
  return { fee: await buildFeeView(services.db, r.municipalityId, caseId, c.procedure_id, code), redirectUrl };
}

type Settler = { kind: 'resident' } | { kind: 'provider' } | { kind: 'staff'; staffId: string };

/**
 * Moves one payment to its final status (inside the caller's transaction, with the fee row locked).
 * A paid payment pays the case's fee; if the fee was paid meanwhile another way, the payment is
 * kept as failed with the reason, for a refund — the fee is never paid twice.
 */
async function settlePayment(trx: Transaction<Database>, payment: Selectable<OnlinePaymentTable>, status: FinalPaymentStatus, now: Date, by: Settler): Promise<'applied' | 'unchanged' | 'refund'> {
  if (payment.status === status) return 'unchanged';
  if (payment.status !== 'pending') {
    throw new AppError(409, 'PAYMENT_ALREADY_FINAL', `この決済はすでに「${PAYMENT_STATUS_LABELS[payment.status]}」です。状態は変えられません。`);
  }
  const m = payment.municipality_id;
  const fee = await trx.selectFrom('online_case_fee').selectAll().where('municipality_id', '=', m).where('case_id', '=', payment.case_id).forUpdate().executeTakeFirstOrThrow();
  let outcome: 'applied' | 'refund' = 'applied';
  let finalStatus: FinalPaymentStatus = status;
  let failure: string | null = null;
  if (status === 'paid' && fee.status === 'paid') {
    finalStatus = 'failed';
    failure = '手数料は別の方法で納付済みのため、この支払いは返金の対象です。';
    outcome = 'refund';
  }
  await trx.updateTable('online_payment').set({ status: finalStatus, failure, updated_at: now, ...(finalStatus === 'paid' ? { paid_at: now } : {}) })
    .where('municipality_id', '=', m).where('id', '=', payment.id).where('status', '=', 'pending').execute();
  if (finalStatus === 'paid') {
    await trx.updateTable('online_case_fee').set({ status: 'paid', method: 'online', payment_id: payment.id, paid_at: now, updated_at: now })
      .where('municipality_id', '=', m).where('case_id', '=', payment.case_id).where('status', '=', 'unpaid').execute();
  }
  await appendAudit(trx, {
    municipalityId: m, actorStaffId: by.kind === 'staff' ? by.staffId : null, action: finalStatus === 'paid' ? 'online.fee_paid' : 'online.payment_update',
    subjectType: 'case', subjectId: payment.case_id, details: { paymentId: payment.id, provider: payment.provider, status: finalStatus, amountYen: payment.amount_yen, by: by.kind, ...(failure ? { failure } : {}) },
  }, now);
  return outcome;
}

/**
 * A provider's server-to-server notification: signature and freshness checked by the provider,
 * a notification id seen before is acknowledged without doing anything again (replay), an amount
 * other than the payment's is refused and changes nothing.
 */
export async function receivePaymentNotification(services: Services, municipalityId: string, providerId: string, rawBody: string, headers: Record<string, string | undefined>) {
  const provider = providerOf(providerId);
  const now = services.now();
  const n = provider.verifyNotification(rawBody, headers, now);
  return services.db.transaction().execute(async (trx) => {
    const payment = await trx.selectFrom('online_payment').selectAll()
      .where('municipality_id', '=', municipalityId).where('provider', '=', providerId).where('provider_ref', '=', n.providerRef).forUpdate().executeTakeFirst();
    if (!payment) throw notFound('PAYMENT_NOT_FOUND', '通知された決済が見つかりません。決済番号を確認してください。');
    const fresh = await trx.insertInto('online_payment_notification').values({
      municipality_id: municipalityId, provider: providerId, notification_id: n.notificationId, payment_id: payment.id, status: n.status, received_at: now,
    }).onConflict((oc) => oc.columns(['municipality_id', 'provider', 'notification_id']).doNothing()).returning('notification_id').executeTakeFirst();
    if (!fresh) return { outcome: 'duplicate' as const, paymentId: payment.id, status: payment.status };
    if (n.amountYen !== payment.amount_yen) {
      throw new AppError(409, 'PAYMENT_AMOUNT_MISMATCH', `通知された金額（${n.amountYen}円）が決済の金額（${payment.amount_yen}円）と一致しません。この通知は受け付けず、決済の状態も変えていません。`);
    }
    const outcome = await settlePayment(trx, payment, n.status, now, { kind: 'provider' });
    return { outcome, paymentId: payment.id, status: outcome === 'refund' ? ('failed' as const) : n.status };
  });
}

/**
 * When the resident comes back from the provider's page: ask the provider for the status of the
 * open payment (the notification may not have arrived yet) and apply what it says.
 */
export async function refreshFeeForApplicant(services: Services, r: ResidentPrincipal, code: string, caseId: string): Promise<FeeView> {
  const c = await assertApplicant(services.db, r, caseId);
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    const pending = await trx.selectFrom('online_payment').selectAll()
      .where('municipality_id', '=', r.municipalityId).where('case_id', '=', caseId).where('status', '=', 'pending').forUpdate().executeTakeFirst();
    if (!pending) return;
    const status = await providerOf(pending.provider).queryStatus(trx, r.municipalityId, pending.provider_ref);
    if (status !== 'pending') await settlePayment(trx, pending, status, now, { kind: 'provider' });
  });
  return buildFeeView(services.db, r.municipalityId, caseId, c.procedure_id, code);
}

/**
 * Submission gate (called by submit, inside its transaction, with the case's fee row and the fee
 * of the publishing rule it read there): a procedure with a fee can be sent once the fee is paid,
 * or once the resident chose to pay at the counter. Without a fee row the rule's fee applies.
 */
export function assertFeeSettledWith(fee: Pick<Selectable<OnlineCaseFeeTable>, 'status' | 'method' | 'amount_yen'> | undefined, ruleFeeYen: number): void {
  if (fee && (fee.status === 'paid' || fee.method === 'counter')) return;
  const amount = fee?.amount_yen ?? ruleFeeYen;
  if (amount <= 0) return;
  throw new AppError(409, 'PORTAL_FEE_UNPAID', `この手続きには手数料（${amount.toLocaleString('ja-JP')}円）がかかります。「手数料の支払い」でオンラインで支払うか、窓口で支払うことを選んでから送信してください。`);
}

// ---- Staff ----

export async function getFeeForStaff(services: Services, staff: StaffPrincipal, caseId: string, requestId: string | null): Promise<FeeView> {
  const { case: view } = await getCaseForStaff(services, staff, caseId, requestId);
  return buildFeeView(services.db, staff.municipalityId, caseId, view.procedureId, null);
}

/** Staff record a fee paid at the counter, with the receipt number of the cash register. */
export async function recordCounterPayment(services: Services, staff: StaffPrincipal, caseId: string, input: { receiptNo: string; amountYen: number }, requestId: string | null): Promise<FeeView> {
  const { case: view } = await getCaseForStaff(services, staff, caseId, requestId);
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('online_case_fee').select('amount_yen').where('municipality_id', '=', staff.municipalityId).where('case_id', '=', caseId).executeTakeFirst();
    const amount = existing?.amount_yen ?? (await ruleFeeOf(trx, staff.municipalityId, view.procedureId));
    if (amount <= 0) throw new AppError(409, 'FEE_NOT_REQUIRED', 'この案件に手数料はかかりません。');
    const fee = await lockFee(trx, staff.municipalityId, caseId, amount, now);
    if (fee.status === 'paid') throw alreadyPaid();
    if (input.amountYen !== fee.amount_yen) {
      throw badRequest('FEE_AMOUNT_MISMATCH', `受け取った金額が手数料（${fee.amount_yen.toLocaleString('ja-JP')}円）と一致しません。金額を確認してください。`, [{ path: 'amountYen', message: `${fee.amount_yen}円を入力してください。` }]);
    }
    const pending = await trx.selectFrom('online_payment').select('id').where('municipality_id', '=', staff.municipalityId).where('case_id', '=', caseId).where('status', '=', 'pending').executeTakeFirst();
    if (pending) {
      throw new AppError(409, 'PAYMENT_PENDING', '申請者のオンライン決済が途中です。二重の支払いを防ぐため、決済が終わるか取り消されてから窓口での納付を記録してください。');
    }
    await trx.updateTable('online_case_fee').set({ status: 'paid', method: 'counter', counter_receipt_no: input.receiptNo, recorded_by_staff_id: staff.id, paid_at: now, updated_at: now })
      .where('municipality_id', '=', staff.municipalityId).where('case_id', '=', caseId).where('status', '=', 'unpaid').execute();
    await appendAudit(trx, {
      municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'online.fee_paid', subjectType: 'case', subjectId: caseId, purpose: view.procedureId, requestId,
      details: { method: 'counter', amountYen: fee.amount_yen, receiptNo: input.receiptNo },
    }, now);
  });
  return buildFeeView(services.db, staff.municipalityId, caseId, view.procedureId, null);
}

/** Fee status of several cases at once, for the inbox list (only cases this person may see). */
export async function feeStatusOfCases(services: Services, staff: StaffPrincipal, caseIds: readonly string[]) {
  if (caseIds.length === 0) return [];
  let q = services.db.selectFrom('online_case_fee as f')
    .innerJoin('case_record as c', (j) => j.onRef('c.municipality_id', '=', 'f.municipality_id').onRef('c.id', '=', 'f.case_id'))
    .select(['f.case_id', 'f.amount_yen', 'f.status', 'f.method'])
    .where('f.municipality_id', '=', staff.municipalityId).where('f.case_id', 'in', [...caseIds]);
  if (staff.roles.every((r) => r === 'department_reviewer')) {
    if (staff.departmentIds.length === 0) return [];
    q = q.where('c.department_id', 'in', staff.departmentIds);
  }
  const rows = await q.execute();
  return rows.map((f) => ({ caseId: f.case_id, amountYen: f.amount_yen, status: f.status, method: f.method, statusLabel: feeStatusLabel(f.status, f.method) }));
}
