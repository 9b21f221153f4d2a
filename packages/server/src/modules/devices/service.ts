import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { importPublicKey, jwkThumbprint, type DeviceKind, type EnrolResponse, type PublicKeyJwk } from '@madoguchi/device-sync';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Database, DeviceAnomalyTable } from '../../platform/db/schema';
import type { Services } from '../../platform/http/context';
import { AppError, badRequest, notFound } from '../../platform/http/errors';
import { runDeviceRevokedHooks } from './registry';

type Db = Kysely<Database> | Transaction<Database>;
export type AnomalyKind = DeviceAnomalyTable['kind'];

/** How long an enrolment code may be used. */
export const ENROL_CODE_TTL_MS = 24 * 60 * 60 * 1000;
/** A device clock further off than this is reported (it is never used for ordering either way). */
export const CLOCK_SKEW_BOUND_MS = 5 * 60 * 1000;

export const DEVICE_KIND_LABELS: Record<DeviceKind, string> = { vehicle: '移動市役所の端末', taxi: 'タクシー端末' };

export const ANOMALY_LABELS: Record<AnomalyKind, string> = {
  gap: '記録の欠落（連番の抜け）',
  bad_hash: '内容の改ざん（ハッシュ不一致）',
  bad_signature: '署名が正しくない',
  broken_chain: '記録のつながりが切れている',
  replay: '同じ番号で別の内容が送られた（再送・改ざん）',
  revoked_device: '利用停止した端末からの送信',
  clock_skew: '端末の時計のずれ',
  storage_reset: '端末の保存データの消失',
};

// No 0/O, 1/I/L: read aloud or typed from a screen without confusion.
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function newEnrolCode(): string {
  const bytes = randomBytes(10);
  let s = '';
  for (const b of bytes) s += CODE_ALPHABET[b % CODE_ALPHABET.length];
  return `${s.slice(0, 5)}-${s.slice(5)}`;
}

export function normaliseEnrolCode(code: string): string {
  return code.normalize('NFKC').toUpperCase().replace(/[^A-Z0-9]/g, '');
}

export const enrolCodeHash = (code: string) => createHash('sha256').update(`device-enrol:${normaliseEnrolCode(code)}`).digest('hex');

export interface CreatedCode {
  deviceId: string;
  code: string;
  expiresAt: Date;
}

export async function createDevice(services: Services, staff: StaffPrincipal, input: { kind: DeviceKind; label: string }, requestId: string | null): Promise<CreatedCode> {
  const now = services.now();
  const label = input.label.normalize('NFKC').trim();
  if (!label) throw badRequest('DEVICE_LABEL_REQUIRED', '端末の名前を入力してください（例: 移動市役所1号車）。');
  const code = newEnrolCode();
  const id = randomUUID();
  const expiresAt = new Date(now.getTime() + ENROL_CODE_TTL_MS);
  return services.db.transaction().execute(async (trx) => {
    const dup = await trx.selectFrom('device').select('id').where('municipality_id', '=', staff.municipalityId).where('label', '=', label).executeTakeFirst();
    if (dup) throw new AppError(409, 'DEVICE_LABEL_TAKEN', `「${label}」という名前の端末はすでにあります。別の名前にしてください。`);
    await trx.insertInto('device').values({
      municipality_id: staff.municipalityId, id, kind: input.kind, label, status: 'pending', public_key_jwk: null, key_thumbprint: null,
      enrol_code_hash: enrolCodeHash(code), enrol_expires_at: expiresAt, enrol_code_used_at: null, enrolled_at: null, revoked_at: null, revoked_reason: null,
      created_at: now, created_by: staff.id, last_sync_at: null,
    }).execute();
    await appendAudit(trx, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'device.create', subjectType: 'device', subjectId: id, requestId, details: { kind: input.kind, label } }, now);
    return { deviceId: id, code, expiresAt };
  });
}

async function lockDevice(trx: Transaction<Database>, municipalityId: string, deviceId: string) {
  const d = await trx.selectFrom('device').selectAll().where('municipality_id', '=', municipalityId).where('id', '=', deviceId).forUpdate().executeTakeFirst();
  if (!d) throw notFound('DEVICE_NOT_FOUND', 'その端末は見つかりません。一覧を開き直してください。');
  return d;
}

/** A new one-time code for a device (a wiped tablet, a replaced key). Its old key keeps working until the code is used. */
export async function reenrolDevice(services: Services, staff: StaffPrincipal, deviceId: string, requestId: string | null): Promise<CreatedCode> {
  const now = services.now();
  const code = newEnrolCode();
  const expiresAt = new Date(now.getTime() + ENROL_CODE_TTL_MS);
  return services.db.transaction().execute(async (trx) => {
    await lockDevice(trx, staff.municipalityId, deviceId);
    await trx.updateTable('device').set({ enrol_code_hash: enrolCodeHash(code), enrol_expires_at: expiresAt, enrol_code_used_at: null })
      .where('municipality_id', '=', staff.municipalityId).where('id', '=', deviceId).execute();
    await appendAudit(trx, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'device.reenrol', subjectType: 'device', subjectId: deviceId, requestId }, now);
    return { deviceId, code, expiresAt };
  });
}

