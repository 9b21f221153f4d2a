import { randomUUID } from 'node:crypto';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { appendAudit } from '../../platform/audit/audit';
import { AppError, badRequest, notFound, type ErrorDetail } from '../../platform/http/errors';
import { listDevices } from '../devices/service';
import { jstDate, MAX_STOPS_PER_ROUTE, minutesOf, type Db, type RouteState, type OutreachDeps } from './model';

/**
 * Planning: vehicles, districts, stops and routes. A route is a day of one vehicle: ordered stops,
 * each with a time window and the vehicle's queue services (用件) offered there, plus the staff and
 * devices on board. Routes are drafts until published (see publish.ts).
 */

export interface VehicleView { id: string; code: string; name: string; queueLocationId: string; active: boolean }
export interface DistrictView { id: string; code: string; name: string; areas: string[]; sortOrder: number }
export interface StopView {
  id: string; districtId: string; code: string; name: string; address: string; latitude: number; longitude: number;
  accessibility: string; active: boolean; sortOrder: number;
}
export interface RouteStopView {
  id: string; seq: number; stopId: string; start: string; end: string; serviceIds: string[];
  state: 'scheduled' | 'cancelled'; cancelReason: string | null; arrivedAt: string | null; departedAt: string | null;
}
export interface RouteView {
  id: string; vehicleId: string; date: string; state: RouteState; staffIds: string[]; deviceIds: string[];
  slotMinutes: number; slotCapacity: number; note: string; cancelReason: string | null; publishedAt: string | null;
  stops: RouteStopView[];
}

export interface Plan {
  vehicles: VehicleView[];
  districts: DistrictView[];
  stops: StopView[];
}

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

export async function loadPlan(db: Db, municipalityId: string): Promise<Plan> {
  const [vehicles, districts, stops] = await Promise.all([
    db.selectFrom('outreach_vehicle').selectAll().where('municipality_id', '=', municipalityId).orderBy('code').execute(),
    db.selectFrom('outreach_district').selectAll().where('municipality_id', '=', municipalityId).orderBy('sort_order').orderBy('code').execute(),
    db.selectFrom('outreach_stop').selectAll().where('municipality_id', '=', municipalityId).orderBy('sort_order').orderBy('code').execute(),
  ]);
  return {
    vehicles: vehicles.map((v) => ({ id: v.id, code: v.code, name: v.name, queueLocationId: v.queue_location_id, active: v.active })),
    districts: districts.map((d) => ({ id: d.id, code: d.code, name: d.name, areas: d.areas, sortOrder: d.sort_order })),
    stops: stops.map((s) => ({
      id: s.id, districtId: s.district_id, code: s.code, name: s.name, address: s.address, latitude: Number(s.latitude), longitude: Number(s.longitude),
      accessibility: s.accessibility, active: s.active, sortOrder: s.sort_order,
    })),
  };
}

export async function listRoutes(db: Db, municipalityId: string, input: { from: string; to: string; states?: RouteState[] }): Promise<RouteView[]> {
  const routes = await db.selectFrom('outreach_route').selectAll()
    .where('municipality_id', '=', municipalityId).where('service_date', '>=', input.from).where('service_date', '<=', input.to)
    .$if(input.states !== undefined, (q) => q.where('state', 'in', input.states!))
    .orderBy('service_date').orderBy('vehicle_id').execute();
  if (routes.length === 0) return [];
  const stops = await db.selectFrom('outreach_route_stop').selectAll()
    .where('municipality_id', '=', municipalityId).where('route_id', 'in', routes.map((r) => r.id)).orderBy('seq').execute();
  const byRoute = new Map<string, RouteStopView[]>();
  for (const s of stops) {
    const list = byRoute.get(s.route_id) ?? [];
    list.push({
      id: s.id, seq: s.seq, stopId: s.stop_id, start: s.start_time, end: s.end_time, serviceIds: s.service_ids, state: s.state,
      cancelReason: s.cancel_reason, arrivedAt: iso(s.arrived_at), departedAt: iso(s.departed_at),
    });
    byRoute.set(s.route_id, list);
  }
  return routes.map((r) => ({
    id: r.id, vehicleId: r.vehicle_id, date: r.service_date, state: r.state, staffIds: r.staff_ids, deviceIds: r.device_ids,
    slotMinutes: r.slot_minutes, slotCapacity: r.slot_capacity, note: r.note, cancelReason: r.cancel_reason, publishedAt: iso(r.published_at),
    stops: byRoute.get(r.id) ?? [],
  }));
}

