import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { queueRuntime } from './runtime';
import { kioskTicket, seedQueueFixture, type QueueFixture } from './test-support';

/**
 * Tickets from the kiosk, the status page, and the desk: call next (in order, with priority),
 * recall, serve, finish, no-show, put back, transfer with the same ticket, and races between desks.
 * The clock starts on Friday 2026-11-27 at 10:00 in Japan (the hall is open).
 */
let p: TestPlatform;
let f: Fixtures;
let q: QueueFixture;
let clerk: string;
let reviewer: string;

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  q = await seedQueueFixture(p, f.a);
  clerk = await loginAs(p, f.a, 'clerk');
  reviewer = await loginAs(p, f.a, 'reviewer');
});
afterAll(async () => {
  await queueRuntime(p.services).settled();
  await p.close();
});

interface DeskVisit { visitId: string; ticketId: string; displayNumber: string; state: string; serviceName: string; deskName: string | null }
const callNext = async (desk: string, cookie = clerk, serviceId: string | null = null) =>
  call(p, 'POST', `/api/queue/desks/${q.desks[desk]}/call-next`, { cookie, body: { serviceId } });
const act = (visitId: string, action: string, cookie = clerk) => call(p, 'POST', `/api/queue/visits/${visitId}/${action}`, { cookie });
const status = async (token: string) => (await call(p, 'GET', `/api/public/${q.lgc}/queue/tickets/${token}`)).body as {
  state: string; ahead: number | null; deskName: string | null; estimatedWaitMinutes: number | null; legs: { serviceName: string; state: string }[]; displayNumber: string;
};

/** Every test starts with an empty hall: whatever is still open is finished. */
beforeEach(async () => {
  await p.services.db.updateTable('queue_visit').set({ state: 'done', finished_at: p.clock.now }).where('state', 'in', ['waiting', 'called', 'serving', 'arrived']).execute();
});

describe('tickets', () => {
  it('the kiosk numbers tickets per service and per day, and the status page shows the place in the queue', async () => {
    const a1 = await kioskTicket(p, q, 'certificates');
    const a2 = await kioskTicket(p, q, 'certificates');
    const b1 = await kioskTicket(p, q, 'moving');
    expect(a2.displayNumber).toBe(`A${String(Number(a1.displayNumber.slice(1)) + 1).padStart(3, '0')}`);
    expect(b1.displayNumber).toMatch(/^B\d{3}$/);
    expect(a1.statusPath).toBe(`/q/062120/t/${a1.token}`);
    const s2 = await status(a2.token);
    expect(s2).toMatchObject({ state: 'waiting', ahead: 1, displayNumber: a2.displayNumber });
    expect(s2.estimatedWaitMinutes).toBeGreaterThanOrEqual(0);
    // Nothing about who holds the ticket.
    expect(JSON.stringify(s2)).not.toMatch(/山田|resident/);
  });

  it('an unknown token or another city\'s code finds nothing', async () => {
    const t = await kioskTicket(p, q, 'certificates');
    expect((await call(p, 'GET', `/api/public/${q.lgc}/queue/tickets/AAAAAAAAAAAAAAAAAAAAAA`)).code).toBe('QUEUE_TICKET_NOT_FOUND');
    expect((await call(p, 'GET', `/api/public/063410/queue/tickets/${t.token}`)).code).toBe('QUEUE_TICKET_NOT_FOUND');
    expect((await call(p, 'GET', `/api/public/999999/queue/tickets/${t.token}`)).status).toBe(404);
  });
});

