import { createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { evaluateForm, type ProcedureDefinition } from '@madoguchi/procedures';
import { todayInJapan } from '@madoguchi/jp';
import type { Database } from '../../../platform/db/schema';
import type { FieldCipher } from '../../../platform/crypto/field-encryption';
import { appendAudit } from '../../../platform/audit/audit';
import type { StaffPrincipal } from '../../../platform/auth/roles';
import { AppError, badRequest, notFound } from '../../../platform/http/errors';
import { enqueueJob } from '../../../platform/jobs/jobs';
import { assertNoIndividualNumber, createCase, openCasesOf, submitCase, type CaseActor } from '../../cases/service';
import { latestPublishedVersions, loadDepartmentRefs, publishedVersion } from '../../procedures/service';
import { findActiveByNameAndBirth, formatAddress, residentWithHousehold } from '../../registry/service';
import { JOB_NOTIFY_DEPARTMENT } from '../../counter/service';
import { listDepartments } from '../../tenancy/service';
import { markStopProgress, recordStopService, routeStopForDevice } from '../stop-service';
import { listRoutes, loadPlan } from '../plan';
import {
  CaseSubmittedSchema, CONFLICT_LABELS, SealedCaseSchema, TicketIssuedSchema, TicketMoveSchema,
  EVENT_CASE_SUBMITTED, EVENT_STOP_PROGRESS, EVENT_TICKET_CALLED, StopProgressSchema, EVENT_TICKET_DONE, EVENT_TICKET_ISSUED,
  type CaseSubmitted, type ConflictKind, type SealedCase,
} from './model';
import { checkVehicleSignature, keepVehicleSignature, signatureAuditOf } from './signature';

type Db = Kysely<Database> | Transaction<Database>;

export interface VehicleDeps {
  db: Kysely<Database>;
  cipher: FieldCipher;
  now: () => Date;
}

/** An event as the device platform hands it to a handler, inside the transaction that stores it. */
export interface VehicleEventContext {
  municipalityId: string;
  deviceId: string;
  opId: string;
  kind: string;
  payload: unknown;
  /** The tablet's clock when the event was made (may be hours wrong; kept, never trusted for order). */
  deviceTime: string | null;
}

export type VehicleHandlerResult =
  | { status: 'accepted'; result: Record<string, unknown> }
  | { status: 'conflict'; reason: string; details: Record<string, unknown> };

/** The offline re-entry window: the tablet keeps the key for this long after the online sign-in. */
export const OFFLINE_HOURS = 12;
const PURPOSE = '移動市役所';

const keyContext = (m: string, deviceId: string, keyId: string) => `outreach_vehicle_key:${m}:${deviceId}:${keyId}`;
const sealedContext = (m: string, id: string) => `outreach_vehicle_case:${m}:${id}`;

// ─── The tablet's data key ──────────────────────────────────────────────────────────────────────────

export async function vehicleKey(db: Db, cipher: FieldCipher, m: string, deviceId: string, now: Date): Promise<{ keyId: string; key: Buffer }> {
  const row = await db.selectFrom('outreach_vehicle_key').select(['key_id', 'key_ciphertext']).where('municipality_id', '=', m)
    .where('device_id', '=', deviceId).where('retired_at', 'is', null).orderBy('created_at', 'desc').executeTakeFirst();
  if (row) return { keyId: row.key_id, key: cipher.decrypt(row.key_ciphertext, keyContext(m, deviceId, row.key_id)) };
  const keyId = randomUUID();
  const key = randomBytes(32);
  await db.insertInto('outreach_vehicle_key').values({
    municipality_id: m, device_id: deviceId, key_id: keyId, key_ciphertext: cipher.encrypt(key, keyContext(m, deviceId, keyId)), created_at: now, retired_at: null,
  }).execute();
  return { keyId, key };
}

async function keyById(db: Db, cipher: FieldCipher, m: string, deviceId: string, keyId: string): Promise<Buffer | null> {
  const row = await db.selectFrom('outreach_vehicle_key').select('key_ciphertext').where('municipality_id', '=', m)
    .where('device_id', '=', deviceId).where('key_id', '=', keyId).executeTakeFirst();
  return row ? cipher.decrypt(row.key_ciphertext, keyContext(m, deviceId, keyId)) : null;
}

/** Retires the tablet's key (the tablet was lost or revoked): what it still holds no longer opens with a new sign-in. */
export async function retireVehicleKeys(db: Db, m: string, deviceId: string, now: Date): Promise<number> {
  const r = await db.updateTable('outreach_vehicle_key').set({ retired_at: now }).where('municipality_id', '=', m).where('device_id', '=', deviceId).where('retired_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Opens a sealed case: AES-256-GCM as WebCrypto makes it (the 16-byte tag at the end), bound to the device and case. */
export function unseal(key: Buffer, ivB64: string, sealedB64: string, deviceId: string, clientCaseId: string): unknown {
  const iv = Buffer.from(ivB64, 'base64');
  const data = Buffer.from(sealedB64, 'base64');
  if (iv.length !== 12 || data.length < 17) throw new Error('sealed case too short');
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(`${deviceId}:${clientCaseId}`, 'utf8'));
  decipher.setAuthTag(data.subarray(data.length - 16));
  const plain = Buffer.concat([decipher.update(data.subarray(0, data.length - 16)), decipher.final()]);
  return JSON.parse(plain.toString('utf8'));
}

// ─── What the tablet takes on the road ─────────────────────────────────────────────────────────────

export interface ShippedProcedure {
  procedureId: string;
  version: number;
  contentHash: string;
  title: string;
  departmentName: string | null;
  definition: ProcedureDefinition;
}

/** The published procedures the vehicle offers (channel 「移動市役所」), pinned to their current versions. */
export async function shippedProcedures(db: Db, m: string): Promise<ShippedProcedure[]> {
  const refs = new Map((await loadDepartmentRefs(db, m)).map((r) => [r.ref, r]));
  const out: ShippedProcedure[] = [];
  for (const { version: summary } of await latestPublishedVersions(db, m)) {
    const v = await publishedVersion(db, m, summary.procedureId, summary.version);
    if (!v || !v.definition.channels.includes('outreach')) continue;
    out.push({ procedureId: v.procedureId, version: v.version, contentHash: v.contentHash, title: v.title, departmentName: refs.get(v.departmentRef)?.departmentName ?? null, definition: v.definition });
  }
  return out.sort((a, b) => a.title.localeCompare(b.title, 'ja'));
}

export interface ShippedStop {
  routeStopId: string;
  date: string;
  start: string;
  end: string;
  name: string;
}

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);

/** The stops of the published routes this tablet is on, today and the next 7 days (the tablet picks where it is). */
export async function shippedStops(db: Db, m: string, deviceId: string, today: string): Promise<ShippedStop[]> {
  const routes = (await listRoutes(db, m, { from: today, to: addDays(today, 7), states: ['published'] })).filter((r) => r.deviceIds.includes(deviceId));
  if (routes.length === 0) return [];
  const names = new Map((await loadPlan(db, m)).stops.map((st) => [st.id, st.name]));
  return routes.flatMap((r) => r.stops.filter((st) => st.state === 'scheduled').map((st) => ({ routeStopId: st.id, date: r.date, start: st.start, end: st.end, name: names.get(st.stopId) ?? '' })))
    .sort((a, b) => `${a.date}${a.start}`.localeCompare(`${b.date}${b.start}`));
}

/**
 * The daily online sign-in on a vehicle tablet: the tablet's data key (created on first use), who
 * signed in, until when the tablet may be re-entered offline with the PIN, and the procedures to
 * ship. Audited; the key itself is never logged.
 */
export async function signInVehicle(deps: VehicleDeps, staff: StaffPrincipal, deviceId: string, requestId: string | null) {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    const { keyId, key } = await vehicleKey(trx, deps.cipher, staff.municipalityId, deviceId, now);
    const procedures = await shippedProcedures(trx, staff.municipalityId);
    const stops = await shippedStops(trx, staff.municipalityId, deviceId, todayInJapan(now));
    await appendAudit(trx, {
      municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'outreach.vehicle_sign_in', subjectType: 'device', subjectId: deviceId,
      purpose: PURPOSE, requestId, details: { keyId, procedures: procedures.map((p) => `${p.procedureId}@${p.version}`) },
    }, now);
    return {
      keyId, key: key.toString('base64'), issuedAt: now.toISOString(),
      offlineUntil: new Date(now.getTime() + OFFLINE_HOURS * 3600_000).toISOString(),
      staff: { id: staff.id, displayName: staff.displayName },
      today: todayInJapan(now),
      procedures,
      stops,
    };
  });
}

