import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';
import type { TestPlatform } from '../../../test/support/platform';
import { call, loginAs, type Fixtures } from '../../../test/support/fixtures';
import { seedQueueFixture } from './test-support';

/**
 * The queue module's routes for the tenant-isolation test: city A's administrator, and the public
 * routes under city A's code, aimed at city B's locations, services, desks, kiosks, slots, tickets
 * and bookings. Kept beside the routes so a new route and its case change together.
 */

export interface QueueIsolationIds {
  hall: string;
  service: string;
  reservableService: string;
  desk: string;
  kiosk: string;
  slot: string;
  visit: string;
  ticketToken: string;
  reservationId: string;
  reservationToken: string;
  reservationCode: string;
  /** Ids that must appear in no reply to city A. */
  leakIds: string[];
}

/** City B gets the demo queue, a called ticket and a confirmed booking. */
export async function seedQueueForIsolation(p: TestPlatform, f: Fixtures): Promise<QueueIsolationIds> {
  const q = await seedQueueFixture(p, f.b);
  const clerkB = await loginAs(p, f.b, 'clerk');
  const ok = async (method: string, path: string, opts: { body?: unknown; headers?: Record<string, string> } = {}) => {
    const res = await call(p, method, path, { cookie: clerkB, ...opts });
    if (res.status >= 300) throw new Error(`${method} ${path} as city B: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Record<string, unknown>;
  };
  const ticket = await ok('POST', `/api/public/${f.b.code}/queue/locations/${q.hall}/tickets`, { headers: q.kiosk, body: { serviceId: q.services.certificates } });
  const called = (await ok('POST', `/api/queue/desks/${q.desks['1番窓口']}/call-next`, { body: { serviceId: null } })).called as { visitId: string };
  const slot = await p.services.db.selectFrom('queue_reservation_slot').select('id').where('municipality_id', '=', f.b.municipalityId)
    .where('service_id', '=', q.services.moving!).orderBy('starts_at').limit(1).executeTakeFirstOrThrow();
  const held = await ok('POST', `/api/public/${f.b.code}/queue/reservations`, { body: { slotId: slot.id, contact: { name: '山田 次郎', email: 'jiro@example.jp' } } });
  await ok('POST', `/api/public/${f.b.code}/queue/reservations/${held.token as string}/confirm`);
  const kiosk = await p.services.db.selectFrom('queue_kiosk').select('id').where('municipality_id', '=', f.b.municipalityId).executeTakeFirstOrThrow();
  const ids = {
    hall: q.hall, service: q.services.certificates!, reservableService: q.services.moving!, desk: q.desks['1番窓口']!, kiosk: kiosk.id,
    slot: slot.id, visit: called.visitId, ticketToken: ticket.token as string, reservationId: held.reservationId as string,
    reservationToken: held.token as string, reservationCode: held.code as string,
  };
  return { ...ids, leakIds: [ids.hall, ids.service, ids.reservableService, ids.desk, ids.kiosk, ids.slot, ids.visit, ids.reservationId, ids.ticketToken, ids.reservationToken] };
}

/** Everything of the queue a city has, for the before/after comparison. */
export async function queueSnapshotOf(db: Kysely<Database>, municipalityId: string): Promise<unknown> {
  const m = municipalityId;
  return Promise.all([
    db.selectFrom('queue_location').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('queue_service').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('queue_desk').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('queue_kiosk').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('queue_reservation_slot').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('queue_reservation').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('queue_ticket').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('queue_visit').selectAll().where('municipality_id', '=', m).orderBy('id').execute(),
    db.selectFrom('queue_event').select(['seq', 'kind']).where('municipality_id', '=', m).orderBy('seq').execute(),
  ]);
}

export function queueIsolationCases(b: QueueIsolationIds): Record<string, { method: string; path: string; body?: unknown }[]> {
  const pub = '/api/public/062120/queue';
  const contact = { name: '乗っ取り', email: 'intruder@example.jp' };
  const visit = (action: string, body?: unknown) => [{ method: 'POST', path: `/api/queue/visits/${b.visit}/${action}`, ...(body ? { body } : {}) }];
  return {
    'GET /queue/config': [{ method: 'GET', path: '/api/queue/config' }],
    'POST /queue/config/locations': [{ method: 'POST', path: '/api/queue/config/locations', body: { code: 'intruder', name: '乗っ取り', kind: 'hall' } }],
    'PATCH /queue/config/locations/{id}': [{ method: 'PATCH', path: `/api/queue/config/locations/${b.hall}`, body: { name: '乗っ取り', remoteTickets: false } }],
    'POST /queue/config/services': [{ method: 'POST', path: '/api/queue/config/services', body: { locationId: b.hall, code: 'intruder', name: '乗っ取り', ticketPrefix: 'Z' } }],
    'PATCH /queue/config/services/{id}': [{ method: 'PATCH', path: `/api/queue/config/services/${b.service}`, body: { name: '乗っ取り' } }],
    'POST /queue/config/desks': [{ method: 'POST', path: '/api/queue/config/desks', body: { locationId: b.hall, name: '乗っ取り', serviceIds: [b.service] } }],
    'PATCH /queue/config/desks/{id}': [{ method: 'PATCH', path: `/api/queue/config/desks/${b.desk}`, body: { name: '乗っ取り' } }],
    'GET /queue/config/kiosks': [{ method: 'GET', path: '/api/queue/config/kiosks' }],
    'POST /queue/config/kiosks': [{ method: 'POST', path: '/api/queue/config/kiosks', body: { locationId: b.hall, name: '乗っ取り' } }],
    'PATCH /queue/config/kiosks/{id}': [{ method: 'PATCH', path: `/api/queue/config/kiosks/${b.kiosk}`, body: { active: false } }],
    'POST /queue/config/slots': [{ method: 'POST', path: '/api/queue/config/slots', body: { serviceId: b.reservableService, from: '2026-12-01', to: '2026-12-02', minutes: 30, capacity: 1 } }],
    'PATCH /queue/slots/{id}': [{ method: 'PATCH', path: `/api/queue/slots/${b.slot}`, body: { capacity: 0 } }],
    'GET /queue/locations/{locationId}/queue': [{ method: 'GET', path: `/api/queue/locations/${b.hall}/queue` }],
    'GET /queue/locations/{locationId}/events': [{ method: 'GET', path: `/api/queue/locations/${b.hall}/events` }],
    'POST /queue/locations/{locationId}/tickets': [{ method: 'POST', path: `/api/queue/locations/${b.hall}/tickets`, body: { serviceId: b.service } }],
    'POST /queue/locations/{locationId}/check-in': [{ method: 'POST', path: `/api/queue/locations/${b.hall}/check-in`, body: { code: b.reservationCode } }],
    'POST /queue/desks/{id}/open': [{ method: 'POST', path: `/api/queue/desks/${b.desk}/open` }],
    'POST /queue/desks/{id}/close': [{ method: 'POST', path: `/api/queue/desks/${b.desk}/close` }],
    'POST /queue/desks/{id}/call-next': [{ method: 'POST', path: `/api/queue/desks/${b.desk}/call-next`, body: { serviceId: null } }],
    'POST /queue/desks/{id}/call': [{ method: 'POST', path: `/api/queue/desks/${b.desk}/call`, body: { visitId: b.visit } }],
    'POST /queue/visits/{id}/recall': visit('recall'),
    'POST /queue/visits/{id}/start': visit('start'),
    'POST /queue/visits/{id}/done': visit('done'),
    'POST /queue/visits/{id}/no-show': visit('no-show'),
    'POST /queue/visits/{id}/put-back': visit('put-back'),
    'POST /queue/visits/{id}/transfer': visit('transfer', { serviceId: b.reservableService }),
    'POST /queue/visits/{id}/link': visit('link', { residentId: '00000000-0000-4000-8000-000000000000' }),
    'GET /queue/reservations': [{ method: 'GET', path: '/api/queue/reservations?date=2026-11-30' }],
    'POST /queue/reservations': [{ method: 'POST', path: '/api/queue/reservations', body: { slotId: b.slot, contact } }],
    'POST /queue/reservations/{id}/cancel': [{ method: 'POST', path: `/api/queue/reservations/${b.reservationId}/cancel` }],
    'POST /queue/reservations/{id}/change': [{ method: 'POST', path: `/api/queue/reservations/${b.reservationId}/change`, body: { slotId: b.slot } }],
    'GET /queue/stats': [{ method: 'GET', path: '/api/queue/stats?from=2026-11-01&to=2026-11-30' }],
    'GET /queue/stats.csv': [{ method: 'GET', path: '/api/queue/stats.csv?from=2026-11-01&to=2026-11-30' }],
    'GET /public/{lgc}/queue': [{ method: 'GET', path: pub }],
    'GET /public/{lgc}/queue/kiosk': [{ method: 'GET', path: `${pub}/kiosk` }],
    'POST /public/{lgc}/queue/locations/{locationId}/tickets': [{ method: 'POST', path: `${pub}/locations/${b.hall}/tickets`, body: { serviceId: b.service } }],
    'POST /public/{lgc}/queue/locations/{locationId}/remote-tickets': [{ method: 'POST', path: `${pub}/locations/${b.hall}/remote-tickets`, body: { serviceId: b.service } }],
    'POST /public/{lgc}/queue/locations/{locationId}/check-in': [{ method: 'POST', path: `${pub}/locations/${b.hall}/check-in`, body: { code: b.reservationCode } }],
    'GET /public/{lgc}/queue/locations/{locationId}/board': [{ method: 'GET', path: `${pub}/locations/${b.hall}/board` }],
    'GET /public/{lgc}/queue/locations/{locationId}/board/events': [{ method: 'GET', path: `${pub}/locations/${b.hall}/board/events` }],
    'GET /public/{lgc}/queue/locations/{locationId}/busy-hours': [{ method: 'GET', path: `${pub}/locations/${b.hall}/busy-hours` }],
    'GET /public/{lgc}/queue/tickets/{token}': [{ method: 'GET', path: `${pub}/tickets/${b.ticketToken}` }, { method: 'GET', path: `${pub}/tickets/${b.reservationToken}` }],
    'GET /public/{lgc}/queue/tickets/{token}/events': [{ method: 'GET', path: `${pub}/tickets/${b.ticketToken}/events` }],
    'PUT /public/{lgc}/queue/tickets/{token}/notify': [{ method: 'PUT', path: `${pub}/tickets/${b.ticketToken}/notify`, body: { email: null, ahead: 3 } }],
    'GET /public/{lgc}/queue/slots': [{ method: 'GET', path: `${pub}/slots?serviceId=${b.reservableService}&from=2026-11-27&to=2026-12-31` }],
    'POST /public/{lgc}/queue/reservations': [{ method: 'POST', path: `${pub}/reservations`, body: { slotId: b.slot, contact } }],
    'GET /public/{lgc}/queue/reservations/{token}': [{ method: 'GET', path: `${pub}/reservations/${b.reservationToken}` }],
    'POST /public/{lgc}/queue/reservations/{token}/confirm': [{ method: 'POST', path: `${pub}/reservations/${b.reservationToken}/confirm` }],
    'POST /public/{lgc}/queue/reservations/{token}/cancel': [{ method: 'POST', path: `${pub}/reservations/${b.reservationToken}/cancel` }],
    'POST /public/{lgc}/queue/reservations/{token}/change': [{ method: 'POST', path: `${pub}/reservations/${b.reservationToken}/change`, body: { slotId: b.slot } }],
  };
}
