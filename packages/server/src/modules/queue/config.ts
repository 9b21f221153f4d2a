import { randomUUID } from 'node:crypto';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { appendAudit } from '../../platform/audit/audit';
import { AppError, badRequest, notFound } from '../../platform/http/errors';
import { findMunicipalityByCode, listDepartments } from '../tenancy/service';
import { recordEvent } from './events';
import { describeSessions, EMPTY_HOURS, isOpenAt, localDate, parseHours, sessionsOn, type OpeningHours } from './hours';
import { hashToken, newToken, type Db, type QueueDeps, type QueueSignal } from './model';

/** The queue configuration of a municipality: locations, services (用件), desks, kiosks. */

export interface LocationView {
  id: string;
  code: string;
  name: string;
  kind: 'hall' | 'vehicle';
  place: string;
  hours: OpeningHours;
  remoteTickets: boolean;
  active: boolean;
  sortOrder: number;
}

export interface ServiceView {
  id: string;
  locationId: string;
  departmentId: string | null;
  departmentName: string | null;
  code: string;
  name: string;
  ticketPrefix: string;
  defaultServiceMinutes: number;
  reservable: boolean;
  active: boolean;
  sortOrder: number;
}

export interface DeskView {
  id: string;
  locationId: string;
  name: string;
  serviceIds: string[];
  active: boolean;
  sortOrder: number;
  openStaffId: string | null;
  openedAt: string | null;
}

export interface QueueConfig {
  locations: LocationView[];
  services: ServiceView[];
  desks: DeskView[];
}

export async function loadConfig(db: Db, municipalityId: string): Promise<QueueConfig> {
  const [locations, services, desks, departments] = await Promise.all([
    db.selectFrom('queue_location').selectAll().where('municipality_id', '=', municipalityId).orderBy('sort_order').orderBy('code').execute(),
    db.selectFrom('queue_service').selectAll().where('municipality_id', '=', municipalityId).orderBy('sort_order').orderBy('code').execute(),
    db.selectFrom('queue_desk').selectAll().where('municipality_id', '=', municipalityId).orderBy('sort_order').orderBy('name').execute(),
    listDepartments(db, municipalityId),
  ]);
  const deptName = new Map(departments.map((d) => [d.id, d.name]));
  return {
    locations: locations.map((l) => ({
      id: l.id, code: l.code, name: l.name, kind: l.kind, place: l.place, hours: parseHours(l.hours),
      remoteTickets: l.remote_tickets, active: l.active, sortOrder: l.sort_order,
    })),
    services: services.map((s) => ({
      id: s.id, locationId: s.location_id, departmentId: s.department_id, departmentName: s.department_id ? deptName.get(s.department_id) ?? null : null,
      code: s.code, name: s.name, ticketPrefix: s.ticket_prefix, defaultServiceMinutes: Number(s.default_service_minutes),
      reservable: s.reservable, active: s.active, sortOrder: s.sort_order,
    })),
    desks: desks.map((d) => ({
      id: d.id, locationId: d.location_id, name: d.name, serviceIds: d.service_ids, active: d.active, sortOrder: d.sort_order,
      openStaffId: d.open_staff_id, openedAt: d.opened_at ? new Date(d.opened_at).toISOString() : null,
    })),
  };
}

/** Public endpoints name the municipality by its 全国地方公共団体コード; unknown codes are a plain 404. */
export async function municipalityIdByCode(db: Db, code: string): Promise<string> {
  const m = await findMunicipalityByCode(db, code);
  if (!m) throw notFound('MUNICIPALITY_NOT_FOUND', 'この自治体の窓口案内はありません。URLを確認してください。');
  return m.id;
}

export async function requireLocation(db: Db, municipalityId: string, locationId: string, opts: { activeOnly?: boolean } = {}) {
  const row = await db.selectFrom('queue_location').selectAll().where('municipality_id', '=', municipalityId).where('id', '=', locationId).executeTakeFirst();
  if (!row || (opts.activeOnly && !row.active)) throw notFound('QUEUE_LOCATION_NOT_FOUND', '窓口の場所が見つかりません。一覧から選び直してください。');
  return row;
}

export async function requireService(db: Db, municipalityId: string, serviceId: string, opts: { activeOnly?: boolean } = {}) {
  const row = await db.selectFrom('queue_service').selectAll().where('municipality_id', '=', municipalityId).where('id', '=', serviceId).executeTakeFirst();
  if (!row || (opts.activeOnly && !row.active)) throw notFound('QUEUE_SERVICE_NOT_FOUND', '用件が見つかりません。一覧から選び直してください。');
  return row;
}