// ─── Ingestion: 'outreach.*' events inside the push transaction ────────────────────────────────────

const normalise = (s: string) => s.normalize('NFKC').replace(/[\s\u3000]+/g, '');

function splitName(name: string): { familyName: string; givenName: string } {
  const parts = name.normalize('NFKC').trim().split(/\s+/);
  return { familyName: parts[0] ?? '', givenName: parts.slice(1).join('') };
}

interface Resolution {
  residentId: string | null;
  conflict: { kind: ConflictKind; reason: string; details: Record<string, unknown> } | null;
}

/** Who the case is about, now: the resident the tablet knew, or the one the card's name and birth date match. */
async function resolveResident(trx: Db, m: string, sealed: SealedCase): Promise<Resolution> {
  if (sealed.residentId) {
    const found = await residentWithHousehold(trx, m, sealed.residentId);
    if (!found || found.resident.status !== 'active') {
      return { residentId: sealed.residentId, conflict: { kind: 'resident_moved', reason: 'この住民は受付の後に転出または死亡の記録があり、住民記録で有効ではありません。', details: { residentId: sealed.residentId, registryStatus: found?.resident.status ?? 'missing' } } };
    }
    if (sealed.registryAddress && normalise(formatAddress(found.household.address)) !== normalise(sealed.registryAddress)) {
      return { residentId: sealed.residentId, conflict: { kind: 'resident_moved', reason: '受付のときに端末が持っていた住所と、いまの住民記録の住所が違います（その後に転居の届出があります）。', details: { residentId: sealed.residentId } } };
    }
    return { residentId: sealed.residentId, conflict: null };
  }
  if (sealed.event === 'moveIn') return { residentId: null, conflict: null };
  const { familyName, givenName } = splitName(sealed.identity.name);
  const matches = givenName ? await findActiveByNameAndBirth(trx, m, familyName, givenName, sealed.identity.birthDate) : [];
  if (matches.length !== 1) return { residentId: null, conflict: null };
  const residentId = matches[0]!.id;
  // The card (or what the resident said) must show the address the registry has now: a move
  // recorded meanwhile, or a card not yet rewritten, is for staff to look at.
  const found = await residentWithHousehold(trx, m, residentId);
  const registry = found ? normalise(formatAddress(found.household.address)) : '';
  const stated = normalise(sealed.identity.address);
  if (found && stated && !(stated.startsWith(registry) || registry.startsWith(stated))) {
    return { residentId, conflict: { kind: 'resident_moved', reason: 'カード・申告の住所と、いまの住民記録の住所が違います（受付の後の転居、またはカードの住所の書き換え前）。', details: { residentId } } };
  }
  return { residentId, conflict: null };
}

