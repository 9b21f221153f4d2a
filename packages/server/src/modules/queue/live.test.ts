import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { createMailer } from '../../platform/mail/mailer';
import { silentLogger } from '../../platform/log';
import { COALESCE_MS } from './live';
import { queueRuntime } from './runtime';
import { kioskTicket, readEvents, seedQueueFixture, type QueueFixture } from './test-support';

/**
 * The live side: the display board and the status page follow the queue over server-sent events, a
 * display that reconnects gets one consistent state, and a resident who asked is e-mailed when the
 * turn is near. Also the public congestion data and the statistics built from the same visits.
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
  q = await seedQueueFixture(p, f.a, { historyDays: 14 });
  clerk = await loginAs(p, f.a, 'clerk');
  admin = await loginAs(p, f.a, 'admin');
  smtp = new SMTPServer({
    authOptional: true, disabledCommands: ['STARTTLS'],
    onData(stream, _s, done) {
      simpleParser(stream).then((m) => { inbox.push(m); done(); }, done);
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  p.services.mailer = createMailer({ smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}?ignoreTLS=true`, mailFrom: 'madoguchi@example.jp' }, silentLogger);
});
afterAll(async () => {
  await queueRuntime(p.services).settled();
  await new Promise<void>((r) => smtp.close(() => r()));
  await p.close();
});

interface Board { seq: string; initial: boolean; desks: { name: string; displayNumber: string | null }[]; announcements: { displayNumber: string; deskName: string; speech: string }[]; waiting: { serviceName: string; waiting: number }[] }
interface Status { state: string; ahead: number | null; deskName: string | null; displayNumber: string }

async function open(path: string, headers: Record<string, string> = {}) {
  const res = await p.app.request(path, { headers: { accept: 'text/event-stream', ...headers } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/event-stream');
  return res.body!;
}

const callNext = async (desk: string) => ((await call(p, 'POST', `/api/queue/desks/${q.desks[desk]}/call-next`, { cookie: clerk, body: { serviceId: null } })).body as { called: { visitId: string; displayNumber: string } }).called;

describe('the display board', () => {
  it('shows the state at once, then each call with a spoken announcement', async () => {
    const t = await kioskTicket(p, q, 'certificates');
    const stream = await open(`/api/public/${q.lgc}/queue/locations/${q.hall}/board/events`);
    const eventsPromise = readEvents(stream, (events) => events.some((e) => (e.data as Board).announcements?.length > 0));
    await new Promise((r) => setTimeout(r, 50));
    const called = await callNext('1番窓口');
    const events = await eventsPromise;
    const first = events[0]!.data as Board;
    expect(first.initial).toBe(true);
    expect(first.announcements).toEqual([]);
    const last = events.at(-1)!.data as Board;
    expect(last.announcements).toEqual([expect.objectContaining({ displayNumber: t.displayNumber, deskName: '1番窓口' })]);
    expect(last.announcements[0]!.speech).toBe(`受付番号 A、${Number(t.displayNumber.slice(1))}番の方、1番窓口へお越しください。`);
    expect(last.desks.find((d) => d.name === '1番窓口')!.displayNumber).toBe(t.displayNumber);
    expect(Number(events.at(-1)!.id)).toBeGreaterThan(Number(events[0]!.id));
    await call(p, 'POST', `/api/queue/visits/${called.visitId}/done`, { cookie: clerk });
    // A closed display stops being fed.
    await expect.poll(() => queueRuntime(p.services).live.subscriberCount).toBe(0);
  });

  it('a display reconnecting with Last-Event-ID gets the current state, without replaying old announcements', async () => {
    const t = await kioskTicket(p, q, 'certificates');
    const called = await callNext('2番窓口');
    const stream = await open(`/api/public/${q.lgc}/queue/locations/${q.hall}/board/events`, { 'last-event-id': '1' });
    const [event] = await readEvents(stream, (e) => e.length > 0);
    const board = event!.data as Board;
    expect(board.initial).toBe(true);
    expect(board.announcements).toEqual([]);
    expect(board.desks.find((d) => d.name === '2番窓口')!.displayNumber).toBe(t.displayNumber);
    await call(p, 'POST', `/api/queue/visits/${called.visitId}/done`, { cookie: clerk });
  });

  it('a stale or foreign board address gets a clear error instead of a stream', async () => {
    expect((await call(p, 'GET', `/api/public/${q.lgc}/queue/locations/00000000-0000-4000-8000-000000000000/board/events`)).code).toBe('QUEUE_LOCATION_NOT_FOUND');
  });
});

describe('the status page', () => {
  it('moves up as others are called, and says which desk when it is the resident\'s turn', async () => {
    const before = await kioskTicket(p, q, 'tax');
    const mine = await kioskTicket(p, q, 'tax');
    const stream = await open(`/api/public/${q.lgc}/queue/tickets/${mine.token}/events`);
    const eventsPromise = readEvents(stream, (events) => events.some((e) => (e.data as Status).state === 'called'));
    await new Promise((r) => setTimeout(r, 50));
    const c1 = await call(p, 'POST', `/api/queue/desks/${q.desks['2番窓口']}/call-next`, { cookie: clerk, body: { serviceId: q.services.tax } });
    const first = (c1.body as { called: { visitId: string; displayNumber: string } }).called;
    expect(first.displayNumber).toBe(before.displayNumber);
    await call(p, 'POST', `/api/queue/visits/${first.visitId}/done`, { cookie: clerk });
    // Changes within COALESCE_MS of each other reach the screens as one; these are apart.
    await new Promise((r) => setTimeout(r, COALESCE_MS * 4));
    await call(p, 'POST', `/api/queue/desks/${q.desks['2番窓口']}/call-next`, { cookie: clerk, body: { serviceId: q.services.tax } });
    const events = (await eventsPromise).map((e) => e.data as Status);
    expect(events[0]).toMatchObject({ state: 'waiting', ahead: 1 });
    expect(events.some((s) => s.state === 'waiting' && s.ahead === 0)).toBe(true);
    expect(events.at(-1)).toMatchObject({ state: 'called', deskName: '2番窓口', displayNumber: mine.displayNumber });
  });

  it('follows its ticket through a transfer', async () => {
    const mine = await kioskTicket(p, q, 'children');
    const called = await callNext('7番窓口');
    expect(called.displayNumber).toBe(mine.displayNumber);
    const stream = await open(`/api/public/${q.lgc}/queue/tickets/${mine.token}/events`);
    const eventsPromise = readEvents(stream, (events) => events.some((e) => (e.data as Status & { serviceName: string }).serviceName === '福祉・介護'));
    await new Promise((r) => setTimeout(r, 50));
    await call(p, 'POST', `/api/queue/visits/${called.visitId}/transfer`, { cookie: clerk, body: { serviceId: q.services.welfare } });
    const last = (await eventsPromise).at(-1)!.data as Status & { legs: { state: string }[] };
    expect(last).toMatchObject({ state: 'waiting', ahead: 0, displayNumber: mine.displayNumber });
    expect(last.legs.map((l) => l.state)).toEqual(['transferred', 'waiting']);
  });

  it('e-mails a resident who asked, once, when the turn is near', async () => {
    const tickets = [];
    for (let i = 0; i < 4; i += 1) tickets.push(await kioskTicket(p, q, 'insurance'));
    const mine = tickets[3]!;
    const set = await call(p, 'PUT', `/api/public/${q.lgc}/queue/tickets/${mine.token}/notify`, { body: { email: 'resident@example.jp', ahead: 1 } });
    expect(set.body).toMatchObject({ notify: { email: 're***@example.jp', ahead: 1, mailAvailable: true } });
    const runtime = queueRuntime(p.services);
    const before = inbox.length;
    for (let i = 0; i < 3; i += 1) {
      const c = await callNext('4番窓口');
      await runtime.settled();
      if (i === 0) expect(inbox.length).toBe(before);
      await call(p, 'POST', `/api/queue/visits/${c.visitId}/done`, { cookie: clerk });
      await runtime.settled();
    }
    await expect.poll(() => inbox.length).toBe(before + 1);
    const mail = inbox.at(-1)!;
    expect(mail.subject).toContain(`受付番号 ${mine.displayNumber}`);
    expect(mail.text).toMatch(/あと1人|次にお呼びします/);
  });
});

describe('congestion and statistics', () => {
  it('the public overview shows waits per service; busy hours come from past weeks', async () => {
    const overview = (await call(p, 'GET', `/api/public/${q.lgc}/queue`)).body as { locations: { code: string; services: { name: string; waiting: number; estimateMinutes: number }[]; upcoming: { note: string | null }[] }[] };
    const hall = overview.locations.find((l) => l.code === 'honcho-1f')!;
    expect(hall.services.map((s) => s.name)).toContain('住民票・戸籍・印鑑証明');
    const vehicle = overview.locations.find((l) => l.code === 'idou-shiyakusho')!;
    expect(vehicle.upcoming[0]!.note).toBe('宮沢地区公民館');
    const busy = (await call(p, 'GET', `/api/public/${q.lgc}/queue/locations/${q.hall}/busy-hours`)).body as { cells: { weekday: string; hour: number; arrivals: number }[] };
    const monday9 = busy.cells.find((c) => c.weekday === 'mon' && c.hour === 9)!;
    const monday16 = busy.cells.find((c) => c.weekday === 'mon' && c.hour === 16)!;
    expect(monday9.arrivals).toBeGreaterThan(monday16.arrivals);
    expect(busy.cells.some((c) => c.weekday === 'sun')).toBe(false);
  });

  it('statistics by service, hour and day, and the same as CSV', async () => {
    const stats = (await call(p, 'GET', '/api/queue/stats?from=2026-11-13&to=2026-11-27', { cookie: admin })).body as {
      total: { visits: number; avgWaitMinutes: number }; byService: { serviceName: string; visits: number; avgServiceMinutes: number | null }[]; byHour: { hour: number }[]; byDay: { date: string; visits: number }[];
    };
    expect(stats.total.visits).toBeGreaterThan(500);
    expect(stats.total.avgWaitMinutes).toBeGreaterThan(0);
    const certificates = stats.byService.find((s) => s.serviceName === '住民票・戸籍・印鑑証明')!;
    expect(certificates.avgServiceMinutes).toBeGreaterThan(3);
    expect(stats.byDay.find((d) => d.date === '2026-11-22')!.visits).toBe(0); // a Sunday
    const csv = await p.app.request('/api/queue/stats.csv?from=2026-11-13&to=2026-11-27', { headers: { cookie: admin } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const bytes = new Uint8Array(await csv.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // BOM, so Excel reads UTF-8
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith('日付,用件,時台,受付数')).toBe(true);
    expect(text.split('\r\n').length).toBeGreaterThan(100);
  });
});
