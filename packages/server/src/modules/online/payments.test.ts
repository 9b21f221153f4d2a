import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { exampleAnswers } from '@madoguchi/procedures';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import type { OnlineMail, OnlineMailer } from './mail';
import { seedProcedureCatalogue } from '../procedures/service';
import { applyPriorityTemplates } from './publications';
import { SANDBOX_SIGNATURE_HEADER, signSandboxNotification } from './payments-sandbox';

class CapturingMailer implements OnlineMailer {
  readonly configured = true;
  readonly sent: OnlineMail[] = [];
  async send(m: OnlineMail) {
    this.sent.push(m);
    return 'sent' as const;
  }
  lastToken(to: string): string {
    const m = [...this.sent].reverse().find((x) => x.to === to);
    const token = m?.text.match(/#token=([a-z2-7]{32})/)?.[1];
    if (!token) throw new Error(`no link mailed to ${to}`);
    return token;
  }
}

let p: TestPlatform;
let f: Fixtures;
let mailer: CapturingMailer;
let reviewer: string;
const A = '062120';
const PROC = 'child-allowance-claim';
const answers = () => structuredClone((exampleAnswers as Record<string, Record<string, unknown>>)[PROC]!);
const cookieOf = (headers: Headers) => (headers.get('set-cookie') ?? '').split(';')[0]!;

interface Fee {
  amountYen: number; status: string; method: string | null; statusLabel: string; counterReceiptNo: string | null; pendingUrl: string | null;
  payments: { id: string; status: string; failure: string | null }[];
}

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  mailer = new CapturingMailer();
  Object.assign(p.services, { mailer });
  await seedProcedureCatalogue(p.services, f.a.municipalityId);
  await applyPriorityTemplates(p.services.db, f.a.municipalityId, p.services.now());
  reviewer = await loginAs(p, f.a, 'reviewer'); // こども未来課 owns 児童手当
  const list = (await call(p, 'GET', '/api/online/publications', { cookie: reviewer })).body as { items: { procedureId: string; rule: Record<string, unknown> }[] };
  const rule = list.items.find((i) => i.procedureId === PROC)!.rule;
  // The department asks a fee of 300 yen (a stand-in for a 手数料 procedure).
  const set = await call(p, 'PUT', `/api/online/publications/${PROC}`, { cookie: reviewer, body: { ...rule, feeYen: 300 } });
  expect(set.status).toBe(200);
});
afterAll(() => p.close());

let n = 0;
/** A new resident with a filled-in draft of the fee procedure. */
async function residentWithDraft(): Promise<{ cookie: string; caseId: string }> {
  const email = `payer${++n}@example.jp`;
  await call(p, 'POST', `/api/portal/${A}/account/register`, { body: { email, password: 'resident-password-123', displayName: '尾花 健一' } });
  const cookie = cookieOf((await call(p, 'POST', `/api/portal/${A}/account/redeem`, { body: { token: mailer.lastToken(email) } })).headers);
  const start = await call(p, 'POST', `/api/portal/${A}/applications`, { cookie, body: { procedureId: PROC, idempotencyKey: `start-${n}-key` } });
  const caseId = (start.body as { case: { id: string } }).case.id;
  expect((await call(p, 'PUT', `/api/portal/${A}/applications/${caseId}/answers`, { cookie, body: { answers: answers() } })).status).toBe(200);
  return { cookie, caseId };
}

const feeOf = async (cookie: string, caseId: string) => ((await call(p, 'GET', `/api/portal/${A}/applications/${caseId}/fee`, { cookie })).body as { fee: Fee }).fee;
const refOf = (url: string) => url.split('/').at(-1)!;
const submit = (cookie: string, caseId: string, key = 'submit-key-001') =>
  call(p, 'POST', `/api/portal/${A}/applications/${caseId}/submit`, { cookie, body: { idempotencyKey: key, declaration: true } });
function notify(body: Record<string, unknown>, opts: { key?: Buffer; at?: Date; raw?: string } = {}) {
  const raw = opts.raw ?? JSON.stringify(body);
  return call(p, 'POST', `/api/portal/${A}/payments/sandbox/notify`, {
    rawBody: raw, headers: { 'content-type': 'application/json', [SANDBOX_SIGNATURE_HEADER]: signSandboxNotification(raw, opts.at ?? p.services.now(), opts.key) },
  });
}
async function paidRows(caseId: string) {
  return p.services.db.selectFrom('online_payment').select(['id', 'status']).where('municipality_id', '=', f.a.municipalityId).where('case_id', '=', caseId).where('status', '=', 'paid').execute();
}