export async function getRoute(db: Db, municipalityId: string, routeId: string): Promise<RouteView> {
  const row = await db.selectFrom('outreach_route').select(['service_date']).where('municipality_id', '=', municipalityId).where('id', '=', routeId).executeTakeFirst();
  if (!row) throw ROUTE_NOT_FOUND();
  const [route] = (await listRoutes(db, municipalityId, { from: row.service_date, to: row.service_date })).filter((r) => r.id === routeId);
  return route!;
}

export const ROUTE_NOT_FOUND = () => notFound('OUTREACH_ROUTE_NOT_FOUND', '運行計画が見つかりません。一覧から選び直してください。');

function uniqueViolation(error: unknown): string | null {
  const e = error as { code?: unknown; constraint?: unknown; detail?: unknown; message?: unknown } | null;
  if (e?.code !== '23505') return null;
  return String(e.constraint ?? e.detail ?? e.message ?? '');
}

async function planChange<T>(services: OutreachDeps, staff: StaffPrincipal, requestId: string | null, what: string, work: (trx: Db) => Promise<{ result: T; subjectId: string }>): Promise<T> {
  try {
    return await services.db.transaction().execute(async (trx) => {
      const out = await work(trx);
      await appendAudit(trx, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'outreach.plan_update', subjectType: 'outreach_plan', subjectId: out.subjectId, requestId, details: { what } }, services.now());
      return out.result;
    });
  } catch (error) {
    const constraint = uniqueViolation(error);
    if (constraint === null) throw error;
    if (constraint.includes('vehicle_id_service_date')) throw new AppError(409, 'OUTREACH_ROUTE_EXISTS', 'この車両にはその日の運行計画が既にあります。既存の計画を開いて変更してください。');
    if (constraint.includes('queue_location')) throw badRequest('OUTREACH_LOCATION_TAKEN', 'この窓口の場所は別の車両に割り当てられています。別の場所を選んでください。', [{ path: 'queueLocationId', message: '既に使われています。' }]);
    throw badRequest('OUTREACH_CODE_TAKEN', 'このコードは既に使われています。別のコードにしてください。', [{ path: 'code', message: '既に使われています。' }]);
  }
}

// ---- vehicles, districts, stops -----------------------------------------------------------

export interface VehicleInput { code: string; name: string; queueLocationId: string; active?: boolean }

export function createVehicle(services: OutreachDeps, staff: StaffPrincipal, input: VehicleInput, requestId: string | null) {
  return planChange(services, staff, requestId, 'vehicle.create', async (trx) => {
    const location = await trx.selectFrom('queue_location').select(['id', 'kind']).where('municipality_id', '=', staff.municipalityId).where('id', '=', input.queueLocationId).executeTakeFirst();
    if (!location || location.kind !== 'vehicle') {
      throw badRequest('OUTREACH_LOCATION_NOT_VEHICLE', '車両には、種類が「車両」の窓口の場所を選んでください。窓口の設定で場所を登録できます。', [{ path: 'queueLocationId', message: '車両の場所ではありません。' }]);
    }
    const id = randomUUID();
    await trx.insertInto('outreach_vehicle').values({ municipality_id: staff.municipalityId, id, code: input.code, name: input.name, queue_location_id: input.queueLocationId, active: input.active ?? true, created_at: services.now() }).execute();
    return { result: { id }, subjectId: id };
  });
}

export interface DistrictInput { code: string; name: string; areas?: string[]; sortOrder?: number }

export function createDistrict(services: OutreachDeps, staff: StaffPrincipal, input: DistrictInput, requestId: string | null) {
  return planChange(services, staff, requestId, 'district.create', async (trx) => {
    const id = randomUUID();
    await trx.insertInto('outreach_district').values({ municipality_id: staff.municipalityId, id, code: input.code, name: input.name, areas: input.areas ?? [], sort_order: input.sortOrder ?? 0 }).execute();
    return { result: { id }, subjectId: id };
  });
}

export interface StopInput {
  districtId: string; code: string; name: string; address: string; latitude: number; longitude: number; accessibility?: string; active?: boolean; sortOrder?: number;
}

async function assertDistrict(trx: Db, municipalityId: string, districtId: string) {
  const row = await trx.selectFrom('outreach_district').select('id').where('municipality_id', '=', municipalityId).where('id', '=', districtId).executeTakeFirst();
  if (!row) throw badRequest('OUTREACH_DISTRICT_NOT_FOUND', '地区が見つかりません。地区の一覧から選び直してください。', [{ path: 'districtId', message: 'この自治体にない地区です。' }]);
}