async function recordConflict(trx: Db, deps: VehicleDeps, ctx: VehicleEventContext, p: CaseSubmitted, sealed: SealedCase | null, conflict: NonNullable<Resolution['conflict']>, now: Date): Promise<VehicleHandlerResult> {
  const id = randomUUID();
  await trx.insertInto('outreach_vehicle_case').values({
    municipality_id: ctx.municipalityId, id, device_id: ctx.deviceId, client_case_id: p.clientCaseId, op_id: ctx.opId,
    procedure_id: p.procedureId, procedure_version: p.procedureVersion, stop_id: p.stopId, ticket_number: p.ticketNumber,
    status: 'conflict', conflict_kind: conflict.kind, conflict_details: JSON.stringify({ reason: conflict.reason, ...conflict.details }),
    // Kept only encrypted, only until staff decide; never when it held an individual number.
    sealed: sealed ? deps.cipher.encrypt(JSON.stringify(sealed), sealedContext(ctx.municipalityId, id)) : null,
    case_id: null, receipt_number: null, staff_id: sealed?.staffId ?? null, device_time: ctx.deviceTime ? new Date(ctx.deviceTime) : null, received_at: now,
    resolved_by: null, resolved_at: null, resolution_note: null,
  }).execute();
  await appendAudit(trx, {
    municipalityId: ctx.municipalityId, actorStaffId: null, action: 'outreach.vehicle_conflict', subjectType: 'outreach_vehicle_case', subjectId: id, purpose: p.procedureId,
    details: { deviceId: ctx.deviceId, opId: ctx.opId, kind: conflict.kind, residentId: conflict.details['residentId'] ?? null },
  }, now);
  return { status: 'conflict', reason: conflict.reason, details: { vehicleCaseId: id, clientCaseId: p.clientCaseId, kind: conflict.kind, label: CONFLICT_LABELS[conflict.kind] } };
}

/** Makes the case: the same createCase + submitCase as the counter (pinned version, 受付番号 from the server only), routed to the form's department. */
async function makeCase(trx: Db, m: string, input: { procedureId: string; version: number; contentHash: string; departmentRef: string; definition: ProcedureDefinition; answers: Record<string, unknown>; residentId: string | null; idempotencyKey: string }, now: Date) {
  const refs = new Map((await loadDepartmentRefs(trx, m)).map((r) => [r.ref, r]));
  const departmentId = refs.get(input.departmentRef)?.departmentId ?? null;
  const actor: CaseActor = { kind: 'system', municipalityId: m };
  const created = await createCase(trx, actor, {
    procedureId: input.procedureId, procedureVersion: input.version, procedureHash: input.contentHash, channel: 'outreach',
    subjectResidentId: input.residentId, departmentId, answers: input.answers, idempotencyKey: input.idempotencyKey,
  }, now);
  const submitted = created.status === 'draft' ? await submitCase(trx, actor, created.id, now) : created;
  if (created.status === 'draft') {
    await enqueueJob(trx, { municipalityId: m, kind: JOB_NOTIFY_DEPARTMENT, subjectType: 'case', subjectId: submitted.id, payload: { departmentId } }, now);
  }
  const departmentName = departmentId ? (await listDepartments(trx, m)).find((d) => d.id === departmentId)?.name ?? null : null;
  return { caseId: submitted.id, receiptNumber: submitted.receiptNumber!, departmentId, departmentName };
}

type Checked =
  | { ok: true; answers: Record<string, unknown>; version: { version: number; contentHash: string; departmentRef: string; definition: ProcedureDefinition } }
  | { ok: false; reason: string; details: Record<string, unknown> };

