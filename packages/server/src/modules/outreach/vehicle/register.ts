import type { Context } from 'hono';
import type { AppEnv, Services } from '../../../platform/http/context';
import { AppError } from '../../../platform/http/errors';
import { onDeviceRevoked, registerDeviceEventHandler } from '../../devices/registry';
import { requireDevice } from '../../devices/auth';
import { VEHICLE_EVENT_KINDS } from './model';
import { handleVehicleEvent, retireVehicleKeys } from './service';

/**
 * The vehicle's event kinds go to the device platform's push: each handler runs inside the
 * transaction that stores the event, so a case and its event commit together (or neither does).
 */
export function registerVehicleHandlers(services: Services): void {
  for (const kind of VEHICLE_EVENT_KINDS) {
    registerDeviceEventHandler(kind, async (trx, ctx) => handleVehicleEvent(trx, services, {
      municipalityId: ctx.municipalityId, deviceId: ctx.deviceId, opId: ctx.event.opId, kind: ctx.event.kind, payload: ctx.event.payload, deviceTime: ctx.event.deviceTime,
    }), { deviceKinds: ['vehicle'] });
  }
  // A revoked (lost, stolen) tablet's data key is retired: the sealed cases it still holds open no
  // more, and a tablet enrolled again later gets a new key at its next sign-in.
  onDeviceRevoked('retiredVehicleKeys', async (trx, ctx) => (ctx.deviceKind === 'vehicle' ? retireVehicleKeys(trx, ctx.municipalityId, ctx.deviceId, ctx.now) : 0));
}

/** The vehicle tablet making this request (signed with its device key), of the signed-in staff member's city. */
export async function vehicleDeviceOf(c: Context<AppEnv>, services: Services, municipalityId: string): Promise<{ deviceId: string }> {
  const device = await requireDevice(c, services);
  if (device.municipalityId !== municipalityId || device.kind !== 'vehicle') {
    throw new AppError(403, 'VEHICLE_DEVICE_REQUIRED', 'この操作は、この市町村に登録された移動市役所の端末からだけ行えます。端末の登録を確かめてください。');
  }
  return { deviceId: device.deviceId };
}