export function createStop(services: OutreachDeps, staff: StaffPrincipal, input: StopInput, requestId: string | null) {
  return planChange(services, staff, requestId, 'stop.create', async (trx) => {
    await assertDistrict(trx, staff.municipalityId, input.districtId);
    const id = randomUUID();
    await trx.insertInto('outreach_stop').values({
      municipality_id: staff.municipalityId, id, district_id: input.districtId, code: input.code, name: input.name, address: input.address,
      latitude: input.latitude, longitude: input.longitude, accessibility: input.accessibility ?? '', active: input.active ?? true, sort_order: input.sortOrder ?? 0,
    }).execute();
    return { result: { id }, subjectId: id };
  });
}

export function updateStop(services: OutreachDeps, staff: StaffPrincipal, stopId: string, patch: Partial<StopInput>, requestId: string | null) {
  return planChange(services, staff, requestId, 'stop.update', async (trx) => {
    if (patch.districtId !== undefined) await assertDistrict(trx, staff.municipalityId, patch.districtId);
    const row = await trx.updateTable('outreach_stop').set({
      ...(patch.districtId !== undefined ? { district_id: patch.districtId } : {}),
      ...(patch.code !== undefined ? { code: patch.code } : {}),
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.address !== undefined ? { address: patch.address } : {}),
      ...(patch.latitude !== undefined ? { latitude: patch.latitude } : {}),
      ...(patch.longitude !== undefined ? { longitude: patch.longitude } : {}),
      ...(patch.accessibility !== undefined ? { accessibility: patch.accessibility } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      ...(patch.sortOrder !== undefined ? { sort_order: patch.sortOrder } : {}),
    }).where('municipality_id', '=', staff.municipalityId).where('id', '=', stopId).returning('id').executeTakeFirst();
    if (!row) throw notFound('OUTREACH_STOP_NOT_FOUND', '停車場所が見つかりません。一覧から選び直してください。');
    return { result: { id: stopId }, subjectId: stopId };
  });
}

// ---- routes -------------------------------------------------------------------------------

export interface RouteStopInput { stopId: string; start: string; end: string; serviceIds: string[] }
export interface RouteInput {
  vehicleId: string; date: string; stops: RouteStopInput[]; staffIds?: string[]; deviceIds?: string[];
  slotMinutes?: number; slotCapacity?: number; note?: string;
}

