import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleAnswers } from '@madoguchi/procedures';
import { CardChannel, JpkiAp, digestInfoOf } from '@madoguchi/card';
import { CrlChecker, OcspClient, RevocationWithFallback, createSignedData } from '@madoguchi/card/node';
import { freePort, startOpensslOcsp } from '../../../../card/test/openssl-ocsp';
import {
  SimulatedCardTransport, createSimulatedIssuers, generateRsaKeyPair, personaliseMyNumberCard, serialNumberOf, type PersonalisedCard, type SimulatedIssuers,
} from '@madoguchi/card/sim';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import type { OnlineMail, OnlineMailer } from './mail';
import { seedProcedureCatalogue } from '../procedures/service';
import { applyPriorityTemplates } from './publications';
import { configureJpkiVerification, signedContentOf, verifyApplicationSignature } from './signing';
import type { Services } from '../../platform/http/context';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SimulatedJpkiRevocation } from './signing-demo';

/**
 * スマート申請 with the My Number card, against the simulated JPKI CA and its CRL: signed
 * submission (verified, kept with the case, refused when changed after signing, revoked or
 * unverifiable), card login, card-level procedures and applying without an account.
 */
class CapturingMailer implements OnlineMailer {
  readonly configured = true;
  readonly sent: OnlineMail[] = [];
  async send(m: OnlineMail) {
    this.sent.push(m);
    return 'sent' as const;
  }
  lastLink(to: string): { token: string; text: string } {
    const m = [...this.sent].reverse().find((x) => x.to === to);
    const token = m?.text.match(/#token=([a-z2-7]{32})/)?.[1];
    if (!m || !token) throw new Error(`no link mailed to ${to}`);
    return { token, text: m.text };
  }
}

let p: TestPlatform;
let f: Fixtures;
let mailer: CapturingMailer;
let issuers: SimulatedIssuers;
let revocation: SimulatedJpkiRevocation;
let taro: PersonalisedCard;
let revokedCard: PersonalisedCard;
let strangerCard: PersonalisedCard;
const A = '062120';
const PIN = '1234';
const SIGNING_PASSWORD = 'ABC123';
const answers = () => structuredClone((exampleAnswers as Record<string, Record<string, unknown>>)['child-allowance-claim']!);
const cookieOf = (headers: Headers) => (headers.get('set-cookie') ?? '').split(';')[0]!;
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

beforeAll(async () => {
  // Certificates are issued for the real time, so the platform's clock is real time too.
  p = await createTestPlatform({ start: new Date() });
  f = await seedFixtures(p);
  mailer = new CapturingMailer();
  Object.assign(p.services, { mailer });
  for (const t of [f.a, f.b]) {
    await seedProcedureCatalogue(p.services, t.municipalityId);
    await applyPriorityTemplates(p.services.db, t.municipalityId, p.services.now());
  }
  issuers = await createSimulatedIssuers();
  revocation = new SimulatedJpkiRevocation(issuers);
  configureJpkiVerification(p.services, revocation.verification());
  const keys = { auth: await generateRsaKeyPair(), signing: await generateRsaKeyPair() };
  const person = (familyName: string, givenName: string) => personaliseMyNumberCard(
    { familyName, givenName, address: '山形県尾花沢市若葉町一丁目２番３号', birthDate: '1985-06-01', sex: 'male', individualNumber: '123456789018', pin: PIN, signingPassword: SIGNING_PASSWORD },
    issuers, { keys },
  );
  taro = await person('尾花', '太郎');
  revokedCard = await person('失効', '次郎');
  strangerCard = await person('未登録', '三郎');
  revocation.revoke(serialNumberOf(revokedCard.credentials.signingCertificate));
  revocation.revoke(serialNumberOf(revokedCard.credentials.authCertificate));
});
afterAll(() => p.close());

async function registerAndVerify(email: string): Promise<string> {
  expect((await call(p, 'POST', `/api/portal/${A}/account/register`, { body: { email, password: 'resident-password-123', displayName: '尾花 太郎' } })).status).toBe(202);
  const res = await call(p, 'POST', `/api/portal/${A}/account/redeem`, { body: { token: mailer.lastLink(email).token } });
  expect(res.status).toBe(200);
  return cookieOf(res.headers);
}

const jpkiOf = (card: PersonalisedCard) => new JpkiAp(new CardChannel(new SimulatedCardTransport(card.card)));

/** What the browser does: fetch the bytes to sign, sign them with the card's 署名用 key, wrap them as CMS. */
async function sign(cookie: string, caseId: string, card: PersonalisedCard, content?: Uint8Array): Promise<string> {
  const bytes = content ?? new Uint8Array(Buffer.from(((await call(p, 'GET', `/api/portal/${A}/applications/${caseId}/signing-content`, { cookie })).body as { content: string }).content, 'base64'));
  const jpki = jpkiOf(card);
  const certificate = await jpki.readSigningCertificate(SIGNING_PASSWORD);
  return b64(await createSignedData({ content: bytes, certificate, signDigestInfo: (digestInfo) => jpki.sign('signing', SIGNING_PASSWORD, digestInfo) }));
}

async function startClaim(cookie: string, key: string): Promise<string> {
  const start = await call(p, 'POST', `/api/portal/${A}/applications`, { cookie, body: { procedureId: 'child-allowance-claim', idempotencyKey: key } });
  expect(start.status).toBe(201);
  const caseId = (start.body as { case: { id: string } }).case.id;
  expect((await call(p, 'PUT', `/api/portal/${A}/applications/${caseId}/answers`, { cookie, body: { answers: answers() } })).status).toBe(200);
  return caseId;
}

const statusOf = async (caseId: string) => (await p.services.db.selectFrom('case_record').select('status').where('id', '=', caseId).executeTakeFirstOrThrow()).status;
const signatureRows = async (caseId: string) => (await p.services.db.selectFrom('online_signature').select('id').where('case_id', '=', caseId).execute()).length;

describe('what is signed', () => {
  it('binds the procedure version, the answers in any key order, and each attachment by its hash', () => {
    const view = { id: '0190d3a0-0000-7000-8000-000000000001', procedureId: 'child-allowance-claim', procedureVersion: 1, answers: { b: 1, a: { y: 2, x: 3 } } };
    const file = { id: '0190d3a0-0000-7000-8000-0000000000f1', attachmentId: 'birth-certificate', filename: '出生証明書.pdf', sha256: 'a'.repeat(64) };
    const base = Buffer.from(signedContentOf(view, [file]));
    expect(Buffer.from(signedContentOf({ ...view, answers: { a: { x: 3, y: 2 }, b: 1 } }, [file])).equals(base)).toBe(true);
    expect(JSON.parse(base.toString('utf8'))).toMatchObject({ format: 'madoguchi.online-application/1', caseId: view.id, procedureVersion: 1, attachments: [file] });
    // Another file, a changed file, a file taken away, another version: other bytes, so the old signature no longer fits.
    expect(Buffer.from(signedContentOf(view, [file, { ...file, id: '0190d3a0-0000-7000-8000-0000000000f2' }])).equals(base)).toBe(false);
    expect(Buffer.from(signedContentOf(view, [{ ...file, sha256: 'b'.repeat(64) }])).equals(base)).toBe(false);
    expect(Buffer.from(signedContentOf(view, [])).equals(base)).toBe(false);
    expect(Buffer.from(signedContentOf({ ...view, procedureVersion: 2 }, [file])).equals(base)).toBe(false);
  });
});

describe('signed applications', () => {
  it('the department requires a signature for 児童手当 (JPKI is configured here)', async () => {
    const reviewer = await loginAs(p, f.a, 'reviewer');
    const list = (await call(p, 'GET', '/api/online/publications', { cookie: reviewer })).body as { items: { procedureId: string; rule: Record<string, unknown> }[] };
    const rule = list.items.find((i) => i.procedureId === 'child-allowance-claim')!.rule;
    const res = await call(p, 'PUT', '/api/online/publications/child-allowance-claim', { cookie: reviewer, body: { ...rule, signatureRequired: true, onePerPerson: false } });
    expect(res.status).toBe(200);
    expect(((await call(p, 'GET', `/api/portal/${A}/procedures/child-allowance-claim`)).body as { procedure: { signatureRequired: boolean } }).procedure.signatureRequired).toBe(true);
  });

  it('refuses an unsigned submission, and a signature over data changed after signing; nothing is submitted', async () => {
    const resident = await registerAndVerify('signer@example.jp');
    const caseId = await startClaim(resident, 'sign-start-0001');
    const unsigned = await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/submit`, { cookie: resident, body: { idempotencyKey: 'sign-submit-01', declaration: true } });
    expect(unsigned.status).toBe(400);
    expect(unsigned.code).toBe('PORTAL_SIGNATURE_REQUIRED');

    const signature = await sign(resident, caseId, taro);
    // The resident changes the bank account after signing.
    await call(p, 'PUT', `/api/portal/${A}/applications/${caseId}/answers`, { cookie: resident, body: { answers: { ...answers(), accountNumber: '7654321' } } });
    const tampered = await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/submit-signed`, { cookie: resident, body: { idempotencyKey: 'sign-submit-01', declaration: true, signature } });
    expect(tampered.status).toBe(409);
    expect(tampered.code).toBe('JPKI_DATA_TAMPERED');
    expect((tampered.body as { error: { message: string } }).error.message).toContain('署名し');
    expect(await statusOf(caseId)).toBe('draft');
    expect(await signatureRows(caseId)).toBe(0);

    // Signed bytes that are not this application's (another case's content) are refused the same way.
    const foreign = await sign(resident, caseId, taro, new TextEncoder().encode('{"caseId":"other"}'));
    expect((await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/submit-signed`, { cookie: resident, body: { idempotencyKey: 'sign-submit-01', declaration: true, signature: foreign } })).code).toBe('JPKI_DATA_TAMPERED');
    // Not a CMS at all.
    const garbage = await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/submit-signed`, { cookie: resident, body: { idempotencyKey: 'sign-submit-01', declaration: true, signature: b64(new TextEncoder().encode('not a signature')) } });
    expect(garbage.status).toBe(400);
    expect(garbage.code).toBe('JPKI_SIGNED_DATA_MALFORMED');
    expect(await statusOf(caseId)).toBe('draft');
  });

  it('refuses a revoked certificate, and fails closed when revocation cannot be checked', async () => {
    const resident = await registerAndVerify('revoked@example.jp');
    const caseId = await startClaim(resident, 'revoked-start-01');
    const revoked = await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/submit-signed`, { cookie: resident, body: { idempotencyKey: 'revoked-submit-01', declaration: true, signature: await sign(resident, caseId, revokedCard) } });
    expect(revoked.status).toBe(400);
    expect(revoked.code).toBe('JPKI_CERT_REVOKED');
    expect((revoked.body as { error: { message: string } }).error.message).toContain('失効');

    revocation.offline = true;
    try {
      const unknown = await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/submit-signed`, { cookie: resident, body: { idempotencyKey: 'revoked-submit-01', declaration: true, signature: await sign(resident, caseId, taro) } });
      expect(unknown.status).toBe(503);
      expect(unknown.code).toBe('JPKI_REVOCATION_UNAVAILABLE');
    } finally {
      revocation.offline = false;
    }
    expect(await statusOf(caseId)).toBe('draft');
    expect(await signatureRows(caseId)).toBe(0);
  });

