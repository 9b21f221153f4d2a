import { randomUUID, webcrypto } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../platform/db/schema';
import type { TestPlatform } from '../../../../test/support/platform';
import type { Fixtures } from '../../../../test/support/fixtures';
import { handleVehicleEvent, vehicleKey } from './service';

/**
 * The vehicle routes for the tenant-isolation test: city A's staff aimed at city B's review queue.
 * City B has a case from its tablet waiting for review (山田 次郎, whose card shows another address),
 * sealed with B's tablet key. Kept beside the routes so a new route and its case change together.
 */

export interface VehicleIsolationIds {
  reviewId: string;
  deviceId: string;
  leakIds: string[];
}

export async function seedVehicleForIsolation(p: TestPlatform, f: Fixtures): Promise<VehicleIsolationIds> {
  const m = f.b.municipalityId;
  const deviceId = randomUUID();
  const clientCaseId = randomUUID();
  const { keyId, key } = await vehicleKey(p.services.db, p.services.cipher, m, deviceId, p.services.now());
  const k = await webcrypto.subtle.importKey('raw', key, 'AES-GCM', false, ['encrypt']);
  const iv = webcrypto.getRandomValues(new Uint8Array(12));
  const body = {
    v: 1, staffId: null, identity: { method: 'card', name: '山田 次郎', birthDate: '1980-12-24', address: '宮城県仙台市青葉区1番1号', sex: 'male' },
    residentId: null, registryAddress: null, event: null, answers: { applicantName: '山田 次郎' }, createdAt: p.services.now().toISOString(),
  };
  const sealed = await webcrypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: new TextEncoder().encode(`${deviceId}:${clientCaseId}`) }, k, new TextEncoder().encode(JSON.stringify(body)));
  const v = await p.services.db.selectFrom('procedure_version').select(['version', 'content_hash']).where('municipality_id', '=', m).where('procedure_id', '=', 'dog-registration-change').executeTakeFirstOrThrow();
  await p.services.db.transaction().execute((trx) => handleVehicleEvent(trx, p.services, {
    municipalityId: m, deviceId, opId: randomUUID(), kind: 'outreach.case_submitted', deviceTime: null,
    payload: {
      clientCaseId, procedureId: 'dog-registration-change', procedureVersion: v.version, procedureHash: v.content_hash, stopId: null, ticketNumber: 'V-009',
      keyId, iv: Buffer.from(iv).toString('base64'), sealed: Buffer.from(new Uint8Array(sealed)).toString('base64'),
    },
  }));
  const review = await p.services.db.selectFrom('outreach_vehicle_case').select('id').where('municipality_id', '=', m).where('client_case_id', '=', clientCaseId).executeTakeFirstOrThrow();
  return { reviewId: review.id, deviceId, leakIds: [review.id, deviceId] };
}

export async function vehicleSnapshotOf(db: Kysely<Database>, municipalityId: string) {
  return Promise.all([
    db.selectFrom('outreach_vehicle_case').select(['id', 'status', 'case_id', 'resolution_note']).where('municipality_id', '=', municipalityId).orderBy('id').execute(),
    db.selectFrom('outreach_vehicle_key').select(['key_id', 'retired_at']).where('municipality_id', '=', municipalityId).orderBy('key_id').execute(),
  ]);
}

type Case = { method: string; path: string; body?: unknown };

export function vehicleIsolationCases(ids: VehicleIsolationIds): Record<string, Case[]> {
  const review = `/api/outreach/vehicle/reviews/${ids.reviewId}`;
  return {
    // Device-signed: a staff cookie of city A alone gets 401, and a city-A tablet gets its own key.
    'POST /outreach/vehicle/sign-in': [{ method: 'POST', path: '/api/outreach/vehicle/sign-in', body: {} }],
    'GET /outreach/vehicle/device-cases': [{ method: 'GET', path: '/api/outreach/vehicle/device-cases' }],
    'GET /outreach/vehicle/device-stops': [{ method: 'GET', path: '/api/outreach/vehicle/device-stops' }],
    'GET /outreach/vehicle/reviews': [{ method: 'GET', path: '/api/outreach/vehicle/reviews' }, { method: 'GET', path: '/api/outreach/vehicle/reviews?status=dismissed' }],
    'GET /outreach/vehicle/reviews/{id}': [{ method: 'GET', path: review }],
    'POST /outreach/vehicle/reviews/{id}/decision': [
      { method: 'POST', path: `${review}/decision`, body: { decision: 'accept', note: '乗っ取り', residentId: null } },
      { method: 'POST', path: `${review}/decision`, body: { decision: 'dismiss', note: '乗っ取り' } },
    ],
    'GET /outreach/vehicle/stats': [{ method: 'GET', path: '/api/outreach/vehicle/stats' }],
  };
}
