import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { FieldCipher } from '../../../platform/crypto/field-encryption';
import type { Database } from '../../../platform/db/schema';
import type { Services } from '../../../platform/http/context';
import { createDevice } from '../../devices/service';
import { createDriver } from './drivers';

/** Driver number and PIN of every demo operator's demo driver. */
export const DEMO_DRIVER = { code: '1001', pin: '1234' } as const;
export const DEMO_TERMINAL_LABEL = 'デモ タクシー端末';

/**
 * The demo's in-taxi terminal: a driver (1001 / PIN 1234) for every demo operator, and a taxi
 * device 「デモ タクシー端末」 linked to a terminal of the first operator. Its one-time enrolment code
 * is issued in 端末の管理 (「再登録コード」), typed on /taxi/terminal?demo=<地方公共団体コード>.
 */
export async function seedDemoTaxiTerminal(deps: { db: Kysely<Database>; cipher: FieldCipher; now: () => Date }, municipalityId: string): Promise<void> {
  const now = deps.now();
  const operators = await deps.db.selectFrom('taxi_operator').select(['id', 'code']).where('municipality_id', '=', municipalityId).orderBy('code').execute();
  if (operators.length === 0) return;
  const names = ['運転手 一郎', '運転手 二郎', '運転手 三郎'];
  for (const [i, o] of operators.entries()) {
    await createDriver(deps.db, municipalityId, o.id, { code: DEMO_DRIVER.code, name: names[i % names.length]!, pin: DEMO_DRIVER.pin }, null, now);
  }
  const admin = await deps.db.selectFrom('staff_user').select(['id', 'login_id', 'display_name']).where('municipality_id', '=', municipalityId).where('login_id', '=', 'admin').executeTakeFirst();
  if (!admin) return;
  const principal = { id: admin.id, municipalityId, loginId: admin.login_id, displayName: admin.display_name, roles: ['municipality_admin' as const], departmentIds: [], totpEnabled: true, sessionTokenHash: '' };
  const device = await createDevice(deps as unknown as Services, principal, { kind: 'taxi', label: DEMO_TERMINAL_LABEL }, null);
  await deps.db.insertInto('taxi_terminal').values({
    municipality_id: municipalityId, id: randomUUID(), operator_id: operators[0]!.id, vehicle_id: null, device_id: device.deviceId, label: DEMO_TERMINAL_LABEL, created_at: now,
  }).execute();
}