export async function requireDesk(db: Db, municipalityId: string, deskId: string) {
  const row = await db.selectFrom('queue_desk').selectAll().where('municipality_id', '=', municipalityId).where('id', '=', deskId).executeTakeFirst();
  if (!row || !row.active) throw notFound('QUEUE_DESK_NOT_FOUND', '窓口（デスク）が見つかりません。一覧から選び直してください。');
  return row;
}

/** Tickets are handed out only while the location is open; the message says when it is. */
export function assertOpen(location: { hours: unknown; name: string }, at: Date): void {
  const hours = parseHours(location.hours);
  if (isOpenAt(hours, at)) return;
  const today = describeSessions(sessionsOn(hours, localDate(at)));
  throw new AppError(409, 'QUEUE_CLOSED', `${location.name}は受付時間外です（本日: ${today}）。受付時間内にお越しください。`);
}

// ---- changes (administrators) --------------------------------------------------------------

export interface LocationInput {
  code: string;
  name: string;
  kind: 'hall' | 'vehicle';
  place?: string;
  hours?: OpeningHours;
  remoteTickets?: boolean;
  active?: boolean;
  sortOrder?: number;
}

export interface ServiceInput {
  locationId: string;
  departmentId?: string | null;
  code: string;
  name: string;
  ticketPrefix: string;
  defaultServiceMinutes?: number;
  reservable?: boolean;
  active?: boolean;
  sortOrder?: number;
}

export interface DeskInput {
  locationId: string;
  name: string;
  serviceIds: string[];
  active?: boolean;
  sortOrder?: number;
}

function uniqueViolation(error: unknown): string | null {
  if (typeof error !== 'object' || error === null || (error as { code?: unknown }).code !== '23505') return null;
  const e = error as { constraint?: unknown; detail?: unknown; message?: unknown };
  return String(e.constraint ?? e.detail ?? e.message ?? '');
}

async function configChange<T>(deps: QueueDeps, staff: StaffPrincipal, requestId: string | null, what: string, work: (trx: Db, signals: QueueSignal[]) => Promise<{ result: T; subjectId: string; locationId: string }>): Promise<T> {
  const signals: QueueSignal[] = [];
  try {
    const result = await deps.db.transaction().execute(async (trx) => {
      const out = await work(trx, signals);
      await appendAudit(trx, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'queue.config_update', subjectType: 'queue_config', subjectId: out.subjectId, requestId, details: { what } }, deps.now());
      await recordEvent(trx, signals, { municipalityId: staff.municipalityId, locationId: out.locationId, kind: 'config_changed', at: deps.now(), staffId: staff.id, details: { what } });
      return out.result;
    });
    deps.live.publish(signals);
    return result;
  } catch (error) {
    const constraint = uniqueViolation(error);
    if (constraint === null) throw error;
    if (constraint.includes('prefix')) throw badRequest('QUEUE_PREFIX_TAKEN', 'この番号の記号はこの場所の別の用件が使っています。別の英字を選んでください。', [{ path: 'ticketPrefix', message: '同じ場所で使われています。' }]);
    if (constraint.includes('name')) throw badRequest('QUEUE_NAME_TAKEN', '同じ名前の窓口がこの場所にあります。別の名前にしてください。', [{ path: 'name', message: '同じ名前があります。' }]);
    throw badRequest('QUEUE_CODE_TAKEN', 'このコードは既に使われています。別のコードにしてください。', [{ path: 'code', message: '既に使われています。' }]);
  }
}

export function createLocation(deps: QueueDeps, staff: StaffPrincipal, input: LocationInput, requestId: string | null) {
  return configChange(deps, staff, requestId, 'location.create', async (trx) => {
    const id = randomUUID();
    await trx.insertInto('queue_location').values({
      municipality_id: staff.municipalityId, id, code: input.code, name: input.name, kind: input.kind, place: input.place ?? '',
      hours: JSON.stringify(input.hours ?? EMPTY_HOURS), remote_tickets: input.remoteTickets ?? false, active: input.active ?? true, sort_order: input.sortOrder ?? 0,
    }).execute();
    return { result: { id }, subjectId: id, locationId: id };
  });
}

