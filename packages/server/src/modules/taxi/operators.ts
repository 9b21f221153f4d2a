import { randomUUID } from 'node:crypto';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Services } from '../../platform/http/context';
import { AppError, notFound } from '../../platform/http/errors';
import { createStaff } from '../staff/service';
import type { Db } from './access';

export interface OperatorView {
  id: string;
  code: string;
  name: string;
  address: string;
  phone: string;
  invoiceRegistrationNumber: string | null;
  active: boolean;
  vehicles: { id: string; registrationNumber: string; label: string; active: boolean }[];
  terminals: { id: string; label: string; vehicleId: string | null; deviceId: string | null; active: boolean; lastSyncAt: string | null; lastEventAt: string | null }[];
  staff: { id: string; loginId: string; displayName: string }[];
}

export const operatorNotFound = () => notFound('TAXI_OPERATOR_NOT_FOUND', 'タクシー事業者が見つかりません。一覧から選び直してください。');

export async function loadOperatorRow(db: Db, m: string, id: string) {
  const row = await db.selectFrom('taxi_operator').selectAll().where('municipality_id', '=', m).where('id', '=', id).executeTakeFirst();
  if (!row) throw operatorNotFound();
  return row;
}

export async function getOperator(db: Db, m: string, id: string): Promise<OperatorView> {
  const o = await loadOperatorRow(db, m, id);
  const [vehicles, terminals, staff] = await Promise.all([
    db.selectFrom('taxi_vehicle').selectAll().where('municipality_id', '=', m).where('operator_id', '=', id).orderBy('registration_number').execute(),
    db.selectFrom('taxi_terminal').selectAll().where('municipality_id', '=', m).where('operator_id', '=', id).orderBy('label').execute(),
    db.selectFrom('taxi_operator_staff as os').innerJoin('staff_user as s', (j) => j.onRef('s.municipality_id', '=', 'os.municipality_id').onRef('s.id', '=', 'os.staff_id'))
      .select(['s.id', 's.login_id', 's.display_name']).where('os.municipality_id', '=', m).where('os.operator_id', '=', id).orderBy('s.login_id').execute(),
  ]);
  return {
    id: o.id, code: o.code, name: o.name, address: o.address, phone: o.phone, invoiceRegistrationNumber: o.invoice_registration_number, active: o.active,
    vehicles: vehicles.map((v) => ({ id: v.id, registrationNumber: v.registration_number, label: v.label, active: v.active })),
    terminals: terminals.map((t) => ({ id: t.id, label: t.label, vehicleId: t.vehicle_id, deviceId: t.device_id, active: t.active, lastSyncAt: t.last_sync_at?.toISOString() ?? null, lastEventAt: t.last_event_at?.toISOString() ?? null })),
    staff: staff.map((s) => ({ id: s.id, loginId: s.login_id, displayName: s.display_name })),
  };
}

export async function listOperators(db: Db, m: string): Promise<OperatorView[]> {
  const rows = await db.selectFrom('taxi_operator').select('id').where('municipality_id', '=', m).orderBy('code').execute();
  return Promise.all(rows.map((r) => getOperator(db, m, r.id)));
}

export interface OperatorInput {
  code: string;
  name: string;
  address: string;
  phone: string;
  invoiceRegistrationNumber: string | null;
}

export async function createOperator(services: Services, staff: StaffPrincipal, input: OperatorInput, requestId: string | null): Promise<OperatorView> {
  const m = staff.municipalityId;
  const now = services.now();
  const id = randomUUID();
  await services.db.transaction().execute(async (trx) => {
    const clash = await trx.selectFrom('taxi_operator').select('id').where('municipality_id', '=', m).where('code', '=', input.code).executeTakeFirst();
    if (clash) throw new AppError(409, 'TAXI_OPERATOR_CODE_TAKEN', 'この事業者コードはすでに使われています。別のコードを指定してください。');
    await trx.insertInto('taxi_operator').values({ municipality_id: m, id, code: input.code, name: input.name, address: input.address, phone: input.phone, invoice_registration_number: input.invoiceRegistrationNumber, created_at: now }).execute();
    await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.operator_update', subjectType: 'taxi_operator', subjectId: id, requestId, details: { created: true, code: input.code } }, now);
  });
  return getOperator(services.db, m, id);
}

export async function addVehicle(services: Services, staff: StaffPrincipal, operatorId: string, input: { registrationNumber: string; label: string }, requestId: string | null): Promise<OperatorView> {
  const m = staff.municipalityId;
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    await loadOperatorRow(trx, m, operatorId);
    const clash = await trx.selectFrom('taxi_vehicle').select('id').where('municipality_id', '=', m).where('registration_number', '=', input.registrationNumber).executeTakeFirst();
    if (clash) throw new AppError(409, 'TAXI_VEHICLE_EXISTS', 'このナンバーの車両はすでに登録されています。');
    const id = randomUUID();
    await trx.insertInto('taxi_vehicle').values({ municipality_id: m, id, operator_id: operatorId, registration_number: input.registrationNumber, label: input.label }).execute();
    await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.operator_update', subjectType: 'taxi_operator', subjectId: operatorId, requestId, details: { vehicleAdded: id } }, now);
  });
  return getOperator(services.db, m, operatorId);
}

