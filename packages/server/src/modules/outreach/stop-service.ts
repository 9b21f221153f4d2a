import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema';
import { appendAudit } from '../../platform/audit/audit';
import { AppError, badRequest, notFound } from '../../platform/http/errors';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * What the vehicle app's sync ingestion tells the stop statistics: one resident served at a stop of
 * a route. Called INSIDE the transaction that stores the device event, so the row exists exactly
 * when the event does. Passing the event's op id as `id` makes a second delivery a no-op.
 */
export interface StopServiceInput {
  municipalityId: string;
  routeStopId: string;
  caseId: string | null;
  procedureId: string | null;
  servedAt: Date | string;
  waitSeconds: number | null;
  deviceId: string | null;
  /**
   * One resident's visit when it covered several procedures (e.g. the device's ticket id), so
   * "residents served" counts the resident once; absent, each row is a resident of its own.
   */
  visitKey?: string | null;
  /** Idempotency key (the device event's op id, a UUID); a new id when absent. */
  id?: string;
}

export interface StopServiceRecorded {
  id: string;
  /** false when a row with this id was already recorded (a repeated delivery). */
  recorded: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function recordStopService(trx: Db, input: StopServiceInput, now: Date = new Date()): Promise<StopServiceRecorded> {
  const id = input.id ?? randomUUID();
  if (!UUID.test(id) || !UUID.test(input.routeStopId)) throw badRequest('OUTREACH_STOP_SERVICE_INVALID', '停車場所の記録の識別子が正しくありません。端末のアプリを更新してから送り直してください。');
  if (input.waitSeconds !== null && (!Number.isInteger(input.waitSeconds) || input.waitSeconds < 0)) {
    throw badRequest('OUTREACH_STOP_SERVICE_INVALID', '待ち時間は0以上の秒数で記録してください。', [{ path: 'waitSeconds', message: '0以上の整数にしてください。' }]);
  }
  const servedAt = new Date(input.servedAt);
  if (Number.isNaN(servedAt.getTime())) throw badRequest('OUTREACH_STOP_SERVICE_INVALID', '対応した日時が正しくありません。', [{ path: 'servedAt', message: '日時の形式が正しくありません。' }]);
  const stop = await trx.selectFrom('outreach_route_stop').select(['id', 'state'])
    .where('municipality_id', '=', input.municipalityId).where('id', '=', input.routeStopId).executeTakeFirst();
  if (!stop) throw notFound('OUTREACH_ROUTE_STOP_NOT_FOUND', '停車予定が見つかりません。運行計画を確認してください。');
  const inserted = await trx.insertInto('outreach_stop_service').values({
    municipality_id: input.municipalityId, id, route_stop_id: input.routeStopId, case_id: input.caseId, procedure_id: input.procedureId, visit_key: input.visitKey ?? null,
    served_at: servedAt, wait_seconds: input.waitSeconds, device_id: input.deviceId, recorded_at: now,
  }).onConflict((oc) => oc.columns(['municipality_id', 'id']).doNothing()).returning('id').executeTakeFirst();
  if (!inserted) {
    const existing = await trx.selectFrom('outreach_stop_service').select('route_stop_id').where('municipality_id', '=', input.municipalityId).where('id', '=', id).executeTakeFirstOrThrow();
    if (existing.route_stop_id !== input.routeStopId) throw new AppError(409, 'OUTREACH_STOP_SERVICE_CONFLICT', 'この記録は別の停車場所で既に登録されています。管理者に連絡してください。');
    return { id, recorded: false };
  }
  await appendAudit(trx, {
    municipalityId: input.municipalityId, actorStaffId: null, action: 'outreach.stop_service', subjectType: 'outreach_route_stop', subjectId: input.routeStopId,
    details: { stopServiceId: id, caseId: input.caseId, procedureId: input.procedureId, deviceId: input.deviceId },
  }, now);
  return { id, recorded: true };
}

/**
 * The route stop a vehicle device is at (or next heading to) at an instant: among published routes of
 * that day listing the device, the stop whose window contains the instant, else the next one. For the
 * vehicle app's ingestion when an event does not name its stop.
 */
export async function routeStopForDevice(db: Db, municipalityId: string, deviceId: string, at: Date): Promise<{ routeStopId: string; routeId: string; stopId: string } | null> {
  const local = new Date(at.getTime() + 9 * 3_600_000);
  const date = local.toISOString().slice(0, 10);
  const time = local.toISOString().slice(11, 16);
  const rows = await db.selectFrom('outreach_route_stop as rs')
    .innerJoin('outreach_route as r', (j) => j.onRef('r.municipality_id', '=', 'rs.municipality_id').onRef('r.id', '=', 'rs.route_id'))
    .select(['rs.id', 'rs.route_id', 'rs.stop_id', 'rs.start_time', 'rs.end_time'])
    .where('rs.municipality_id', '=', municipalityId).where('r.service_date', '=', date).where('r.state', '=', 'published')
    .where((eb) => eb(eb.val(deviceId), '=', eb.fn.any('r.device_ids')))
    .orderBy('rs.start_time').execute();
  const current = rows.find((r) => r.start_time <= time && time < r.end_time) ?? rows.find((r) => r.start_time > time) ?? rows.at(-1);
  return current ? { routeStopId: current.id, routeId: current.route_id, stopId: current.stop_id } : null;
}

/** The vehicle reports, when online, that it has arrived at or left a stop (live stop status). */
export async function markStopProgress(trx: Db, input: { municipalityId: string; routeStopId: string; arrivedAt?: Date | string; departedAt?: Date | string }): Promise<void> {
  const row = await trx.updateTable('outreach_route_stop').set({
    ...(input.arrivedAt !== undefined ? { arrived_at: new Date(input.arrivedAt) } : {}),
    ...(input.departedAt !== undefined ? { departed_at: new Date(input.departedAt) } : {}),
  }).where('municipality_id', '=', input.municipalityId).where('id', '=', input.routeStopId).returning('id').executeTakeFirst();
  if (!row) throw notFound('OUTREACH_ROUTE_STOP_NOT_FOUND', '停車予定が見つかりません。運行計画を確認してください。');
}