  it('accepts a valid signature, keeps the CMS and its verification with the case, and staff see the signer', async () => {
    const resident = await registerAndVerify('valid@example.jp');
    const caseId = await startClaim(resident, 'valid-start-0001');
    const signature = await sign(resident, caseId, taro);
    const body = { idempotencyKey: 'valid-submit-01', declaration: true, signature };
    const [s1, s2] = await Promise.all([
      call(p, 'POST', `/api/portal/${A}/applications/${caseId}/submit-signed`, { cookie: resident, body }),
      call(p, 'POST', `/api/portal/${A}/applications/${caseId}/submit-signed`, { cookie: resident, body }),
    ]);
    expect([s1.status, s2.status]).toEqual([200, 200]);
    expect((s1.body as { case: { status: string; receiptNumber: string } }).case).toMatchObject({ status: 'submitted', receiptNumber: expect.stringMatching(/^R8-\d{6}$/) });
    // A double tap is one submission and one signature.
    expect(await signatureRows(caseId)).toBe(1);

    const mine = (await call(p, 'GET', `/api/portal/${A}/applications/${caseId}`, { cookie: resident })).body as { signature: { signerName: string } | null };
    expect(mine.signature?.signerName).toBe('尾花\u3000太郎');

    const reviewer = await loginAs(p, f.a, 'reviewer');
    const list = await call(p, 'GET', `/api/online/cases/${caseId}/signatures`, { cookie: reviewer });
    expect(list.status).toBe(200);
    const [sig] = (list.body as { items: { id: string; signerName: string; signerAddress: string; certificateSerial: string; revocationSource: string }[] }).items;
    expect(sig).toMatchObject({
      signerName: '尾花\u3000太郎', signerAddress: '山形県尾花沢市若葉町一丁目２番３号', revocationSource: 'crl',
      certificateSerial: expect.stringMatching(/^[0-9A-F]+$/),
    });
    const cms = await p.app.request(`/api/online/cases/${caseId}/signatures/${sig!.id}/cms`, { headers: { cookie: reviewer } });
    expect(cms.status).toBe(200);
    expect(cms.headers.get('content-type')).toBe('application/pkcs7-signature');
    const cmsBytes = Buffer.from(await cms.arrayBuffer());
    expect(cmsBytes.equals(Buffer.from(signature, 'base64'))).toBe(true);
    // The individual number is nowhere in what is kept.
    expect(cmsBytes.includes(Buffer.from('123456789018'))).toBe(false);

    const audit = await p.services.db.selectFrom('audit_event').select(['action', 'details']).where('subject_id', '=', caseId)
      .where('action', 'in', ['online.signature_verified', 'online.signature_read']).orderBy('seq').execute();
    expect(audit.map((a) => a.action)).toEqual(['online.signature_verified', 'online.signature_read', 'online.signature_read']);
    expect(JSON.stringify(audit)).not.toContain('太郎');

    // City B's reviewer sees nothing of it.
    const other = await loginAs(p, f.b, 'reviewer');
    expect((await call(p, 'GET', `/api/online/cases/${caseId}/signatures`, { cookie: other })).status).toBe(404);
  });