/** Everything a route must satisfy, with every problem listed at once in the planner's words. */
export async function validateRoute(trx: Db, municipalityId: string, input: RouteInput, today: string): Promise<{ vehicle: { id: string; queue_location_id: string } }> {
  const problems: ErrorDetail[] = [];
  const vehicle = await trx.selectFrom('outreach_vehicle').select(['id', 'queue_location_id', 'active']).where('municipality_id', '=', municipalityId).where('id', '=', input.vehicleId).executeTakeFirst();
  if (!vehicle || !vehicle.active) problems.push({ path: 'vehicleId', message: '車両が見つかりません。車両の一覧から選び直してください。' });
  if (input.date <= today) problems.push({ path: 'date', message: '運行日は明日以降の日付にしてください。' });
  if (input.stops.length === 0) problems.push({ path: 'stops', message: '停車場所を1か所以上追加してください。' });
  if (input.stops.length > MAX_STOPS_PER_ROUTE) problems.push({ path: 'stops', message: `1日の停車は${MAX_STOPS_PER_ROUTE}か所までです。別の日に分けてください。` });
  const stopIds = [...new Set(input.stops.map((s) => s.stopId))];
  const knownStops = stopIds.length === 0 ? [] : await trx.selectFrom('outreach_stop').select(['id', 'active']).where('municipality_id', '=', municipalityId).where('id', 'in', stopIds).execute();
  const activeStops = new Set(knownStops.filter((s) => s.active).map((s) => s.id));
  const serviceIds = [...new Set(input.stops.flatMap((s) => s.serviceIds))];
  const services = vehicle && serviceIds.length > 0
    ? await trx.selectFrom('queue_service').select('id').where('municipality_id', '=', municipalityId).where('location_id', '=', vehicle.queue_location_id).where('id', 'in', serviceIds).where('active', '=', true).execute()
    : [];
  const knownServices = new Set(services.map((s) => s.id));
  let previousEnd: string | null = null;
  const seen = new Set<string>();
  input.stops.forEach((s, i) => {
    const at = `stops.${i}`;
    if (!activeStops.has(s.stopId)) problems.push({ path: `${at}.stopId`, message: '停車場所が見つからないか、使用を停止しています。一覧から選び直してください。' });
    if (seen.has(s.stopId)) problems.push({ path: `${at}.stopId`, message: '同じ停車場所が2回入っています。1回にまとめてください。' });
    seen.add(s.stopId);
    if (minutesOf(s.end) <= minutesOf(s.start)) problems.push({ path: `${at}.end`, message: '終了時刻は開始時刻より後にしてください。' });
    else if (minutesOf(s.end) - minutesOf(s.start) < 15) problems.push({ path: `${at}.end`, message: '停車時間は15分以上にしてください。' });
    if (previousEnd !== null && minutesOf(s.start) < minutesOf(previousEnd)) problems.push({ path: `${at}.start`, message: `前の停車場所の終了（${previousEnd}）より後の時刻にしてください。停車場所は回る順に並べます。` });
    previousEnd = s.end;
    if (s.serviceIds.length === 0) problems.push({ path: `${at}.serviceIds`, message: 'この停車場所で受け付ける用件を1つ以上選んでください。' });
    if (s.serviceIds.some((id) => !knownServices.has(id))) problems.push({ path: `${at}.serviceIds`, message: 'この車両で扱っていない用件が含まれています。車両の用件から選び直してください。' });
  });
  if (input.staffIds && input.staffIds.length > 0) {
    const staff = await trx.selectFrom('staff_user').select('id').where('municipality_id', '=', municipalityId).where('id', 'in', input.staffIds).where('active', '=', true).execute();
    if (staff.length !== new Set(input.staffIds).size) problems.push({ path: 'staffIds', message: '乗車する職員に、登録されていないか無効な職員が含まれています。' });
  }
  if (input.deviceIds && input.deviceIds.length > 0) {
    const tablets = new Set((await listDevices(trx, municipalityId)).filter((d) => d.kind === 'vehicle' && d.status === 'active').map((d) => d.id));
    if (input.deviceIds.some((id) => !tablets.has(id))) problems.push({ path: 'deviceIds', message: '車両の端末として登録が済んでいない（または無効にした）端末が含まれています。「端末の管理」で確認してください。' });
  }
  if (problems.length > 0) throw badRequest('OUTREACH_ROUTE_INVALID', '運行計画に直すところがあります。項目ごとの説明を確認してください。', problems);
  return { vehicle: vehicle! };
}

async function writeStops(trx: Db, municipalityId: string, routeId: string, stops: RouteStopInput[]) {
  await trx.deleteFrom('outreach_route_stop').where('municipality_id', '=', municipalityId).where('route_id', '=', routeId).execute();
  await trx.insertInto('outreach_route_stop').values(stops.map((s, i) => ({
    municipality_id: municipalityId, id: randomUUID(), route_id: routeId, seq: i + 1, stop_id: s.stopId, start_time: s.start, end_time: s.end,
    service_ids: [...new Set(s.serviceIds)], state: 'scheduled' as const, cancel_reason: null, cancelled_at: null, arrived_at: null, departed_at: null,
  }))).execute();
}

/**
 * A published route's stops, changed in place: a stop still on the route keeps its id (the tablets
 * were given it at sign-in, the statistics and notices point at it) and takes the new window and
 * services; new stops are added; stops taken off are deleted. Cancelled (運休) stops stay as they are.
 */
export async function rewritePublishedStops(trx: Db, municipalityId: string, routeId: string, stops: RouteStopInput[]): Promise<{ added: number; removed: number; changed: number }> {
  const existing = await trx.selectFrom('outreach_route_stop').select(['id', 'stop_id', 'state', 'start_time', 'end_time', 'service_ids', 'seq'])
    .where('municipality_id', '=', municipalityId).where('route_id', '=', routeId).execute();
  const scheduled = new Map(existing.filter((s) => s.state === 'scheduled').map((s) => [s.stop_id, s]));
  const keep = new Set(stops.map((s) => s.stopId));
  const removed = [...scheduled.values()].filter((s) => !keep.has(s.stop_id)).map((s) => s.id);
  if (removed.length > 0) await trx.deleteFrom('outreach_route_stop').where('municipality_id', '=', municipalityId).where('id', 'in', removed).execute();
  // Sequence numbers after the cancelled stops' (those keep theirs).
  const base = Math.max(0, ...existing.map((s) => s.seq));
  let added = 0;
  let changed = 0;
  for (const [i, s] of stops.entries()) {
    const seq = base + i + 1;
    const old = scheduled.get(s.stopId);
    const serviceIds = [...new Set(s.serviceIds)];
    if (old) {
      if (old.start_time !== s.start || old.end_time !== s.end || [...old.service_ids].sort().join() !== [...serviceIds].sort().join()) changed += 1;
      await trx.updateTable('outreach_route_stop').set({ seq, start_time: s.start, end_time: s.end, service_ids: serviceIds })
        .where('municipality_id', '=', municipalityId).where('id', '=', old.id).execute();
    } else {
      added += 1;
      await trx.insertInto('outreach_route_stop').values({
        municipality_id: municipalityId, id: randomUUID(), route_id: routeId, seq, stop_id: s.stopId, start_time: s.start, end_time: s.end,
        service_ids: serviceIds, state: 'scheduled' as const, cancel_reason: null, cancelled_at: null, arrived_at: null, departed_at: null,
      }).execute();
    }
  }
  return { added, removed: removed.length, changed };
}