describe('the desk', () => {
  it('calls in order of arrival, residents needing assistance first, and one at a time per desk', async () => {
    const first = await kioskTicket(p, q, 'certificates');
    p.clock.advance(60_000);
    const second = await kioskTicket(p, q, 'certificates');
    p.clock.advance(60_000);
    const assisted = await kioskTicket(p, q, 'certificates', true);
    expect((await status(assisted.token)).ahead).toBe(0);

    const c1 = await callNext('1番窓口');
    expect((c1.body as { called: DeskVisit }).called).toMatchObject({ displayNumber: assisted.displayNumber, state: 'called', deskName: '1番窓口' });
    const busy = await callNext('1番窓口');
    expect(busy).toMatchObject({ status: 409, code: 'QUEUE_DESK_BUSY' });
    expect((await status(assisted.token))).toMatchObject({ state: 'called', deskName: '1番窓口' });
    expect((await status(first.token)).ahead).toBe(0);

    const c2 = await callNext('2番窓口');
    expect((c2.body as { called: DeskVisit }).called.displayNumber).toBe(first.displayNumber);
    expect((await status(second.token)).ahead).toBe(0);
  });

  it('recall, serve and finish; a resident who does not come is marked absent; a call can be undone', async () => {
    const t = await kioskTicket(p, q, 'tax');
    const called = ((await callNext('2番窓口', clerk, q.services.tax)).body as { called: DeskVisit }).called;
    expect(called.displayNumber).toBe(t.displayNumber);
    expect((await act(called.visitId, 'recall')).status).toBe(200);
    expect((await act(called.visitId, 'start')).body).toMatchObject({ state: 'serving' });
    expect((await act(called.visitId, 'recall'))).toMatchObject({ status: 409, code: 'QUEUE_STATE_CONFLICT' });
    expect((await act(called.visitId, 'done')).body).toMatchObject({ state: 'done' });
    expect((await status(t.token)).state).toBe('done');
    const again = await act(called.visitId, 'done');
    expect(again.status).toBe(409);
    expect((again.body as { error: { message: string } }).error.message).toContain('既に「終了」');

    const absent = await kioskTicket(p, q, 'tax');
    const c = ((await callNext('2番窓口', clerk, q.services.tax)).body as { called: DeskVisit }).called;
    expect((await act(c.visitId, 'no-show')).body).toMatchObject({ state: 'no_show' });
    expect((await status(absent.token)).state).toBe('no_show');

    const back = await kioskTicket(p, q, 'tax');
    const later = await kioskTicket(p, q, 'tax');
    const cb = ((await callNext('2番窓口', clerk, q.services.tax)).body as { called: DeskVisit }).called;
    expect((await act(cb.visitId, 'put-back')).body).toMatchObject({ state: 'waiting' });
    // Put back keeps the place: still ahead of the later ticket.
    expect((await status(back.token)).ahead).toBe(0);
    expect((await status(later.token)).ahead).toBe(1);
  });

  it('refuses a service the desk does not handle', async () => {
    const res = await callNext('4番窓口', clerk, q.services.certificates);
    expect(res).toMatchObject({ status: 400, code: 'QUEUE_SERVICE_NOT_AT_DESK' });
  });

  it('two desks calling at the same moment get two different residents', async () => {
    const a = await kioskTicket(p, q, 'certificates');
    const b = await kioskTicket(p, q, 'certificates');
    const [r1, r2] = await Promise.all([callNext('1番窓口'), callNext('2番窓口', reviewer)]);
    const numbers = [r1, r2].map((r) => (r.body as { called: DeskVisit }).called.displayNumber).sort();
    expect(numbers).toEqual([a.displayNumber, b.displayNumber].sort());
  });

  it('two desks calling the same ticket at the same moment: one calls it, the other is told who did', async () => {
    const t = await kioskTicket(p, q, 'certificates');
    const queue = (await call(p, 'GET', `/api/queue/locations/${q.hall}/queue`, { cookie: clerk })).body as { entries: { visitId: string; displayNumber: string }[] };
    const visitId = queue.entries.find((e) => e.displayNumber === t.displayNumber)!.visitId;
    const [r1, r2] = await Promise.all([
      call(p, 'POST', `/api/queue/desks/${q.desks['1番窓口']}/call`, { cookie: clerk, body: { visitId } }),
      call(p, 'POST', `/api/queue/desks/${q.desks['2番窓口']}/call`, { cookie: reviewer, body: { visitId } }),
    ]);
    expect([r1.status, r2.status].sort()).toEqual([200, 409]);
    const loser = r1.status === 409 ? r1 : r2;
    expect(loser.code).toBe('QUEUE_STATE_CONFLICT');
    expect((loser.body as { error: { message: string } }).error.message).toMatch(/呼出中.*番窓口/);
  });

  it('the same desk pressing 呼出 twice at once calls one resident', async () => {
    await kioskTicket(p, q, 'insurance');
    await kioskTicket(p, q, 'insurance');
    const results = await Promise.all([callNext('4番窓口'), callNext('4番窓口')]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const atDesk = await p.services.db.selectFrom('queue_visit').select('id').where('desk_id', '=', q.desks['4番窓口']!).where('state', 'in', ['called', 'serving']).execute();
    expect(atDesk).toHaveLength(1);
  });

  it('an empty queue answers with nobody to call', async () => {
    const res = await callNext('7番窓口');
    expect(res.status).toBe(200);
    expect((res.body as { called: null }).called).toBeNull();
  });
});

describe('one-stop transfer', () => {
  it('after 市民税務課 the same ticket queues at 国民健康保険, ahead of residents who came later', async () => {
    const t = await kioskTicket(p, q, 'moving');
    p.clock.advance(5 * 60_000);
    const walkIn = await kioskTicket(p, q, 'insurance');
    const called = ((await callNext('3番窓口', clerk, q.services.moving)).body as { called: DeskVisit }).called;
    expect(called.displayNumber).toBe(t.displayNumber);
    await act(called.visitId, 'start');
    const moved = await call(p, 'POST', `/api/queue/visits/${called.visitId}/transfer`, { cookie: clerk, body: { serviceId: q.services.insurance } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ displayNumber: t.displayNumber, state: 'waiting', serviceName: '国民健康保険・年金' });

    const s = await status(t.token);
    expect(s).toMatchObject({ state: 'waiting', ahead: 0, displayNumber: t.displayNumber });
    expect(s.legs.map((l) => [l.serviceName, l.state])).toEqual([['転入・転出・転居の届出', 'transferred'], ['国民健康保険・年金', 'waiting']]);
    expect((await status(walkIn.token)).ahead).toBe(1);

    const next = ((await callNext('4番窓口', reviewer)).body as { called: DeskVisit }).called;
    expect(next.displayNumber).toBe(t.displayNumber);
    expect((await status(t.token))).toMatchObject({ state: 'called', deskName: '4番窓口' });
  });

  it('a transfer to the same service or of a finished visit is refused', async () => {
    const t = await kioskTicket(p, q, 'children');
    const called = ((await callNext('7番窓口')).body as { called: DeskVisit }).called;
    expect(called.displayNumber).toBe(t.displayNumber);
    expect(await call(p, 'POST', `/api/queue/visits/${called.visitId}/transfer`, { cookie: clerk, body: { serviceId: q.services.children } }))
      .toMatchObject({ status: 400, code: 'QUEUE_TRANSFER_SAME_SERVICE' });
    await act(called.visitId, 'done');
    expect(await call(p, 'POST', `/api/queue/visits/${called.visitId}/transfer`, { cookie: clerk, body: { serviceId: q.services.welfare } }))
      .toMatchObject({ status: 409, code: 'QUEUE_STATE_CONFLICT' });
  });
});

describe('linking the ticket to the resident served', () => {
  it('records who was served, audited as a read of the resident', async () => {
    await kioskTicket(p, q, 'certificates');
    const called = ((await callNext('1番窓口')).body as { called: DeskVisit }).called;
    const res = await call(p, 'POST', `/api/queue/visits/${called.visitId}/link`, { cookie: clerk, body: { residentId: f.residents.taro } });
    expect(res.body).toMatchObject({ residentId: f.residents.taro, residentName: '山田 太郎' });
    const audit = await p.services.db.selectFrom('audit_event').select(['action', 'purpose']).where('subject_id', '=', f.residents.taro).orderBy('seq', 'desc').limit(2).execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['queue.ticket_link', 'resident.read']);
    const other = await call(p, 'POST', `/api/queue/visits/${called.visitId}/link`, { cookie: clerk, body: { residentId: f.residents.jiro } });
    expect(other.status).toBe(404);
  });

  it('links the ticket to the 書かない窓口 visit it became, and through it to the resident', async () => {
    const t = await kioskTicket(p, q, 'moving');
    const called = ((await callNext('3番窓口', clerk, q.services.moving)).body as { called: DeskVisit }).called;
    expect(called.displayNumber).toBe(t.displayNumber);
    const started = (await call(p, 'POST', '/api/counter/visits', { cookie: clerk, body: {} })).body as { visit: { id: string; revision: number } };
    const identified = await call(p, 'POST', `/api/counter/visits/${started.visit.id}/identify/resident`, { cookie: clerk, body: { revision: started.visit.revision, residentId: f.residents.hanako } });
    expect(identified.status).toBe(200);
    const res = await call(p, 'POST', `/api/queue/visits/${called.visitId}/link`, { cookie: clerk, body: { counterVisitId: started.visit.id } });
    expect(res.body).toMatchObject({ counterVisitId: started.visit.id, residentId: f.residents.hanako, residentName: '山田 花子' });
    const event = await p.services.db.selectFrom('queue_event').select('details').where('kind', '=', 'linked').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect(event.details).toEqual({ counterVisitId: started.visit.id });
    expect((await call(p, 'POST', `/api/queue/visits/${called.visitId}/link`, { cookie: clerk, body: {} })).code).toBe('VALIDATION_FAILED');
  });
});

