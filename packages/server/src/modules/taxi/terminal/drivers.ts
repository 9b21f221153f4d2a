import { pbkdf2Sync, randomBytes, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema';
import { appendAudit } from '../../../platform/audit/audit';
import { AppError } from '../../../platform/http/errors';

/**
 * Drivers sign in on the terminal with a driver code and a 4-digit PIN. The PIN's PBKDF2 hash
 * (salted, 20,000 rounds — the terminal checks it offline from its list, so it must be cheap enough
 * for a tablet) is all that is kept. A 4-digit PIN is weak against someone who copies the list out of
 * a tablet; it says who drove, it does not guard money (rides are bound to the passenger's card and
 * the terminal's device key).
 */
export function hashDriverPin(pin: string, saltHex: string): string {
  return pbkdf2Sync(pin, Buffer.from(saltHex, 'hex'), 20_000, 32, 'sha256').toString('hex');
}

export interface DriverView {
  id: string;
  code: string;
  name: string;
  active: boolean;
}

export async function createDriver(db: Kysely<Database>, municipalityId: string, operatorId: string, input: { code: string; name: string; pin: string }, actorStaffId: string | null, now: Date): Promise<DriverView> {
  if (!/^[0-9]{4}$/.test(input.pin)) throw new AppError(400, 'TAXI_DRIVER_PIN_INVALID', '暗証番号は数字4桁で決めてください。');
  return db.transaction().execute(async (trx) => {
    const operator = await trx.selectFrom('taxi_operator').select('id').where('municipality_id', '=', municipalityId).where('id', '=', operatorId).executeTakeFirst();
    if (!operator) throw new AppError(404, 'TAXI_OPERATOR_NOT_FOUND', '事業者が見つかりません。一覧から選び直してください。');
    const taken = await trx.selectFrom('taxi_driver').select('id')
      .where('municipality_id', '=', municipalityId).where('operator_id', '=', operatorId).where('code', '=', input.code).executeTakeFirst();
    if (taken) throw new AppError(409, 'TAXI_DRIVER_CODE_TAKEN', 'この乗務員番号はすでに使われています。別の番号にしてください。');
    const id = randomUUID();
    const salt = randomBytes(16).toString('hex');
    await trx.insertInto('taxi_driver').values({
      municipality_id: municipalityId, id, operator_id: operatorId, code: input.code, name: input.name,
      pin_salt: salt, pin_hash: hashDriverPin(input.pin, salt), created_at: now,
    }).execute();
    await appendAudit(trx, { municipalityId, actorStaffId, action: 'taxi.driver_create', subjectType: 'taxi_driver', subjectId: id, details: { operatorId, code: input.code } }, now);
    return { id, code: input.code, name: input.name, active: true };
  });
}

export async function listDrivers(db: Kysely<Database>, municipalityId: string, operatorId: string): Promise<DriverView[]> {
  const operator = await db.selectFrom('taxi_operator').select('id').where('municipality_id', '=', municipalityId).where('id', '=', operatorId).executeTakeFirst();
  if (!operator) throw new AppError(404, 'TAXI_OPERATOR_NOT_FOUND', '事業者が見つかりません。一覧から選び直してください。');
  const rows = await db.selectFrom('taxi_driver').select(['id', 'code', 'name', 'active'])
    .where('municipality_id', '=', municipalityId).where('operator_id', '=', operatorId).orderBy('code').execute();
  return rows;
}

/**
 * Disables or re-enables a driver, or sets a new PIN (the office resets a forgotten PIN). A disabled
 * driver leaves the next terminal list, so he can no longer sign in on any terminal once it syncs.
 */
export async function updateDriver(db: Kysely<Database>, municipalityId: string, operatorId: string, driverId: string, input: { active?: boolean | undefined; pin?: string | undefined }, actorStaffId: string | null, now: Date): Promise<DriverView> {
  if (input.active === undefined && input.pin === undefined) throw new AppError(400, 'TAXI_DRIVER_NOTHING_TO_CHANGE', '変更する内容（利用の停止・再開、または新しい暗証番号）を指定してください。');
  if (input.pin !== undefined && !/^[0-9]{4}$/.test(input.pin)) throw new AppError(400, 'TAXI_DRIVER_PIN_INVALID', '暗証番号は数字4桁で決めてください。');
  return db.transaction().execute(async (trx) => {
    const driver = await trx.selectFrom('taxi_driver').select(['id', 'code', 'name', 'active'])
      .where('municipality_id', '=', municipalityId).where('operator_id', '=', operatorId).where('id', '=', driverId).executeTakeFirst();
    if (!driver) throw new AppError(404, 'TAXI_DRIVER_NOT_FOUND', '乗務員が見つかりません。一覧から選び直してください。');
    const salt = input.pin !== undefined ? randomBytes(16).toString('hex') : null;
    await trx.updateTable('taxi_driver').set({
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(input.pin !== undefined && salt ? { pin_salt: salt, pin_hash: hashDriverPin(input.pin, salt) } : {}),
    }).where('municipality_id', '=', municipalityId).where('id', '=', driverId).execute();
    await appendAudit(trx, {
      municipalityId, actorStaffId, action: 'taxi.driver_update', subjectType: 'taxi_driver', subjectId: driverId,
      details: { operatorId, code: driver.code, ...(input.active !== undefined ? { active: input.active } : {}), pinReset: input.pin !== undefined },
    }, now);
    return { id: driver.id, code: driver.code, name: driver.name, active: input.active ?? driver.active };
  });
}