  it('after a correction request the changed application must be signed again', async () => {
    const resident = await registerAndVerify('again@example.jp');
    const caseId = await startClaim(resident, 'again-start-0001');
    const first = await sign(resident, caseId, taro);
    expect((await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/submit-signed`, { cookie: resident, body: { idempotencyKey: 'again-submit-01', declaration: true, signature: first } })).status).toBe(200);
    const reviewer = await loginAs(p, f.a, 'reviewer');
    expect((await call(p, 'POST', `/api/online/cases/${caseId}/correction-request`, { cookie: reviewer, body: { note: '口座名義を通帳どおりに直してください。', expected: 'submitted' } })).status).toBe(200);
    await call(p, 'PUT', `/api/portal/${A}/applications/${caseId}/answers`, { cookie: resident, body: { answers: { ...answers(), accountHolderKana: 'オバナ タロウ' } } });
    // The old signature is over the old data.
    const stale = await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/submit-signed`, { cookie: resident, body: { idempotencyKey: 'again-submit-02', declaration: true, signature: first } });
    expect(stale.code).toBe('JPKI_DATA_TAMPERED');
    expect(await statusOf(caseId)).toBe('returned');
    const second = await sign(resident, caseId, taro);
    expect((await call(p, 'POST', `/api/portal/${A}/applications/${caseId}/submit-signed`, { cookie: resident, body: { idempotencyKey: 'again-submit-02', declaration: true, signature: second } })).status).toBe(200);
    expect(await statusOf(caseId)).toBe('submitted');
    expect(await signatureRows(caseId)).toBe(2);
  });
});