/** The pinned version must be the published one with that hash and offered by the vehicle; the answers must pass the form's own rules. */
async function checkAgainstVersion(trx: Db, m: string, p: { procedureId: string; procedureVersion: number; procedureHash: string }, answers: Record<string, unknown>, now: Date): Promise<Checked> {
  const v = await publishedVersion(trx, m, p.procedureId, p.procedureVersion);
  if (!v || v.contentHash !== p.procedureHash) return { ok: false, reason: '端末の手続きの版が、公開されている版と一致しません。', details: { procedureId: p.procedureId, version: p.procedureVersion } };
  if (!v.definition.channels.includes('outreach')) return { ok: false, reason: 'この手続きは移動市役所では受け付けていません。', details: { procedureId: p.procedureId } };
  const evaluation = evaluateForm(v.definition, answers, { today: todayInJapan(now), channel: 'outreach' });
  if (!evaluation.valid) {
    const errors = Object.entries(evaluation.errors).flatMap(([path, list]) => list.map((e) => ({ path, message: e.message }))).slice(0, 50);
    return { ok: false, reason: `入力内容に${errors.length}件の誤りがあります。`, details: { errors } };
  }
  return { ok: true, answers: { ...answers, ...evaluation.values }, version: { version: v.version, contentHash: v.contentHash, departmentRef: v.departmentRef, definition: v.definition } };
}

