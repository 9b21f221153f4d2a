import { randomUUID, webcrypto } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../../test/support/fixtures';
import { seedProcedureCatalogue } from '../../procedures/service';
import { handleVehicleEvent, vehicleKey, type VehicleEventContext } from './service';
import type { SealedCase } from './model';
import { httpSyncTransport, type SyncTransport } from '@madoguchi/device-sync';
import { enrolTestDevice, type TestDevice } from '../../devices/test-support';
import { noisyPngDataUrl, signaturePngDataUrl } from '../../counter/test-support';
import { MAX_VEHICLE_SIGNATURE_BYTES } from './signature';

/**
 * The server side of the 移動市役所 tablet: 'outreach.*' events handled inside the transaction that
 * stores them (as the device platform runs them), sealed with WebCrypto exactly as the tablet does.
 */

let p: TestPlatform;
let f: Fixtures;
let clerk: string;
let dogVersion: { version: number; contentHash: string };
const deviceA = randomUUID();
const deviceB = randomUUID();

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  await seedProcedureCatalogue(p.services, f.a.municipalityId);
  await seedProcedureCatalogue(p.services, f.b.municipalityId);
  clerk = await loginAs(p, f.a, 'clerk');
  const v = await p.services.db.selectFrom('procedure_version').select(['version', 'content_hash']).where('municipality_id', '=', f.a.municipalityId)
    .where('procedure_id', '=', 'dog-registration-change').orderBy('version', 'desc').executeTakeFirstOrThrow();
  dogVersion = { version: v.version, contentHash: v.content_hash };
});
afterAll(() => p.close());

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');

/** What the tablet does: AES-GCM under its data key, the device and case ids as associated data. */
async function seal(key: Buffer, deviceId: string, clientCaseId: string, body: SealedCase) {
  const k = await webcrypto.subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt']);
  const iv = webcrypto.getRandomValues(new Uint8Array(12));
  const ct = await webcrypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(`${deviceId}:${clientCaseId}`) }, k, new TextEncoder().encode(JSON.stringify(body)));
  return { iv: b64(iv), sealed: b64(new Uint8Array(ct)) };
}

const TARO_ADDRESS = '山形県尾花沢市若葉町一丁目2番3号';
const dogAnswers = (clientCaseId: string, over: Record<string, unknown> = {}) => ({
  applicantName: '山田 太郎', applicantKana: 'やまだ たろう', applicantAddress: { postalCode: '999-4221', address: TARO_ADDRESS }, applicantPhone: '0237-22-1111',
  changeKind: 'moveWithin', changeDate: '2026-11-20',
  dogs: [{ dogName: 'ポチ', breed: '柴', color: '茶', dogSex: 'male', registrationNumber: 'R8-12' }],
  signature: { method: 'handwritten', ref: `outreach-paper:${clientCaseId}` }, identityDocuments: ['myNumberCard'],
  ...over,
});

interface CaseOpts { deviceId?: string; clientCaseId?: string; sealed?: Partial<SealedCase>; answers?: Record<string, unknown>; keyOverride?: Buffer; stopId?: string | null; municipalityId?: string }

async function caseEvent(o: CaseOpts = {}): Promise<VehicleEventContext> {
  const deviceId = o.deviceId ?? deviceA;
  const m = o.municipalityId ?? f.a.municipalityId;
  const clientCaseId = o.clientCaseId ?? randomUUID();
  const { keyId, key } = await vehicleKey(p.services.db, p.services.cipher, m, deviceId, p.services.now());
  const body: SealedCase = {
    v: 1, staffId: f.a.staff['clerk']!, identity: { method: 'card', name: '山田\u3000太郎', birthDate: '1970-03-02', address: TARO_ADDRESS, sex: 'male' },
    residentId: null, registryAddress: null, event: null, answers: o.answers ?? dogAnswers(clientCaseId), createdAt: p.services.now().toISOString(), ...o.sealed,
  };
  const s = await seal(o.keyOverride ?? key, deviceId, clientCaseId, body);
  return {
    municipalityId: m, deviceId, opId: randomUUID(), kind: 'outreach.case_submitted', deviceTime: '2026-11-27T01:00:00.000Z',
    payload: { clientCaseId, procedureId: 'dog-registration-change', procedureVersion: dogVersion.version, procedureHash: dogVersion.contentHash, stopId: o.stopId ?? null, ticketNumber: 'V-001', keyId, ...s },
  };
}