async function cardAnswer(card: PersonalisedCard, key: 'auth' | 'signing' = 'auth') {
  const challenge = (await call(p, 'POST', `/api/portal/${A}/card-login/challenge`)).body as { challengeId: string; challenge: string };
  const jpki = jpkiOf(card);
  const certificate = key === 'auth' ? await jpki.readAuthCertificate() : await jpki.readSigningCertificate(SIGNING_PASSWORD);
  const signature = await jpki.sign(key, key === 'auth' ? PIN : SIGNING_PASSWORD, await digestInfoOf('SHA-256', new Uint8Array(Buffer.from(challenge.challenge, 'base64'))));
  return { challengeId: challenge.challengeId, certificate: b64(certificate), signature: b64(signature) };
}

describe('card login', () => {
  let account = '';
  it('links the card to the logged-in account and raises the session to card level', async () => {
    account = await registerAndVerify('card@example.jp');
    expect(((await call(p, 'GET', `/api/portal/${A}/account/card`, { cookie: account })).body as { state: unknown }).state).toEqual({ authLevel: 'account', cardLinked: false, guest: false });
    const res = await call(p, 'POST', `/api/portal/${A}/card-login`, { cookie: account, body: await cardAnswer(taro) });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ account: { email: 'card@example.jp', displayName: '尾花 太郎' }, linked: true });
    expect(((await call(p, 'GET', `/api/portal/${A}/account/card`, { cookie: account })).body as { state: unknown }).state).toEqual({ authLevel: 'card', cardLinked: true, guest: false });
    const link = await p.services.db.selectFrom('online_card_link').selectAll().where('account_id', 'is not', null).execute();
    expect(link).toHaveLength(1);
    expect(link[0]!.certificate_sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(link)).not.toContain('123456789018');
  });

  it('logs in with the linked card alone; a used challenge, an unlinked, revoked or 署名用 certificate are refused', async () => {
    const answer = await cardAnswer(taro);
    const login = await call(p, 'POST', `/api/portal/${A}/card-login`, { body: answer });
    expect(login.status).toBe(200);
    expect((login.body as { linked: boolean }).linked).toBe(false);
    const cookie = cookieOf(login.headers);
    expect(((await call(p, 'GET', `/api/portal/${A}/account/card`, { cookie })).body as { state: { authLevel: string } }).state.authLevel).toBe('card');
    // The same answer again (a replay) is refused: the challenge was used.
    expect((await call(p, 'POST', `/api/portal/${A}/card-login`, { body: answer })).code).toBe('CARD_CHALLENGE_INVALID');
    // A challenge answered too late.
    const late = await cardAnswer(taro);
    p.clock.advance(6 * 60 * 1000);
    expect((await call(p, 'POST', `/api/portal/${A}/card-login`, { body: late })).code).toBe('CARD_CHALLENGE_INVALID');
    p.clock.advance(-6 * 60 * 1000);

    const stranger = await call(p, 'POST', `/api/portal/${A}/card-login`, { body: await cardAnswer(strangerCard) });
    expect(stranger.status).toBe(404);
    expect(stranger.code).toBe('CARD_NOT_LINKED');
    expect((await call(p, 'POST', `/api/portal/${A}/card-login`, { body: await cardAnswer(revokedCard) })).code).toBe('JPKI_CERT_REVOKED');
    expect((await call(p, 'POST', `/api/portal/${A}/card-login`, { body: await cardAnswer(taro, 'signing') })).code).toBe('JPKI_CERT_WRONG_USAGE');
    // A signature over something else than the challenge.
    const forged = { ...(await cardAnswer(taro)), signature: (await cardAnswer(taro)).signature };
    expect((await call(p, 'POST', `/api/portal/${A}/card-login`, { body: forged })).code).toBe('JPKI_SIGNATURE_INVALID');
    // Another account cannot take a card that is linked already.
    const other = await registerAndVerify('other-card@example.jp');
    expect((await call(p, 'POST', `/api/portal/${A}/card-login`, { cookie: other, body: await cardAnswer(taro) })).code).toBe('CARD_LINKED_TO_OTHER_ACCOUNT');
  });

  it('a procedure published for card login needs a card session to start', async () => {
    const reviewer = await loginAs(p, f.a, 'reviewer');
    const list = (await call(p, 'GET', '/api/online/publications', { cookie: reviewer })).body as { items: { procedureId: string; rule: Record<string, unknown> }[] };
    const rule = list.items.find((i) => i.procedureId === 'child-allowance-revision')!.rule;
    expect((await call(p, 'PUT', '/api/online/publications/child-allowance-revision', { cookie: reviewer, body: { ...rule, authLevel: 'card' } })).status).toBe(200);
    const plain = await registerAndVerify('plain@example.jp');
    const refused = await call(p, 'POST', `/api/portal/${A}/applications`, { cookie: plain, body: { procedureId: 'child-allowance-revision', idempotencyKey: 'card-level-0001' } });
    expect(refused.status).toBe(403);
    expect(refused.code).toBe('PORTAL_CARD_LOGIN_REQUIRED');
    const viaCard = cookieOf((await call(p, 'POST', `/api/portal/${A}/card-login`, { body: await cardAnswer(taro) })).headers);
    expect((await call(p, 'POST', `/api/portal/${A}/applications`, { cookie: viaCard, body: { procedureId: 'child-allowance-revision', idempotencyKey: 'card-level-0001' } })).status).toBe(201);
  });

  it('unlinks the card: it no longer opens the account, sessions opened with it elsewhere end, and it can be linked again', async () => {
    // A card session elsewhere (say, the phone that was lost with the card).
    const elsewhere = cookieOf((await call(p, 'POST', `/api/portal/${A}/card-login`, { body: await cardAnswer(taro) })).headers);
    expect(((await call(p, 'GET', `/api/portal/${A}/account/card`, { cookie: elsewhere })).body as { state: unknown }).state).not.toBeNull();
    expect((await call(p, 'DELETE', `/api/portal/${A}/account/card`)).code).toBe('PORTAL_LOGIN_REQUIRED');

    const res = await call(p, 'DELETE', `/api/portal/${A}/account/card`, { cookie: account });
    expect(res.status).toBe(200);
    expect((res.body as { endedSessions: number }).endedSessions).toBeGreaterThanOrEqual(1);
    expect(((await call(p, 'GET', `/api/portal/${A}/account/card`, { cookie: account })).body as { state: unknown }).state).toEqual({ authLevel: 'card', cardLinked: false, guest: false });
    expect(((await call(p, 'GET', `/api/portal/${A}/account/card`, { cookie: elsewhere })).body as { state: unknown }).state).toBeNull();
    expect((await call(p, 'POST', `/api/portal/${A}/card-login`, { body: await cardAnswer(taro) })).code).toBe('CARD_NOT_LINKED');
    const audit = await p.services.db.selectFrom('audit_event').select(['action', 'details']).where('action', '=', 'online.card_unlink').execute();
    expect(audit).toHaveLength(1);
    // A second click changes nothing and says why.
    const again = await call(p, 'DELETE', `/api/portal/${A}/account/card`, { cookie: account });
    expect(again.status).toBe(409);
    expect(again.code).toBe('CARD_NOT_LINKED');
    expect(await p.services.db.selectFrom('audit_event').select('id').where('action', '=', 'online.card_unlink').execute()).toHaveLength(1);
    // The same card can be linked again (to this or another account).
    expect((await call(p, 'POST', `/api/portal/${A}/card-login`, { cookie: account, body: await cardAnswer(taro) })).status).toBe(200);
  });
});