export function updateLocation(deps: QueueDeps, staff: StaffPrincipal, locationId: string, patch: Partial<LocationInput>, requestId: string | null) {
  return configChange(deps, staff, requestId, 'location.update', async (trx) => {
    await requireLocation(trx, staff.municipalityId, locationId);
    await trx.updateTable('queue_location').set({
      ...(patch.code !== undefined ? { code: patch.code } : {}),
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
      ...(patch.place !== undefined ? { place: patch.place } : {}),
      ...(patch.hours !== undefined ? { hours: JSON.stringify(patch.hours) } : {}),
      ...(patch.remoteTickets !== undefined ? { remote_tickets: patch.remoteTickets } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      ...(patch.sortOrder !== undefined ? { sort_order: patch.sortOrder } : {}),
    }).where('municipality_id', '=', staff.municipalityId).where('id', '=', locationId).execute();
    return { result: { id: locationId }, subjectId: locationId, locationId };
  });
}

async function assertDepartment(trx: Db, municipalityId: string, departmentId: string | null | undefined) {
  if (!departmentId) return;
  const found = (await listDepartments(trx, municipalityId)).some((d) => d.id === departmentId);
  if (!found) throw badRequest('DEPARTMENT_NOT_FOUND', '指定された課が見つかりません。課の一覧から選び直してください。', [{ path: 'departmentId', message: 'この自治体にない課です。' }]);
}

export function createService(deps: QueueDeps, staff: StaffPrincipal, input: ServiceInput, requestId: string | null) {
  return configChange(deps, staff, requestId, 'service.create', async (trx) => {
    await requireLocation(trx, staff.municipalityId, input.locationId);
    await assertDepartment(trx, staff.municipalityId, input.departmentId);
    const id = randomUUID();
    await trx.insertInto('queue_service').values({
      municipality_id: staff.municipalityId, id, location_id: input.locationId, department_id: input.departmentId ?? null, code: input.code, name: input.name,
      ticket_prefix: input.ticketPrefix, default_service_minutes: input.defaultServiceMinutes ?? 5, reservable: input.reservable ?? false,
      active: input.active ?? true, sort_order: input.sortOrder ?? 0,
    }).execute();
    return { result: { id }, subjectId: id, locationId: input.locationId };
  });
}

export function updateService(deps: QueueDeps, staff: StaffPrincipal, serviceId: string, patch: Partial<Omit<ServiceInput, 'locationId'>>, requestId: string | null) {
  return configChange(deps, staff, requestId, 'service.update', async (trx) => {
    const current = await requireService(trx, staff.municipalityId, serviceId);
    await assertDepartment(trx, staff.municipalityId, patch.departmentId);
    await trx.updateTable('queue_service').set({
      ...(patch.departmentId !== undefined ? { department_id: patch.departmentId } : {}),
      ...(patch.code !== undefined ? { code: patch.code } : {}),
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.ticketPrefix !== undefined ? { ticket_prefix: patch.ticketPrefix } : {}),
      ...(patch.defaultServiceMinutes !== undefined ? { default_service_minutes: patch.defaultServiceMinutes } : {}),
      ...(patch.reservable !== undefined ? { reservable: patch.reservable } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      ...(patch.sortOrder !== undefined ? { sort_order: patch.sortOrder } : {}),
    }).where('municipality_id', '=', staff.municipalityId).where('id', '=', serviceId).execute();
    return { result: { id: serviceId }, subjectId: serviceId, locationId: current.location_id };
  });
}

async function assertDeskServices(trx: Db, municipalityId: string, locationId: string, serviceIds: readonly string[]) {
  if (serviceIds.length === 0) return;
  const rows = await trx.selectFrom('queue_service').select('id').where('municipality_id', '=', municipalityId).where('location_id', '=', locationId).where('id', 'in', [...serviceIds]).execute();
  if (rows.length !== new Set(serviceIds).size) {
    throw badRequest('QUEUE_SERVICE_NOT_FOUND', '窓口が扱う用件に、この場所にない用件が含まれています。一覧から選び直してください。', [{ path: 'serviceIds', message: 'この場所にない用件があります。' }]);
  }
}

export function createDesk(deps: QueueDeps, staff: StaffPrincipal, input: DeskInput, requestId: string | null) {
  return configChange(deps, staff, requestId, 'desk.create', async (trx) => {
    await requireLocation(trx, staff.municipalityId, input.locationId);
    await assertDeskServices(trx, staff.municipalityId, input.locationId, input.serviceIds);
    const id = randomUUID();
    await trx.insertInto('queue_desk').values({
      municipality_id: staff.municipalityId, id, location_id: input.locationId, name: input.name, service_ids: [...new Set(input.serviceIds)],
      active: input.active ?? true, sort_order: input.sortOrder ?? 0, open_staff_id: null, opened_at: null,
    }).execute();
    return { result: { id }, subjectId: id, locationId: input.locationId };
  });
}

export function updateDesk(deps: QueueDeps, staff: StaffPrincipal, deskId: string, patch: Partial<Omit<DeskInput, 'locationId'>>, requestId: string | null) {
  return configChange(deps, staff, requestId, 'desk.update', async (trx) => {
    const desk = await trx.selectFrom('queue_desk').selectAll().where('municipality_id', '=', staff.municipalityId).where('id', '=', deskId).executeTakeFirst();
    if (!desk) throw notFound('QUEUE_DESK_NOT_FOUND', '窓口（デスク）が見つかりません。一覧から選び直してください。');
    if (patch.serviceIds) await assertDeskServices(trx, staff.municipalityId, desk.location_id, patch.serviceIds);
    await trx.updateTable('queue_desk').set({
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.serviceIds !== undefined ? { service_ids: [...new Set(patch.serviceIds)] } : {}),
      ...(patch.active !== undefined ? { active: patch.active } : {}),
      ...(patch.sortOrder !== undefined ? { sort_order: patch.sortOrder } : {}),
    }).where('municipality_id', '=', staff.municipalityId).where('id', '=', deskId).execute();
    return { result: { id: deskId }, subjectId: deskId, locationId: desk.location_id };
  });
}