/** `outreach.case_submitted`: a case served at a stop becomes a case in its department's inbox, or waits for staff. */
export async function handleCaseSubmitted(trx: Db, deps: VehicleDeps, ctx: VehicleEventContext): Promise<VehicleHandlerResult> {
  const now = deps.now();
  const m = ctx.municipalityId;
  const parsed = CaseSubmittedSchema.safeParse(ctx.payload);
  if (!parsed.success) {
    // Refused content: the device platform stores the event as rejected, without our writes.
    throw badRequest('VEHICLE_CASE_MALFORMED', '申請の形式が正しくありません。端末のアプリを更新してから送り直してください。', parsed.error.issues.slice(0, 10).map((i) => ({ path: i.path.join('.'), message: i.message })));
  }
  const p = parsed.data;
  // The same case again (another op for it, e.g. re-sent after the tablet was restored): the first result.
  const seen = await trx.selectFrom('outreach_vehicle_case').selectAll().where('municipality_id', '=', m).where('device_id', '=', ctx.deviceId).where('client_case_id', '=', p.clientCaseId).executeTakeFirst();
  if (seen) {
    return seen.status === 'conflict'
      ? { status: 'conflict', reason: '同じ申請が既に確認待ちになっています。', details: { vehicleCaseId: seen.id, clientCaseId: p.clientCaseId, kind: seen.conflict_kind } }
      : { status: 'accepted', result: { clientCaseId: p.clientCaseId, caseId: seen.case_id, receiptNumber: seen.receipt_number, state: seen.status } };
  }
  const key = await keyById(trx, deps.cipher, m, ctx.deviceId, p.keyId);
  let sealed: SealedCase;
  try {
    if (!key) throw new Error('unknown key');
    sealed = SealedCaseSchema.parse(unseal(key, p.iv, p.sealed, ctx.deviceId, p.clientCaseId));
  } catch {
    return recordConflict(trx, deps, ctx, p, null, { kind: 'invalid_case', reason: '申請の暗号を開けませんでした（端末の鍵が違う・内容が壊れている）。', details: {} }, now);
  }
  try {
    assertNoIndividualNumber(sealed.answers);
  } catch {
    // Not kept: the sealed case is dropped, only the fact is recorded for staff.
    return recordConflict(trx, deps, ctx, p, null, { kind: 'invalid_case', reason: '申請に個人番号が含まれていたため、内容を保存せずに止めました。窓口で改めて受け付けてください。', details: {} }, now);
  }
  const checked = await checkAgainstVersion(trx, m, p, sealed.answers, now);
  if (!checked.ok) return recordConflict(trx, deps, ctx, p, sealed, { kind: 'invalid_case', reason: checked.reason, details: checked.details }, now);
  // A drawn signature that is not a valid PNG (or too large) refuses the event: nothing is stored.
  const signature = checkVehicleSignature(sealed.signature, checked.version.definition, checked.answers, p.clientCaseId);
  const who = await resolveResident(trx, m, sealed);
  if (who.conflict) return recordConflict(trx, deps, ctx, p, sealed, who.conflict, now);
  if (who.residentId) {
    const open = await openCasesOf(trx, m, who.residentId, p.procedureId);
    if (open.length > 0) {
      return recordConflict(trx, deps, ctx, p, sealed, {
        kind: 'duplicate_application', reason: `同じ人の同じ手続きが受付中です（受付番号 ${open.map((o) => o.receiptNumber).join('、')}）。`,
        details: { residentId: who.residentId, existing: open },
      }, now);
    }
  }
  const made = await makeCase(trx, m, { procedureId: p.procedureId, ...checked.version, answers: checked.answers, residentId: who.residentId, idempotencyKey: `outreach:${ctx.deviceId}:${p.clientCaseId}` }, now);
  await trx.insertInto('outreach_vehicle_case').values({
    municipality_id: m, id: randomUUID(), device_id: ctx.deviceId, client_case_id: p.clientCaseId, op_id: ctx.opId,
    procedure_id: p.procedureId, procedure_version: p.procedureVersion, stop_id: p.stopId, ticket_number: p.ticketNumber,
    status: 'registered', conflict_kind: null, conflict_details: '{}', sealed: null, case_id: made.caseId, receipt_number: made.receiptNumber,
    staff_id: sealed.staffId, device_time: ctx.deviceTime ? new Date(ctx.deviceTime) : null, received_at: now, resolved_by: null, resolved_at: null, resolution_note: null,
  }).execute();
  if (signature) await keepVehicleSignature(trx, { municipalityId: m, caseId: made.caseId, deviceId: ctx.deviceId, clientCaseId: p.clientCaseId, signature }, now);
  await recordAtStop(trx, ctx, { caseId: made.caseId, procedureId: p.procedureId, stopId: p.stopId, waitSeconds: null, id: ctx.opId, visitKey: p.ticketId ?? p.clientCaseId }, now);
  await appendAudit(trx, {
    municipalityId: m, actorStaffId: sealed.staffId, action: 'outreach.vehicle_case', subjectType: 'case', subjectId: made.caseId, purpose: p.procedureId,
    details: { deviceId: ctx.deviceId, opId: ctx.opId, stopId: p.stopId, subjectResidentId: who.residentId, identity: sealed.identity.method, signature: signatureAuditOf(signature) },
  }, now);
  return { status: 'accepted', result: { clientCaseId: p.clientCaseId, ...made, state: 'registered' } };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Tells the stop statistics (the outreach planning module's recordStopService): a case is a procedure
 * done at the stop, a finished ticket a resident served (with the wait); the ticket id is the visit
 * key, so a resident's ticket and procedures count as one resident. The stop is the one the event
 * names, else the one the device's published route puts it at when the event was made. Recorded under
 * the event's op id, so a second delivery records nothing. A device with no route that day records no
 * stop row (the case is registered all the same).
 */
async function recordAtStop(trx: Db, ctx: VehicleEventContext, input: { caseId: string | null; procedureId: string | null; stopId: string | null; waitSeconds: number | null; id: string; visitKey: string }, now: Date) {
  const at = ctx.deviceTime && !Number.isNaN(Date.parse(ctx.deviceTime)) ? new Date(ctx.deviceTime) : now;
  const routeStopId = input.stopId && UUID.test(input.stopId) ? input.stopId : (await routeStopForDevice(trx, ctx.municipalityId, ctx.deviceId, at))?.routeStopId ?? null;
  if (!routeStopId) return;
  try {
    await recordStopService(trx, { municipalityId: ctx.municipalityId, routeStopId, caseId: input.caseId, procedureId: input.procedureId, servedAt: at, waitSeconds: input.waitSeconds, deviceId: ctx.deviceId, id: input.id, visitKey: input.visitKey }, now);
  } catch (e) {
    // An unknown stop is refused by recordStopService before it writes anything: the case stands without a stop row.
    if (!(e instanceof AppError)) throw e;
  }
}

/** `outreach.ticket_*`: the stop's queue as the tablet ran it, for waits and residents served. */
export async function handleTicketEvent(trx: Db, deps: VehicleDeps, ctx: VehicleEventContext): Promise<VehicleHandlerResult> {
  const m = ctx.municipalityId;
  if (ctx.kind === EVENT_TICKET_ISSUED) {
    const t = TicketIssuedSchema.safeParse(ctx.payload);
    if (!t.success) return { status: 'conflict', reason: '整理券の形式が正しくありません。', details: {} };
    await trx.insertInto('outreach_vehicle_ticket').values({
      municipality_id: m, device_id: ctx.deviceId, ticket_id: t.data.ticketId, stop_id: t.data.stopId, service_label: t.data.serviceLabel,
      number: t.data.number, status: 'waiting', issued_at: t.data.at, called_at: null, done_at: null,
    }).onConflict((oc) => oc.columns(['municipality_id', 'device_id', 'ticket_id']).doNothing()).execute();
    return { status: 'accepted', result: { ticketId: t.data.ticketId } };
  }
  const t = TicketMoveSchema.safeParse(ctx.payload);
  if (!t.success) return { status: 'conflict', reason: '整理券の形式が正しくありません。', details: {} };
  const set = ctx.kind === EVENT_TICKET_CALLED
    ? { status: 'called' as const, called_at: t.data.at }
    : { status: (t.data.outcome ?? 'done') as 'done' | 'no_show', done_at: t.data.at };
  const r = await trx.updateTable('outreach_vehicle_ticket').set(set).where('municipality_id', '=', m).where('device_id', '=', ctx.deviceId).where('ticket_id', '=', t.data.ticketId)
    .returning(['stop_id', 'issued_at', 'called_at']).executeTakeFirst();
  if (!r) return { status: 'conflict', reason: '発行の記録がない整理券です。', details: { ticketId: t.data.ticketId } };
  if (ctx.kind === EVENT_TICKET_DONE && (t.data.outcome ?? 'done') === 'done') {
    // The wait from the tablet's own clock (issued → called): a wrong clock shifts both alike.
    const wait = r.called_at ? Math.max(0, Math.round((new Date(r.called_at).getTime() - new Date(r.issued_at).getTime()) / 1000)) : null;
    await recordAtStop(trx, ctx, { caseId: null, procedureId: null, stopId: r.stop_id, waitSeconds: wait, id: ctx.opId, visitKey: t.data.ticketId }, deps.now());
  }
  return { status: 'accepted', result: { ticketId: t.data.ticketId } };
}

/**
 * The vehicle arrived at or left a stop: the residents' live status shows it. Only a stop of a
 * published route this tablet is on; the tablet's clock is kept unless it is ahead of the server
 * (then the server's time). Arriving somewhere closes a stop of the same route still open (staff
 * forgot to press 出発), so the live page never shows the vehicle in two places. Repeats (a second
 * delivery, a later tap) keep the first arrival and the last departure.
 */
export async function handleStopProgress(trx: Db, deps: VehicleDeps, ctx: VehicleEventContext): Promise<VehicleHandlerResult> {
  const m = ctx.municipalityId;
  const parsed = StopProgressSchema.safeParse(ctx.payload);
  if (!parsed.success) return { status: 'conflict', reason: '到着・出発の記録の形式が正しくありません。', details: {} };
  const { routeStopId, stage } = parsed.data;
  const stop = await trx.selectFrom('outreach_route_stop as rs')
    .innerJoin('outreach_route as r', (j) => j.onRef('r.municipality_id', '=', 'rs.municipality_id').onRef('r.id', '=', 'rs.route_id'))
    .select(['rs.id', 'rs.route_id', 'rs.arrived_at', 'rs.departed_at', 'r.state', 'r.device_ids'])
    .where('rs.municipality_id', '=', m).where('rs.id', '=', routeStopId).executeTakeFirst();
  if (!stop || stop.state !== 'published' || !stop.device_ids.includes(ctx.deviceId)) {
    return { status: 'conflict', reason: 'この端末が乗る公開済みの運行の停車場所ではありません。運行計画の端末の指定を確認してください。', details: { routeStopId } };
  }
  const now = deps.now();
  const at = new Date(Math.min(Date.parse(parsed.data.at), now.getTime()));
  if (stage === 'arrived') {
    if (!stop.arrived_at) {
      await trx.updateTable('outreach_route_stop').set({ departed_at: at }).where('municipality_id', '=', m).where('route_id', '=', stop.route_id)
        .where('id', '!=', routeStopId).where('arrived_at', 'is not', null).where('departed_at', 'is', null).execute();
      await markStopProgress(trx, { municipalityId: m, routeStopId, arrivedAt: at });
    }
  } else {
    await markStopProgress(trx, { municipalityId: m, routeStopId, departedAt: at, ...(stop.arrived_at ? {} : { arrivedAt: at }) });
  }
  // No resident's data: the stored device event is the record (no audit entry of its own).
  return { status: 'accepted', result: { routeStopId, stage, at: at.toISOString() } };
}

/** One entry point for every 'outreach.*' kind the vehicle sends. */
export function handleVehicleEvent(trx: Db, deps: VehicleDeps, ctx: VehicleEventContext): Promise<VehicleHandlerResult> {
  if (ctx.kind === EVENT_CASE_SUBMITTED) return handleCaseSubmitted(trx, deps, ctx);
  if (ctx.kind === EVENT_TICKET_ISSUED || ctx.kind === EVENT_TICKET_CALLED || ctx.kind === EVENT_TICKET_DONE) return handleTicketEvent(trx, deps, ctx);
  if (ctx.kind === EVENT_STOP_PROGRESS) return handleStopProgress(trx, deps, ctx);
  return Promise.resolve({ status: 'conflict', reason: `知らない種類の記録です（${ctx.kind}）。`, details: {} });
}

// ─── What the tablet shows as 登録済み ─────────────────────────────────────────────────────────────

/** The cases a tablet sent, as the server holds them: receipt numbers, or 確認待ち. No personal data. */
export async function deviceCaseStatus(db: Db, m: string, deviceId: string) {
  const rows = await db.selectFrom('outreach_vehicle_case').select(['client_case_id', 'status', 'receipt_number', 'procedure_id', 'conflict_kind', 'received_at'])
    .where('municipality_id', '=', m).where('device_id', '=', deviceId).orderBy('received_at', 'desc').limit(2000).execute();
  return rows.map((r) => ({ clientCaseId: r.client_case_id, state: r.status, receiptNumber: r.receipt_number, procedureId: r.procedure_id, conflictKind: r.conflict_kind, receivedAt: new Date(r.received_at).toISOString() }));
}

// ─── The review queue (確認待ち) ──────────────────────────────────────────────────────────────────

const REVIEW_STATUSES = ['conflict', 'accepted', 'dismissed'] as const;
export type ReviewStatus = (typeof REVIEW_STATUSES)[number];

export async function listConflicts(deps: VehicleDeps, staff: StaffPrincipal, status: ReviewStatus) {
  const rows = await deps.db.selectFrom('outreach_vehicle_case').select([
    'id', 'device_id', 'procedure_id', 'procedure_version', 'stop_id', 'ticket_number', 'status', 'conflict_kind', 'conflict_details', 'received_at', 'device_time', 'receipt_number', 'resolution_note', 'resolved_at',
  ]).where('municipality_id', '=', staff.municipalityId).where('status', '=', status).where('conflict_kind', 'is not', null)
    .orderBy('received_at').limit(200).execute();
  const titles = await procedureTitles(deps.db, staff.municipalityId);
  return rows.map((r) => {
    const d = (r.conflict_details ?? {}) as Record<string, unknown>;
    return {
      id: r.id, deviceId: r.device_id, procedureId: r.procedure_id, procedureTitle: titles.get(r.procedure_id) ?? r.procedure_id, procedureVersion: r.procedure_version, stopId: r.stop_id, ticketNumber: r.ticket_number,
      status: r.status as ReviewStatus, kind: r.conflict_kind!, kindLabel: CONFLICT_LABELS[r.conflict_kind!], reason: String(d['reason'] ?? ''),
      receivedAt: new Date(r.received_at).toISOString(), deviceTime: r.device_time ? new Date(r.device_time).toISOString() : null,
      receiptNumber: r.receipt_number, resolutionNote: r.resolution_note, resolvedAt: r.resolved_at ? new Date(r.resolved_at).toISOString() : null,
    };
  });
}

async function procedureTitles(db: Db, m: string): Promise<Map<string, string>> {
  return new Map((await latestPublishedVersions(db, m)).map(({ version }) => [version.procedureId, version.title]));
}

async function loadConflict(db: Db, m: string, id: string, forUpdate = false) {
  let q = db.selectFrom('outreach_vehicle_case').selectAll().where('municipality_id', '=', m).where('id', '=', id).where('conflict_kind', 'is not', null);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  if (!row) throw notFound('OUTREACH_CONFLICT_NOT_FOUND', '該当する確認待ちの申請が見つかりません。一覧を更新してから選び直してください。');
  return row;
}

/** One case waiting for staff, opened for them (the read of the resident's data is audited). */
export async function getConflict(deps: VehicleDeps, staff: StaffPrincipal, id: string, requestId: string | null) {
  const m = staff.municipalityId;
  const row = await loadConflict(deps.db, m, id);
  const sealed = row.sealed ? SealedCaseSchema.parse(JSON.parse(deps.cipher.decrypt(row.sealed, sealedContext(m, id)).toString('utf8'))) : null;
  const d = (row.conflict_details ?? {}) as Record<string, unknown>;
  await appendAudit(deps.db, {
    municipalityId: m, actorStaffId: staff.id, action: 'outreach.vehicle_conflict_read', subjectType: 'outreach_vehicle_case', subjectId: id, purpose: row.procedure_id, requestId,
    details: { residentId: d['residentId'] ?? sealed?.residentId ?? null },
  }, deps.now());
  return {
    id, status: row.status as ReviewStatus, kind: row.conflict_kind!, kindLabel: CONFLICT_LABELS[row.conflict_kind!], reason: String(d['reason'] ?? ''),
    details: d, procedureId: row.procedure_id, procedureTitle: (await procedureTitles(deps.db, m)).get(row.procedure_id) ?? row.procedure_id, procedureVersion: row.procedure_version, deviceId: row.device_id, stopId: row.stop_id, ticketNumber: row.ticket_number,
    receivedAt: new Date(row.received_at).toISOString(), receiptNumber: row.receipt_number, resolutionNote: row.resolution_note,
    identity: sealed?.identity ?? null, residentId: sealed?.residentId ?? null, answers: sealed?.answers ?? null,
  };
}

/**
 * Staff decide a case waiting for review: 受け付ける (a case is made now, in the department inbox,
 * with its 受付番号 — for the resident staff name, if any) or 受け付けない (with the reason). The
 * sealed copy is erased either way. Never decided silently by the system.
 */
export async function resolveConflict(deps: VehicleDeps, staff: StaffPrincipal, id: string, input: { decision: 'accept' | 'dismiss'; note: string; residentId: string | null }, requestId: string | null) {
  const m = staff.municipalityId;
  const now = deps.now();
  if (!input.note.trim()) throw badRequest('OUTREACH_NOTE_REQUIRED', '判断の理由を入力してください。後から経緯を確かめるときに使います。', [{ path: 'note', message: '理由を入力してください。' }]);
  return deps.db.transaction().execute(async (trx) => {
    const row = await loadConflict(trx, m, id, true);
    if (row.status !== 'conflict') throw new AppError(409, 'OUTREACH_CONFLICT_DECIDED', 'この申請は既に判断されています。一覧を更新してください。');
    let made: Awaited<ReturnType<typeof makeCase>> | null = null;
    if (input.decision === 'accept') {
      if (!row.sealed) throw new AppError(422, 'OUTREACH_CONFLICT_NO_CONTENT', 'この申請は内容が保存されていないため受け付けられません。「受け付けない」を選び、窓口で改めて受け付けてください。');
      const sealed = SealedCaseSchema.parse(JSON.parse(deps.cipher.decrypt(row.sealed, sealedContext(m, id)).toString('utf8')));
      const v = await publishedVersion(trx, m, row.procedure_id, row.procedure_version);
      if (!v) throw new AppError(422, 'OUTREACH_CONFLICT_VERSION', '申請の手続きの版が見つかりません。「受け付けない」を選んでください。');
      const checked = await checkAgainstVersion(trx, m, { procedureId: row.procedure_id, procedureVersion: row.procedure_version, procedureHash: v.contentHash }, sealed.answers, now);
      if (!checked.ok) throw new AppError(422, 'OUTREACH_CONFLICT_INVALID', `${checked.reason}「受け付けない」を選び、窓口で改めて受け付けてください。`);
      const signature = checkVehicleSignature(sealed.signature, checked.version.definition, checked.answers, row.client_case_id);
      if (input.residentId) {
        const found = await residentWithHousehold(trx, m, input.residentId);
        if (!found) throw badRequest('OUTREACH_RESIDENT_NOT_FOUND', '選んだ住民が見つかりません。住民を検索し直してください。', [{ path: 'residentId', message: '住民を選び直してください。' }]);
      }
      made = await makeCase(trx, m, { procedureId: row.procedure_id, ...checked.version, answers: checked.answers, residentId: input.residentId, idempotencyKey: `outreach:${row.device_id}:${row.client_case_id}` }, now);
      if (signature) await keepVehicleSignature(trx, { municipalityId: m, caseId: made.caseId, deviceId: row.device_id, clientCaseId: row.client_case_id, signature }, now);
    }
    await trx.updateTable('outreach_vehicle_case').set({
      status: input.decision === 'accept' ? 'accepted' : 'dismissed', sealed: null, case_id: made?.caseId ?? null, receipt_number: made?.receiptNumber ?? null,
      resolved_by: staff.id, resolved_at: now, resolution_note: input.note.trim(),
    }).where('municipality_id', '=', m).where('id', '=', id).execute();
    await appendAudit(trx, {
      municipalityId: m, actorStaffId: staff.id, action: 'outreach.vehicle_conflict_resolve', subjectType: 'outreach_vehicle_case', subjectId: id, purpose: row.procedure_id, requestId,
      details: { decision: input.decision, caseId: made?.caseId ?? null, residentId: input.residentId },
    }, now);
    return { id, status: input.decision === 'accept' ? 'accepted' as const : 'dismissed' as const, caseId: made?.caseId ?? null, receiptNumber: made?.receiptNumber ?? null };
  });
}

/** Stop statistics from the vehicle: residents served (tickets done), cases registered, mean wait, per stop and day (device clock). */
export async function vehicleStopStats(db: Db, m: string) {
  const tickets = await db.selectFrom('outreach_vehicle_ticket').select(['stop_id', 'status', 'issued_at', 'called_at']).where('municipality_id', '=', m).execute();
  const cases = await db.selectFrom('outreach_vehicle_case').select(['stop_id', 'status']).where('municipality_id', '=', m).execute();
  const byStop = new Map<string, { stopId: string | null; served: number; waits: number[]; cases: number; reviews: number }>();
  const of = (s: string | null) => {
    const k = s ?? '';
    if (!byStop.has(k)) byStop.set(k, { stopId: s, served: 0, waits: [], cases: 0, reviews: 0 });
    return byStop.get(k)!;
  };
  for (const t of tickets) {
    const e = of(t.stop_id);
    if (t.status === 'done') e.served += 1;
    if (t.called_at) e.waits.push((new Date(t.called_at).getTime() - new Date(t.issued_at).getTime()) / 60_000);
  }
  for (const c of cases) {
    const e = of(c.stop_id);
    if (c.status === 'registered' || c.status === 'accepted') e.cases += 1;
    if (c.status === 'conflict') e.reviews += 1;
  }
  return [...byStop.values()].map((e) => ({
    stopId: e.stopId, served: e.served, cases: e.cases, waitingReview: e.reviews,
    meanWaitMinutes: e.waits.length ? Math.round((e.waits.reduce((a, b) => a + b, 0) / e.waits.length) * 10) / 10 : null,
  }));
}

export { REVIEW_STATUSES };