describe('applying without an account', () => {
  it('mails a one-time link that opens a guest session, for procedures that allow it only', async () => {
    const reviewer = await loginAs(p, f.a, 'reviewer');
    const list = (await call(p, 'GET', '/api/online/publications', { cookie: reviewer })).body as { items: { procedureId: string; rule: Record<string, unknown> }[] };
    const rule = list.items.find((i) => i.procedureId === 'child-allowance-termination')!.rule;
    expect((await call(p, 'PUT', '/api/online/publications/child-allowance-termination', { cookie: reviewer, body: { ...rule, authLevel: 'none' } })).status).toBe(200);

    const email = 'guest@example.jp';
    const notAllowed = await call(p, 'POST', `/api/portal/${A}/guest`, { body: { email, displayName: '尾花 花子', procedureId: 'child-allowance-claim' } });
    expect(notAllowed.status).toBe(409);
    expect(notAllowed.code).toBe('PORTAL_GUEST_NOT_ALLOWED');
    expect(mailer.sent.filter((m) => m.to === email)).toHaveLength(0);

    const asked = await call(p, 'POST', `/api/portal/${A}/guest`, { body: { email, displayName: '尾花 花子', procedureId: 'child-allowance-termination' } });
    expect(asked.status).toBe(202);
    const { token, text } = mailer.lastLink(email);
    expect(text).toContain(`/portal/${A}/verify?next=child-allowance-termination#token=`);
    const redeemed = await call(p, 'POST', `/api/portal/${A}/account/redeem`, { body: { token } });
    expect(redeemed.status).toBe(200);
    const guest = cookieOf(redeemed.headers);
    expect(((await call(p, 'GET', `/api/portal/${A}/account/card`, { cookie: guest })).body as { state: { guest: boolean } }).state.guest).toBe(true);
    // A guest has no password to log in with.
    expect((await call(p, 'POST', `/api/portal/${A}/account/login`, { body: { email, password: 'anything-at-all-123' } })).code).toBe('PORTAL_LOGIN_FAILED');
    const start = await call(p, 'POST', `/api/portal/${A}/applications`, { cookie: guest, body: { procedureId: 'child-allowance-termination', idempotencyKey: 'guest-start-0001' } });
    expect(start.status).toBe(201);
    // Back later: a login link to the same address opens the status again.
    await call(p, 'POST', `/api/portal/${A}/account/login-link`, { body: { email } });
    const again = await call(p, 'POST', `/api/portal/${A}/account/redeem`, { body: { token: mailer.lastLink(email).token } });
    const apps = (await call(p, 'GET', `/api/portal/${A}/applications`, { cookie: cookieOf(again.headers) })).body as { items: { procedureId: string }[] };
    expect(apps.items.map((i) => i.procedureId)).toEqual(['child-allowance-termination']);
  });
});