export async function revokeDevice(services: Services, staff: StaffPrincipal, deviceId: string, reason: string, requestId: string | null): Promise<void> {
  const now = services.now();
  const why = reason.normalize('NFKC').trim();
  if (!why) throw badRequest('DEVICE_REVOKE_REASON_REQUIRED', '利用停止の理由を入力してください（例: 紛失、盗難、故障）。');
  await services.db.transaction().execute(async (trx) => {
    const d = await lockDevice(trx, staff.municipalityId, deviceId);
    if (d.status === 'revoked') throw new AppError(409, 'DEVICE_ALREADY_REVOKED', 'この端末はすでに利用停止されています。');
    // An outstanding enrolment code dies with the device.
    await trx.updateTable('device').set({ status: 'revoked', revoked_at: now, revoked_reason: why, enrol_code_hash: null, enrol_expires_at: null })
      .where('municipality_id', '=', staff.municipalityId).where('id', '=', deviceId).execute();
    // The modules' clean-up (the vehicle tablet's data key is retired), in the same transaction.
    const cleanedUp = await runDeviceRevokedHooks(trx, { municipalityId: staff.municipalityId, deviceId, deviceKind: d.kind as DeviceKind, now });
    await appendAudit(trx, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'device.revoke', subjectType: 'device', subjectId: deviceId, requestId, details: { reason: why, ...cleanedUp } }, now);
  });
}

/** Records (or counts again) an anomaly; a new one is audited. Call inside the transaction that decides. */
export async function recordAnomaly(db: Db, now: Date, a: { municipalityId: string; deviceId: string; kind: AnomalyKind; fingerprint: string; details: Record<string, unknown> }): Promise<void> {
  const row = await db.insertInto('device_anomaly').values({
    municipality_id: a.municipalityId, id: randomUUID(), device_id: a.deviceId, kind: a.kind, fingerprint: a.fingerprint,
    details: JSON.stringify(a.details), first_seen_at: now, last_seen_at: now, resolved_at: null, resolved_by: null,
  }).onConflict((oc) => oc.columns(['municipality_id', 'device_id', 'fingerprint']).doUpdateSet({
    last_seen_at: now, occurrences: sql`device_anomaly.occurrences + 1`, details: JSON.stringify(a.details),
  })).returning(['id', 'occurrences']).executeTakeFirstOrThrow();
  if (row.occurrences === 1) {
    // The audit entry names the device and the kind; the evidence stays in the anomaly row.
    await appendAudit(db, { municipalityId: a.municipalityId, actorStaffId: null, action: 'device.anomaly', subjectType: 'device', subjectId: a.deviceId, details: { kind: a.kind, anomalyId: row.id } }, now);
  }
}

export async function resolveAnomaly(services: Services, staff: StaffPrincipal, anomalyId: string, requestId: string | null): Promise<void> {
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    const r = await trx.updateTable('device_anomaly').set({ resolved_at: now, resolved_by: staff.id })
      .where('municipality_id', '=', staff.municipalityId).where('id', '=', anomalyId).where('resolved_at', 'is', null).returning('device_id').executeTakeFirst();
    if (!r) throw notFound('DEVICE_ANOMALY_NOT_FOUND', 'その異常は見つからないか、すでに確認済みです。一覧を開き直してください。');
    await appendAudit(trx, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'device.anomaly_resolve', subjectType: 'device', subjectId: r.device_id, requestId, details: { anomalyId } }, now);
  });
}

const ENROL_INVALID = () => badRequest('DEVICE_ENROL_CODE_INVALID', '登録コードが正しくありません。管理者の画面に表示された登録コードを確かめて、もう一度入力してください。');