describe('fees paid online through the sandbox gateway', () => {
  it('refuses to submit unpaid, redirects to the labelled gateway, and pays once whatever the gateway repeats', async () => {
    const { cookie, caseId } = await residentWithDraft();
    const unpaid = await submit(cookie, caseId);
    expect(unpaid.status).toBe(409);
    expect(unpaid.code).toBe('PORTAL_FEE_UNPAID');
    expect((unpaid.body as { error: { message: string } }).error.message).toContain('300円');
    expect(await feeOf(cookie, caseId)).toMatchObject({ amountYen: 300, status: 'unpaid', method: null, statusLabel: '未納' });

    const chosen = await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/fee`, { cookie, body: { method: 'online', provider: 'sandbox', idempotencyKey: 'pay-key-0001' } });
    expect(chosen.status).toBe(200);
    const url = (chosen.body as { redirectUrl: string }).redirectUrl;
    expect(url).toMatch(new RegExp(`^/portal/${A}/pay/sandbox/[A-Za-z0-9_-]{20,}$`));
    // A double tap is the same payment; so is a second start while the first is open.
    const again = await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/fee`, { cookie, body: { method: 'online', provider: 'sandbox', idempotencyKey: 'pay-key-0001' } });
    expect((again.body as { redirectUrl: string }).redirectUrl).toBe(url);
    const other = await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/fee`, { cookie, body: { method: 'online', provider: 'sandbox', idempotencyKey: 'pay-key-0002' } });
    expect((other.body as { redirectUrl: string }).redirectUrl).toBe(url);
    expect((await feeOf(cookie, caseId)).payments).toHaveLength(1);

    const ref = refOf(url);
    const page = (await call(p, 'GET', `/api/portal/${A}/payment-sandbox/${ref}`)).body as { merchant: string; amountYen: number; status: string };
    expect(page).toMatchObject({ merchant: '尾花沢市', amountYen: 300, status: 'open' });

    // A forged notification (wrong key), a stale one, a wrong amount and a broken signature change nothing.
    const forged = await notify({ notificationId: randomUUID(), orderId: ref, status: 'paid', amountYen: 300 }, { key: randomBytes(32) });
    expect(forged.status).toBe(401);
    expect(forged.code).toBe('PAYMENT_SIGNATURE_INVALID');
    const stale = await notify({ notificationId: randomUUID(), orderId: ref, status: 'paid', amountYen: 300 }, { at: new Date(p.services.now().getTime() - 10 * 60_000) });
    expect(stale.code).toBe('PAYMENT_NOTIFICATION_EXPIRED');
    const cheap = await notify({ notificationId: randomUUID(), orderId: ref, status: 'paid', amountYen: 3 });
    expect(cheap.status).toBe(409);
    expect(cheap.code).toBe('PAYMENT_AMOUNT_MISMATCH');
    const tampered = await call(p, 'POST', `/api/portal/${A}/payments/sandbox/notify`, {
      rawBody: JSON.stringify({ notificationId: randomUUID(), orderId: ref, status: 'paid', amountYen: 300 }),
      headers: { 'content-type': 'application/json', [SANDBOX_SIGNATURE_HEADER]: signSandboxNotification('{"other":"body"}', p.services.now()) },
    });
    expect(tampered.code).toBe('PAYMENT_SIGNATURE_INVALID');
    expect(await feeOf(cookie, caseId)).toMatchObject({ status: 'unpaid' });
    expect(await paidRows(caseId)).toHaveLength(0);

    // The resident pays on the gateway's page; the gateway's signed notification pays the fee.
    const paid = await call(p, 'POST', `/api/portal/${A}/payment-sandbox/${ref}`, { body: { action: 'pay' } });
    expect(paid.body).toMatchObject({ status: 'paid', delivered: true, returnUrl: `/portal/${A}/applications/${caseId}?payment=done` });
    expect(await feeOf(cookie, caseId)).toMatchObject({ status: 'paid', method: 'online', statusLabel: '納付済み', pendingUrl: null });
    // The page cannot be used twice.
    expect((await call(p, 'POST', `/api/portal/${A}/payment-sandbox/${ref}`, { body: { action: 'pay' } })).code).toBe('SANDBOX_PAYMENT_DECIDED');

    // The gateway retries: the same notification again is acknowledged and does nothing; another one saying
    // "paid" changes nothing either; one saying "cancelled" after payment is refused.
    const body = { notificationId: randomUUID(), orderId: ref, status: 'paid', amountYen: 300 };
    expect((await notify(body)).body).toMatchObject({ received: true, outcome: 'unchanged' });
    expect((await notify(body)).body).toMatchObject({ received: true, outcome: 'duplicate' });
    expect((await notify({ ...body, notificationId: randomUUID(), status: 'cancelled' })).code).toBe('PAYMENT_ALREADY_FINAL');
    expect((await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/fee`, { cookie, body: { method: 'online', idempotencyKey: 'pay-key-0003' } })).code).toBe('FEE_ALREADY_PAID');
    expect(await paidRows(caseId)).toHaveLength(1);

    expect((await submit(cookie, caseId)).status).toBe(200);
    // Staff see it paid, in the list and on the case; the payment is audited.
    const clerk = await loginAs(p, f.a, 'clerk');
    const list = (await call(p, 'GET', `/api/online/fees?ids=${caseId}`, { cookie: clerk })).body as { items: { caseId: string; statusLabel: string }[] };
    expect(list.items).toEqual([expect.objectContaining({ caseId, statusLabel: '納付済み' })]);
    const staffFee = (await call(p, 'GET', `/api/online/cases/${caseId}/fee`, { cookie: reviewer })).body as { fee: Fee };
    expect(staffFee.fee.payments.map((x) => x.status)).toEqual(['paid']);
    const audit = await p.services.db.selectFrom('audit_event').select('action').where('municipality_id', '=', f.a.municipalityId).where('subject_id', '=', caseId).execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['online.fee_choose', 'online.fee_paid']));
  });

  it('keeps a cancelled or failed payment unpaid, and lets the resident try again', async () => {
    const { cookie, caseId } = await residentWithDraft();
    const first = (await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/fee`, { cookie, body: { method: 'online', idempotencyKey: 'cancel-key-01' } })).body as { redirectUrl: string };
    const cancelled = await call(p, 'POST', `/api/portal/${A}/payment-sandbox/${refOf(first.redirectUrl)}`, { body: { action: 'cancel' } });
    expect(cancelled.body).toMatchObject({ status: 'cancelled', delivered: true });
    expect(await feeOf(cookie, caseId)).toMatchObject({ status: 'unpaid', payments: [expect.objectContaining({ status: 'cancelled' })] });
    expect((await submit(cookie, caseId)).code).toBe('PORTAL_FEE_UNPAID');
    // The old key belongs to the cancelled payment.
    expect((await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/fee`, { cookie, body: { method: 'online', idempotencyKey: 'cancel-key-01' } })).code).toBe('PAYMENT_KEY_REUSED');

    const second = (await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/fee`, { cookie, body: { method: 'online', idempotencyKey: 'cancel-key-02' } })).body as { redirectUrl: string };
    expect(second.redirectUrl).not.toBe(first.redirectUrl);
    await call(p, 'POST', `/api/portal/${A}/payment-sandbox/${refOf(second.redirectUrl)}`, { body: { action: 'fail' } });
    expect(await feeOf(cookie, caseId)).toMatchObject({ status: 'unpaid' });

    const third = (await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/fee`, { cookie, body: { method: 'online', idempotencyKey: 'cancel-key-03' } })).body as { redirectUrl: string };
    await call(p, 'POST', `/api/portal/${A}/payment-sandbox/${refOf(third.redirectUrl)}`, { body: { action: 'pay' } });
    // Back from the gateway, the portal asks the provider for the status (the notification already came).
    const refreshed = (await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/fee/refresh`, { cookie })).body as { fee: Fee };
    expect(refreshed.fee.status).toBe('paid');
    expect(refreshed.fee.payments.map((x) => x.status)).toEqual(['cancelled', 'failed', 'paid']);
    expect(await paidRows(caseId)).toHaveLength(1);
  });

  it('applies the provider status on return when the notification did not arrive', async () => {
    const { cookie, caseId } = await residentWithDraft();
    const r = (await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/fee`, { cookie, body: { method: 'online', idempotencyKey: 'lost-key-001' } })).body as { redirectUrl: string };
    // The gateway booked the payment but its notification was lost on the way.
    await p.services.db.updateTable('online_payment_sandbox').set({ status: 'paid', decided_at: p.services.now() })
      .where('municipality_id', '=', f.a.municipalityId).where('ref', '=', refOf(r.redirectUrl)).execute();
    expect((await feeOf(cookie, caseId)).status).toBe('unpaid');
    const refreshed = (await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/fee/refresh`, { cookie })).body as { fee: Fee };
    expect(refreshed.fee).toMatchObject({ status: 'paid', method: 'online' });
    // The late notification then changes nothing.
    const late = await notify({ notificationId: randomUUID(), orderId: refOf(r.redirectUrl), status: 'paid', amountYen: 300 });
    expect(late.body).toMatchObject({ outcome: 'unchanged' });
    expect(await paidRows(caseId)).toHaveLength(1);
  });
});

describe('fees paid at the counter', () => {
  it('lets the resident submit with the counter chosen; staff record the payment with its receipt once', async () => {
    const { cookie, caseId } = await residentWithDraft();
    // An online payment was started and abandoned; choosing the counter cancels it at the gateway.
    const started = (await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/fee`, { cookie, body: { method: 'online', idempotencyKey: 'abandon-key-1' } })).body as { redirectUrl: string };
    const clerk = await loginAs(p, f.a, 'clerk');
    // Staff cannot take cash while an online payment is open (it could be paid twice).
    expect((await call(p, 'POST', `/api/online/cases/${caseId}/fee/counter-payment`, { cookie: clerk, body: { receiptNo: 'R-0001', amountYen: 300 } })).code).toBe('PAYMENT_PENDING');
    const counter = await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/fee`, { cookie, body: { method: 'counter', idempotencyKey: 'counter-key-1' } });
    expect(counter.body).toMatchObject({ redirectUrl: null, fee: { status: 'unpaid', method: 'counter', statusLabel: '未納（窓口で納付）' } });
    expect((await call(p, 'POST', `/api/portal/${A}/payment-sandbox/${refOf(started.redirectUrl)}`, { body: { action: 'pay' } })).code).toBe('SANDBOX_PAYMENT_DECIDED');
    expect((await submit(cookie, caseId)).status).toBe(200);

    const list = (await call(p, 'GET', `/api/online/fees?ids=${caseId}`, { cookie: clerk })).body as { items: { statusLabel: string }[] };
    expect(list.items[0]!.statusLabel).toBe('未納（窓口で納付）');
    const wrong = await call(p, 'POST', `/api/online/cases/${caseId}/fee/counter-payment`, { cookie: clerk, body: { receiptNo: 'R-0001', amountYen: 200 } });
    expect(wrong.status).toBe(400);
    expect(wrong.code).toBe('FEE_AMOUNT_MISMATCH');
    expect((await call(p, 'POST', `/api/online/cases/${caseId}/fee/counter-payment`, { cookie: clerk, body: { receiptNo: '', amountYen: 300 } })).code).toBe('VALIDATION_FAILED');
    const ok = await call(p, 'POST', `/api/online/cases/${caseId}/fee/counter-payment`, { cookie: clerk, body: { receiptNo: 'R-0001', amountYen: 300 } });
    expect(ok.status).toBe(200);
    expect((ok.body as { fee: Fee }).fee).toMatchObject({ status: 'paid', method: 'counter', counterReceiptNo: 'R-0001' });
    const twice = await call(p, 'POST', `/api/online/cases/${caseId}/fee/counter-payment`, { cookie: clerk, body: { receiptNo: 'R-0002', amountYen: 300 } });
    expect(twice.code).toBe('FEE_ALREADY_PAID');
    // The resident's page says so, and there is nothing left to pay online.
    expect(await feeOf(cookie, caseId)).toMatchObject({ status: 'paid', statusLabel: '納付済み', counterReceiptNo: 'R-0001' });
    expect((await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/fee`, { cookie, body: { method: 'online', idempotencyKey: 'late-key-001' } })).code).toBe('FEE_ALREADY_PAID');
    const audit = await p.services.db.selectFrom('audit_event').select(['action', 'actor_staff_id']).where('municipality_id', '=', f.a.municipalityId).where('subject_id', '=', caseId).where('action', '=', 'online.fee_paid').execute();
    expect(audit).toEqual([{ action: 'online.fee_paid', actor_staff_id: f.a.staff.clerk }]);
  });

  it('shows another resident nothing, and a procedure without a fee asks for none', async () => {
    const { caseId } = await residentWithDraft();
    const other = await residentWithDraft();
    expect((await call(p, 'GET', `/api/portal/${A}/applications/${caseId}/fee`, { cookie: other.cookie })).code).toBe('PORTAL_APPLICATION_NOT_FOUND');
    expect((await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/fee`, { cookie: other.cookie, body: { method: 'counter', idempotencyKey: 'intruder-key' } })).code).toBe('PORTAL_APPLICATION_NOT_FOUND');
    const start = await call(p, 'POST', `/api/portal/${A}/applications`, { cookie: other.cookie, body: { procedureId: 'child-medical-eligibility', idempotencyKey: 'free-start-1' } });
    const freeId = (start.body as { case: { id: string } }).case.id;
    expect(await feeOf(other.cookie, freeId)).toMatchObject({ status: 'none', amountYen: 0, statusLabel: '手数料なし' });
    expect((await call(p, 'POST', `/api/portal/${A}/applications/${freeId}/fee`, { cookie: other.cookie, body: { method: 'counter', idempotencyKey: 'free-key-01' } })).code).toBe('FEE_NOT_REQUIRED');
    // A notification for an order nobody made is refused.
    expect((await notify({ notificationId: randomUUID(), orderId: 'x'.repeat(27), status: 'paid', amountYen: 300 })).code).toBe('PAYMENT_NOT_FOUND');
  });
});