describe('trust anchors from the environment (production)', () => {
  const pem = (der: Uint8Array) => `-----BEGIN CERTIFICATE-----\n${Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----\n`;
  const fresh = () => ({ now: () => new Date() }) as unknown as Services;
  let dir = '';
  let cms = '';
  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'jpki-anchors-'));
    const jpki = jpkiOf(taro);
    const certificate = await jpki.readSigningCertificate(SIGNING_PASSWORD);
    cms = b64(await createSignedData({ content: new TextEncoder().encode('{}'), certificate, signDigestInfo: (d) => jpki.sign('signing', SIGNING_PASSWORD, d) }));
  });
  afterAll(() => {
    delete process.env.MADOGUCHI_JPKI_TRUST_ANCHORS;
    rmSync(dir, { recursive: true, force: true });
  });

  it('without anchors nothing signed is accepted', async () => {
    delete process.env.MADOGUCHI_JPKI_TRUST_ANCHORS;
    await expect(verifyApplicationSignature(fresh(), cms)).rejects.toMatchObject({ status: 503, code: 'JPKI_NOT_CONFIGURED' });
  });

  it('reads PEM anchors, and fails closed when the certificate names no OCSP responder or CRL to ask', async () => {
    writeFileSync(path.join(dir, 'signing-ca.pem'), pem(issuers.signingCa.certificate));
    process.env.MADOGUCHI_JPKI_TRUST_ANCHORS = path.join(dir, 'signing-ca.pem');
    await expect(verifyApplicationSignature(fresh(), cms)).rejects.toMatchObject({ status: 503, code: 'JPKI_REVOCATION_UNAVAILABLE' });
  });

  it('refuses a signer whose CA is not among the anchors (DER file)', async () => {
    writeFileSync(path.join(dir, 'auth-ca.der'), issuers.authCa.certificate);
    process.env.MADOGUCHI_JPKI_TRUST_ANCHORS = path.join(dir, 'auth-ca.der');
    await expect(verifyApplicationSignature(fresh(), cms)).rejects.toMatchObject({ status: 400, code: 'JPKI_CERT_CHAIN_UNKNOWN' });
  });
});

