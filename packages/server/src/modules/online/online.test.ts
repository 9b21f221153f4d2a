import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleAnswers } from '@madoguchi/procedures';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import type { OnlineMail, OnlineMailer } from './mail';
import { seedProcedureCatalogue } from '../procedures/service';
import { applyPriorityTemplates } from './publications';
import { RETENTION_JOB, scheduleRetention } from './retention';
import { filesystemStorage, setStorage } from './storage';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Records what would have been sent; the SMTP path itself is tested in platform/mail. */
class CapturingMailer implements OnlineMailer {
  readonly configured = true;
  readonly sent: OnlineMail[] = [];
  async send(m: OnlineMail) {
    this.sent.push(m);
    return 'sent' as const;
  }
  /** The token from the last link mailed to an address. */
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
let filesDir = '';
const A = '062120';
const B = '063410';
const PASSWORD = 'resident-password-123';
const answers = () => structuredClone((exampleAnswers as Record<string, Record<string, unknown>>)['child-allowance-claim']!);
const cookieOf = (headers: Headers) => (headers.get('set-cookie') ?? '').split(';')[0]!;

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  mailer = new CapturingMailer();
  Object.assign(p.services, { mailer });
  filesDir = mkdtempSync(path.join(os.tmpdir(), 'online-files-'));
  setStorage(p.services, filesystemStorage(filesDir));
  for (const t of [f.a, f.b]) {
    await seedProcedureCatalogue(p.services, t.municipalityId);
    await applyPriorityTemplates(p.services.db, t.municipalityId, p.services.now());
  }
});
afterAll(async () => {
  await p.close();
  rmSync(filesDir, { recursive: true, force: true });
});

async function registerAndVerify(code: string, email: string): Promise<string> {
  const reg = await call(p, 'POST', `/api/portal/${code}/account/register`, { body: { email, password: PASSWORD, displayName: '尾花 健一' } });
  expect(reg.status).toBe(202);
  const res = await call(p, 'POST', `/api/portal/${code}/account/redeem`, { body: { token: mailer.lastToken(email) } });
  expect(res.status).toBe(200);
  return cookieOf(res.headers);
}

describe('resident accounts', () => {
  it('registers, verifies the address through the mailed link once, then logs in with the password', async () => {
    const email = 'kenichi@example.jp';
    await call(p, 'POST', `/api/portal/${A}/account/register`, { body: { email: 'Kenichi@Example.jp', password: PASSWORD, displayName: '尾花 健一' } });
    const mail = mailer.sent.at(-1)!;
    expect(mail.to).toBe(email);
    expect(mail.subject).toContain('尾花沢市');
    expect(mail.text).toContain(`/portal/${A}/verify#token=`);
    // Not verified yet: the password alone does not open the account.
    const early = await call(p, 'POST', `/api/portal/${A}/account/login`, { body: { email, password: PASSWORD } });
    expect(early.code).toBe('PORTAL_EMAIL_NOT_VERIFIED');
    const token = mailer.lastToken(email);
    const verified = await call(p, 'POST', `/api/portal/${A}/account/redeem`, { body: { token } });
    expect(verified.status).toBe(200);
    expect((await call(p, 'POST', `/api/portal/${A}/account/redeem`, { body: { token } })).code).toBe('PORTAL_LINK_INVALID');
    const login = await call(p, 'POST', `/api/portal/${A}/account/login`, { body: { email, password: PASSWORD } });
    expect(login.status).toBe(200);
    const me = await call(p, 'GET', `/api/portal/${A}/account/me`, { cookie: cookieOf(login.headers) });
    expect(me.body).toEqual({ account: { email, displayName: '尾花 健一' } });
    const wrong = await call(p, 'POST', `/api/portal/${A}/account/login`, { body: { email, password: 'not-the-password' } });
    expect(wrong.code).toBe('PORTAL_LOGIN_FAILED');
  });

  it('does not reveal whether an address is registered, and mails a login link instead', async () => {
    const email = 'twice@example.jp';
    await registerAndVerify(A, email);
    const again = await call(p, 'POST', `/api/portal/${A}/account/register`, { body: { email, password: PASSWORD, displayName: '別人' } });
    expect(again.status).toBe(202);
    expect(mailer.sent.at(-1)!.text).toContain('すでに登録されています');
    const link = await call(p, 'POST', `/api/portal/${A}/account/login-link`, { body: { email } });
    expect(link.status).toBe(202);
    const res = await call(p, 'POST', `/api/portal/${A}/account/redeem`, { body: { token: mailer.lastToken(email) } });
    expect(res.status).toBe(200);
    expect((await call(p, 'POST', `/api/portal/${A}/account/login-link`, { body: { email: 'nobody@example.jp' } })).status).toBe(202);
  });

  it('keeps resident and staff sessions apart, and a session to its own city', async () => {
    const resident = await registerAndVerify(A, 'apart@example.jp');
    expect((await call(p, 'GET', '/api/auth/me', { cookie: resident })).status).toBe(401);
    const staff = await loginAs(p, f.a, 'clerk');
    expect((await call(p, 'GET', `/api/portal/${A}/account/me`, { cookie: staff })).body).toEqual({ account: null });
    expect((await call(p, 'GET', `/api/portal/${B}/account/me`, { cookie: resident })).body).toEqual({ account: null });
    expect((await call(p, 'GET', `/api/portal/${B}/applications`, { cookie: resident })).code).toBe('PORTAL_LOGIN_REQUIRED');
  });

  it('ends an idle session with a message that says the draft is kept', async () => {
    const resident = await registerAndVerify(A, 'idle@example.jp');
    p.clock.advance(3 * 60 * 60 * 1000);
    const res = await call(p, 'GET', `/api/portal/${A}/applications`, { cookie: resident });
    expect(res.status).toBe(401);
    expect((res.body as { error: { message: string } }).error.message).toContain('下書き');
  });
});

