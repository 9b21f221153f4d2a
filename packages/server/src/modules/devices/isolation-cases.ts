import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';
import type { TestPlatform } from '../../../test/support/platform';
import { loginAs, type Fixtures } from '../../../test/support/fixtures';
import { enrolTestDevice } from './test-support';

/**
 * The devices module's routes for the tenant-isolation test: city A's administrator aims at city B's
 * device and anomaly; the device routes need a device signature, which a staff cookie is not.
 */
export interface DeviceIsolationIds {
  deviceId: string;
  anomalyId: string;
  leakIds: string[];
}

/** City B gets an enrolled vehicle tablet with an anomaly (its clock three hours slow). */
export async function seedDevicesForIsolation(p: TestPlatform, f: Fixtures): Promise<DeviceIsolationIds> {
  const adminB = await loginAs(p, f.b, 'admin');
  const slow = () => p.clock.now.getTime() - 3 * 60 * 60 * 1000;
  const d = await enrolTestDevice(p, adminB, { kind: 'vehicle', label: '大石田町 移動端末' }, { now: slow });
  await d.outbox.append('devices_test.ping', { n: 1 });
  await d.outbox.sync(d.transport);
  const a = await p.services.db.selectFrom('device_anomaly').select('id').where('municipality_id', '=', f.b.municipalityId).where('device_id', '=', d.deviceId).executeTakeFirstOrThrow();
  return { deviceId: d.deviceId, anomalyId: a.id, leakIds: [d.deviceId, a.id] };
}

export async function deviceSnapshotOf(db: Kysely<Database>, municipalityId: string): Promise<unknown> {
  return Promise.all([
    db.selectFrom('device').selectAll().where('municipality_id', '=', municipalityId).orderBy('id').execute(),
    db.selectFrom('device_event').selectAll().where('municipality_id', '=', municipalityId).orderBy('device_id').orderBy('seq').execute(),
    db.selectFrom('device_anomaly').selectAll().where('municipality_id', '=', municipalityId).orderBy('id').execute(),
  ]);
}

type Case = { method: string; path: string; body?: unknown };

export function deviceIsolationCases(ids: DeviceIsolationIds): Record<string, Case[]> {
  return {
    'GET /devices': [{ method: 'GET', path: '/api/devices' }],
    'POST /devices': [{ method: 'POST', path: '/api/devices', body: { kind: 'vehicle', label: '大石田町 移動端末' } }],
    'POST /devices/{id}/reenrol': [{ method: 'POST', path: `/api/devices/${ids.deviceId}/reenrol`, body: {} }],
    'POST /devices/{id}/revoke': [{ method: 'POST', path: `/api/devices/${ids.deviceId}/revoke`, body: { reason: '乗っ取り' } }],
    'POST /devices/anomalies/{id}/accept': [{ method: 'POST', path: `/api/devices/anomalies/${ids.anomalyId}/accept`, body: {} }],
    'POST /devices/anomalies/{id}/resolve': [{ method: 'POST', path: `/api/devices/anomalies/${ids.anomalyId}/resolve`, body: {} }],
    // The one-time code is the credential (no city in it to aim at); a staff cookie enrols nothing.
    'POST /device-sync/enrol': [],
    'POST /device-sync/push': [{ method: 'POST', path: '/api/device-sync/push', body: { deviceId: ids.deviceId, head: { seq: 0, hash: '0'.repeat(64) }, sentAt: new Date().toISOString(), events: [] } }],
    'GET /device-sync/status': [{ method: 'GET', path: '/api/device-sync/status' }],
  };
}
