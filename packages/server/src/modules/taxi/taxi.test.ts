import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CrlChecker } from '@madoguchi/card/node';
import { JPKI_ATTRIBUTE_OID, createTestCertificateAuthority, generateRsaKeyPair, type TestCertificateAuthority } from '@madoguchi/card/sim';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { configureJpkiVerification } from '../online/signing';
import { MAEBASHI_STYLE_RULES } from './rules';
import { insertRides, insertTerminal, type RideSeed } from './test-support';
import { applyMoveOut } from '../registry/service';

let p: TestPlatform;
let f: Fixtures;
let admin: string;
let clerk: string;
let reviewer: string;
let programmeId: string;
let ruleVersionId: string;
const operators: Record<string, string> = {};
type Issuers = { authCa: TestCertificateAuthority; signingCa: TestCertificateAuthority };
let issuers: Issuers;
let tmp: string;

/** Simulated JPKI CAs dated around the test clock (by default they start at the real time). */
async function createIssuers(): Promise<Issuers> {
  const dates = { notBefore: new Date('2025-01-01T00:00:00Z'), notAfter: new Date('2035-01-01T00:00:00Z') };
  return {
    authCa: await createTestCertificateAuthority({ subject: { country: 'JP', organization: 'JPKI', organizationalUnit: 'TEST', commonName: 'Test JPKI for user authentication' }, ...dates }),
    signingCa: await createTestCertificateAuthority({ subject: { country: 'JP', organization: 'JPKI', organizationalUnit: 'TEST', commonName: 'Test JPKI for digital signature' }, ...dates }),
  };
}

const body = <T>(r: { body: unknown }) => r.body as T;

beforeAll(async () => {
  p = await createTestPlatform({ start: new Date('2026-11-27T01:00:00Z') });
  f = await seedFixtures(p);
  tmp = mkdtempSync(join(tmpdir(), 'taxi-test-'));
  issuers = await createIssuers();
  configureJpkiVerification(p.services, {
    trust: { anchors: [issuers.authCa.certificate, issuers.signingCa.certificate] },
    revocation: new CrlChecker({ now: () => p.clock.now, source: async () => issuers.authCa.createCrl({ revoked: [], thisUpdate: new Date('2026-11-01T00:00:00Z'), nextUpdate: new Date('2026-12-31T00:00:00Z') }) }),
  });
  admin = await loginAs(p, f.a, 'admin');
  clerk = await loginAs(p, f.a, 'clerk');
  reviewer = await loginAs(p, f.a, 'reviewer');
  for (const [code, name] of [['T01', '前橋交通'], ['T02', 'マイタクシー']] as const) {
    const res = await call(p, 'POST', '/api/taxi/operators', { cookie: admin, body: { code, name, address: '群馬県前橋市大手町1-1', invoiceRegistrationNumber: 'T1234567890123' } });
    expect(res.status).toBe(200);
    operators[code] = body<{ operator: { id: string } }>(res).operator.id;
  }
  const res = await call(p, 'POST', '/api/taxi/programmes', {
    cookie: admin,
    body: { fiscalYear: 2026, name: 'マイタク（電子タクシー券）', budgetYen: 30_000_000, departmentId: null, status: 'active', rules: MAEBASHI_STYLE_RULES, operatorIds: Object.values(operators) },
  });
  expect(res.status).toBe(200);
  const prog = body<{ programme: { id: string; rules: { id: string; summary: { subsidy: string } }; fiscalYearLabel: string } }>(res).programme;
  programmeId = prog.id;
  ruleVersionId = prog.rules.id;
  expect(prog.fiscalYearLabel).toBe('令和8年度');
  expect(prog.rules.summary.subsidy).toBe('運賃の半額（1回1,000円まで）');
});
afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await p.close();
});

const noAnswers = { disabilityCertificate: 'none', licenceReturned: false, householdHasCar: true };

