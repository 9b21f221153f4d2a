/**
 * スマート申請 with the My Number card: server time of a signed submission (CMS verification — RSA
 * signature, chain to the JPKI CA, CRL — then the canonical bytes rebuilt under the row lock, the
 * signature row, the case moved and the pipeline enqueued) against the same submission unsigned, and
 * of a card login (challenge signed by the card, verified). The simulated JPKI CA and its CRL, as in
 * the demo; the card signs outside the timed part. PGlite and PostgreSQL 15.
 *
 *   npm run bench -- online-signing        (ITERATIONS=40)
 */
import { randomBytes } from 'node:crypto';
import { CardChannel, JpkiAp, digestInfoOf } from '@madoguchi/card';
import { createSignedData, verifySignedData } from '@madoguchi/card/node';
import { SimulatedCardTransport, createSimulatedIssuers, personaliseMyNumberCard } from '@madoguchi/card/sim';
import { exampleAnswers } from '@madoguchi/procedures';
import { FieldCipher } from '../packages/server/src/platform/crypto/field-encryption';
import { migrateToLatest, openDatabase, type DatabaseHandle } from '../packages/server/src/platform/db/database';
import { silentLogger } from '../packages/server/src/platform/log';
import type { Services } from '../packages/server/src/platform/http/context';
import { buildApp } from '../packages/server/src/server';
import { loadDemoData } from '../packages/server/src/demo/load';
import { AttemptLimiter } from '../packages/server/src/platform/auth/rate-limit';
import { JobRunner } from '../packages/server/src/platform/jobs/jobs';
import { configureJpkiVerification } from '../packages/server/src/modules/online/signing';
import { SimulatedJpkiRevocation } from '../packages/server/src/modules/online/signing-demo';
import type { OnlineMail } from '../packages/server/src/modules/online/mail';
import { startPostgres } from './support/postgres';
import { report, summarize } from './support/table';

const ITERATIONS = Number(process.env.ITERATIONS ?? 40);
const WARMUP = 3;
const CODE = '062120';
const PASSWORD = 'ABC123';

const issuers = await createSimulatedIssuers();
const { card } = await personaliseMyNumberCard(
  { familyName: '尾花', givenName: '太郎', address: '山形県尾花沢市若葉町一丁目２番３号', birthDate: '1985-06-01', sex: 'male', individualNumber: '123456789018', pin: '1234', signingPassword: PASSWORD },
  issuers,
);
const jpki = new JpkiAp(new CardChannel(new SimulatedCardTransport(card)));
const signingCertificate = await jpki.readSigningCertificate(PASSWORD);
const authCertificate = await jpki.readAuthCertificate();
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