const ingest = (ctx: VehicleEventContext) => p.services.db.transaction().execute((trx) => handleVehicleEvent(trx, p.services, ctx));

async function outreachCases() {
  return p.services.db.selectFrom('case_record').select(['id', 'receipt_number', 'status', 'channel', 'department_id', 'subject_resident_id', 'answers'])
    .where('municipality_id', '=', f.a.municipalityId).where('channel', '=', 'outreach').execute();
}

async function ok<T>(method: string, path: string, body?: unknown, cookie = clerk): Promise<T> {
  const res = await call(p, method, path, { cookie, ...(body !== undefined ? { body } : {}) });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as T;
}

describe('outreach.case_submitted', () => {
  let first: VehicleEventContext;
  it('makes a submitted outreach case with a server receipt number in the form department inbox, matched to the resident by the card', async () => {
    first = await caseEvent();
    const r = await ingest(first);
    expect(r.status).toBe('accepted');
    const result = (r as unknown as { result: { receiptNumber: string; caseId: string; departmentName: string } }).result;
    expect(result.receiptNumber).toMatch(/^R\d+-\d{6}$/);
    expect(result.departmentName).toBe('環境整備課');
    const cases = await outreachCases();
    expect(cases).toHaveLength(1);
    expect(cases[0]).toMatchObject({ id: result.caseId, status: 'submitted', department_id: f.a.departments['kankyo'], subject_resident_id: f.residents.taro, receipt_number: result.receiptNumber });
    const inbox = await ok<{ items: { id: string; channel: string }[] }>('GET', `/api/cases?departmentId=${f.a.departments['kankyo']}`);
    expect(inbox.items.filter((c) => c.channel === 'outreach').map((c) => c.id)).toEqual([result.caseId]);
    const audit = await p.services.db.selectFrom('audit_event').select(['action', 'subject_id']).where('municipality_id', '=', f.a.municipalityId).where('action', '=', 'outreach.vehicle_case').execute();
    expect(audit.map((a) => a.subject_id)).toContain(result.caseId);
  });

  it('the same case again (another op for the same tablet case) gives the first receipt number and makes nothing new', async () => {
    const again = { ...first, opId: randomUUID() };
    const r = await ingest(again);
    expect(r).toMatchObject({ status: 'accepted', result: { receiptNumber: (await outreachCases())[0]!.receipt_number } });
    expect(await outreachCases()).toHaveLength(1);
  });

  it('a second application of the same procedure for the same resident goes to the review queue, not into the inbox', async () => {
    const r = await ingest(await caseEvent({ deviceId: deviceB }));
    expect(r).toMatchObject({ status: 'conflict', details: { kind: 'duplicate_application' } });
    expect(await outreachCases()).toHaveLength(1);
    const { items } = await ok<{ items: { id: string; kind: string; reason: string }[] }>('GET', '/api/outreach/vehicle/reviews');
    const item = items.find((i) => i.kind === 'duplicate_application')!;
    expect(item.reason).toContain('受付番号');
    // Opening it shows the resident as the tablet saw them (audited); dismissing erases the sealed copy.
    const detail = await ok<{ identity: { name: string }; answers: Record<string, unknown> }>('GET', `/api/outreach/vehicle/reviews/${item.id}`);
    expect(detail.identity.name).toBe('山田\u3000太郎');
    expect(detail.answers['changeKind']).toBe('moveWithin');
    const empty = await call(p, 'POST', `/api/outreach/vehicle/reviews/${item.id}/decision`, { cookie: clerk, body: { decision: 'dismiss', note: '  ' } });
    expect(empty.status).toBe(400);
    expect((empty.body as { error: { code: string } }).error.code).toBe('OUTREACH_NOTE_REQUIRED');
    const decided = await ok<{ status: string; caseId: string | null }>('POST', `/api/outreach/vehicle/reviews/${item.id}/decision`, { decision: 'dismiss', note: '同じ届出が受付済み（重複）' });
    expect(decided).toMatchObject({ status: 'dismissed', caseId: null });
    const row = await p.services.db.selectFrom('outreach_vehicle_case').select(['sealed', 'status']).where('municipality_id', '=', f.a.municipalityId).where('id', '=', item.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ sealed: null, status: 'dismissed' });
    const twice = await call(p, 'POST', `/api/outreach/vehicle/reviews/${item.id}/decision`, { cookie: clerk, body: { decision: 'accept', note: 'やはり受け付ける' } });
    expect(twice.status).toBe(409);
    expect(await outreachCases()).toHaveLength(1);
    const reads = await p.services.db.selectFrom('audit_event').select('action').where('municipality_id', '=', f.a.municipalityId).where('subject_id', '=', item.id).execute();
    expect(reads.map((a) => a.action)).toEqual(expect.arrayContaining(['outreach.vehicle_conflict', 'outreach.vehicle_conflict_read', 'outreach.vehicle_conflict_resolve']));
  });

  it('a resident whose registry address changed since the tablet looked them up is sent to review; staff accept it and the case gets its number then', async () => {
    const r = await ingest(await caseEvent({
      sealed: { residentId: f.residents.hanako, registryAddress: '山形県尾花沢市旧町一丁目1番1号', identity: { method: 'registry', name: '山田 花子', birthDate: '1972-07-15', address: '山形県尾花沢市旧町一丁目1番1号', sex: 'female' } },
    }));
    expect(r).toMatchObject({ status: 'conflict', details: { kind: 'resident_moved' } });
    const before = (await outreachCases()).length;
    const { items } = await ok<{ items: { id: string; kind: string }[] }>('GET', '/api/outreach/vehicle/reviews');
    const item = items.find((i) => i.kind === 'resident_moved')!;
    const decided = await ok<{ status: string; receiptNumber: string; caseId: string }>('POST', `/api/outreach/vehicle/reviews/${item.id}/decision`, { decision: 'accept', note: '新しい住所で確認済み', residentId: f.residents.hanako });
    expect(decided.status).toBe('accepted');
    expect(decided.receiptNumber).toMatch(/^R\d+-\d{6}$/);
    const cases = await outreachCases();
    expect(cases).toHaveLength(before + 1);
    expect(cases.find((c) => c.id === decided.caseId)).toMatchObject({ subject_resident_id: f.residents.hanako, status: 'submitted' });
  });

  it('a card address other than the registry address (matched by name and birth date) is for staff to look at', async () => {
    const r = await ingest(await caseEvent({ sealed: { identity: { method: 'card', name: '山口\u3000正子', birthDate: '1940-01-10', address: '山形県村山市楯岡五日町1番1号', sex: 'female' } } }));
    expect(r).toMatchObject({ status: 'conflict', details: { kind: 'resident_moved' } });
  });

  it('refuses what it cannot trust: a wrong key, an individual number (not kept), answers that break the form rules', async () => {
    const before = (await outreachCases()).length;
    const wrongKey = await ingest(await caseEvent({ keyOverride: Buffer.alloc(32, 7) }));
    expect(wrongKey).toMatchObject({ status: 'conflict', details: { kind: 'invalid_case' } });
    const clientCaseId = randomUUID();
    const withNumber = await ingest(await caseEvent({ clientCaseId, answers: dogAnswers(clientCaseId, { applicantPhone: '123456789018' }) }));
    expect(withNumber).toMatchObject({ status: 'conflict', reason: expect.stringContaining('個人番号') });
    const stored = await p.services.db.selectFrom('outreach_vehicle_case').select(['sealed', 'conflict_details']).where('municipality_id', '=', f.a.municipalityId).where('client_case_id', '=', clientCaseId).executeTakeFirstOrThrow();
    expect(stored.sealed).toBeNull();
    expect(JSON.stringify(stored.conflict_details)).not.toContain('123456789018');
    const badForm = await ingest(await caseEvent({ answers: dogAnswers(randomUUID(), { dogs: [] }) }));
    expect(badForm).toMatchObject({ status: 'conflict', details: { kind: 'invalid_case' } });
    await expect(ingest({ ...(await caseEvent()), payload: { clientCaseId: 'x' } })).rejects.toMatchObject({ status: 400, code: 'VEHICLE_CASE_MALFORMED' });
    expect(await outreachCases()).toHaveLength(before);
  });

  it('a case sealed for city B does not open as city A (the key and the data are per tenant)', async () => {
    const ctx = await caseEvent({ municipalityId: f.b.municipalityId });
    const r = await ingest({ ...ctx, municipalityId: f.a.municipalityId });
    expect(r).toMatchObject({ status: 'conflict', details: { kind: 'invalid_case' } });
    const res = await call(p, 'GET', `/api/outreach/vehicle/reviews/${randomUUID()}`, { cookie: clerk });
    expect(res.status).toBe(404);
  });
});