describe('eligibility and the decision', () => {
  it('an 86-year-old is eligible by age and becomes a beneficiary with a number; a second decision is refused', async () => {
    const check = await call(p, 'POST', `/api/taxi/programmes/${programmeId}/eligibility`, { cookie: clerk, body: { residentId: f.residents.masako, answers: noAnswers } });
    expect(check.status).toBe(200);
    const c = body<{ result: { eligible: boolean; summary: string; reasons: { code: string; met: boolean; text: string }[] }; resident: { age: number } }>(check);
    expect(c.result.eligible).toBe(true);
    expect(c.resident.age).toBe(86);
    expect(c.result.reasons.find((r) => r.code === 'age')?.text).toContain('86歳');
    const decided = await call(p, 'POST', `/api/taxi/programmes/${programmeId}/beneficiaries`, { cookie: clerk, body: { residentId: f.residents.masako, answers: noAnswers } });
    expect(decided.status).toBe(200);
    expect(body<{ beneficiary: { number: string; status: string } }>(decided).beneficiary).toMatchObject({ number: 'R8-0001', status: 'active' });
    const again = await call(p, 'POST', `/api/taxi/programmes/${programmeId}/beneficiaries`, { cookie: clerk, body: { residentId: f.residents.masako, answers: noAnswers } });
    expect(again.status).toBe(409);
    expect(again.code).toBe('TAXI_ALREADY_BENEFICIARY');
  });

  it('a 56-year-old with a car is refused with every reason, and nothing is stored', async () => {
    const before = await p.services.db.selectFrom('taxi_beneficiary').select('id').execute();
    const res = await call(p, 'POST', `/api/taxi/programmes/${programmeId}/beneficiaries`, { cookie: clerk, body: { residentId: f.residents.taro, answers: noAnswers } });
    expect(res.status).toBe(422);
    expect(res.code).toBe('TAXI_NOT_ELIGIBLE');
    const details = (res.body as { error: { details: { path: string; message: string }[] } }).error.details;
    expect(details.map((d) => d.path)).toEqual(['age', 'disabilityCertificate', 'licenceReturned', 'noCarHousehold']);
    expect(await p.services.db.selectFrom('taxi_beneficiary').select('id').execute()).toHaveLength(before.length);
  });

  it('the 決定通知書 is an A4 PDF in 和暦 with the number and the subsidy', async () => {
    const list = body<{ beneficiaries: { id: string; number: string }[] }>(await call(p, 'GET', `/api/taxi/programmes/${programmeId}/beneficiaries`, { cookie: clerk }));
    const res = await p.app.request(`/api/taxi/beneficiaries/${list.beneficiaries[0]!.id}/decision.pdf`, { headers: { cookie: clerk } });
    expect(res.status).toBe(200);
    const pdf = new Uint8Array(await res.arrayBuffer());
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe('%PDF-');
    const file = join(tmp, 'decision.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toContain('決定通知書');
    expect(text).toContain('R8-0001');
    expect(text).toContain('運賃の半額（1回1,000円まで）');
    expect(text).toMatch(/令和8年11月27日/);
    const size = execFileSync('pdfinfo', [file]).toString();
    expect(size).toMatch(/Page size:\s+595\.\d+ x 841\.\d+/);
  });
});

describe('card binding', () => {
  let beneficiaryId: string;
  beforeAll(async () => {
    const list = body<{ beneficiaries: { id: string }[] }>(await call(p, 'GET', `/api/taxi/programmes/${programmeId}/beneficiaries`, { cookie: clerk }));
    beneficiaryId = list.beneficiaries[0]!.id;
  });

  // Certificates valid around the test clock (the simulated CA dates them from the real time otherwise).
  const validity = { notBefore: new Date('2026-01-01T00:00:00Z'), notAfter: new Date('2031-01-01T00:00:00Z') };
  const issue = async (ca: Issuers, kind: 'auth' | 'signing') => {
    const keys = await generateRsaKeyPair();
    return kind === 'auth'
      ? ca.authCa.issue({ subject: { country: 'JP', commonName: crypto.randomUUID().slice(0, 24) }, publicKey: keys.publicKey, keyUsage: ['digitalSignature'], ...validity })
      : ca.signingCa.issue({ subject: { country: 'JP', commonName: crypto.randomUUID().slice(0, 24) }, publicKey: keys.publicKey, keyUsage: ['digitalSignature', 'nonRepudiation'], otherNames: [{ oid: JPKI_ATTRIBUTE_OID.name, value: '山口　正子' }], ...validity });
  };
  const card = async () => ({ credentials: { authCertificate: await issue(issuers, 'auth'), signingCertificate: await issue(issuers, 'signing') } });

  it('binds the 利用者証明用 certificate (serial + SHA-256), and re-binding after a renewal keeps the history', async () => {
    const first = await card();
    const cert = Buffer.from(first.credentials.authCertificate).toString('base64');
    const res = await call(p, 'POST', `/api/taxi/beneficiaries/${beneficiaryId}/card`, { cookie: clerk, body: { certificate: cert } });
    expect(res.status).toBe(200);
    const b = body<{ beneficiary: { cardBound: boolean; bindings: { status: string; certSha256: string }[] } }>(res).beneficiary;
    expect(b.cardBound).toBe(true);
    expect(b.bindings).toHaveLength(1);
    expect(b.bindings[0]!.certSha256).toMatch(/^[0-9a-f]{64}$/);
    // The same card again changes nothing.
    expect(body<{ beneficiary: { bindings: unknown[] } }>(await call(p, 'POST', `/api/taxi/beneficiaries/${beneficiaryId}/card`, { cookie: clerk, body: { certificate: cert } })).beneficiary.bindings).toHaveLength(1);
    const renewed = await card();
    p.clock.advance(60_000);
    const again = body<{ beneficiary: { bindings: { status: string }[] } }>(await call(p, 'POST', `/api/taxi/beneficiaries/${beneficiaryId}/card`, { cookie: clerk, body: { certificate: Buffer.from(renewed.credentials.authCertificate).toString('base64') } })).beneficiary;
    expect(again.bindings.map((x) => x.status)).toEqual(['active', 'replaced']);
    // Only the serial and the hash are kept, not the certificate.
    const rows = JSON.stringify(await p.services.db.selectFrom('taxi_card_binding').selectAll().execute());
    expect(rows).not.toContain(cert.slice(0, 40));
  });

  it('refuses the 署名用 certificate, a certificate from an unknown CA, and garbage', async () => {
    const c = await card();
    const signing = await call(p, 'POST', `/api/taxi/beneficiaries/${beneficiaryId}/card`, { cookie: clerk, body: { certificate: Buffer.from(c.credentials.signingCertificate).toString('base64') } });
    expect(signing.code).toBe('TAXI_CARD_WRONG_CERTIFICATE');
    const other = await createIssuers();
    const unknown = await call(p, 'POST', `/api/taxi/beneficiaries/${beneficiaryId}/card`, { cookie: clerk, body: { certificate: Buffer.from(await issue(other, 'auth')).toString('base64') } });
    expect(unknown.status).toBe(400);
    expect(unknown.code).toBe('JPKI_CERT_CHAIN_UNKNOWN');
    const garbage = await call(p, 'POST', `/api/taxi/beneficiaries/${beneficiaryId}/card`, { cookie: clerk, body: { certificate: 'not base64!' } });
    expect(garbage.code).toBe('TAXI_CARD_CERTIFICATE_INVALID');
    const active = await p.services.db.selectFrom('taxi_card_binding').select('id').where('status', '=', 'active').execute();
    expect(active).toHaveLength(1);
  });
});

describe('claims', () => {
  let beneficiaryId: string;
  let bindingId: string;
  let t1: Awaited<ReturnType<typeof insertTerminal>>;
  let t2: Awaited<ReturnType<typeof insertTerminal>>;
  let opT01: string;
  let opT02: string;
  let seq = 0;
  const seed = (o: Partial<RideSeed> & { boardedAt: Date; fareYen: number }): RideSeed => ({
    municipalityId: f.a.municipalityId, programmeId, ruleVersionId, ruleVersion: 1, operatorId: operators.T01!, terminalId: t1.terminalId, deviceId: t1.deviceId,
    vehicleId: t1.vehicleId, beneficiaryId, bindingId, status: 'accepted', rules: MAEBASHI_STYLE_RULES, seq: ++seq, ...o,
  });

  beforeAll(async () => {
    const b = await p.services.db.selectFrom('taxi_card_binding').select(['id', 'beneficiary_id']).where('status', '=', 'active').executeTakeFirstOrThrow();
    beneficiaryId = b.beneficiary_id;
    bindingId = b.id;
    t1 = await insertTerminal(p.services.db, f.a.municipalityId, operators.T01!, '1号車', p.clock.now);
    t2 = await insertTerminal(p.services.db, f.a.municipalityId, operators.T02!, '7号車', p.clock.now);
    for (const [code, login] of [['T01', 'maebashi-kotsu'], ['T02', 'mytaxi']] as const) {
      const r = await call(p, 'POST', `/api/taxi/operators/${operators[code]}/accounts`, { cookie: admin, body: { loginId: login, displayName: `${code} 事務所`, password: 'correct-horse-battery' } });
      expect(r.status).toBe(200);
    }
    const login = async (loginId: string) => {
      const res = await p.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ municipalityCode: f.a.code, loginId, password: 'correct-horse-battery' }) });
      expect(res.status).toBe(200);
      return res.headers.get('set-cookie')!.split(';')[0]!;
    };
    opT01 = await login('maebashi-kotsu');
    opT02 = await login('mytaxi');
  });

  it('the Done-when ride: ¥2,400 of which ¥1,000 is subsidised; the claim matches the accepted rides only', async () => {
    const [ride2400] = await insertRides(p.services.db, [seed({ boardedAt: new Date('2026-10-05T01:00:00Z'), fareYen: 2400 })]);
    const [, overCap] = await insertRides(p.services.db, [
      seed({ boardedAt: new Date('2026-10-05T03:00:00Z'), fareYen: 1500 }),
      seed({ boardedAt: new Date('2026-10-05T05:00:00Z'), fareYen: 1800, status: 'over_cap', exceptionReason: 'perDay', offline: true }),
      seed({ operatorId: operators.T02!, terminalId: t2.terminalId, deviceId: t2.deviceId, vehicleId: t2.vehicleId, boardedAt: new Date('2026-10-06T01:00:00Z'), fareYen: 3000 }),
    ]);
    const ride = await p.services.db.selectFrom('taxi_ride').selectAll().where('id', '=', ride2400!).executeTakeFirstOrThrow();
    expect([ride.subsidy_yen, ride.passenger_yen]).toEqual([1000, 1400]);

    // The operator asks for a line for a ride the server did not accept: refused, nothing written.
    const refused = await call(p, 'POST', '/api/taxi/operator/claims', { cookie: opT01, body: { month: '2026-10', rideIds: [ride2400, overCap] } });
    expect(refused.status).toBe(422);
    expect(refused.code).toBe('TAXI_RIDE_NOT_CLAIMABLE');
    expect(await p.services.db.selectFrom('taxi_claim').select('id').execute()).toHaveLength(0);
    // The database refuses such a line too, whatever code path tries.
    const claimId = crypto.randomUUID();
    await expect(p.services.db.transaction().execute(async (trx) => {
      await trx.insertInto('taxi_claim').values({ municipality_id: f.a.municipalityId, id: claimId, programme_id: programmeId, operator_id: operators.T01!, month: '2026-10', number: 'X', status: 'draft', ride_count: 1, fare_total_yen: 1800, subsidy_total_yen: 0, generated_at: p.clock.now, generated_by: null }).execute();
      await trx.insertInto('taxi_claim_line').values({ municipality_id: f.a.municipalityId, claim_id: claimId, ride_id: overCap!, line_no: 1, fare_yen: 1800, subsidy_yen: 900 }).execute();
    })).rejects.toThrow();

    // The current month is still open.
    expect((await call(p, 'POST', '/api/taxi/operator/claims', { cookie: opT01, body: { month: '2026-11' } })).code).toBe('TAXI_CLAIM_MONTH_OPEN');

    const gen = await call(p, 'POST', '/api/taxi/operator/claims', { cookie: opT01, body: { month: '2026-10' } });
    expect(gen.status).toBe(200);
    const g = body<{ claim: { id: string; number: string; rideCount: number; subsidyTotalYen: number; fareTotalYen: number; status: string }; lines: { rideId: string; beneficiaryNumber: string }[] }>(gen);
    expect(g.claim).toMatchObject({ number: 'R8-10-T01', rideCount: 2, fareTotalYen: 3900, subsidyTotalYen: 1750, status: 'draft' });
    expect(g.lines.map((l) => l.rideId)).not.toContain(overCap);
    expect(g.lines[0]!.beneficiaryNumber).toBe('R8-0001');
    // The operator's lines name nobody.
    expect(JSON.stringify(gen.body)).not.toContain('山口');

    // Operator T02 cannot see T01's claim.
    expect((await call(p, 'GET', `/api/taxi/operator/claims/${g.claim.id}`, { cookie: opT02 })).status).toBe(404);
    expect((await call(p, 'POST', `/api/taxi/operator/claims/${g.claim.id}/submit`, { cookie: opT02 })).status).toBe(404);
    // Operators cannot use the city's routes, nor the registry.
    expect((await call(p, 'GET', '/api/taxi/claims', { cookie: opT01 })).status).toBe(403);
    expect((await call(p, 'GET', `/api/residents/${f.residents.masako}`, { cookie: opT01 })).status).toBe(403);

    // The city cannot review a draft.
    expect((await call(p, 'POST', `/api/taxi/claims/${g.claim.id}/review`, { cookie: reviewer, body: { decision: 'approve' } })).code).toBe('TAXI_CLAIM_NOT_SUBMITTED');
    const submitted = await call(p, 'POST', `/api/taxi/operator/claims/${g.claim.id}/submit`, { cookie: opT01 });
    expect(body<{ claim: { status: string } }>(submitted).claim.status).toBe('submitted');
    // Regenerating a submitted claim is refused.
    expect((await call(p, 'POST', '/api/taxi/operator/claims', { cookie: opT01, body: { month: '2026-10' } })).code).toBe('TAXI_CLAIM_ALREADY_SUBMITTED');

    // Adjusting needs a reason; then the approved total is the claim plus the adjustment.
    const noReason = await call(p, 'POST', `/api/taxi/claims/${g.claim.id}/review`, { cookie: reviewer, body: { decision: 'adjust', adjustments: [{ amountYen: -250, reason: '' }] } });
    expect(noReason.status).toBe(400);
    const adjusted = await call(p, 'POST', `/api/taxi/claims/${g.claim.id}/review`, { cookie: reviewer, body: { decision: 'adjust', note: '10/5の2回目は領収書の運賃と相違', adjustments: [{ amountYen: -250, reason: '運賃の入力誤り（1,500円→1,000円）', rideId: g.lines[1]!.rideId }] } });
    expect(adjusted.status).toBe(200);
    expect(body<{ claim: { status: string; approvedTotalYen: number; adjustmentTotalYen: number } }>(adjusted).claim).toMatchObject({ status: 'adjusted', approvedTotalYen: 1500, adjustmentTotalYen: -250 });
    expect((await call(p, 'POST', `/api/taxi/claims/${g.claim.id}/review`, { cookie: reviewer, body: { decision: 'approve' } })).status).toBe(409);

    const paid = await call(p, 'POST', `/api/taxi/claims/${g.claim.id}/payment`, { cookie: reviewer, body: { paidOn: '2026-11-20', reference: '支出命令 第1234号' } });
    expect(body<{ claim: { status: string; paidOn: string } }>(paid).claim).toMatchObject({ status: 'paid', paidOn: '2026-11-20' });
  });

  it('claim PDF (A4, totals) and CSV in UTF-8 with BOM and in Shift_JIS', async () => {
    const claims = body<{ claims: { id: string }[] }>(await call(p, 'GET', '/api/taxi/operator/claims', { cookie: opT01 })).claims;
    const id = claims[0]!.id;
    const pdfRes = await p.app.request(`/api/taxi/operator/claims/${id}/claim.pdf`, { headers: { cookie: opT01 } });
    expect(pdfRes.status).toBe(200);
    const file = join(tmp, 'claim.pdf');
    writeFileSync(file, new Uint8Array(await pdfRes.arrayBuffer()));
    const text = execFileSync('pdftotext', ['-layout', file, '-']).toString();
    expect(text).toMatch(/請\s*求\s*書/);
    expect(text).toContain('1,500円');
    expect(text).toContain('R8-10-T01');
    expect(execFileSync('pdfinfo', [file]).toString()).toMatch(/Pages:\s+2/);

    const utf8 = await p.app.request(`/api/taxi/claims/${id}/rides.csv`, { headers: { cookie: reviewer } });
    const u = new Uint8Array(await utf8.arrayBuffer());
    expect([...u.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder().decode(u.slice(3)).trim().split('\r\n');
    expect(lines[0]).toBe('請求番号,明細番号,乗車日,乗車時刻,車両,端末,利用者番号,運賃,助成額,本人負担,乗車ID');
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain('2026-10-05,10:00,群馬 500 あ 1号車,1号車,R8-0001,2400,1000,1400');
    const sjis = await p.app.request(`/api/taxi/claims/${id}/rides.csv?encoding=shift_jis`, { headers: { cookie: reviewer } });
    const s = new Uint8Array(await sjis.arrayBuffer());
    expect(new TextDecoder('shift_jis').decode(s).split('\r\n')[0]).toBe(lines[0]);
    expect(sjis.headers.get('content-type')).toContain('Shift_JIS');
  });

  it('property: a claim totals exactly the accepted, unclaimed rides of its operator up to the month end', async () => {
    const months = ['2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09'];
    const rideArb = fc.record({
      day: fc.integer({ min: 0, max: 27 }), hour: fc.integer({ min: 0, max: 23 }), fare: fc.integer({ min: 100, max: 30_000 }),
      status: fc.constantFrom('accepted', 'accepted', 'accepted', 'over_cap', 'rejected') as fc.Arbitrary<'accepted' | 'over_cap' | 'rejected'>,
      operator: fc.constantFrom('T01', 'T02'),
    });
    let round = 0;
    await fc.assert(fc.asyncProperty(fc.array(rideArb, { minLength: 1, maxLength: 40 }), async (rides) => {
      const month = months[round++ % months.length]!;
      const seeds = rides.map((r) => {
        const t = r.operator === 'T01' ? t1 : t2;
        const boardedAt = new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)) - 1, 1 + r.day, r.hour) - 9 * 3600_000 + 60_000);
        return seed({ operatorId: operators[r.operator]!, terminalId: t.terminalId, deviceId: t.deviceId, vehicleId: t.vehicleId, boardedAt, fareYen: r.fare, status: r.status });
      });
      await insertRides(p.services.db, seeds);
      // Rides of earlier months not claimed yet are included too: count them from the table.
      const expected = await p.services.db.selectFrom('taxi_ride as r').leftJoin('taxi_claim_line as l', (j) => j.onRef('l.ride_id', '=', 'r.id'))
        .select(['r.id', 'r.subsidy_yen', 'r.fare_yen']).where('r.operator_id', '=', operators.T02!).where('r.status', '=', 'accepted').where('l.ride_id', 'is', null)
        .where('r.boarded_at', '<', new Date(Date.UTC(Number(month.slice(0, 4)), Number(month.slice(5)), 1) - 9 * 3600_000)).execute();
      const res = await call(p, 'POST', '/api/taxi/operator/claims', { cookie: opT02, body: { month } });
      expect(res.status).toBe(200);
      const g = body<{ claim: { id: string; rideCount: number; subsidyTotalYen: number; fareTotalYen: number }; lines: { rideId: string; subsidyYen: number }[] }>(res);
      expect(g.claim.rideCount).toBe(expected.length);
      expect(g.claim.subsidyTotalYen).toBe(expected.reduce((s, r) => s + r.subsidy_yen, 0));
      expect(g.claim.fareTotalYen).toBe(expected.reduce((s, r) => s + r.fare_yen, 0));
      expect(new Set(g.lines.map((l) => l.rideId))).toEqual(new Set(expected.map((r) => r.id)));
      if (g.claim.rideCount > 0) expect((await call(p, 'POST', `/api/taxi/operator/claims/${g.claim.id}/submit`, { cookie: opT02 })).status).toBe(200);
    }), { numRuns: 6 });
    // Every accepted ride of T02 is on exactly one claim; no other ride is on any claim.
    const claimed = await p.services.db.selectFrom('taxi_claim_line as l').innerJoin('taxi_ride as r', (j) => j.onRef('r.id', '=', 'l.ride_id')).select(['r.status']).execute();
    expect(claimed.every((r) => r.status === 'accepted')).toBe(true);
  });

  it('the city approves an over-cap ride as an exception or refuses it; reports and anomalies show the evidence', async () => {
    const overCap = await p.services.db.selectFrom('taxi_ride').select('id').where('status', '=', 'over_cap').where('resolution', 'is', null).executeTakeFirstOrThrow();
    const anomalies = await call(p, 'GET', `/api/taxi/programmes/${programmeId}/anomalies?from=2026-04-01T00:00:00%2B09:00&to=2026-12-01T00:00:00%2B09:00`, { cookie: reviewer });
    expect(anomalies.status).toBe(200);
    const list = body<{ anomalies: { key: string; kind: string; rides: { rideId: string }[]; summary: string }[] }>(anomalies).anomalies;
    expect(list.some((a) => a.kind === 'exception' && a.rides[0]!.rideId === overCap.id)).toBe(true);
    expect(list.some((a) => a.kind === 'unusualFare')).toBe(true);
    const resolved = await call(p, 'POST', `/api/taxi/rides/${overCap.id}/resolution`, { cookie: reviewer, body: { decision: 'approved', note: '端末が圏外で上限を確認できなかったため今回は助成' } });
    expect(resolved.status).toBe(200);
    const ride = await p.services.db.selectFrom('taxi_ride').selectAll().where('id', '=', overCap.id).executeTakeFirstOrThrow();
    expect([ride.status, ride.subsidy_yen, ride.resolution]).toEqual(['accepted', 900, 'approved']);
    expect((await call(p, 'POST', `/api/taxi/rides/${overCap.id}/resolution`, { cookie: reviewer, body: { decision: 'refused', note: 'x' } })).code).toBe('TAXI_RIDE_ALREADY_DECIDED');

    const report = body<{ report: { usedYen: number; budgetYen: number; forecastYen: number; forecastMethod: string; months: { month: string; subsidyYen: number }[]; groups: { group: string; beneficiaries: number }[]; beneficiaries: { active: number; cardBound: number } } }>(
      await call(p, 'GET', `/api/taxi/programmes/${programmeId}/report`, { cookie: reviewer })).report;
    const accepted = await p.services.db.selectFrom('taxi_ride').select('subsidy_yen').where('status', '=', 'accepted').execute();
    expect(report.usedYen).toBe(accepted.reduce((s, r) => s + r.subsidy_yen, 0));
    expect(report.months.reduce((s, m) => s + m.subsidyYen, 0)).toBe(report.usedYen);
    expect(report.months).toHaveLength(12);
    expect(report.forecastYen).toBeGreaterThan(report.usedYen);
    // Officials read the date of the forecast in 和暦.
    expect(report.forecastMethod).toMatch(/^令和\d+年\d+月\d+日までの\d+日間の実績/);
    expect(report.groups[0]).toMatchObject({ group: 'age', beneficiaries: 1 });
    expect(report.beneficiaries).toMatchObject({ active: 1, cardBound: 1 });
  });

  it('same card in two taxis within minutes is listed with both rides, and can be marked as checked', async () => {
    await insertRides(p.services.db, [
      seed({ boardedAt: new Date('2026-11-02T01:00:00Z'), fareYen: 1200 }),
      seed({ operatorId: operators.T02!, terminalId: t2.terminalId, deviceId: t2.deviceId, vehicleId: t2.vehicleId, boardedAt: new Date('2026-11-02T01:10:00Z'), fareYen: 1300 }),
    ]);
    const url = `/api/taxi/programmes/${programmeId}/anomalies?from=2026-11-01T00:00:00%2B09:00&to=2026-11-30T00:00:00%2B09:00`;
    const list = body<{ anomalies: { key: string; kind: string; rides: { terminal: string }[]; summary: string }[] }>(await call(p, 'GET', url, { cookie: reviewer })).anomalies;
    const same = list.find((a) => a.kind === 'sameCard');
    expect(same?.rides.map((r) => r.terminal)).toEqual(['1号車', '7号車']);
    expect(same?.summary).toContain('10分の間');
    expect((await call(p, 'POST', `/api/taxi/programmes/${programmeId}/anomalies/review`, { cookie: reviewer, body: { key: same!.key, status: 'checked', note: '家族が別々に乗車（本人に確認済み）' } })).status).toBe(200);
    const after = body<{ anomalies: { key: string }[] }>(await call(p, 'GET', url, { cookie: reviewer })).anomalies;
    expect(after.some((a) => a.key === same!.key)).toBe(false);
  });
});