/** A kiosk's token is shown once, here; the kiosk stores it and only its hash is kept. */
export function createKiosk(deps: QueueDeps, staff: StaffPrincipal, input: { locationId: string; name: string }, requestId: string | null) {
  return configChange(deps, staff, requestId, 'kiosk.create', async (trx) => {
    await requireLocation(trx, staff.municipalityId, input.locationId);
    const id = randomUUID();
    const token = newToken();
    await trx.insertInto('queue_kiosk').values({
      municipality_id: staff.municipalityId, id, location_id: input.locationId, name: input.name, token_hash: hashToken(token), active: true, created_at: deps.now(),
    }).execute();
    return { result: { id, token }, subjectId: id, locationId: input.locationId };
  });
}

export async function listKiosks(db: Db, municipalityId: string) {
  const rows = await db.selectFrom('queue_kiosk').select(['id', 'location_id', 'name', 'active', 'created_at']).where('municipality_id', '=', municipalityId).orderBy('created_at').execute();
  return rows.map((r) => ({ id: r.id, locationId: r.location_id, name: r.name, active: r.active, createdAt: new Date(r.created_at).toISOString() }));
}

export function setKioskActive(deps: QueueDeps, staff: StaffPrincipal, kioskId: string, active: boolean, requestId: string | null) {
  return configChange(deps, staff, requestId, active ? 'kiosk.enable' : 'kiosk.disable', async (trx) => {
    const row = await trx.updateTable('queue_kiosk').set({ active }).where('municipality_id', '=', staff.municipalityId).where('id', '=', kioskId).returning('location_id').executeTakeFirst();
    if (!row) throw notFound('QUEUE_KIOSK_NOT_FOUND', '受付機が見つかりません。一覧から選び直してください。');
    return { result: { id: kioskId }, subjectId: kioskId, locationId: row.location_id };
  });
}

/** The enabled kiosk behind a token in this municipality; anything else is "not registered". */
export async function requireKioskToken(db: Db, municipalityId: string, token: string | undefined) {
  const refuse = () => new AppError(401, 'QUEUE_KIOSK_NOT_REGISTERED', 'この端末は受付機として登録されていません。職員に連絡してください。');
  if (!token) throw refuse();
  const row = await db.selectFrom('queue_kiosk').select(['id', 'location_id', 'active']).where('token_hash', '=', hashToken(token)).where('municipality_id', '=', municipalityId).executeTakeFirst();
  if (!row || !row.active) throw refuse();
  return row;
}

/** As requireKioskToken, and the kiosk must stand at this location. */
export async function requireKiosk(db: Db, municipalityId: string, locationId: string, token: string | undefined) {
  const row = await requireKioskToken(db, municipalityId, token);
  if (row.location_id !== locationId) throw new AppError(401, 'QUEUE_KIOSK_NOT_REGISTERED', 'この端末は別の場所の受付機として登録されています。職員に連絡してください。');
  return row;
}