describe('a signature drawn on the tablet screen', () => {
  // A resident the registry does not match (no duplicate check): each case gets its own number.
  const signedEvent = (clientCaseId: string, signature: string | null, ref = `outreach-screen:${clientCaseId}`) => caseEvent({
    clientCaseId,
    answers: dogAnswers(clientCaseId, { applicantName: '佐藤 花', applicantKana: 'さとう はな', signature: { method: 'handwritten', ref } }),
    sealed: { identity: { method: 'manual', name: '佐藤 花', birthDate: '1985-04-01', address: TARO_ADDRESS, sex: 'female' }, signature },
  });
  const signatureRows = () => p.services.db.selectFrom('outreach_vehicle_signature').select(['case_id', 'client_case_id', 'sha256', 'width', 'height']).where('municipality_id', '=', f.a.municipalityId).execute();

  it('is kept with the case, audited, and drawn into the A4 form staff open from the inbox', async () => {
    const clientCaseId = randomUUID();
    const r = await ingest(await signedEvent(clientCaseId, signaturePngDataUrl(700, 250)));
    expect(r.status).toBe('accepted');
    const { caseId } = (r as unknown as { result: { caseId: string } }).result;
    const rows = await signatureRows();
    expect(rows).toEqual([expect.objectContaining({ case_id: caseId, client_case_id: clientCaseId, width: 700, height: 250 })]);
    const c = (await outreachCases()).find((x) => x.id === caseId)!;
    expect((c.answers as Record<string, unknown>)['signature']).toEqual({ method: 'handwritten', ref: `outreach-screen:${clientCaseId}` });
    const audit = await p.services.db.selectFrom('audit_event').select('details').where('municipality_id', '=', f.a.municipalityId).where('action', '=', 'outreach.vehicle_case').where('subject_id', '=', caseId).executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ signature: { method: 'screen', sha256: rows[0]!.sha256 } });
    expect(JSON.stringify(audit.details)).not.toContain('base64');

    const pdf = await p.app.request(`/api/cases/${caseId}/form.pdf`, { headers: { cookie: clerk } });
    expect(pdf.status).toBe(200);
    expect(new TextDecoder('latin1').decode(new Uint8Array(await pdf.arrayBuffer()))).toContain('/Subtype /Image');
    // Signed on paper: the form has no image.
    const paperId = randomUUID();
    const paper = await ingest(await signedEvent(paperId, null, 'outreach-paper'));
    const paperPdf = await p.app.request(`/api/cases/${(paper as unknown as { result: { caseId: string } }).result.caseId}/form.pdf`, { headers: { cookie: clerk } });
    expect(paperPdf.status).toBe(200);
    expect(new TextDecoder('latin1').decode(new Uint8Array(await paperPdf.arrayBuffer()))).not.toContain('/Subtype /Image');
    expect(await signatureRows()).toHaveLength(1);
  });

  it('refuses the event (nothing stored) for a signature that is not a drawn PNG, is blank, is too large, or is missing', async () => {
    const casesBefore = (await outreachCases()).length;
    const signaturesBefore = (await signatureRows()).length;
    const vehicleRowsBefore = (await p.services.db.selectFrom('outreach_vehicle_case').select('id').where('municipality_id', '=', f.a.municipalityId).execute()).length;
    const big = noisyPngDataUrl(200, 200);
    expect(Buffer.from(big.split(',')[1]!, 'base64').length).toBeGreaterThan(MAX_VEHICLE_SIGNATURE_BYTES);
    await expect(ingest(await signedEvent(randomUUID(), 'data:image/jpeg;base64,AAAA'))).rejects.toMatchObject({ status: 400, code: 'VEHICLE_SIGNATURE_INVALID' });
    await expect(ingest(await signedEvent(randomUUID(), signaturePngDataUrl(600, 200, { blank: true })))).rejects.toMatchObject({ status: 400, code: 'VEHICLE_SIGNATURE_INVALID', message: expect.stringContaining('署名が書かれていません') });
    await expect(ingest(await signedEvent(randomUUID(), big))).rejects.toMatchObject({ status: 400, code: 'VEHICLE_SIGNATURE_TOO_LARGE', message: expect.stringContaining('96KB') });
    await expect(ingest(await signedEvent(randomUUID(), null))).rejects.toMatchObject({ status: 400, code: 'VEHICLE_SIGNATURE_MISSING' });
    await expect(ingest(await signedEvent(randomUUID(), signaturePngDataUrl(), `outreach-screen:${randomUUID()}`))).rejects.toMatchObject({ status: 400, code: 'VEHICLE_SIGNATURE_REF' });
    expect(await outreachCases()).toHaveLength(casesBefore);
    expect(await signatureRows()).toHaveLength(signaturesBefore);
    expect(await p.services.db.selectFrom('outreach_vehicle_case').select('id').where('municipality_id', '=', f.a.municipalityId).execute()).toHaveLength(vehicleRowsBefore);
  });

  it('a signed case that waits for review keeps its signature sealed; accepted by staff, the case gets it', async () => {
    const clientCaseId = randomUUID();
    const r = await ingest(await caseEvent({
      clientCaseId,
      answers: dogAnswers(clientCaseId, { signature: { method: 'handwritten', ref: `outreach-screen:${clientCaseId}` } }),
      sealed: { signature: signaturePngDataUrl(640, 220), identity: { method: 'card', name: '山口\u3000正子', birthDate: '1940-01-10', address: '山形県村山市楯岡五日町1番1号', sex: 'female' } },
    }));
    expect(r).toMatchObject({ status: 'conflict', details: { kind: 'resident_moved' } });
    const vehicleCaseId = (r as unknown as { details: { vehicleCaseId: string } }).details.vehicleCaseId;
    expect((await signatureRows()).some((x) => x.client_case_id === clientCaseId)).toBe(false);
    const decided = await ok<{ status: string; caseId: string }>('POST', `/api/outreach/vehicle/reviews/${vehicleCaseId}/decision`, { decision: 'accept', note: '本人確認書類で住所を確認', residentId: null });
    expect(decided.status).toBe('accepted');
    expect(await signatureRows()).toEqual(expect.arrayContaining([expect.objectContaining({ case_id: decided.caseId, client_case_id: clientCaseId, width: 640 })]));
    const pdf = await p.app.request(`/api/cases/${decided.caseId}/form.pdf`, { headers: { cookie: clerk } });
    expect(new TextDecoder('latin1').decode(new Uint8Array(await pdf.arrayBuffer()))).toContain('/Subtype /Image');
  });
});

