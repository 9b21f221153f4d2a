import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { createMailer, nullMailer } from '../../platform/mail/mailer';
import { silentLogger } from '../../platform/log';
import { HOLD_MS, promoteDueBookings, sendDueReminders } from './reservations';
import { queueRuntime } from './runtime';
import { seedQueueFixture, type QueueFixture } from './test-support';

/**
 * Reservations: book (a short hold, then confirm), change, cancel, arrive; the capacity check and the
 * write are one statement, so concurrent bookings never overbook. E-mails go through a real
 * in-process SMTP server. The clock starts on Friday 2026-11-27 at 10:00 in Japan.
 */
let p: TestPlatform;
let f: Fixtures;
let q: QueueFixture;
let clerk: string;
let admin: string;
let smtp: SMTPServer;
const inbox: ParsedMail[] = [];

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  q = await seedQueueFixture(p, f.a);
  clerk = await loginAs(p, f.a, 'clerk');
  admin = await loginAs(p, f.a, 'admin');
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'],
    onData(stream, _s, done) {
      simpleParser(stream).then((m) => { inbox.push(m); done(); }, done);
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  p.services.mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}?ignoreTLS=true`, mailFrom: 'madoguchi@city.obanazawa.example' }, silentLogger);
});
afterAll(async () => {
  await queueRuntime(p.services).settled();
  await new Promise<void>((r) => smtp.close(() => r()));
  await p.close();
});

const pub = () => `/api/public/${q.lgc}/queue`;
interface Slot { id: string; startsAt: string; remaining: number; capacity: number; date: string }
interface Held { reservationId: string; token: string; code: string; state: string; holdExpiresAt: string | null; managePath: string }

async function slots(service = 'moving', from = '2026-11-30', to = '2026-12-04'): Promise<Slot[]> {
  const res = await call(p, 'GET', `${pub()}/slots?serviceId=${q.services[service]}&from=${from}&to=${to}`);
  expect(res.status).toBe(200);
  return (res.body as { items: Slot[] }).items;
}
const book = (slotId: string, contact: Record<string, unknown>) => call(p, 'POST', `${pub()}/reservations`, { body: { slotId, contact } });
const confirm = (token: string) => call(p, 'POST', `${pub()}/reservations/${token}/confirm`);

/** A slot of its own, so tests do not share places. */
async function slotWithCapacity(capacity: number, hour: number, date = '2026-12-01'): Promise<string> {
  const res = await call(p, 'POST', '/api/queue/config/slots', { cookie: admin, body: { serviceId: q.services.welfare, from: date, to: date, minutes: 30, capacity: 1 } });
  expect(res.status).toBe(200);
  const row = await p.services.db.selectFrom('queue_reservation_slot').select('id').where('service_id', '=', q.services.welfare!)
    .where('starts_at', '=', new Date(`${date}T${String(hour - 9).padStart(2, '0')}:00:00Z`)).executeTakeFirstOrThrow();
  await call(p, 'PATCH', `/api/queue/slots/${row.id}`, { cookie: admin, body: { capacity } });
  return row.id;
}

describe('booking online', () => {
  it('holds a place, confirms it, e-mails the resident, and counts it against the slot', async () => {
    const [slot] = await slots();
    const held = await book(slot!.id, { name: '山田 花子', email: 'hanako@example.jp' });
    expect(held.status).toBe(201);
    const h = held.body as Held;
    expect(h).toMatchObject({ state: 'held', managePath: `/q/062120/r/${h.token}` });
    expect(Date.parse(h.holdExpiresAt!) - p.clock.now.getTime()).toBe(HOLD_MS);
    expect((await slots()).find((s) => s.id === slot!.id)!.remaining).toBe(slot!.remaining - 1);

    const confirmed = await confirm(h.token);
    expect(confirmed.body).toMatchObject({ state: 'confirmed', confirmationMail: 'sent', serviceName: '転入・転出・転居の届出', dateLabel: '令和8年11月30日（月）' });
    await expect.poll(() => inbox.length).toBeGreaterThan(0);
    const mail = inbox.at(-1)!;
    expect(mail.subject).toContain('窓口のご予約を受け付けました');
    expect(mail.text).toContain(h.code);
    expect(mail.text).toContain(`/q/062120/r/${h.token}`);
    // Confirming twice (a double tap) is the same booking.
    expect((await confirm(h.token)).body).toMatchObject({ state: 'confirmed' });
    // The booking's link opens its ticket, waiting as reserved.
    expect((await call(p, 'GET', `${pub()}/tickets/${h.token}`)).body).toMatchObject({ state: 'reserved', displayNumber: null, reservation: { code: h.code } });
  });

  it('refuses a second booking by the same person for the same service and day', async () => {
    const [a, b] = await slots('children');
    const first = await book(a!.id, { name: '山田 一郎', email: 'Ichiro@Example.jp' });
    expect(first.status).toBe(201);
    const second = await book(b!.id, { name: '山田 一郎', email: 'ICHIRO@example.jp' });
    expect(second).toMatchObject({ status: 409, code: 'RESERVATION_DUPLICATE' });
    expect(await book(b!.id, { name: '連絡先なし' })).toMatchObject({ status: 400, code: 'RESERVATION_CONTACT_REQUIRED' });
  });

  it('refuses a full slot and a slot that has begun', async () => {
    const slotId = await slotWithCapacity(1, 10);
    expect((await book(slotId, { name: 'A', email: 'a1@example.jp' })).status).toBe(201);
    const full = await book(slotId, { name: 'B', email: 'b1@example.jp' });
    expect(full).toMatchObject({ status: 409, code: 'RESERVATION_SLOT_FULL' });
    expect((full.body as { error: { message: string } }).error.message).toContain('別の時間帯');

    const past = await p.services.db.selectFrom('queue_reservation_slot').select('id').where('service_id', '=', q.services.moving!)
      .where('starts_at', '<', p.clock.now).limit(1).executeTakeFirst();
    const earlier = past?.id ?? (await slotWithCapacity(2, 9, '2026-11-27'));
    expect(await book(earlier, { name: 'C', email: 'c1@example.jp' })).toMatchObject({ status: 409, code: 'RESERVATION_SLOT_PAST' });
  });

  it('a hold that is not confirmed in time lapses and gives its place back', async () => {
    const slotId = await slotWithCapacity(1, 11);
    const h = (await book(slotId, { name: 'D', email: 'd1@example.jp' })).body as Held;
    expect(await book(slotId, { name: 'E', email: 'e1@example.jp' })).toMatchObject({ status: 409, code: 'RESERVATION_SLOT_FULL' });
    p.clock.advance(HOLD_MS + 1_000);
    expect(await confirm(h.token)).toMatchObject({ status: 409, code: 'RESERVATION_HOLD_EXPIRED' });
    expect((await book(slotId, { name: 'E', email: 'e1@example.jp' })).status).toBe(201);
  });

  it('cancelling needs the booking\'s own link; a guessed one finds nothing', async () => {
    const slotId = await slotWithCapacity(1, 13);
    const h = (await book(slotId, { name: 'F', email: 'f1@example.jp' })).body as Held;
    await confirm(h.token);
    expect((await call(p, 'POST', `${pub()}/reservations/${'x'.repeat(22)}/cancel`)).code).toBe('RESERVATION_NOT_FOUND');
    expect((await call(p, 'POST', `/api/public/063410/queue/reservations/${h.token}/cancel`)).status).toBe(404);
    const cancelled = await call(p, 'POST', `${pub()}/reservations/${h.token}/cancel`);
    expect(cancelled.body).toMatchObject({ state: 'cancelled' });
    expect(await call(p, 'POST', `${pub()}/reservations/${h.token}/cancel`)).toMatchObject({ status: 409, code: 'RESERVATION_NOT_ACTIVE' });
    expect((await call(p, 'GET', `${pub()}/tickets/${h.token}`)).body).toMatchObject({ state: 'cancelled' });
    // The place is free again.
    expect((await book(slotId, { name: 'G', email: 'g1@example.jp' })).status).toBe(201);
  });

  it('moves a booking to another slot of the same service, never into a full one', async () => {
    const from = await slotWithCapacity(1, 14);
    const to = await slotWithCapacity(1, 15);
    const h = (await book(from, { name: 'H', email: 'h1@example.jp' })).body as Held;
    await confirm(h.token);
    const other = (await book(to, { name: 'I', email: 'i1@example.jp' })).body as Held;
    expect(await call(p, 'POST', `${pub()}/reservations/${h.token}/change`, { body: { slotId: to } })).toMatchObject({ status: 409, code: 'RESERVATION_SLOT_FULL' });
    await call(p, 'POST', `${pub()}/reservations/${other.token}/cancel`);
    const moved = await call(p, 'POST', `${pub()}/reservations/${h.token}/change`, { body: { slotId: to } });
    expect(moved.status).toBe(200);
    const counts = await p.services.db.selectFrom('queue_reservation_slot').select(['id', 'booked']).where('id', 'in', [from, to]).execute();
    expect(Object.fromEntries(counts.map((c) => [c.id, c.booked]))).toEqual({ [from]: 0, [to]: 1 });
  });
});

describe('no slot is ever overbooked', () => {
  it('of 40 simultaneous bookings for 20 places, exactly 20 succeed', async () => {
    const slotId = await slotWithCapacity(20, 16);
    const attempts = await Promise.all(Array.from({ length: 40 }, (_, i) => book(slotId, { name: `住民${i}`, email: `race${i}@example.jp` })));
    const ok = attempts.filter((r) => r.status === 201);
    expect(ok).toHaveLength(20);
    expect(attempts.filter((r) => r.status !== 201).every((r) => r.code === 'RESERVATION_SLOT_FULL')).toBe(true);
    const slot = await p.services.db.selectFrom('queue_reservation_slot').select('booked').where('id', '=', slotId).executeTakeFirstOrThrow();
    const rows = await p.services.db.selectFrom('queue_reservation').select('id').where('slot_id', '=', slotId).where('state', 'in', ['held', 'confirmed']).execute();
    expect(slot.booked).toBe(20);
    expect(rows).toHaveLength(20);
  });

  it('of two simultaneous bookings for the last place, exactly one succeeds', async () => {
    const slotId = await slotWithCapacity(1, 15, '2026-12-02');
    const [a, b] = await Promise.all([book(slotId, { name: '甲', email: 'ko@example.jp' }), book(slotId, { name: '乙', email: 'otsu@example.jp' })]);
    expect([a.status, b.status].sort()).toEqual([201, 409]);
  });
});

describe('on the day', () => {
  it('the kiosk checks the booking in: it gets a number and is called before walk-ins once its time has come', async () => {
    // A booking for today at 11:00, made by staff on the phone (confirmed at once, no hold).
    const slotId = await slotWithCapacity(2, 11, '2026-11-27');
    const [today] = await p.services.db.selectFrom('queue_reservation_slot').select(['id', 'starts_at']).where('id', '=', slotId).execute();
    expect(new Date(today!.starts_at).toISOString()).toBe('2026-11-27T02:00:00.000Z');
    const staffBooking = await call(p, 'POST', '/api/queue/reservations', { cookie: clerk, body: { slotId, contact: { name: '山口 正子', phone: '0237-22-1111' } } });
    expect(staffBooking.status).toBe(201);
    const code = (staffBooking.body as Held).code;

    const checkIn = () => call(p, 'POST', `${pub()}/locations/${q.hall}/check-in`, { headers: q.kiosk, body: { code: code.toLowerCase().replace('-', '') } });
    const arrived = await checkIn();
    expect(arrived.body).toMatchObject({ state: 'arrived', displayNumber: expect.stringMatching(/^F\d{3}$/) });
    expect(await checkIn()).toMatchObject({ status: 409, code: 'RESERVATION_ALREADY_CHECKED_IN' });

    const walkIn = await call(p, 'POST', `${pub()}/locations/${q.hall}/tickets`, { headers: q.kiosk, body: { serviceId: q.services.welfare } });
    const desk = q.desks['6番窓口']!;
    // 10:00: the booking is for 11:00 (slot hour 11 → 02:00Z); the walk-in is called first.
    const first = await call(p, 'POST', `/api/queue/desks/${desk}/call-next`, { cookie: clerk, body: { serviceId: null } });
    expect((first.body as { called: { displayNumber: string } }).called.displayNumber).toBe((walkIn.body as { displayNumber: string }).displayNumber);
    await call(p, 'POST', `/api/queue/visits/${(first.body as { called: { visitId: string } }).called.visitId}/done`, { cookie: clerk });
    const another = await call(p, 'POST', `${pub()}/locations/${q.hall}/tickets`, { headers: q.kiosk, body: { serviceId: q.services.welfare } });
    expect(another.status).toBe(201);
    // From 10 minutes before its time, the booking goes first; the sweep also records it as waiting.
    p.clock.now = new Date('2026-11-27T01:51:00Z');
    expect(await promoteDueBookings(queueRuntime(p.services).deps())).toBe(1);
    const bookingTicket = (await call(p, 'GET', `${pub()}/tickets/${(arrived.body as { token: string }).token}`)).body as { state: string; ahead: number };
    expect(bookingTicket).toMatchObject({ state: 'waiting', ahead: 0 });
    const second = await call(p, 'POST', `/api/queue/desks/${desk}/call-next`, { cookie: clerk, body: { serviceId: null } });
    expect((second.body as { called: { displayNumber: string } }).called.displayNumber).toBe((arrived.body as { displayNumber: string }).displayNumber);
  });

  it('a booking for another day or an unknown code is refused with what to do', async () => {
    const [slot] = await slots('insurance');
    const h = (await book(slot!.id, { name: 'J', email: 'j1@example.jp' })).body as Held;
    await confirm(h.token);
    const notToday = await call(p, 'POST', `${pub()}/locations/${q.hall}/check-in`, { headers: q.kiosk, body: { code: h.code } });
    expect(notToday).toMatchObject({ status: 409, code: 'RESERVATION_NOT_TODAY' });
    expect((notToday.body as { error: { message: string } }).error.message).toContain('令和8年11月30日（月）');
    expect(await call(p, 'POST', `${pub()}/locations/${q.hall}/check-in`, { headers: q.kiosk, body: { code: 'ZZZZ-ZZZZ' } })).toMatchObject({ status: 404, code: 'RESERVATION_NOT_FOUND' });
  });
});

describe('staff', () => {
  it('sees the day\'s bookings with contact details, and the read is audited', async () => {
    const res = await call(p, 'GET', '/api/queue/reservations?date=2026-11-30', { cookie: clerk });
    const items = (res.body as { items: { name: string; email: string | null }[] }).items;
    expect(items.map((i) => i.name)).toContain('山田 花子');
    const audit = await p.services.db.selectFrom('audit_event').select(['action', 'details']).where('action', '=', 'queue.reservation_read').orderBy('seq', 'desc').limit(1).executeTakeFirstOrThrow();
    expect((audit.details as { reservationIds: string[] }).reservationIds.length).toBe(items.length);
  });
});

describe('reminders', () => {
  it('e-mails each booking once the day before, and records when no e-mail could be sent', async () => {
    p.clock.now = new Date('2026-11-29T03:00:00Z'); // Sunday noon: Monday's bookings are within 24 hours
    admin = await loginAs(p, f.a, 'admin');
    const before = inbox.length;
    const deps = queueRuntime(p.services).deps();
    await sendDueReminders(deps);
    await sendDueReminders(deps);
    const reminded = await p.services.db.selectFrom('queue_reservation').select(['reminder_mail', 'email']).where('service_date', '=', '2026-11-30').where('state', '=', 'confirmed').execute();
    expect(reminded.length).toBeGreaterThan(0);
    expect(reminded.every((r) => r.reminder_mail === (r.email ? 'sent' : 'no_address'))).toBe(true);
    await expect.poll(() => inbox.length).toBe(before + reminded.filter((r) => r.email).length);
    expect(inbox.at(-1)!.subject).toContain('窓口のご予約のお知らせ');

    p.services.mailer = nullMailer;
    const slotId = await slotWithCapacity(1, 10, '2026-11-30');
    const h = (await book(slotId, { name: 'K', email: 'k1@example.jp' })).body as Held;
    expect((await confirm(h.token)).body).toMatchObject({ confirmationMail: 'not_sent' });
    await sendDueReminders(queueRuntime(p.services).deps());
    const row = await p.services.db.selectFrom('queue_reservation').select('reminder_mail').where('id', '=', h.reservationId).executeTakeFirstOrThrow();
    expect(row.reminder_mail).toBe('not_sent');
  });
});
