import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';
import type { TestPlatform } from '../../../test/support/platform';
import { call, loginAs, type Fixtures } from '../../../test/support/fixtures';
import { recordStopService } from './stop-service';

/**
 * The outreach routes for the tenant-isolation test: city A's administrator, and the public routes
 * under city A's code, aimed at city B's vehicle, district, stop, routes (a draft and a published
 * one with a served resident). Kept beside the routes so a new route and its case change together.
 */

export interface OutreachIsolationIds {
  queueLocation: string;
  vehicle: string;
  district: string;
  stop: string;
  draftRoute: string;
  publishedRoute: string;
  routeStop: string;
  /** Ids that must appear in no reply to city A. */
  leakIds: string[];
}

/** City B gets a vehicle on its own queue location (which the queue's isolation seed creates). */
export async function seedOutreachForIsolation(p: TestPlatform, f: Fixtures): Promise<OutreachIsolationIds> {
  const adminB = await loginAs(p, f.b, 'admin');
  const ok = async (method: string, path: string, body?: unknown) => {
    const res = await call(p, method, path, { cookie: adminB, ...(body !== undefined ? { body } : {}) });
    if (res.status >= 300) throw new Error(`${method} ${path} as city B: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown>;
  };
  const location = await p.services.db.selectFrom('queue_location').select('id').where('municipality_id', '=', f.b.municipalityId).where('kind', '=', 'vehicle').executeTakeFirstOrThrow();
  const service = await p.services.db.selectFrom('queue_service').select('id').where('municipality_id', '=', f.b.municipalityId).where('location_id', '=', location.id).executeTakeFirstOrThrow();
  const vehicle = (await ok('POST', '/api/outreach/vehicles', { code: 'b-car', name: '大石田号', queueLocationId: location.id })).id as string;
  const district = (await ok('POST', '/api/outreach/districts', { code: 'b-district', name: '大石田地区' })).id as string;
  const stop = (await ok('POST', '/api/outreach/stops', { districtId: district, code: 'b-stop', name: '大石田公民館', address: '大石田町', latitude: 38.59, longitude: 140.37 })).id as string;
  const stops = [{ stopId: stop, start: '10:00', end: '11:00', serviceIds: [service.id] }];
  const published = await ok('POST', '/api/outreach/routes', { vehicleId: vehicle, date: '2026-12-02', stops });
  await ok('POST', `/api/outreach/routes/${published.id as string}/publish`);
  const draft = await ok('POST', '/api/outreach/routes', { vehicleId: vehicle, date: '2026-12-03', stops });
  const routeStop = (published.stops as { id: string }[])[0]!.id;
  await p.services.db.transaction().execute((trx) => recordStopService(trx, {
    municipalityId: f.b.municipalityId, routeStopId: routeStop, caseId: null, procedureId: 'oishida-only', servedAt: new Date('2026-12-02T01:30:00Z'), waitSeconds: 60, deviceId: null,
  }, p.services.now()));
  const ids = { queueLocation: location.id, vehicle, district, stop, draftRoute: draft.id as string, publishedRoute: published.id as string, routeStop };
  return { ...ids, leakIds: Object.values(ids) };
}

/** Everything of outreach a city has, for the before/after comparison. */
export async function outreachSnapshotOf(db: Kysely<Database>, municipalityId: string): Promise<unknown> {
  const m = municipalityId;
  return Promise.all([
    db.selectFrom('outreach_vehicle').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('outreach_district').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('outreach_stop').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('outreach_route').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('outreach_route_stop').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('outreach_month').selectAll().where('municipality_id', '=', m).orderBy('month').execute(),
    db.selectFrom('outreach_notice').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('outreach_stop_service').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
  ]);
}

export function outreachIsolationCases(b: OutreachIsolationIds): Record<string, { method: string; path: string; body?: unknown }[]> {
  const pub = '/api/public/062120/outreach';
  const stops = [{ stopId: b.stop, start: '10:00', end: '11:00', serviceIds: [] }];
  return {
    'GET /outreach/plan': [{ method: 'GET', path: '/api/outreach/plan' }],
    'POST /outreach/vehicles': [{ method: 'POST', path: '/api/outreach/vehicles', body: { code: 'intruder', name: '乗っ取り', queueLocationId: b.queueLocation } }],
    'POST /outreach/districts': [{ method: 'POST', path: '/api/outreach/districts', body: { code: 'b-district', name: '乗っ取り' } }],
    'POST /outreach/stops': [{ method: 'POST', path: '/api/outreach/stops', body: { districtId: b.district, code: 'intruder', name: '乗っ取り', address: 'x', latitude: 38, longitude: 140 } }],
    'PATCH /outreach/stops/{id}': [{ method: 'PATCH', path: `/api/outreach/stops/${b.stop}`, body: { name: '乗っ取り' } }],
    'GET /outreach/routes': [{ method: 'GET', path: '/api/outreach/routes?from=2026-12-01&to=2026-12-31' }],
    'GET /outreach/routes/{id}': [{ method: 'GET', path: `/api/outreach/routes/${b.publishedRoute}` }],
    'POST /outreach/routes': [{ method: 'POST', path: '/api/outreach/routes', body: { vehicleId: b.vehicle, date: '2026-12-04', stops } }],
    'PUT /outreach/routes/{id}': [{ method: 'PUT', path: `/api/outreach/routes/${b.draftRoute}`, body: { date: '2026-12-05', stops } }],
    'DELETE /outreach/routes/{id}': [{ method: 'DELETE', path: `/api/outreach/routes/${b.draftRoute}` }],
    'POST /outreach/routes/{id}/publish': [{ method: 'POST', path: `/api/outreach/routes/${b.draftRoute}/publish` }],
    'POST /outreach/months/{month}/publish': [{ method: 'POST', path: '/api/outreach/months/2026-12/publish' }],
    'POST /outreach/routes/{id}/cancel': [
      { method: 'POST', path: `/api/outreach/routes/${b.publishedRoute}/cancel`, body: { reason: '乗っ取り' } },
      { method: 'POST', path: `/api/outreach/routes/${b.publishedRoute}/cancel`, body: { reason: '乗っ取り', routeStopIds: [b.routeStop] } },
    ],
    'GET /outreach/routes/{id}/notices': [{ method: 'GET', path: `/api/outreach/routes/${b.publishedRoute}/notices` }],
    'GET /outreach/stats': [{ method: 'GET', path: '/api/outreach/stats?from=2026-12-01&to=2026-12-31' }],
    'GET /public/{lgc}/outreach/schedule': [{ method: 'GET', path: `${pub}/schedule?month=2026-12` }, { method: 'GET', path: `${pub}/schedule?month=2026-12&district=b-district` }],
    'GET /public/{lgc}/outreach/calendar.ics': [{ method: 'GET', path: `${pub}/calendar.ics` }, { method: 'GET', path: `${pub}/calendar.ics?stop=b-stop` }, { method: 'GET', path: `${pub}/calendar.ics?district=b-district` }],
    'GET /public/{lgc}/outreach/live': [{ method: 'GET', path: `${pub}/live` }],
  };
}