describe('registry and import', () => {
  it('a beneficiary who moves out is suspended with the reason', async () => {
    const dec = await call(p, 'POST', `/api/taxi/programmes/${programmeId}/beneficiaries`, { cookie: clerk, body: { residentId: f.residents.hanako, answers: { ...noAnswers, disabilityCertificate: 'physical' } } });
    expect(dec.status).toBe(200);
    const id = body<{ beneficiary: { id: string } }>(dec).beneficiary.id;
    await p.services.db.transaction().execute((trx) => applyMoveOut(trx, { municipalityId: f.a.municipalityId, name: '尾花沢市', prefecture: '山形県' },
      { residentIds: [f.residents.hanako], effectiveDate: '2026-11-20', destination: '宮城県仙台市青葉区' }, { today: '2026-11-27', recordedBy: null, reason: '転出届' }, p.clock.now));
    // The hourly job (scheduled when the programme was made) suspends them without anyone opening a list.
    await p.services.jobs.runDue();
    const job = await p.services.db.selectFrom('job').selectAll().where('kind', '=', 'taxi.registry_check').where('status', '=', 'done').executeTakeFirstOrThrow();
    expect(job.result).toEqual({ suspended: 1 });
    expect(await p.services.db.selectFrom('job').select('id').where('kind', '=', 'taxi.registry_check').where('status', '=', 'pending').execute()).toHaveLength(1);
    const r = await call(p, 'POST', `/api/taxi/programmes/${programmeId}/registry-check`, { cookie: reviewer });
    expect(body<{ suspended: number }>(r).suspended).toBe(0);
    const b = body<{ beneficiary: { status: string; statusReason: string } }>(await call(p, 'GET', `/api/taxi/beneficiaries/${id}`, { cookie: clerk })).beneficiary;
    expect(b.status).toBe('suspended');
    expect(b.statusReason).toContain('転出');
    expect((await call(p, 'POST', `/api/taxi/beneficiaries/${id}/status`, { cookie: reviewer, body: { to: 'active', reason: '誤り' } })).code).toBe('TAXI_RESIDENT_NOT_ACTIVE');
  });

  it('paper-ticket holders from Shift_JIS CSV: an exact match is imported, a near match waits for staff', async () => {
    const csv = '氏名,フリガナ,生年月日,住所,対象区分,券番号\r\n山口正子,ヤマグチ マサコ,昭和15年1月10日,新町二丁目5番1号,年齢,A-001\r\n山田太郎,ヤマダ タロウ,1970-03-03,若葉町一丁目,身体障害者手帳,A-002\r\n架空 花子,カクウ ハナコ,1930-01-01,,年齢,A-003\r\n';
    const { encodeShiftJis } = await import('../online/csv');
    const bytes = encodeShiftJis(csv).bytes;
    const res = await p.app.request(`/api/taxi/programmes/${programmeId}/imports?filename=old.csv`, { method: 'POST', headers: { cookie: reviewer, 'content-type': 'text/csv' }, body: bytes as Uint8Array<ArrayBuffer> });
    expect(res.status).toBe(200);
    const out = (await res.json()) as { importId: string; encoding: string; imported: number; doubtful: number; unmatched: number };
    expect(out).toMatchObject({ encoding: 'shift_jis', imported: 0, doubtful: 1, unmatched: 1 });
    const view = body<{ rows: { rowNo: number; match: string; note: string; candidates: { residentId: string }[] }[] }>(await call(p, 'GET', `/api/taxi/imports/${out.importId}`, { cookie: reviewer }));
    // 山口正子 is already a beneficiary (decided above), so the exact match is noted, not imported twice.
    expect(view.rows[0]).toMatchObject({ match: 'matched' });
    expect(view.rows[0]!.note).toContain('すでに利用者');
    expect(view.rows[1]).toMatchObject({ match: 'doubtful' });
    expect(view.rows[1]!.candidates[0]!.residentId).toBe(f.residents.taro);
    const decided = await call(p, 'POST', `/api/taxi/imports/${out.importId}/rows/2`, { cookie: reviewer, body: { decision: 'import', residentId: f.residents.taro } });
    expect(decided.status).toBe(200);
    expect(body<{ rows: { decision: string }[] }>(decided).rows[1]!.decision).toBe('imported');
  });

  it('checks the reader of a programme: a reviewer of another department cannot review its claims', async () => {
    const prog = await call(p, 'PATCH', `/api/taxi/programmes/${programmeId}`, { cookie: admin, body: { name: 'マイタク（電子タクシー券）', budgetYen: 30_000_000, status: 'active', departmentId: f.a.departments.fukushi, operatorIds: Object.values(operators) } });
    expect(prog.status).toBe(200);
    expect((await call(p, 'GET', `/api/taxi/programmes/${programmeId}/report`, { cookie: reviewer })).status).toBe(403);
    expect((await call(p, 'GET', `/api/taxi/programmes/${programmeId}/report`, { cookie: admin })).status).toBe(200);
  });
});