export async function createRoute(services: OutreachDeps, staff: StaffPrincipal, input: RouteInput, requestId: string | null): Promise<RouteView> {
  const id = await planChange(services, staff, requestId, 'route.create', async (trx) => {
    await validateRoute(trx, staff.municipalityId, input, jstDate(services.now()));
    const routeId = randomUUID();
    const now = services.now();
    await trx.insertInto('outreach_route').values({
      municipality_id: staff.municipalityId, id: routeId, vehicle_id: input.vehicleId, service_date: input.date, state: 'draft',
      staff_ids: [...new Set(input.staffIds ?? [])], device_ids: [...new Set(input.deviceIds ?? [])], slot_minutes: input.slotMinutes ?? 30,
      slot_capacity: input.slotCapacity ?? 2, note: input.note ?? '', cancel_reason: null, published_at: null, cancelled_at: null, created_at: now, updated_at: now,
    }).execute();
    await writeStops(trx, staff.municipalityId, routeId, input.stops);
    return { result: routeId, subjectId: routeId };
  });
  return getRoute(services.db, staff.municipalityId, id);
}

/** Drafts change freely; a published route is changed by cancelling stops (residents are told). */
export async function updateRoute(services: OutreachDeps, staff: StaffPrincipal, routeId: string, input: Omit<RouteInput, 'vehicleId'>, requestId: string | null): Promise<RouteView> {
  await planChange(services, staff, requestId, 'route.update', async (trx) => {
    const current = await trx.selectFrom('outreach_route').select(['vehicle_id', 'state']).where('municipality_id', '=', staff.municipalityId).where('id', '=', routeId).forUpdate().executeTakeFirst();
    if (!current) throw ROUTE_NOT_FOUND();
    if (current.state !== 'draft') throw new AppError(409, 'OUTREACH_ROUTE_NOT_DRAFT', '公開済みまたは運休の運行計画は変更できません。変える場合は停車場所を運休にして、予約者に知らせてください。');
    await validateRoute(trx, staff.municipalityId, { ...input, vehicleId: current.vehicle_id }, jstDate(services.now()));
    await trx.updateTable('outreach_route').set({
      service_date: input.date, staff_ids: [...new Set(input.staffIds ?? [])], device_ids: [...new Set(input.deviceIds ?? [])],
      slot_minutes: input.slotMinutes ?? 30, slot_capacity: input.slotCapacity ?? 2, note: input.note ?? '', updated_at: services.now(),
    }).where('municipality_id', '=', staff.municipalityId).where('id', '=', routeId).execute();
    await writeStops(trx, staff.municipalityId, routeId, input.stops);
    return { result: routeId, subjectId: routeId };
  });
  return getRoute(services.db, staff.municipalityId, routeId);
}

export async function deleteDraftRoute(services: OutreachDeps, staff: StaffPrincipal, routeId: string, requestId: string | null): Promise<void> {
  await planChange(services, staff, requestId, 'route.delete', async (trx) => {
    const row = await trx.deleteFrom('outreach_route').where('municipality_id', '=', staff.municipalityId).where('id', '=', routeId).where('state', '=', 'draft').returning('id').executeTakeFirst();
    if (!row) {
      const exists = await trx.selectFrom('outreach_route').select('id').where('municipality_id', '=', staff.municipalityId).where('id', '=', routeId).executeTakeFirst();
      if (!exists) throw ROUTE_NOT_FOUND();
      throw new AppError(409, 'OUTREACH_ROUTE_NOT_DRAFT', '公開済みの運行計画は削除できません。運休にしてください。');
    }
    return { result: undefined, subjectId: routeId };
  });
}