/** The device's half of enrolment: a valid one-time code and the public key made on the device. */
export async function enrolDevice(services: Services, input: { code: string; publicKeyJwk: PublicKeyJwk; deviceTime?: string | undefined }): Promise<EnrolResponse> {
  const now = services.now();
  const norm = normaliseEnrolCode(input.code);
  if (norm.length !== 10) throw ENROL_INVALID();
  try {
    await importPublicKey(input.publicKeyJwk);
  } catch {
    throw badRequest('DEVICE_KEY_INVALID', '端末の鍵を読み取れません。端末のアプリを最新にして、もう一度登録してください。');
  }
  const thumbprint = await jwkThumbprint(input.publicKeyJwk);
  const hash = enrolCodeHash(norm);
  return services.db.transaction().execute(async (trx) => {
    const d = await trx.selectFrom('device').selectAll().where('enrol_code_hash', '=', hash).forUpdate().executeTakeFirst();
    if (!d) throw ENROL_INVALID();
    if (d.enrol_code_used_at) throw badRequest('DEVICE_ENROL_CODE_USED', 'この登録コードはすでに使われています。端末を登録し直すときは、管理者に新しい登録コードを発行してもらってください。');
    if (!d.enrol_expires_at || d.enrol_expires_at.getTime() <= now.getTime()) {
      throw badRequest('DEVICE_ENROL_CODE_EXPIRED', '登録コードの有効期限が切れています。管理者に新しい登録コードを発行してもらってください。');
    }
    const reenrol = d.enrolled_at !== null;
    const acked = Number(d.next_seq) - 1;
    const reported = Number(d.reported_head_seq);
    if (reenrol && reported > acked) {
      // The device had told us of events we never received; its new key starts empty: they are lost.
      await recordAnomaly(trx, now, {
        municipalityId: d.municipality_id, deviceId: d.id, kind: 'storage_reset', fingerprint: `storage_reset:${d.enrol_count + 1}`,
        details: { lostFromSeq: acked + 1, lostToSeq: reported, previousKey: d.key_thumbprint, newKey: thumbprint },
      });
    }
    if (input.deviceTime) {
      const skew = Date.parse(input.deviceTime) - now.getTime();
      if (Number.isFinite(skew) && Math.abs(skew) > CLOCK_SKEW_BOUND_MS) {
        await recordAnomaly(trx, now, { municipalityId: d.municipality_id, deviceId: d.id, kind: 'clock_skew', fingerprint: `clock_skew:${now.toISOString().slice(0, 10)}`, details: { skewMs: skew, deviceTime: input.deviceTime, serverTime: now.toISOString(), at: 'enrol' } });
      }
    }
    await trx.updateTable('device').set({
      status: 'active', public_key_jwk: JSON.stringify({ kty: 'EC', crv: 'P-256', x: input.publicKeyJwk.x, y: input.publicKeyJwk.y }), key_thumbprint: thumbprint,
      enrol_code_used_at: now, enrolled_at: now, enrol_count: sql`enrol_count + 1`, revoked_at: null, revoked_reason: null,
      reported_head_seq: acked,
    }).where('municipality_id', '=', d.municipality_id).where('id', '=', d.id).execute();
    await appendAudit(trx, { municipalityId: d.municipality_id, actorStaffId: null, action: 'device.enrol', subjectType: 'device', subjectId: d.id, details: { keyThumbprint: thumbprint, reenrol } }, now);
    return {
      municipalityId: d.municipality_id, deviceId: d.id, kind: d.kind, label: d.label,
      nextSeq: acked + 1, prevHash: d.last_hash, serverTime: now.toISOString(),
    };
  });
}

export interface DeviceSummary {
  id: string;
  kind: DeviceKind;
  label: string;
  status: 'pending' | 'active' | 'revoked';
  keyThumbprint: string | null;
  enrolledAt: string | null;
  enrolCodeExpiresAt: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
  lastSyncAt: string | null;
  /** Events the server has stored (all outcomes). */
  storedEvents: number;
  conflicts: number;
  rejected: number;
  /** The device said it has events up to reportedHeadSeq; those above nextSeq − 1 are still on the device. */
  nextSeq: number;
  reportedHeadSeq: number;
  pendingOnDevice: number;
  clockSkewMs: number | null;
  openAnomalies: number;
}