describe('revocation by OCSP (the production checker)', () => {
  it('asks the responder the certificate names: good is kept as checked by OCSP, revoked is refused', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/`;
    const ocspIssuers = await createSimulatedIssuers({ ocspUrls: { auth: url, signing: url } });
    const keys = { auth: await generateRsaKeyPair(), signing: await generateRsaKeyPair() };
    const person = (givenName: string) => personaliseMyNumberCard(
      { familyName: '尾花', givenName, address: '山形県尾花沢市若葉町一丁目２番３号', birthDate: '1985-06-01', sex: 'male', individualNumber: '123456789018', pin: PIN, signingPassword: SIGNING_PASSWORD },
      ocspIssuers, { keys },
    );
    const good = await person('一郎');
    const bad = await person('二郎');
    const responder = await startOpensslOcsp(ocspIssuers.signingCa, [
      { certificate: good.credentials.signingCertificate },
      { certificate: bad.credentials.signingCertificate, revokedAt: new Date(Date.now() - 3_600_000) },
    ], { port });
    try {
      const services = { now: () => new Date() } as unknown as Services;
      configureJpkiVerification(services, { trust: { anchors: [ocspIssuers.signingCa.certificate] }, revocation: new RevocationWithFallback(new OcspClient(), new CrlChecker()) });
      const cmsOf = async (card: PersonalisedCard) => {
        const jpki = jpkiOf(card);
        const certificate = await jpki.readSigningCertificate(SIGNING_PASSWORD);
        return b64(await createSignedData({ content: new TextEncoder().encode('{}'), certificate, signDigestInfo: (d) => jpki.sign('signing', SIGNING_PASSWORD, d) }));
      };
      const verified = await verifyApplicationSignature(services, await cmsOf(good));
      expect(verified).toMatchObject({ revocationSource: 'ocsp', signerName: '尾花\u3000一郎' });
      await expect(verifyApplicationSignature(services, await cmsOf(bad))).rejects.toMatchObject({ status: 400, code: 'JPKI_CERT_REVOKED' });
    } finally {
      await responder.stop();
    }
  });
});