describe('publishing rules', () => {
  it('lists only procedures a department put online, searchable by words, life event and department', async () => {
    const all = (await call(p, 'GET', `/api/portal/${A}/procedures`)).body as { items: { procedureId: string; signatureRequired: boolean; departmentName: string }[] };
    expect(all.items.map((i) => i.procedureId).sort()).toEqual(['child-allowance-claim', 'child-allowance-revision', 'child-allowance-termination', 'child-medical-eligibility']);
    expect(all.items.find((i) => i.procedureId === 'child-allowance-claim')).toMatchObject({ signatureRequired: false, departmentName: 'こども未来課' });
    const q = (await call(p, 'GET', `/api/portal/${A}/procedures?q=${encodeURIComponent('医療費')}`)).body as { items: { procedureId: string }[] };
    expect(q.items.map((i) => i.procedureId)).toEqual(['child-medical-eligibility']);
    const birth = (await call(p, 'GET', `/api/portal/${A}/procedures?lifeEvent=birth`)).body as { items: unknown[] };
    expect(birth.items.length).toBeGreaterThan(0);
    const dept = (await call(p, 'GET', `/api/portal/${A}/procedures?departmentId=${f.a.departments.shimin}`)).body as { items: unknown[] };
    expect(dept.items).toEqual([]);
  });

  it('lets the owning department switch a procedure off, and not another department', async () => {
    const reviewer = await loginAs(p, f.a, 'reviewer'); // こども未来課
    const list = (await call(p, 'GET', '/api/online/publications', { cookie: reviewer })).body as { items: { procedureId: string; canEdit: boolean; rule: Record<string, unknown> }[] };
    const termination = list.items.find((i) => i.procedureId === 'child-allowance-termination')!;
    expect(termination.canEdit).toBe(true);
    const off = { ...termination.rule, enabled: false };
    expect((await call(p, 'PUT', '/api/online/publications/child-allowance-termination', { cookie: reviewer, body: off })).status).toBe(200);
    expect((await call(p, 'GET', `/api/portal/${A}/procedures/child-allowance-termination`)).code).toBe('PORTAL_PROCEDURE_NOT_FOUND');
    // An open period that has ended closes it with its own message.
    await call(p, 'PUT', '/api/online/publications/child-allowance-termination', { cookie: reviewer, body: { ...off, enabled: true, openFrom: '2026-04-01', openUntil: '2026-10-31' } });
    expect((await call(p, 'GET', `/api/portal/${A}/procedures/child-allowance-termination`)).code).toBe('PORTAL_PROCEDURE_CLOSED');
    const sealRule = { ...off, enabled: true };
    const seal = await call(p, 'PUT', '/api/online/publications/dog-registration-change', { cookie: reviewer, body: sealRule });
    expect([403, 409]).toContain(seal.status);
    await call(p, 'PUT', '/api/online/publications/child-allowance-termination', { cookie: reviewer, body: { ...off, enabled: true } });
    // What the portal cannot honour yet is refused with a reason, not stored.
    // A signature or card login needs JPKI trust anchors; without them (as here) the rule is refused, not stored.
    expect((await call(p, 'PUT', '/api/online/publications/child-allowance-termination', { cookie: reviewer, body: { ...off, signatureRequired: true } })).code).toBe('JPKI_NOT_CONFIGURED');
    expect((await call(p, 'PUT', '/api/online/publications/child-allowance-termination', { cookie: reviewer, body: { ...off, authLevel: 'card' } })).code).toBe('JPKI_NOT_CONFIGURED');
    // Applying without an account works (guest.ts), so it is stored.
    expect((await call(p, 'PUT', '/api/online/publications/child-allowance-termination', { cookie: reviewer, body: { ...off, enabled: true, authLevel: 'none' } })).status).toBe(200);
    await call(p, 'PUT', '/api/online/publications/child-allowance-termination', { cookie: reviewer, body: { ...off, enabled: true } });
    // A fee is stored: residents pay it online or choose the counter (payments.ts).
    expect((await call(p, 'PUT', '/api/online/publications/child-allowance-termination', { cookie: reviewer, body: { ...off, feeYen: 300 } })).status).toBe(200);
    await call(p, 'PUT', '/api/online/publications/child-allowance-termination', { cookie: reviewer, body: { ...off, enabled: true } });
    const clerk = await loginAs(p, f.a, 'clerk');
    expect((await call(p, 'PUT', '/api/online/publications/child-allowance-termination', { cookie: clerk, body: off })).status).toBe(403);
  });
});

