import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { seedProcedureCatalogue } from '../procedures/service';
import { FAMILY_ANSWERS, familyMoveOutCertificate, signaturePngDataUrl } from './test-support';
import type { VisitState } from './model';

/**
 * The 書かない窓口 through its HTTP API, as the tablet uses it: a family of three moves in with a
 * card read and the previous city's 転出証明書 data, signs on the screen, and the completion makes
 * the registry change, the cases and the jobs in one transaction.
 */

let p: TestPlatform;
let f: Fixtures;
let clerk: string;
let reviewer: string;

type Visit = { id: string; revision: number; status: string; state: VisitState; signed: boolean; result: Record<string, unknown> | null };
type Question = { key: string; prefill?: { value: unknown } };
type Interview = { sections: { id: string; questions: Question[] }[]; procedures: { procedureId: string }[] };

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  await seedProcedureCatalogue(p.services, f.a.municipalityId);
  await seedProcedureCatalogue(p.services, f.b.municipalityId);
  clerk = await loginAs(p, f.a, 'clerk');
  reviewer = await loginAs(p, f.a, 'reviewer');
});
afterAll(() => p.close());

async function ok<T>(method: string, path: string, body?: unknown, cookie = clerk): Promise<T> {
  const res = await call(p, method, path, { cookie, ...(body !== undefined ? { body } : {}) });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

const CARD = { name: '尾花\u3000健一', address: '埼玉県さいたま市浦和区高砂三丁目１番１号', birthDate: '1985-07-14', sex: 'male' as const };

/** Start → card → 転出証明書 data → 転入 → all proposals → answers: a visit ready to sign. */
async function preparedMoveIn(over: Record<string, unknown> = {}, data = familyMoveOutCertificate(), card = CARD): Promise<{ visit: Visit; interview: Interview }> {
  let { visit } = await ok<{ visit: Visit }>('POST', '/api/counter/visits', {});
  ({ visit } = await ok<{ visit: Visit }>('POST', `/api/counter/visits/${visit.id}/identify/card`, { revision: visit.revision, card }));
  ({ visit } = await ok<{ visit: Visit }>('POST', `/api/counter/visits/${visit.id}/import`, { revision: visit.revision, format: 'json', content: JSON.stringify(data) }));
  ({ visit } = await ok<{ visit: Visit }>('PUT', `/api/counter/visits/${visit.id}`, { revision: visit.revision, state: { ...visit.state, event: 'moveIn', step: 'procedures', values: { ...visit.state.values, ...FAMILY_ANSWERS, ...over } } }));
  const { proposals } = await ok<{ proposals: { procedureId: string }[] }>('GET', `/api/counter/visits/${visit.id}/proposals`);
  ({ visit } = await ok<{ visit: Visit }>('POST', `/api/counter/visits/${visit.id}/procedures`, { revision: visit.revision, chosen: proposals.map((x) => x.procedureId) }));
  const { interview } = await ok<{ interview: Interview }>('GET', `/api/counter/visits/${visit.id}/interview`);
  return { visit, interview };
}

async function sign(visit: Visit): Promise<Visit> {
  return (await ok<{ visit: Visit }>('PUT', `/api/counter/visits/${visit.id}/signature`, { revision: visit.revision, dataUrl: signaturePngDataUrl() })).visit;
}

async function counts() {
  const m = f.a.municipalityId;
  const n = async (table: 'household' | 'resident' | 'residence_change' | 'case_record' | 'case_action' | 'job' | 'audit_event' | 'receipt_counter') =>
    Number((await sql<{ n: string }>`select count(*) as n from ${sql.table(table)} where municipality_id = ${m}`.execute(p.services.db)).rows[0]!.n);
  const receipt = await p.services.db.selectFrom('receipt_counter').select('last_number').where('municipality_id', '=', m).executeTakeFirst();
  return { households: await n('household'), residents: await n('resident'), changes: await n('residence_change'), cases: await n('case_record'), actions: await n('case_action'), jobs: await n('job'), receipt: receipt?.last_number ?? 0 };
}

describe('転入 of a family of three at the counter', () => {
  let completed: Visit;

  it('asks each shared fact once and fills it from the card and the 転出証明書', async () => {
    const { visit, interview } = await preparedMoveIn();
    const keys = interview.sections.flatMap((s) => s.questions.map((q) => q.key));
    expect(keys.filter((k) => k === 'shared:applicantName')).toHaveLength(1);
    const q = (key: string) => interview.sections.flatMap((s) => s.questions).find((x) => x.key === key);
    expect(q('shared:applicantName')?.prefill?.value).toBe('尾花 健一');
    expect(q('shared:previousMoveOutDate')?.prefill?.value).toBe('2026-11-15');
    expect(interview.procedures.map((x) => x.procedureId)).toEqual(expect.arrayContaining(['residence-change', 'nhi-enrollment', 'child-allowance-claim', 'child-medical-eligibility']));
    // The 転出証明書's individual number never reaches the visit.
    expect(JSON.stringify(visit.state)).not.toContain('123456789018');
    await ok('POST', `/api/counter/visits/${visit.id}/cancel`, { reason: 'テストのため' });
  });

  it('renders each form as a PDF, with the signature drawn in once signed', async () => {
    const { visit } = await preparedMoveIn();
    const before = await call(p, 'GET', `/api/counter/visits/${visit.id}/forms/residence-change/form.pdf`, { cookie: clerk });
    expect(before.status).toBe(200);
    expect(before.headers.get('content-type')).toBe('application/pdf');
    const signed = await sign(visit);
    expect(signed.signed).toBe(true);
    const after = await p.app.request(`/api/counter/visits/${visit.id}/forms/nhi-enrollment/form.pdf`, { headers: { cookie: clerk } });
    const bytes = new Uint8Array(await after.arrayBuffer());
    expect(new TextDecoder('latin1').decode(bytes)).toContain('/Subtype /Image');
    await ok('POST', `/api/counter/visits/${visit.id}/cancel`, { reason: 'テストのため' });
  });

  it('completes in one step: registry, cases with receipt numbers, jobs; then the documents', async () => {
    const before = await counts();
    const { visit } = await preparedMoveIn();
    const signed = await sign(visit);
    completed = (await ok<{ visit: Visit }>('POST', `/api/counter/visits/${visit.id}/complete`, { revision: signed.revision })).visit;
    expect(completed.status).toBe('completed');
    const result = completed.result as { cases: { caseId: string; procedureId: string; receiptNumber: string; departmentName: string }[]; householdIds: string[]; residentIds: string[] };
    expect(result.residentIds).toHaveLength(3);
    expect(result.cases.every((c) => /^R8-\d{6}$/.test(c.receiptNumber))).toBe(true);
    expect(result.cases.find((c) => c.procedureId === 'nhi-enrollment')?.departmentName).toBe('健康増進課');
    expect(result.cases.find((c) => c.procedureId === 'child-allowance-claim')?.departmentName).toBe('こども未来課');
    const after = await counts();
    expect(after.households - before.households).toBe(1);
    expect(after.residents - before.residents).toBe(3);
    expect(after.cases - before.cases).toBe(result.cases.length);

    // The registry shows the new household with its history.
    const detail = await ok<{ household: { members: { name: string }[] }; history: { kindLabel: string; effectiveDate: string }[] }>('GET', `/api/residents/${result.residentIds[0]}`);
    expect(detail.household.members.map((m) => m.name)).toEqual(['尾花 健一', '尾花 美咲', '尾花 蒼']);
    expect(detail.history[0]).toMatchObject({ kindLabel: '転入', effectiveDate: '2026-11-20' });

    // Jobs: the guide sheet and each case's signed form and notice.
    await p.services.jobs.runDue();
    const guide = await p.app.request(`/api/counter/visits/${visit.id}/guide-sheet.pdf`, { headers: { cookie: clerk } });
    expect(guide.status).toBe(200);
    const allowance = result.cases.find((c) => c.procedureId === 'child-allowance-claim')!;
    const { jobs } = await ok<{ jobs: { kind: string; status: string }[] }>('GET', `/api/cases/${allowance.caseId}/jobs`, undefined, reviewer);
    expect(jobs.map((j) => [j.kind, j.status])).toEqual([['counter.case_form', 'done'], ['counter.notify_department', 'done']]);

    // こども未来課's reviewer finds the case in the inbox, with its signed PDF.
    const inbox = await ok<{ items: { id: string; procedureId: string; channel: string }[] }>('GET', '/api/cases?status=submitted', undefined, reviewer);
    expect(inbox.items.some((c) => c.id === allowance.caseId)).toBe(true);
    expect(inbox.items.some((c) => c.procedureId === 'nhi-enrollment')).toBe(false);
    const pdf = await p.app.request(`/api/cases/${allowance.caseId}/form.pdf`, { headers: { cookie: reviewer } });
    expect(pdf.status).toBe(200);
    expect(new TextDecoder('latin1').decode(new Uint8Array(await pdf.arrayBuffer()))).toContain('/Subtype /Image');
    // The case says where the 届出人 signed: on the tablet, the image kept with the visit.
    const caseRow = await p.services.db.selectFrom('case_record').select('answers').where('id', '=', allowance.caseId).executeTakeFirstOrThrow();
    expect((caseRow.answers as { signature: unknown }).signature).toEqual({ method: 'handwritten', ref: `counter-visit:${visit.id}` });
  });

  it('refuses the same family again: they are residents now', async () => {
    const { visit } = await preparedMoveIn();
    const signed = await sign(visit);
    const res = await call(p, 'POST', `/api/counter/visits/${visit.id}/complete`, { cookie: clerk, body: { revision: signed.revision } });
    expect(res.code).toBe('REGISTRY_ALREADY_RESIDENT');
    await ok('POST', `/api/counter/visits/${visit.id}/cancel`, { reason: 'テストのため' });
  });

  it('corrects a completed move-in only by a new, audited change', async () => {
    const result = completed.result as { residentIds: string[] };
    await ok('POST', `/api/counter/visits/${completed.id}/corrections`, { residentId: result.residentIds[2], effectiveDate: '2026-11-20', reason: 'ふりがなの誤り', change: { givenNameKana: 'ソウ' } });
    const detail = await ok<{ resident: { kana: string }; history: { kind: string; details: { before?: unknown } }[] }>('GET', `/api/residents/${result.residentIds[2]}`);
    expect(detail.resident.kana).toBe('オバナ ソウ');
    expect(detail.history.find((h) => h.kind === 'correction')?.details.before).toEqual({ given_name_kana: 'アオイ' });
    const again = await call(p, 'PUT', `/api/counter/visits/${completed.id}`, { cookie: clerk, body: { revision: completed.revision, state: completed.state } });
    expect(again.code).toBe('VISIT_COMPLETED');
  });

  it('counts the visit in the statistics', async () => {
    const { stats } = await ok<{ stats: { totals: { completed: number }; byProcedure: { procedureId: string; visits: number }[]; proceduresPerVisit: { procedures: number; visits: number }[] } }>('GET', '/api/counter/stats?from=2026-11-01&to=2026-11-30');
    expect(stats.totals.completed).toBe(1);
    expect(stats.byProcedure.find((x) => x.procedureId === 'nhi-enrollment')?.visits).toBe(1);
    expect(stats.proceduresPerVisit.reduce((n, x) => n + x.visits, 0)).toBe(1);
  });
});

describe('nothing half done', () => {
  it('rolls back the registry, the cases, the jobs and the audit when the last case fails to insert', async () => {
    const { visit } = await preparedMoveIn({}, { ...familyMoveOutCertificate(), members: familyMoveOutCertificate().members.map((m) => ({ ...m, familyName: '雪国', familyNameKana: 'ユキグニ' })) });
    const signed = await sign(visit);
    const before = await counts();
    const audit = await p.services.db.selectFrom('audit_head').select(['last_seq', 'last_hash']).where('municipality_id', '=', f.a.municipalityId).executeTakeFirstOrThrow();
    // A real constraint violation in the database, on the last case of the bundle.
    await sql`create function refuse_last_case() returns trigger language plpgsql as $$ begin
        if new.procedure_id = 'child-medical-eligibility' then raise exception 'injected failure' using errcode = '23514'; end if; return new; end $$`.execute(p.services.db);
    await sql`create trigger refuse_last_case before insert on case_record for each row execute function refuse_last_case()`.execute(p.services.db);
    try {
      const res = await call(p, 'POST', `/api/counter/visits/${visit.id}/complete`, { cookie: clerk, body: { revision: signed.revision } });
      expect(res.status).toBe(500);
    } finally {
      await sql`drop trigger refuse_last_case on case_record`.execute(p.services.db);
      await sql`drop function refuse_last_case()`.execute(p.services.db);
    }
    expect(await counts()).toEqual(before);
    const auditAfter = await p.services.db.selectFrom('audit_head').select(['last_seq', 'last_hash']).where('municipality_id', '=', f.a.municipalityId).executeTakeFirstOrThrow();
    expect(auditAfter).toEqual(audit);
    const still = await ok<{ visit: Visit }>('GET', `/api/counter/visits/${visit.id}`);
    expect(still.visit).toMatchObject({ status: 'open', revision: signed.revision });
    // Fixed, it completes.
    const done = await ok<{ visit: Visit }>('POST', `/api/counter/visits/${visit.id}/complete`, { revision: signed.revision });
    expect(done.visit.status).toBe('completed');
  });
});

describe('bad input gets a guided message, never a partial change', () => {
  it('a move-in dated in the future, or before the move-out', async () => {
    const future = await preparedMoveIn({ 'shared:eventDate': '2026-12-01' });
    const r1 = await call(p, 'POST', `/api/counter/visits/${future.visit.id}/complete`, { cookie: clerk, body: { revision: (await sign(future.visit)).revision } });
    expect(r1.code).toBe('VISIT_INCOMPLETE');
    expect(JSON.stringify(r1.body)).toContain('今日より後');
    await ok('POST', `/api/counter/visits/${future.visit.id}/cancel`, { reason: 'テスト' });
    const early = await preparedMoveIn({ 'shared:eventDate': '2026-11-10' });
    const r2 = await call(p, 'POST', `/api/counter/visits/${early.visit.id}/complete`, { cookie: clerk, body: { revision: (await sign(early.visit)).revision } });
    expect(r2.code).toBe('VISIT_INCOMPLETE');
    expect(JSON.stringify(r2.body)).toContain('転出日');
    await ok('POST', `/api/counter/visits/${early.visit.id}/cancel`, { reason: 'テスト' });
  });

  it('two open visits for the same person', async () => {
    const first = await ok<{ visit: Visit }>('POST', '/api/counter/visits', {});
    await ok('POST', `/api/counter/visits/${first.visit.id}/identify/resident`, { revision: first.visit.revision, residentId: f.residents.masako });
    const second = await ok<{ visit: Visit }>('POST', '/api/counter/visits', {});
    const res = await call(p, 'POST', `/api/counter/visits/${second.visit.id}/identify/resident`, { cookie: clerk, body: { revision: second.visit.revision, residentId: f.residents.masako } });
    expect(res.code).toBe('VISIT_ALREADY_OPEN');
    expect((res.body as { error: { details: { message: string }[] } }).error.details[0]!.message).toBe(first.visit.id);
    const open = await ok<{ items: { id: string }[] }>('GET', '/api/counter/visits?status=open');
    expect(open.items.some((v) => v.id === first.visit.id)).toBe(true);
    await ok('POST', `/api/counter/visits/${first.visit.id}/cancel`, { reason: '重複' });
    await ok('POST', `/api/counter/visits/${second.visit.id}/cancel`, { reason: '重複' });
  });

  it('a card whose name differs from the registry is shown to staff, who decide', async () => {
    const { visit } = await ok<{ visit: Visit }>('POST', '/api/counter/visits', {});
    // 山田 花子 in the registry; the card says 山田 華子 (same birth date, same address).
    const read = await ok<{ visit: Visit; match: { kind: string; registryName: string } }>('POST', `/api/counter/visits/${visit.id}/identify/card`, {
      revision: visit.revision, card: { name: '山田\u3000華子', address: '山形県尾花沢市若葉町一丁目２番３号', birthDate: '1972-07-15', sex: 'female' },
    });
    expect(read.match).toMatchObject({ kind: 'nameDiffers', registryName: '山田 花子' });
    expect(read.visit.state.identity.nameCheck).toMatchObject({ cardName: '山田 華子', decision: null });
    const decided = await ok<{ visit: Visit }>('POST', `/api/counter/visits/${visit.id}/identify/name-check`, { revision: read.visit.revision, decision: 'same' });
    expect(decided.visit.state.identity.residentId).toBe(f.residents.hanako);
    expect(decided.visit.state.household.members.map((m) => m.givenName)).toEqual(expect.arrayContaining(['花子', '一郎']));
    await ok('POST', `/api/counter/visits/${visit.id}/cancel`, { reason: 'テスト' });
  });

  it('a draft survives a dropped connection; a stale tablet is told to reload', async () => {
    const { visit } = await ok<{ visit: Visit }>('POST', '/api/counter/visits', {});
    const saved = await ok<{ visit: Visit }>('PUT', `/api/counter/visits/${visit.id}`, { revision: visit.revision, state: { ...visit.state, event: 'moveIn', values: { 'shared:applicantPhone': '0237-22-1111' } } });
    const reopened = await ok<{ visit: Visit }>('GET', `/api/counter/visits/${visit.id}`);
    expect(reopened.visit.state.values['shared:applicantPhone']).toBe('0237-22-1111');
    const stale = await call(p, 'PUT', `/api/counter/visits/${visit.id}`, { cookie: clerk, body: { revision: visit.revision, state: visit.state } });
    expect(stale.code).toBe('VISIT_CHANGED');
    const cancel = await call(p, 'POST', `/api/counter/visits/${visit.id}/cancel`, { cookie: clerk, body: { reason: ' ' } });
    expect(cancel.code).toBe('VISIT_CANCEL_REASON_REQUIRED');
    await ok('POST', `/api/counter/visits/${saved.visit.id}/cancel`, { reason: '出直し' });
  });

  it('an individual number typed into the draft is refused', async () => {
    const { visit } = await ok<{ visit: Visit }>('POST', '/api/counter/visits', {});
    const res = await call(p, 'PUT', `/api/counter/visits/${visit.id}`, { cookie: clerk, body: { revision: visit.revision, state: { ...visit.state, values: { 'own:x:note': '123456789018' } } } });
    expect(res.code).toBe('INDIVIDUAL_NUMBER_IN_ANSWERS');
    await ok('POST', `/api/counter/visits/${visit.id}/cancel`, { reason: 'テスト' });
  });

  it('signatures that are not a drawn PNG', async () => {
    const { visit } = await preparedMoveIn({}, { ...familyMoveOutCertificate(), members: familyMoveOutCertificate().members.slice(0, 1).map((m) => ({ ...m, familyName: '月山' })) });
    const send = (dataUrl: string) => call(p, 'PUT', `/api/counter/visits/${visit.id}/signature`, { cookie: clerk, body: { revision: visit.revision, dataUrl } });
    expect((await send('data:image/jpeg;base64,AAAA')).code).toBe('SIGNATURE_NOT_PNG');
    expect((await send(signaturePngDataUrl(600, 200, { blank: true }))).code).toBe('SIGNATURE_EMPTY');
    expect((await send(signaturePngDataUrl(20, 20))).code).toBe('SIGNATURE_SIZE');
    expect((await send(`data:image/png;base64,${Buffer.alloc(400 * 1024).toString('base64')}`)).status).toBe(400);
    const unsigned = await call(p, 'POST', `/api/counter/visits/${visit.id}/complete`, { cookie: clerk, body: { revision: visit.revision } });
    expect(unsigned.code).toBe('VISIT_NOT_SIGNED');
    await ok('POST', `/api/counter/visits/${visit.id}/cancel`, { reason: 'テスト' });
  });

  it('a 転出証明書 file that does not fit the format changes nothing', async () => {
    const { visit } = await ok<{ visit: Visit }>('POST', '/api/counter/visits', {});
    const res = await call(p, 'POST', `/api/counter/visits/${visit.id}/import`, { cookie: clerk, body: { revision: visit.revision, format: 'csv', content: '氏,名\n' } });
    expect(res.code).toBe('MOVE_DATA_INVALID');
    const csv = '種別,転出日,前住所郵便番号,前住所,氏,名,氏カナ,名カナ,生年月日,性別,続柄,国保,個人番号\n転出証明書,令和8年11月15日,3300063,埼玉県さいたま市浦和区高砂三丁目1番1号,出羽,太郎,デワ,タロウ,1990-01-02,男,世帯主,○,123456789018\n';
    const ok1 = await ok<{ visit: Visit; warnings: string[] }>('POST', `/api/counter/visits/${visit.id}/import`, { revision: visit.revision, format: 'csv', content: csv });
    expect(ok1.visit.state.household.members[0]).toMatchObject({ familyName: '出羽', healthInsurance: 'national' });
    expect(ok1.warnings.join()).toContain('個人番号');
    expect(JSON.stringify(ok1.visit.state)).not.toContain('123456789018');
    await ok('POST', `/api/counter/visits/${visit.id}/cancel`, { reason: 'テスト' });
  });
});

describe('事前申請 at home and the 記載台 kiosk', () => {
  it('a resident fills the interview at home; staff scan the QR and continue with nothing retyped', async () => {
    const pub = (method: string, path: string, body?: unknown) => ok<Record<string, unknown>>(method, `/api/public/062120/counter${path}`, body, '');
    const created = await pub('POST', '/entries', { channel: 'home' }) as { code: string; displayCode: string; entry: { revision: number; state: VisitState } };
    expect(created.displayCode).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const members = familyMoveOutCertificate().members.map((m, i) => ({
      id: `p${i}`, residentId: null, familyName: '最上', givenName: m.givenName, familyNameKana: 'モガミ', givenNameKana: m.givenNameKana, birthDate: m.birthDate,
      sex: m.sex === '男' ? 'male' : 'female', relationship: i === 0 ? 'householder' : i === 1 ? 'wife' : 'child', moving: true, healthInsurance: 'national', pensionCategory: 'first',
      hasMyNumberCard: i < 2, sealRegistered: false, pregnant: false, disabilityCertificate: false, careCertification: false, civilServant: false,
    }));
    const values = { ...FAMILY_ANSWERS, 'shared:previousMoveOutDate': '2026-11-15', 'shared:oldAddress': { postalCode: '3300063', address: '埼玉県さいたま市浦和区高砂三丁目1番1号' }, 'shared:newAddress': { postalCode: '9994221', address: '山形県尾花沢市若葉町一丁目7番1号' }, 'shared:applicantName': '最上 健一', 'shared:applicantKana': 'モガミ ケンイチ' };
    const saved = await pub('PUT', `/entries/${created.code}`, { revision: created.entry.revision, state: { ...created.entry.state, event: 'moveIn', household: { ...created.entry.state.household, members }, values } }) as { entry: { revision: number } };
    const { proposals } = await pub('GET', `/entries/${created.code}/proposals`) as { proposals: { procedureId: string }[] };
    const chosen = await pub('POST', `/entries/${created.code}/procedures`, { revision: saved.entry.revision, chosen: proposals.map((x) => x.procedureId) }) as { entry: { state: VisitState } };
    expect(chosen.entry.state.chosen.length).toBe(proposals.length);
    const { interview } = await pub('GET', `/entries/${created.code}/interview`) as { interview: { audience: string } };
    expect(interview.audience).toBe('resident');
    const submitted = await pub('POST', `/entries/${created.code}/submit`) as { entry: { status: string; kioskNumber: string | null } };
    expect(submitted.entry).toMatchObject({ status: 'submitted', kioskNumber: null });

    // City B's staff cannot pick it up; city A's staff scan the QR (a URL with the code).
    const otherCity = await call(p, 'POST', '/api/counter/entries/pick-up', { cookie: await loginAs(p, f.b, 'clerk'), body: { code: created.code } });
    expect(otherCity.status).toBe(404);
    const { visit } = await ok<{ visit: Visit }>('POST', '/api/counter/entries/pick-up', { code: `http://localhost/pre-entry/062120/${created.displayCode.toLowerCase()}` });
    expect(visit.state.values['shared:applicantName']).toBe('最上 健一');
    expect(visit.state.chosen.map((c) => c.procedureId)).toEqual(chosen.entry.state.chosen.map((c) => c.procedureId));
    const again = await call(p, 'POST', '/api/counter/entries/pick-up', { cookie: clerk, body: { code: created.code } });
    expect(again.code).toBe('ENTRY_PICKED_UP');
    const locked = await call(p, 'PUT', `/api/public/062120/counter/entries/${created.code}`, { body: { revision: 99, state: created.entry.state } });
    expect(locked.code).toBe('ENTRY_PICKED_UP');

    // At the desk: the card, the one question only staff can answer (the 転出証明書 seen), the signature, done.
    const card = await ok<{ visit: Visit }>('POST', `/api/counter/visits/${visit.id}/identify/card`, { revision: visit.revision, card: { ...CARD, name: '最上\u3000健一' } });
    const answered = await ok<{ visit: Visit }>('PUT', `/api/counter/visits/${visit.id}`, { revision: card.visit.revision, state: { ...card.visit.state, values: { ...card.visit.state.values, 'own:residence-change:moveInBasis': 'certificate' } } });
    const signed = await sign(answered.visit);
    const done = await ok<{ visit: Visit }>('POST', `/api/counter/visits/${visit.id}/complete`, { revision: signed.revision });
    expect(done.visit.status).toBe('completed');
  });

  it('the kiosk gives the day\'s reception number; staff pick it up from the waiting list', async () => {
    const created = await ok<{ code: string; entry: { revision: number; state: VisitState } }>('POST', '/api/public/062120/counter/entries', { channel: 'kiosk' }, '');
    const member = { id: 'k1', residentId: null, familyName: '羽黒', givenName: '一', familyNameKana: 'ハグロ', givenNameKana: 'ハジメ', birthDate: '1990-04-01', sex: 'male', relationship: 'householder', moving: true, healthInsurance: 'employee', pensionCategory: 'second', hasMyNumberCard: true, sealRegistered: false, pregnant: false, disabilityCertificate: false, careCertification: false, civilServant: false };
    const incomplete = await call(p, 'POST', `/api/public/062120/counter/entries/${created.code}/submit`, {});
    expect(incomplete.code).toBe('ENTRY_INCOMPLETE');
    await ok('PUT', `/api/public/062120/counter/entries/${created.code}`, { revision: created.entry.revision, state: { ...created.entry.state, event: 'moveIn', household: { ...created.entry.state.household, members: [member] } } }, '');
    const submitted = await ok<{ entry: { kioskNumber: string } }>('POST', `/api/public/062120/counter/entries/${created.code}/submit`, undefined, '');
    expect(submitted.entry.kioskNumber).toBe('K-001');
    const waiting = await ok<{ items: { id: string; kioskNumber: string; label: string }[] }>('GET', '/api/counter/entries');
    const item = waiting.items.find((x) => x.kioskNumber === 'K-001')!;
    expect(item.label).toBe('羽黒 一・転入');
    const { visit } = await ok<{ visit: Visit }>('POST', '/api/counter/entries/pick-up', { entryId: item.id });
    expect(visit.state.household.members[0]?.familyName).toBe('羽黒');
    await ok('POST', `/api/counter/visits/${visit.id}/cancel`, { reason: 'テスト' });
  });
});

describe('the department pipeline', () => {
  it('shows each job and retries a failed one', async () => {
    const job = await p.services.db.selectFrom('job').select(['id', 'subject_id']).where('municipality_id', '=', f.a.municipalityId).where('kind', '=', 'counter.notify_department').executeTakeFirstOrThrow();
    // As if the worker had given up after its attempts.
    await p.services.db.updateTable('job').set({ status: 'failed', attempts: 5, last_error: 'mail server unreachable' }).where('municipality_id', '=', f.a.municipalityId).where('id', '=', job.id).execute();
    const admin = await loginAs(p, f.a, 'admin');
    const { jobs } = await ok<{ jobs: { id: string; status: string; lastError: string | null }[] }>('GET', `/api/cases/${job.subject_id}/jobs`, undefined, admin);
    expect(jobs.find((j) => j.id === job.id)).toMatchObject({ status: 'failed', lastError: 'mail server unreachable' });
    const retried = await ok<{ job: { status: string; attempts: number } }>('POST', `/api/cases/${job.subject_id}/jobs/${job.id}/retry`, undefined, admin);
    expect(retried.job).toMatchObject({ status: 'pending', attempts: 0 });
    await p.services.jobs.runDue();
    const after = await ok<{ jobs: { id: string; status: string }[] }>('GET', `/api/cases/${job.subject_id}/jobs`, undefined, admin);
    expect(after.jobs.find((j) => j.id === job.id)?.status).toBe('done');
  });
});

describe('signed on paper', () => {
  it('a family that signs the printed form instead: the cases say so, and the form has no drawn signature', async () => {
    const base = familyMoveOutCertificate();
    const data = { ...base, members: base.members.map((m) => ({ ...m, familyName: '紙野', familyNameKana: 'カミノ' })) };
    const { visit } = await preparedMoveIn({}, data, { ...CARD, name: '紙野\u3000健一' });
    const onPaper = (await ok<{ visit: Visit }>('PUT', `/api/counter/visits/${visit.id}`, { revision: visit.revision, state: { ...visit.state, paperSignature: true } })).visit;
    const done = (await ok<{ visit: Visit }>('POST', `/api/counter/visits/${visit.id}/complete`, { revision: onPaper.revision })).visit;
    const cases = (done.result as { cases: { caseId: string; procedureId: string }[] }).cases;
    expect(cases.length).toBeGreaterThan(0);
    const rows = await p.services.db.selectFrom('case_record').select('answers').where('id', 'in', cases.map((c) => c.caseId)).execute();
    for (const row of rows) expect((row.answers as { signature: unknown }).signature).toEqual({ method: 'handwritten', ref: `counter-paper:${visit.id}` });
    const allowance = cases.find((c) => c.procedureId === 'child-allowance-claim')!;
    const pdf = await p.app.request(`/api/cases/${allowance.caseId}/form.pdf`, { headers: { cookie: reviewer } });
    expect(pdf.status).toBe(200);
    expect(new TextDecoder('latin1').decode(new Uint8Array(await pdf.arrayBuffer()))).not.toContain('/Subtype /Image');
  });
});