describe('permissions', () => {
  it('desk work needs a staff session; configuration needs an administrator', async () => {
    expect((await call(p, 'POST', `/api/queue/desks/${q.desks['1番窓口']}/call-next`, { body: { serviceId: null } })).status).toBe(401);
    const byClerk = await call(p, 'POST', '/api/queue/config/locations', { cookie: clerk, body: { code: 'x', name: 'x', kind: 'hall' } });
    expect(byClerk).toMatchObject({ status: 403, code: 'PERMISSION_DENIED' });
    expect((await call(p, 'GET', '/api/queue/stats?from=2026-11-01&to=2026-11-30', { cookie: clerk })).status).toBe(403);
  });
});

// Last: it moves the clock past closing time.
describe('opening hours and kiosks', () => {
  it('refuses a device that is not a registered kiosk, and tickets outside opening hours', async () => {
    const unregistered = await call(p, 'POST', `/api/public/${q.lgc}/queue/locations/${q.hall}/tickets`, { body: { serviceId: q.services.certificates } });
    expect(unregistered).toMatchObject({ status: 401, code: 'QUEUE_KIOSK_NOT_REGISTERED' });
    const elsewhere = await call(p, 'POST', `/api/public/${q.lgc}/queue/locations/${q.vehicle}/tickets`, { headers: q.kiosk, body: { serviceId: q.services.certificates } });
    expect(elsewhere.status).toBe(401);
    p.clock.advance(9 * 60 * 60_000); // 19:00; staff sessions have lapsed by then
    clerk = await loginAs(p, f.a, 'clerk');
    const closed = await call(p, 'POST', `/api/public/${q.lgc}/queue/locations/${q.hall}/tickets`, { headers: q.kiosk, body: { serviceId: q.services.certificates } });
    expect(closed).toMatchObject({ status: 409, code: 'QUEUE_CLOSED' });
    expect((closed.body as { error: { message: string } }).error.message).toContain('8:30〜17:15');
    // Staff may still hand one out to a resident who is in the hall.
    const byStaff = await call(p, 'POST', `/api/queue/locations/${q.hall}/tickets`, { cookie: clerk, body: { serviceId: q.services.certificates } });
    expect(byStaff.status).toBe(201);
  });

});