async function measure(kind: string, handle: DatabaseHandle): Promise<Record<string, string | number>[]> {
  await migrateToLatest(handle.db);
  const sent: OnlineMail[] = [];
  const services: Services = {
    db: handle.db, cipher: new FieldCipher(new Map([['b', randomBytes(32)]]), 'b'), logger: silentLogger, now: () => new Date(),
    secureCookies: false, loginLimiter: new AttemptLimiter(1_000_000, 60_000),
    mailer: { configured: true, send: async (m: OnlineMail) => { sent.push(m); return 'sent' as const; } } as unknown as Services['mailer'],
    jobs: new JobRunner(handle.db, () => new Date(), silentLogger),
  };
  await loadDemoData(services, { populationScale: 0.05 });
  const revocation = new SimulatedJpkiRevocation(issuers);
  configureJpkiVerification(services, revocation.verification());
  const app = buildApp(services, { databaseKind: kind });
  let cookie = '';
  const call = async <T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T; headers: Headers }> => {
    const res = await app.request(`/api${path}`, { method, headers: { cookie, 'content-type': 'application/json' }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    return { status: res.status, body: (await res.json().catch(() => null)) as T, headers: res.headers };
  };
  const email = `bench-${kind}@example.jp`;
  await call('POST', `/portal/${CODE}/account/register`, { email, password: 'resident-password-123', displayName: '尾花 太郎' });
  const token = sent.at(-1)!.text.match(/#token=([a-z2-7]{32})/)![1]!;
  const redeemed = await call('POST', `/portal/${CODE}/account/redeem`, { token });
  cookie = redeemed.headers.get('set-cookie')!.split(';')[0]!;
  await handle.db.updateTable('online_publication').set({ one_per_person: false }).where('procedure_id', '=', 'child-allowance-claim').execute();
  const answers = exampleAnswers['child-allowance-claim']!;

  let n = 0;
  const draft = async () => {
    const { body } = await call<{ case: { id: string } }>('POST', `/portal/${CODE}/applications`, { procedureId: 'child-allowance-claim', idempotencyKey: `bench-${kind}-${n++}` });
    await call('PUT', `/portal/${CODE}/applications/${body.case.id}/answers`, { answers });
    return body.case.id;
  };
  const timed = async (fn: () => Promise<{ status: number; body: unknown }>) => {
    const started = performance.now();
    const { status, body } = await fn();
    const ms = performance.now() - started;
    if (status !== 200) throw new Error(`status ${status}: ${JSON.stringify(body)}`);
    return ms;
  };

  const unsigned: number[] = [];
  for (let i = 0; i < ITERATIONS + WARMUP; i++) {
    const id = await draft();
    const ms = await timed(() => call('POST', `/portal/${CODE}/applications/${id}/submit`, { idempotencyKey: `unsigned-${i}-key`, declaration: true }));
    if (i >= WARMUP) unsigned.push(ms);
  }

  await handle.db.updateTable('online_publication').set({ signature_required: true }).where('procedure_id', '=', 'child-allowance-claim').execute();
  const signed: number[] = [];
  const verifyOnly: number[] = [];
  for (let i = 0; i < ITERATIONS + WARMUP; i++) {
    const id = await draft();
    const content = new Uint8Array(Buffer.from((await call<{ content: string }>('GET', `/portal/${CODE}/applications/${id}/signing-content`)).body.content, 'base64'));
    const cms = await createSignedData({ content, certificate: signingCertificate, signDigestInfo: (d) => jpki.sign('signing', PASSWORD, d) });
    const v0 = performance.now();
    await verifySignedData(cms, revocation.verification());
    const verifyMs = performance.now() - v0;
    const ms = await timed(() => call('POST', `/portal/${CODE}/applications/${id}/submit-signed`, { idempotencyKey: `signed-${i}-key`, declaration: true, signature: b64(cms) }));
    if (i >= WARMUP) { signed.push(ms); verifyOnly.push(verifyMs); }
  }

  // The card is registered to the account once (logged in); then each login is by the card alone.
  const cardAnswer = async () => {
    const { body } = await call<{ challengeId: string; challenge: string }>('POST', `/portal/${CODE}/card-login/challenge`);
    const signature = await jpki.sign('auth', '1234', await digestInfoOf('SHA-256', new Uint8Array(Buffer.from(body.challenge, 'base64'))));
    return { challengeId: body.challengeId, certificate: b64(authCertificate), signature: b64(signature) };
  };
  if ((await call('POST', `/portal/${CODE}/card-login`, await cardAnswer())).status !== 200) throw new Error('card link failed');
  cookie = '';
  const login: number[] = [];
  for (let i = 0; i < ITERATIONS + WARMUP; i++) {
    const answer = await cardAnswer();
    const ms = await timed(() => call('POST', `/portal/${CODE}/card-login`, answer));
    if (i >= WARMUP) login.push(ms);
  }

  const u = summarize(unsigned);
  const row = (what: string, samples: number[]) => {
    const s = summarize(samples);
    return { database: kind, what, n: s.n, p50_ms: s.p50, p95_ms: s.p95, max_ms: s.max, vs_unsigned_p50: s.p50 / u.p50 };
  };
  return [
    row('submit, unsigned', unsigned),
    row('submit, signed (verify + store)', signed),
    row('verifySignedData alone (CRL)', verifyOnly),
    row('card login (verify + new session)', login),
  ];
}

const rows: Record<string, string | number>[] = [];
const lite = await openDatabase({ kind: 'pglite', dataDir: null });
try {
  rows.push(...(await measure('pglite', lite)));
} finally {
  await lite.close();
}
const pg = startPostgres(55439);
const handle = await openDatabase({ kind: 'postgres', url: pg.url, poolSize: 10 });
try {
  rows.push(...(await measure('postgres', handle)));
} finally {
  await handle.close();
  pg.stop();
}
report('online-signing', rows);