export async function listDevices(db: Db, municipalityId: string): Promise<DeviceSummary[]> {
  const rows = await db.selectFrom('device').selectAll().where('municipality_id', '=', municipalityId).orderBy('kind').orderBy('label').execute();
  const counts = await db.selectFrom('device_event').select(['device_id', 'status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('municipality_id', '=', municipalityId).groupBy(['device_id', 'status']).execute();
  const anomalies = await db.selectFrom('device_anomaly').select(['device_id', (eb) => eb.fn.countAll<string>().as('n')])
    .where('municipality_id', '=', municipalityId).where('resolved_at', 'is', null).groupBy('device_id').execute();
  const count = (id: string, status?: string) => counts.filter((c) => c.device_id === id && (!status || c.status === status)).reduce((s, c) => s + Number(c.n), 0);
  return rows.map((d) => {
    const nextSeq = Number(d.next_seq);
    const reported = Number(d.reported_head_seq);
    return {
      id: d.id, kind: d.kind, label: d.label, status: d.status, keyThumbprint: d.key_thumbprint,
      enrolledAt: d.enrolled_at?.toISOString() ?? null,
      enrolCodeExpiresAt: d.enrol_code_hash && !d.enrol_code_used_at && d.enrol_expires_at ? d.enrol_expires_at.toISOString() : null,
      revokedAt: d.revoked_at?.toISOString() ?? null, revokedReason: d.revoked_reason,
      lastSyncAt: d.last_sync_at?.toISOString() ?? null,
      storedEvents: count(d.id), conflicts: count(d.id, 'conflict'), rejected: count(d.id, 'rejected'),
      nextSeq, reportedHeadSeq: reported, pendingOnDevice: Math.max(0, reported - (nextSeq - 1)),
      clockSkewMs: d.clock_skew_ms === null ? null : Number(d.clock_skew_ms),
      openAnomalies: Number(anomalies.find((a) => a.device_id === d.id)?.n ?? 0),
    };
  });
}

export interface AnomalyView {
  id: string;
  deviceId: string;
  deviceLabel: string;
  kind: AnomalyKind;
  label: string;
  details: Record<string, unknown>;
  firstSeenAt: string;
  lastSeenAt: string;
  occurrences: number;
  resolvedAt: string | null;
}

/** The evidence an admin sees. A quarantined event's payload (it may hold personal data) is not repeated in the list. */
function evidence(details: unknown): Record<string, unknown> {
  const d = { ...(details as Record<string, unknown>) };
  const ev = d.event as Record<string, unknown> | undefined;
  if (ev && 'payload' in ev) d.event = { ...ev, payload: undefined, payloadKept: true };
  return d;
}

export async function listAnomalies(db: Db, municipalityId: string, opts: { deviceId?: string; includeResolved?: boolean } = {}): Promise<AnomalyView[]> {
  let q = db.selectFrom('device_anomaly').innerJoin('device', (j) => j.onRef('device.municipality_id', '=', 'device_anomaly.municipality_id').onRef('device.id', '=', 'device_anomaly.device_id'))
    .selectAll('device_anomaly').select('device.label as device_label')
    .where('device_anomaly.municipality_id', '=', municipalityId);
  if (opts.deviceId) q = q.where('device_anomaly.device_id', '=', opts.deviceId);
  if (!opts.includeResolved) q = q.where('device_anomaly.resolved_at', 'is', null);
  const rows = await q.orderBy('device_anomaly.last_seen_at', 'desc').limit(500).execute();
  return rows.map((r) => ({
    id: r.id, deviceId: r.device_id, deviceLabel: r.device_label, kind: r.kind, label: ANOMALY_LABELS[r.kind], details: evidence(r.details),
    firstSeenAt: r.first_seen_at.toISOString(), lastSeenAt: r.last_seen_at.toISOString(), occurrences: r.occurrences, resolvedAt: r.resolved_at?.toISOString() ?? null,
  }));
}

export interface StoredDeviceEvent {
  municipalityId: string;
  deviceId: string;
  seq: number;
  opId: string;
  kind: string;
  payload: unknown;
  hash: string;
  deviceTime: string;
  receivedAt: Date;
  status: 'accepted' | 'conflict' | 'rejected';
  result: unknown;
  reason: string | null;
  reviewedAt: Date | null;
}

/**
 * Stored events for the owning module's review queue (e.g. conflicts of 'outreach.*'). Modules read
 * their own kinds only (kindPrefix), and audit the read if the payload holds a resident's data.
 */
export async function listDeviceEvents(db: Db, municipalityId: string, opts: { kindPrefix: string; status?: 'accepted' | 'conflict' | 'rejected'; unreviewedOnly?: boolean; limit?: number }): Promise<StoredDeviceEvent[]> {
  let q = db.selectFrom('device_event').selectAll().where('municipality_id', '=', municipalityId).where('kind', 'like', `${opts.kindPrefix.replace(/[%_\\]/g, '\\$&')}%`);
  if (opts.status) q = q.where('status', '=', opts.status);
  if (opts.unreviewedOnly) q = q.where('reviewed_at', 'is', null);
  const rows = await q.orderBy('received_at').orderBy('device_id').orderBy('seq').limit(opts.limit ?? 500).execute();
  return rows.map((r) => ({
    municipalityId: r.municipality_id, deviceId: r.device_id, seq: Number(r.seq), opId: r.op_id, kind: r.kind, payload: r.payload, hash: r.hash,
    deviceTime: r.device_time, receivedAt: r.received_at, status: r.status, result: r.result, reason: r.reason, reviewedAt: r.reviewed_at,
  }));
}

/** The owning module marks a conflict or rejected event as dealt with (inside its own transaction). */
export async function markDeviceEventReviewed(db: Db, municipalityId: string, opId: string, staffId: string, now: Date): Promise<boolean> {
  const r = await db.updateTable('device_event').set({ reviewed_at: now, reviewed_by: staffId })
    .where('municipality_id', '=', municipalityId).where('op_id', '=', opId).where('reviewed_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