describe('applications from the catalogue procedure', () => {
  it('a submitted application case is decided with its answers; a case of another procedure is refused', async () => {
    const { createCase, submitCase } = await import('../cases/service');
    const actor = { kind: 'system' as const, municipalityId: f.a.municipalityId };
    const draft = await createCase(p.services.db, actor, { procedureId: 'taxi-subsidy-application', procedureVersion: 1, procedureHash: 'a'.repeat(64), channel: 'outreach', subjectResidentId: f.residents.ichiro, departmentId: f.a.departments.fukushi!, answers: { eligibility: 'disability', certificate: 'rehabilitation', householdHasCar: true } }, p.clock.now);
    const submitted = await submitCase(p.services.db, actor, draft.id, p.clock.now);
    const res = await call(p, 'POST', `/api/taxi/programmes/${programmeId}/beneficiaries/from-case`, { cookie: clerk, body: { caseId: submitted.id } });
    expect(res.status).toBe(200);
    const b = body<{ beneficiary: { caseId: string; source: string; eligibility: { reasons: { code: string; met: boolean; text: string }[] } } }>(res).beneficiary;
    expect(b).toMatchObject({ caseId: submitted.id, source: 'application' });
    expect(b.eligibility.reasons.find((r) => r.code === 'disabilityCertificate')?.text).toContain('療育手帳をお持ちのため');
    const other = await createCase(p.services.db, actor, { procedureId: 'seal-registration', procedureVersion: 1, procedureHash: 'a'.repeat(64), channel: 'counter', subjectResidentId: f.residents.taro, departmentId: f.a.departments.shimin!, answers: {} }, p.clock.now);
    await submitCase(p.services.db, actor, other.id, p.clock.now);
    expect((await call(p, 'POST', `/api/taxi/programmes/${programmeId}/beneficiaries/from-case`, { cookie: clerk, body: { caseId: other.id } })).code).toBe('TAXI_CASE_WRONG_PROCEDURE');
  });
});