describe('applying online', () => {
  it('drafts, saves, submits once for a double click, and goes through correction and resubmission', async () => {
    const email = 'apply@example.jp';
    const resident = await registerAndVerify(A, email);
    const start = await call(p, 'POST', `/api/portal/${A}/applications`, { cookie: resident, body: { procedureId: 'child-allowance-claim', idempotencyKey: 'start-key-0001' } });
    expect(start.status).toBe(201);
    const caseId = (start.body as { case: { id: string; channel: string; status: string } }).case.id;
    expect((start.body as { case: { channel: string; status: string } }).case).toMatchObject({ channel: 'online', status: 'draft' });
    // The same start twice (a double tap) is the same draft.
    const again = await call(p, 'POST', `/api/portal/${A}/applications`, { cookie: resident, body: { procedureId: 'child-allowance-claim', idempotencyKey: 'start-key-0001' } });
    expect((again.body as { case: { id: string } }).case.id).toBe(caseId);
    // One application per person: a new start with another key is refused and names the existing one.
    const other = await call(p, 'POST', `/api/portal/${A}/applications`, { cookie: resident, body: { procedureId: 'child-allowance-claim', idempotencyKey: 'start-key-0002' } });
    expect(other.code).toBe('PORTAL_ALREADY_APPLIED');

    // Part of the form, with markup typed into a field: kept as text, incomplete is reported, not refused.
    const partial = { applicantName: '<script>alert(1)</script>尾花 健一' };
    const saved = await call(p, 'PUT', `/api/portal/${A}/applications/${caseId}/answers`, { cookie: resident, body: { answers: partial } });
    expect(saved.status).toBe(200);
    expect((saved.body as { errors: Record<string, unknown> }).errors).toHaveProperty('pensionType');
    const early = await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/submit`, { cookie: resident, body: { idempotencyKey: 'submit-key-01', declaration: true } });
    expect(early.code).toBe('PORTAL_APPLICATION_INCOMPLETE');
    expect((early.body as { error: { details: { path: string }[] } }).error.details.map((d) => d.path)).toContain('answers.pensionType');

    // The session runs out mid-form; after logging in again the draft is as it was.
    p.clock.advance(3 * 60 * 60 * 1000);
    expect((await call(p, 'PUT', `/api/portal/${A}/applications/${caseId}/answers`, { cookie: resident, body: { answers: answers() } })).code).toBe('PORTAL_LOGIN_REQUIRED');
    const relogin = cookieOf((await call(p, 'POST', `/api/portal/${A}/account/login`, { body: { email, password: PASSWORD } })).headers);
    const resumed = (await call(p, 'GET', `/api/portal/${A}/applications/${caseId}`, { cookie: relogin })).body as { case: { answers: Record<string, unknown> } };
    expect(resumed.case.answers).toEqual(partial);

    // An individual number typed anywhere is refused.
    const withNumber = await call(p, 'PUT', `/api/portal/${A}/applications/${caseId}/answers`, { cookie: relogin, body: { answers: { ...answers(), applicantPhone: '123456789018' } } });
    expect(withNumber.code).toBe('INDIVIDUAL_NUMBER_IN_ANSWERS');

    expect((await call(p, 'PUT', `/api/portal/${A}/applications/${caseId}/answers`, { cookie: relogin, body: { answers: answers() } })).status).toBe(200);
    const noDeclaration = await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/submit`, { cookie: relogin, body: { idempotencyKey: 'submit-key-01', declaration: false } });
    expect(noDeclaration.code).toBe('VALIDATION_FAILED');
    const [s1, s2] = await Promise.all([
      call(p, 'POST', `/api/portal/${A}/applications/${caseId}/submit`, { cookie: relogin, body: { idempotencyKey: 'submit-key-01', declaration: true } }),
      call(p, 'POST', `/api/portal/${A}/applications/${caseId}/submit`, { cookie: relogin, body: { idempotencyKey: 'submit-key-01', declaration: true } }),
    ]);
    expect([s1.status, s2.status]).toEqual([200, 200]);
    const receipt = (s1.body as { case: { receiptNumber: string } }).case.receiptNumber;
    expect(receipt).toMatch(/^R8-\d{6}$/);
    expect((s2.body as { case: { receiptNumber: string } }).case.receiptNumber).toBe(receipt);
    // A different key after submission is a second submission: refused.
    expect((await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/submit`, { cookie: relogin, body: { idempotencyKey: 'submit-key-02', declaration: true } })).code).toBe('PORTAL_ALREADY_SUBMITTED');
    // Submitted answers no longer change.
    expect((await call(p, 'PUT', `/api/portal/${A}/applications/${caseId}/answers`, { cookie: relogin, body: { answers: {} } })).code).toBe('CASE_NOT_EDITABLE');

    // The case is in the department inbox with the counter cases.
    const reviewer = await loginAs(p, f.a, 'reviewer');
    const inbox = (await call(p, 'GET', '/api/cases?status=submitted', { cookie: reviewer })).body as { items: { id: string; channel: string }[] };
    expect(inbox.items.find((c) => c.id === caseId)?.channel).toBe('online');

    // The reviewer asks for a correction; the resident is told by e-mail, sees the reason, fixes and resubmits.
    const before = mailer.sent.length;
    const corr = await call(p, 'POST', `/api/online/cases/${caseId}/correction-request`, { cookie: reviewer, body: { note: '口座名義のカナが通帳と違います。通帳どおりに直してください。', expected: 'submitted' } });
    expect(corr.status).toBe(200);
    expect((corr.body as { mail: string }).mail).toBe('sent');
    const notice = mailer.sent[before]!;
    expect(notice.to).toBe(email);
    expect(notice.text).toContain(receipt);
    expect(notice.text).not.toContain('口座名義'); // the reason is on the page, not in the e-mail
    const returned = (await call(p, 'GET', `/api/portal/${A}/applications/${caseId}`, { cookie: relogin })).body as { case: { status: string }; correction: string; canEdit: boolean };
    expect(returned).toMatchObject({ case: { status: 'returned' }, canEdit: true });
    expect(returned.correction).toContain('口座名義');
    const fixed = { ...answers(), accountHolderKana: 'オバナ ケンイチ' };
    expect((await call(p, 'PUT', `/api/portal/${A}/applications/${caseId}/answers`, { cookie: relogin, body: { answers: fixed } })).status).toBe(200);
    const resubmit = await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/submit`, { cookie: relogin, body: { idempotencyKey: 'submit-key-03', declaration: true } });
    expect(resubmit.status).toBe(200);
    expect((resubmit.body as { case: { receiptNumber: string; status: string } }).case).toMatchObject({ receiptNumber: receipt, status: 'submitted' });

    // Messages both ways.
    expect((await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/messages`, { cookie: relogin, body: { body: '直しました。' } })).status).toBe(201);
    expect((await call(p, 'POST', `/api/online/cases/${caseId}/messages`, { cookie: reviewer, body: { body: '確認しました。' } })).status).toBe(201);
    const msgs = (await call(p, 'GET', `/api/online/cases/${caseId}/messages`, { cookie: reviewer })).body as { online: boolean; items: { from: string; body: string }[] };
    expect(msgs.online).toBe(true);
    expect(msgs.items.map((m) => `${m.from}:${m.body}`)).toEqual(['resident:直しました。', 'staff:確認しました。']);

    // Decided: the resident opens the 決定通知書; before that it is not there.
    expect((await call(p, 'GET', `/api/portal/${A}/applications/${caseId}/result.pdf`, { cookie: relogin })).code).toBe('PORTAL_NOT_DECIDED');
    await call(p, 'POST', `/api/cases/${caseId}/transitions`, { cookie: reviewer, body: { to: 'accepted', expected: 'submitted' } });
    // A rejection needs its reason; the approval tells the resident by e-mail that the notice is ready.
    expect((await call(p, 'POST', `/api/online/cases/${caseId}/decision`, { cookie: reviewer, body: { to: 'rejected', note: ' ', expected: 'accepted' } })).code).toBe('CASE_NOTE_REQUIRED');
    const sentBefore = mailer.sent.length;
    const decided = await call(p, 'POST', `/api/online/cases/${caseId}/decision`, { cookie: reviewer, body: { to: 'completed', note: '令和8年12月分から支給します。', expected: 'accepted' } });
    expect(decided.body).toMatchObject({ case: { status: 'completed' }, mail: 'sent' });
    expect(mailer.sent[sentBefore]!.text).toContain('決定通知書');
    expect(mailer.sent[sentBefore]!.text).not.toContain('令和8年12月分');
    const decision = await p.app.request(`/api/portal/${A}/applications/${caseId}/result.pdf`, { headers: { cookie: relogin } });
    expect(decision.status).toBe(200);
    expect(decision.headers.get('content-type')).toBe('application/pdf');

    const mine = (await call(p, 'GET', `/api/portal/${A}/applications`, { cookie: relogin })).body as { items: { id: string; title: string; statusLabel: string }[] };
    expect(mine.items).toEqual([expect.objectContaining({ id: caseId, title: '児童手当 認定請求', statusLabel: '完了' })]);
  });

  it('withdraws where allowed', async () => {
    const resident = await registerAndVerify(A, 'withdraw@example.jp');
    const start = await call(p, 'POST', `/api/portal/${A}/applications`, { cookie: resident, body: { procedureId: 'child-allowance-termination', idempotencyKey: 'withdraw-key-1' } });
    const id = (start.body as { case: { id: string } }).case.id;
    const w = await call(p, 'POST', `/api/portal/${A}/applications/${id}/withdraw`, { cookie: resident, body: {} });
    expect((w.body as { case: { status: string } }).case.status).toBe('withdrawn');
    expect((await call(p, 'POST', `/api/portal/${A}/applications/${id}/withdraw`, { cookie: resident, body: {} })).code).toBe('CASE_TRANSITION_NOT_ALLOWED');
  });

  it('shows one resident nothing of another resident or of another city', async () => {
    const owner = await registerAndVerify(A, 'owner@example.jp');
    const start = await call(p, 'POST', `/api/portal/${A}/applications`, { cookie: owner, body: { procedureId: 'child-allowance-revision', idempotencyKey: 'owner-key-01' } });
    const id = (start.body as { case: { id: string } }).case.id;
    const stranger = await registerAndVerify(A, 'stranger@example.jp');
    const inB = await registerAndVerify(B, 'owner@example.jp');
    for (const cookie of [stranger, inB]) {
      for (const code of [A, B]) {
        const paths: [string, string, unknown?][] = [
          ['GET', `/api/portal/${code}/applications/${id}`],
          ['PUT', `/api/portal/${code}/applications/${id}/answers`, { answers: {} }],
          ['POST', `/api/portal/${code}/applications/${id}/submit`, { idempotencyKey: 'intruder-key', declaration: true }],
          ['POST', `/api/portal/${code}/applications/${id}/withdraw`, {}],
          ['POST', `/api/portal/${code}/applications/${id}/messages`, { body: 'x' }],
        ];
        for (const [method, path, body] of paths) {
          const res = await call(p, method, path, { cookie, ...(body !== undefined ? { body } : {}) });
          expect([401, 404], `${method} ${path}`).toContain(res.status);
        }
      }
    }
    // The same key from another account is another draft, never the owner's.
    const keyed = await call(p, 'POST', `/api/portal/${A}/applications`, { cookie: stranger, body: { procedureId: 'child-allowance-revision', idempotencyKey: 'owner-key-01' } });
    expect((keyed.body as { case: { id: string } }).case.id).not.toBe(id);
    const state = (await call(p, 'GET', `/api/portal/${A}/applications/${id}`, { cookie: owner })).body as { case: { status: string } };
    expect(state.case.status).toBe('draft');
  });
});

describe('after submission', () => {
  it('runs the pipeline — application PDF, department notice, receipt e-mail — each visible with its status, and retries a failed step', async () => {
    const email = 'pipeline@example.jp';
    const resident = await registerAndVerify(A, email);
    const start = await call(p, 'POST', `/api/portal/${A}/applications`, { cookie: resident, body: { procedureId: 'child-allowance-claim', idempotencyKey: 'pipeline-start-1' } });
    const id = (start.body as { case: { id: string } }).case.id;
    await call(p, 'PUT', `/api/portal/${A}/applications/${id}/answers`, { cookie: resident, body: { answers: answers() } });
    // Before submission there is no application form to download.
    expect((await call(p, 'GET', `/api/portal/${A}/applications/${id}/application.pdf`, { cookie: resident })).code).toBe('PORTAL_NOT_SUBMITTED');

    // The mail server is down at first: the e-mail step fails and stays visible as failed.
    const sent = mailer.sent.length;
    Object.assign(p.services, { mailer: { configured: true, send: async () => 'failed' as const } });
    const submitted = await call(p, 'POST', `/api/portal/${A}/applications/${id}/submit`, { cookie: resident, body: { idempotencyKey: 'pipeline-submit-1', declaration: true } });
    const receipt = (submitted.body as { case: { receiptNumber: string } }).case.receiptNumber;
    for (let i = 0; i < 6; i++) {
      await p.services.jobs.runDue();
      p.clock.advance(10 * 60_000);
    }
    const reviewer = await loginAs(p, f.a, 'reviewer');
    type Step = { id: string; kind: string; label: string; status: string; attempts: number; result: Record<string, unknown> | null; lastError: string | null };
    const failed = (await call(p, 'GET', `/api/online/cases/${id}/pipeline`, { cookie: reviewer })).body as { items: Step[] };
    expect(failed.items.map((s) => `${s.label}:${s.status}`)).toEqual(['申請書PDFの作成:done', '担当課への通知:done', '申請者への受付メール:failed']);
    expect(failed.items[0]!.result).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(failed.items[2]!.attempts).toBe(5);

    // The mail server is back; the retry button sends the receipt e-mail once.
    Object.assign(p.services, { mailer });
    const retried = await call(p, 'POST', `/api/online/cases/${id}/pipeline/${failed.items[2]!.id}/retry`, { cookie: reviewer });
    expect(retried.status).toBe(200);
    await p.services.jobs.runDue();
    const done = (await call(p, 'GET', `/api/online/cases/${id}/pipeline`, { cookie: reviewer })).body as { items: Step[] };
    expect(done.items.map((s) => s.status)).toEqual(['done', 'done', 'done']);
    const receiptMails = mailer.sent.slice(sent).filter((m) => m.to === email);
    expect(receiptMails).toHaveLength(1);
    expect(receiptMails[0]!.subject).toBe(`【尾花沢市】申請を受け付けました（${receipt}）`);
    expect(receiptMails[0]!.text).toContain('児童手当 認定請求');
    // Nothing personal beyond the name the resident gave: no answers in the e-mail.
    expect(receiptMails[0]!.text).not.toContain('0123456');

    // The resident downloads the application as the A4 form.
    const pdf = await p.app.request(`/api/portal/${A}/applications/${id}/application.pdf`, { headers: { cookie: resident } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');
  });
});

describe('export for the core system', () => {
  it('writes one row per case with answer columns, as UTF-8 with BOM or Shift_JIS, guarded against formulas', async () => {
    const resident = await registerAndVerify(A, 'export@example.jp');
    const start = await call(p, 'POST', `/api/portal/${A}/applications`, { cookie: resident, body: { procedureId: 'child-allowance-revision', idempotencyKey: 'export-start-1' } });
    const id = (start.body as { case: { id: string } }).case.id;
    const a = { ...answers(), applicantName: '=HYPERLINK("http://x")𠮷田', recipientNumber: 'A123', reasonDate: '2026-11-01', increasedChildren: undefined };
    await call(p, 'PUT', `/api/portal/${A}/applications/${id}/answers`, { cookie: resident, body: { answers: a } });
    const app = (await call(p, 'GET', `/api/portal/${A}/applications/${id}`, { cookie: resident })).body as { errors: Record<string, unknown> };
    expect(app.errors).toEqual({});
    await call(p, 'POST', `/api/portal/${A}/applications/${id}/submit`, { cookie: resident, body: { idempotencyKey: 'export-submit-1', declaration: true } });
    const reviewer = await loginAs(p, f.a, 'reviewer');

    const utf8 = await p.app.request('/api/online/export.csv?procedureId=child-allowance-revision', { headers: { cookie: reviewer } });
    expect(utf8.status).toBe(200);
    const bytes = new Uint8Array(await utf8.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes); // the decoder drops the BOM
    const [header, row] = text.split('\r\n');
    expect(header).toContain('receiptNumber,caseId');
    expect(header).toContain('applicantAddress.postalCode');
    expect(row).toContain(`"'=HYPERLINK(""http://x"")𠮷田"`);
    expect(utf8.headers.get('x-rows')).toBe('1');

    // 𠮷 (つちよし) is not in Shift_JIS: it becomes 〓 and is counted.
    const sjis = await p.app.request('/api/online/export.csv?procedureId=child-allowance-revision&encoding=shift_jis', { headers: { cookie: reviewer } });
    expect(sjis.headers.get('content-type')).toBe('text/csv; charset=Shift_JIS');
    expect(sjis.headers.get('x-unmappable-characters')).toBe('1');
    const decoded = new TextDecoder('shift_jis').decode(await sjis.arrayBuffer());
    expect(decoded).toContain('〓田');
    expect(decoded).toContain('尾花沢市若葉町');

    const clerk = await loginAs(p, f.a, 'clerk');
    expect((await call(p, 'GET', '/api/online/export.csv?procedureId=child-allowance-revision', { cookie: clerk })).status).toBe(403);
  });
});

describe('retention', () => {
  it('anonymises closed cases once the period of their procedure has passed, keeps the record, and audits which', async () => {
    const resident = await registerAndVerify(A, 'retention@example.jp');
    const start = await call(p, 'POST', `/api/portal/${A}/applications`, { cookie: resident, body: { procedureId: 'child-allowance-termination', idempotencyKey: 'retention-start-1' } });
    const id = (start.body as { case: { id: string } }).case.id;
    await call(p, 'PUT', `/api/portal/${A}/applications/${id}/answers`, { cookie: resident, body: { answers: { applicantName: '尾花 健一' } } });
    await call(p, 'POST', `/api/portal/${A}/applications/${id}/messages`, { cookie: resident, body: { body: '取り下げます。' } });
    await call(p, 'POST', `/api/portal/${A}/applications/${id}/withdraw`, { cookie: resident, body: { reason: '転出のため' } });
    // Within the period (5 years for 児童手当): nothing changes.
    p.clock.advance(4 * 365 * 24 * 60 * 60 * 1000);
    const admin = await loginAs(p, f.a, 'admin');
    const early = await call(p, 'POST', '/api/online/retention/run', { cookie: admin });
    expect(early.body).toMatchObject({ anonymised: 0 });

    // After it, by the daily job: answers and messages gone, 受付番号-less record and history kept.
    p.clock.advance(2 * 365 * 24 * 60 * 60 * 1000);
    await scheduleRetention(p.services.db, f.a.municipalityId, p.services.now());
    await scheduleRetention(p.services.db, f.a.municipalityId, p.services.now()); // one run is waiting, not two
    const pending = await p.services.db.selectFrom('job').select('id').where('kind', '=', RETENTION_JOB).where('municipality_id', '=', f.a.municipalityId).where('status', '=', 'pending').execute();
    expect(pending.length).toBe(1);
    await p.services.jobs.runDue();
    const row = await p.services.db.selectFrom('case_record').select(['answers', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toEqual({ answers: {}, status: 'withdrawn' });
    expect(await p.services.db.selectFrom('online_message').select('id').where('case_id', '=', id).execute()).toEqual([]);
    const notes = await p.services.db.selectFrom('case_action').select('note').where('case_id', '=', id).execute();
    expect(notes.every((n) => n.note === null)).toBe(true);
    const audit = await p.services.db.selectFrom('audit_event').select(['details']).where('action', '=', 'case.retention_purge').where('municipality_id', '=', f.a.municipalityId).execute();
    expect(JSON.stringify(audit)).toContain(id);
    // City B's cases are not touched by A's run, and the next run is scheduled a day later.
    const next = await p.services.db.selectFrom('job').select(['run_after']).where('kind', '=', RETENTION_JOB).where('status', '=', 'pending').execute();
    expect(next.length).toBe(1);
    expect(new Date(next[0]!.run_after).getTime()).toBeGreaterThan(p.services.now().getTime());
  });
});

describe('attachments', () => {
  const upload = (cookie: string, caseId: string, bytes: Uint8Array<ArrayBuffer>, filename: string, kind = 'birth-certificate') =>
    call(p, 'POST', `/api/portal/${A}/applications/${caseId}/attachments/${kind}?filename=${encodeURIComponent(filename)}`, {
      cookie, rawBody: bytes, headers: { 'content-type': 'application/octet-stream' },
    });
  const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n');

  it('checks type on the content and size against the procedure, stores outside the database, and serves only the applicant and staff who may see the case', async () => {
    const admin = await loginAs(p, f.a, 'admin');
    const rule = { enabled: true, authLevel: 'account', signatureRequired: false, feeYen: 0, onePerPerson: false, receivingDepartmentId: null, openFrom: null, openUntil: null };
    expect((await call(p, 'PUT', '/api/online/publications/birth-notification', { cookie: admin, body: rule })).status).toBe(200);
    const resident = await registerAndVerify(A, 'files@example.jp');
    const start = await call(p, 'POST', `/api/portal/${A}/applications`, { cookie: resident, body: { procedureId: 'birth-notification', idempotencyKey: 'files-start-1' } });
    const id = (start.body as { case: { id: string } }).case.id;

    const ok = await upload(resident, id, pdf, '出生証明書.pdf');
    expect(ok.status).toBe(201);
    const file = (ok.body as { attachment: { id: string; mediaType: string; sha256: string } }).attachment;
    expect(file.mediaType).toBe('application/pdf');
    // The bytes are in the storage directory, not in the database row.
    expect(readdirSync(path.join(filesDir, f.a.municipalityId))).toContain(file.id);

    // A script named .pdf, a PNG where only PDF/JPEG are allowed, an empty file, an oversized one, an unknown kind.
    expect((await upload(resident, id, new TextEncoder().encode('<script>alert(1)</script>'), 'evil.pdf')).code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    expect((await upload(resident, id, Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), 'photo.png')).code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');
    expect((await upload(resident, id, new Uint8Array(0), 'empty.pdf')).code).toBe('ATTACHMENT_EMPTY');
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(pdf);
    expect((await upload(resident, id, big, 'big.pdf')).code).toBe('ATTACHMENT_TOO_LARGE');
    expect((await upload(resident, id, pdf, 'x.pdf', 'passport')).code).toBe('ATTACHMENT_KIND_NOT_FOUND');

    const app = (await call(p, 'GET', `/api/portal/${A}/applications/${id}`, { cookie: resident })).body as { attachments: { id: string }[] };
    expect(app.attachments.map((a) => a.id)).toEqual([file.id]);
    const mine = await p.app.request(`/api/portal/${A}/applications/${id}/attachments/${file.id}`, { headers: { cookie: resident } });
    expect(mine.status).toBe(200);
    expect(mine.headers.get('content-disposition')).toContain('attachment');
    expect(new Uint8Array(await mine.arrayBuffer())).toEqual(pdf);

    // Another resident and another city: nothing. A reviewer of another department: nothing. The counter clerk: yes, audited.
    const stranger = await registerAndVerify(A, 'files-stranger@example.jp');
    expect((await call(p, 'GET', `/api/portal/${A}/applications/${id}/attachments/${file.id}`, { cookie: stranger })).status).toBe(404);
    expect((await upload(stranger, id, pdf, 'x.pdf')).status).toBe(404);
    const reviewer = await loginAs(p, f.a, 'reviewer'); // こども未来課; 出生届 is 市民税務課's
    expect((await call(p, 'GET', `/api/online/cases/${id}/attachments/${file.id}`, { cookie: reviewer })).status).toBe(404);
    const clerk = await loginAs(p, f.a, 'clerk');
    const seen = await p.app.request(`/api/online/cases/${id}/attachments/${file.id}`, { headers: { cookie: clerk } });
    expect(seen.status).toBe(200);
    const reads = await p.services.db.selectFrom('audit_event').select('id').where('action', '=', 'online.attachment_read').where('subject_id', '=', id).execute();
    expect(reads.length).toBe(1);

    // Deleting while a draft removes the file; after submission files are fixed.
    const second = (await upload(resident, id, pdf, 'again.pdf')).body as { attachment: { id: string } };
    expect((await call(p, 'DELETE', `/api/portal/${A}/applications/${id}/attachments/${second.attachment.id}`, { cookie: resident })).status).toBe(204);
    expect(readdirSync(path.join(filesDir, f.a.municipalityId))).not.toContain(second.attachment.id);
  });
});