describe('outreach.ticket_*', () => {
  it('keeps the stop queue the tablet ran offline: waits from the tablet clock, served residents counted; unknown tickets are conflicts', async () => {
    const ticketId = randomUUID();
    const ev = (kind: string, payload: Record<string, unknown>): VehicleEventContext => ({ municipalityId: f.a.municipalityId, deviceId: deviceA, opId: randomUUID(), kind, payload, deviceTime: null });
    expect((await ingest(ev('outreach.ticket_issued', { ticketId, stopId: 'stop-1', serviceLabel: '各種届出', number: 'V-001', at: '2026-11-27T01:00:00.000Z' }))).status).toBe('accepted');
    expect((await ingest(ev('outreach.ticket_called', { ticketId, at: '2026-11-27T01:06:00.000Z' }))).status).toBe('accepted');
    expect((await ingest(ev('outreach.ticket_done', { ticketId, at: '2026-11-27T01:12:00.000Z', outcome: 'done' }))).status).toBe('accepted');
    expect((await ingest(ev('outreach.ticket_called', { ticketId: randomUUID(), at: '2026-11-27T01:06:00.000Z' }))).status).toBe('conflict');
    expect((await ingest(ev('outreach.unknown', {}))).status).toBe('conflict');
    const { items } = await ok<{ items: { stopId: string | null; served: number; meanWaitMinutes: number | null }[] }>('GET', '/api/outreach/vehicle/stats');
    expect(items.find((i) => i.stopId === 'stop-1')).toMatchObject({ served: 1, meanWaitMinutes: 6 });
  });
});