/**
 * A terminal of the operator, optionally in a vehicle and linked to its device (kind 'taxi', enrolled
 * through the devices module). The device link is what the ride sync uses to find the terminal.
 */
export async function addTerminal(services: Services, staff: StaffPrincipal, operatorId: string, input: { label: string; vehicleId: string | null; deviceId: string | null }, requestId: string | null): Promise<OperatorView> {
  const m = staff.municipalityId;
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    await loadOperatorRow(trx, m, operatorId);
    if (input.vehicleId) {
      const v = await trx.selectFrom('taxi_vehicle').select('id').where('municipality_id', '=', m).where('id', '=', input.vehicleId).where('operator_id', '=', operatorId).executeTakeFirst();
      if (!v) throw new AppError(422, 'TAXI_VEHICLE_UNKNOWN', 'この事業者の車両が見つかりません。車両を選び直してください。');
    }
    if (input.deviceId) {
      const used = await trx.selectFrom('taxi_terminal').select('id').where('municipality_id', '=', m).where('device_id', '=', input.deviceId).executeTakeFirst();
      if (used) throw new AppError(409, 'TAXI_DEVICE_IN_USE', 'この端末（デバイス）はすでに別のタクシー端末に登録されています。');
    }
    const id = randomUUID();
    await trx.insertInto('taxi_terminal').values({ municipality_id: m, id, operator_id: operatorId, vehicle_id: input.vehicleId, device_id: input.deviceId, label: input.label, created_at: now }).execute();
    await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.operator_update', subjectType: 'taxi_operator', subjectId: operatorId, requestId, details: { terminalAdded: id } }, now);
  });
  return getOperator(services.db, m, operatorId);
}

/** A login for the operator's office (role 'taxi_operator', linked to this operator only). */
export async function createOperatorAccount(services: Services, staff: StaffPrincipal, operatorId: string, input: { loginId: string; displayName: string; password: string }, requestId: string | null): Promise<OperatorView> {
  const m = staff.municipalityId;
  await loadOperatorRow(services.db, m, operatorId);
  const staffId = await createStaff(services, staff, m, { loginId: input.loginId, displayName: input.displayName, password: input.password, roles: ['taxi_operator'], departmentIds: [] }, requestId);
  await services.db.transaction().execute(async (trx) => {
    await trx.insertInto('taxi_operator_staff').values({ municipality_id: m, staff_id: staffId, operator_id: operatorId }).execute();
    await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.operator_update', subjectType: 'taxi_operator', subjectId: operatorId, requestId, details: { accountAdded: staffId } }, services.now());
  });
  return getOperator(services.db, m, operatorId);
}

/**
 * Links a terminal to a device from 端末の管理 (kind 'taxi', not revoked, not already another
 * terminal's), or unlinks it (deviceId null) — e.g. the tablet broke and a new one takes its place.
 */
export async function linkTerminalDevice(services: Services, staff: StaffPrincipal, operatorId: string, terminalId: string, deviceId: string | null, requestId: string | null): Promise<OperatorView> {
  const m = staff.municipalityId;
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    await loadOperatorRow(trx, m, operatorId);
    const terminal = await trx.selectFrom('taxi_terminal').select(['id', 'device_id']).where('municipality_id', '=', m).where('id', '=', terminalId).where('operator_id', '=', operatorId).executeTakeFirst();
    if (!terminal) throw new AppError(404, 'TAXI_TERMINAL_NOT_FOUND', 'この事業者の車載端末が見つかりません。一覧から選び直してください。');
    if (deviceId) {
      const device = await trx.selectFrom('device').select(['id', 'kind', 'status']).where('municipality_id', '=', m).where('id', '=', deviceId).executeTakeFirst();
      if (!device) throw new AppError(422, 'TAXI_DEVICE_UNKNOWN', '端末（デバイス）が見つかりません。端末の管理で追加してから選んでください。');
      if (device.kind !== 'taxi') throw new AppError(422, 'TAXI_DEVICE_NOT_TAXI', 'この端末はタクシー用ではありません。端末の管理で種類「タクシー」の端末を追加してください。');
      if (device.status === 'revoked') throw new AppError(422, 'TAXI_DEVICE_REVOKED', 'この端末は利用停止になっています。別の端末を選んでください。');
      const used = await trx.selectFrom('taxi_terminal').select('id').where('municipality_id', '=', m).where('device_id', '=', deviceId).where('id', '!=', terminalId).executeTakeFirst();
      if (used) throw new AppError(409, 'TAXI_DEVICE_IN_USE', 'この端末（デバイス）はすでに別のタクシー端末に登録されています。');
    }
    await trx.updateTable('taxi_terminal').set({ device_id: deviceId }).where('municipality_id', '=', m).where('id', '=', terminalId).execute();
    await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.operator_update', subjectType: 'taxi_operator', subjectId: operatorId, requestId, details: { terminalLinked: terminalId, deviceId, previousDeviceId: terminal.device_id } }, now);
  });
  return getOperator(services.db, m, operatorId);
}