describe('through the device platform (signed, chained events; the push commits before it acknowledges)', () => {
  let admin: string;
  let tablet: TestDevice;
  let asClerk: SyncTransport;
  beforeAll(async () => {
    admin = await loginAs(p, f.a, 'admin');
    tablet = await enrolTestDevice(p, admin, { kind: 'vehicle', label: '移動市役所 1号車' });
    // The tablet's browser sends the staff cookie with its signed requests.
    asClerk = httpSyncTransport('http://madoguchi.test', { fetch: (async (input: RequestInfo | URL, init?: RequestInit) => p.app.request(String(input), { ...init, headers: { ...(init?.headers as Record<string, string>), cookie: clerk } })) as typeof fetch });
  });

  it('the daily sign-in needs the staff session and the signed vehicle tablet; it hands out the data key and the outreach procedures', async () => {
    const unsigned = await call(p, 'POST', '/api/outreach/vehicle/sign-in', { cookie: clerk, body: {} });
    expect(unsigned.status).toBe(401);
    await expect(tablet.transport.request('POST', '/outreach/vehicle/sign-in', {}, tablet.outbox.authorizer())).rejects.toMatchObject({ status: 401 });
    const reply = await asClerk.request<{ keyId: string; key: string; offlineUntil: string; procedures: { procedureId: string; definition: { channels: string[] } }[] }>('POST', '/outreach/vehicle/sign-in', {}, tablet.outbox.authorizer());
    expect(Buffer.from(reply.key, 'base64')).toHaveLength(32);
    expect(Date.parse(reply.offlineUntil) - p.services.now().getTime()).toBe(12 * 3600_000);
    expect(reply.procedures.map((x) => x.procedureId)).toContain('dog-registration-change');
    expect(reply.procedures.every((x) => x.definition.channels.includes('outreach'))).toBe(true);
    // The same key again at the next sign-in: cases sealed yesterday still open.
    const again = await asClerk.request<{ keyId: string }>('POST', '/outreach/vehicle/sign-in', {}, tablet.outbox.authorizer());
    expect(again.keyId).toBe(reply.keyId);
    const taxi = await enrolTestDevice(p, admin, { kind: 'taxi', label: 'タクシー 1' });
    await expect(asClerk.request('POST', '/outreach/vehicle/sign-in', {}, taxi.outbox.authorizer())).rejects.toMatchObject({ status: 403, code: 'VEHICLE_DEVICE_REQUIRED' });
  });

  it('cases pushed from the tablet are registered once, the outcome carries the receipt number, and the tablet keeps no payload afterwards', async () => {
    const before = (await outreachCases()).length;
    const { keyId, key } = await vehicleKey(p.services.db, p.services.cipher, f.a.municipalityId, tablet.deviceId, p.services.now());
    const ids: string[] = [];
    for (const who of [{ name: '山田 一郎', birthDate: '2015-05-05' }, { name: '新井 太郎', birthDate: '1990-01-01' }]) {
      const clientCaseId = randomUUID();
      ids.push(clientCaseId);
      const sealed = await seal(key, tablet.deviceId, clientCaseId, {
        v: 1, staffId: f.a.staff['clerk']!, identity: { method: 'manual', name: who.name, birthDate: who.birthDate, address: TARO_ADDRESS, sex: null },
        residentId: null, registryAddress: null, event: null, answers: dogAnswers(clientCaseId, { applicantName: who.name, applicantKana: 'あらい たろう' }), createdAt: p.services.now().toISOString(),
      });
      await tablet.outbox.append('outreach.case_submitted', { clientCaseId, procedureId: 'dog-registration-change', procedureVersion: dogVersion.version, procedureHash: dogVersion.contentHash, stopId: null, ticketNumber: null, keyId, ...sealed });
    }
    const report = await tablet.outbox.sync(tablet.transport);
    expect(report).toMatchObject({ error: null, pending: 0, stored: 2 });
    const records = (await tablet.store.all()).filter((r) => r.kind === 'outreach.case_submitted');
    expect(records.every((r) => r.state === 'acknowledged' && r.event === null)).toBe(true);
    const receipts = records.map((r) => (r.outcome?.result as { receiptNumber: string }).receiptNumber);
    expect(new Set(receipts).size).toBe(2);
    const cases = await outreachCases();
    expect(cases).toHaveLength(before + 2);
    expect(cases.filter((c) => receipts.includes(c.receipt_number!))).toHaveLength(2);
    // A second sync sends nothing and changes nothing.
    expect(await tablet.outbox.sync(tablet.transport)).toMatchObject({ sent: 0, pending: 0 });
    expect(await outreachCases()).toHaveLength(before + 2);
    const status = await asClerk.request<{ items: { clientCaseId: string; state: string; receiptNumber: string }[] }>('GET', '/outreach/vehicle/device-cases', undefined, tablet.outbox.authorizer());
    expect(status.items.filter((i) => ids.includes(i.clientCaseId)).map((i) => i.receiptNumber).sort()).toEqual([...receipts].sort());
  });

  it('a case whose drawn signature is blank is refused through the push: stored as rejected with its code, no case, the next case goes through', async () => {
    const before = (await outreachCases()).length;
    const { keyId, key } = await vehicleKey(p.services.db, p.services.cipher, f.a.municipalityId, tablet.deviceId, p.services.now());
    const append = async (signature: string) => {
      const clientCaseId = randomUUID();
      const sealed = await seal(key, tablet.deviceId, clientCaseId, {
        v: 1, staffId: f.a.staff['clerk']!, identity: { method: 'manual', name: '森 一子', birthDate: '1960-02-02', address: TARO_ADDRESS, sex: null },
        residentId: null, registryAddress: null, event: null, signature, createdAt: p.services.now().toISOString(),
        answers: dogAnswers(clientCaseId, { applicantName: '森 一子', applicantKana: 'もり かずこ', signature: { method: 'handwritten', ref: `outreach-screen:${clientCaseId}` } }),
      });
      return tablet.outbox.append('outreach.case_submitted', { clientCaseId, procedureId: 'dog-registration-change', procedureVersion: dogVersion.version, procedureHash: dogVersion.contentHash, stopId: null, ticketNumber: null, keyId, ...sealed });
    };
    const blank = await append(signaturePngDataUrl(600, 200, { blank: true }));
    const report = await tablet.outbox.sync(tablet.transport);
    expect(report.error).toBeNull();
    const rejected = await p.services.db.selectFrom('device_event').select(['status', 'reason', 'result']).where('municipality_id', '=', f.a.municipalityId).where('op_id', '=', blank.opId).executeTakeFirstOrThrow();
    expect(rejected).toMatchObject({ status: 'rejected', result: { code: 'VEHICLE_SIGNATURE_INVALID' } });
    expect(rejected.reason).toContain('署名');
    expect(await outreachCases()).toHaveLength(before);
    // The tablet hears why, and a good signature after it is registered.
    expect((await tablet.store.all()).find((r) => r.opId === blank.opId)?.outcome).toMatchObject({ status: 'rejected' });
    await append(signaturePngDataUrl());
    expect(await tablet.outbox.sync(tablet.transport)).toMatchObject({ error: null, stored: 1, pending: 0 });
    expect(await outreachCases()).toHaveLength(before + 1);
  });
});
