import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { createMailer } from '../../platform/mail/mailer';
import { silentLogger } from '../../platform/log';
import { DEMO_KIOSK_TOKENS } from '../queue/demo';
import { queueRuntime } from '../queue/runtime';
import { enrolTestDevice } from '../devices/test-support';
import { seedQueueFixture, type QueueFixture } from '../queue/test-support';
import { parseCalendar } from './ical-parse';
import { recordStopService, routeStopForDevice } from './stop-service';

/**
 * 移動市役所 planning through the HTTP API: validation in the planner's words, publishing into the
 * queue (sessions and slots), the public schedule and its iCalendar feed, a booking cancelled by a
 * 運休 with the e-mail caught by a real in-process SMTP server, the stop statistics fed by
 * recordStopService, and the live status. The clock starts on Friday 2026-11-27 at 10:00 in Japan.
 */
let p: TestPlatform;
let f: Fixtures;
let q: QueueFixture;
let admin: string;
let clerk: string;
let smtp: SMTPServer;
const inbox: ParsedMail[] = [];

interface Ids { tablet: string; vehicle: string; district: string; districtCode: string; stops: string[]; route: string; routeStops: string[] }
const ids = {} as Ids;
const DAY = '2026-12-01';

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  q = await seedQueueFixture(p, f.a);
  admin = await loginAs(p, f.a, 'admin');
  clerk = await loginAs(p, f.a, 'clerk');
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

const ok = async (method: string, path: string, body?: unknown, cookie = admin) => {
  const res = await call(p, method, path, { cookie, ...(body !== undefined ? { body } : {}) });
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as Record<string, unknown>;
};
const routeCount = async () => (await p.services.db.selectFrom('outreach_route').select((eb) => eb.fn.countAll<string>().as('n')).where('municipality_id', '=', f.a.municipalityId).executeTakeFirstOrThrow()).n;

describe('planning', () => {
  it('registers a vehicle only on a queue location of kind vehicle', async () => {
    const wrong = await call(p, 'POST', '/api/outreach/vehicles', { cookie: admin, body: { code: 'car-1', name: '移動市役所号', queueLocationId: q.hall } });
    expect(wrong.status).toBe(400);
    expect(wrong.code).toBe('OUTREACH_LOCATION_NOT_VEHICLE');
    ids.vehicle = (await ok('POST', '/api/outreach/vehicles', { code: 'car-1', name: '移動市役所号', queueLocationId: q.vehicle })).id as string;
    const clerkTry = await call(p, 'POST', '/api/outreach/districts', { cookie: clerk, body: { code: 'x', name: 'x' } });
    expect(clerkTry.status).toBe(403);
  });

  it('registers a district and stops; coordinates out of range are refused in Japanese', async () => {
    ids.districtCode = 'miyazawa';
    ids.district = (await ok('POST', '/api/outreach/districts', { code: 'miyazawa', name: '宮沢地区', areas: ['大字名木沢', '大字鶴子'], sortOrder: 1 })).id as string;
    const bad = await call(p, 'POST', '/api/outreach/stops', { cookie: admin, body: { districtId: ids.district, code: 'bad', name: '公民館', address: '尾花沢市', latitude: 138.4, longitude: 140.4 } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('緯度は-90〜90の数値です。');
    ids.stops = [];
    for (const [i, name] of ['宮沢地区公民館', '名木沢集会所', '鶴子, 集会所; 前'].entries()) {
      ids.stops.push((await ok('POST', '/api/outreach/stops', {
        districtId: ids.district, code: `stop-${i + 1}`, name, address: `山形県尾花沢市大字名木沢${100 + i}`, latitude: 38.62 + i / 100, longitude: 140.45, accessibility: i === 0 ? '段差なし・車いす用スロープあり' : '',
      })).id as string);
    }
    const plan = await ok('GET', '/api/outreach/plan', undefined, clerk);
    expect((plan.stops as unknown[]).length).toBe(3);
    expect((plan.services as { name: string }[]).map((s) => s.name)).toEqual(['住民票・各種証明書', '電子タクシー券の申請', '暮らしの相談']);
  });

  it('lists every problem of a route at once, in the planner\'s words, and saves nothing', async () => {
    const res = await call(p, 'POST', '/api/outreach/routes', {
      cookie: admin,
      body: {
        vehicleId: ids.vehicle, date: '2026-11-27',
        stops: [
          { stopId: ids.stops[0], start: '10:00', end: '11:00', serviceIds: [q.services['idou-certificates']] },
          { stopId: ids.stops[1], start: '10:30', end: '10:40', serviceIds: [q.services.moving] },
          { stopId: ids.stops[0], start: '13:00', end: '14:00', serviceIds: [] },
        ],
        deviceIds: [crypto.randomUUID()],
      },
    });
    expect(res.status).toBe(400);
    expect(res.code).toBe('OUTREACH_ROUTE_INVALID');
    const details = (res.body as { error: { details: { path: string; message: string }[] } }).error.details;
    expect(details).toEqual(expect.arrayContaining([
      { path: 'date', message: '運行日は明日以降の日付にしてください。' },
      { path: 'stops.1.start', message: '前の停車場所の終了（11:00）より後の時刻にしてください。停車場所は回る順に並べます。' },
      { path: 'stops.1.end', message: '停車時間は15分以上にしてください。' },
      { path: 'stops.1.serviceIds', message: 'この車両で扱っていない用件が含まれています。車両の用件から選び直してください。' },
      { path: 'stops.2.stopId', message: '同じ停車場所が2回入っています。1回にまとめてください。' },
      { path: 'stops.2.serviceIds', message: 'この停車場所で受け付ける用件を1つ以上選んでください。' },
      { path: 'deviceIds', message: '車両の端末として登録が済んでいない（または無効にした）端末が含まれています。「端末の管理」で確認してください。' },
    ]));
    const tooMany = await call(p, 'POST', '/api/outreach/routes', {
      cookie: admin,
      body: { vehicleId: ids.vehicle, date: DAY, stops: Array.from({ length: 13 }, (_, i) => ({ stopId: ids.stops[i % 3], start: `${String(7 + i).padStart(2, '0')}:00`, end: `${String(7 + i).padStart(2, '0')}:30`, serviceIds: [q.services['idou-certificates']] })) },
    });
    expect(tooMany.status).toBe(400);
    expect(JSON.stringify(tooMany.body)).toContain('1日の停車は12か所までです。');
    expect(await routeCount()).toBe('0');
  });

  it('creates a draft route with three stops, its staff and its tablet, that residents cannot see yet', async () => {
    ids.tablet = (await enrolTestDevice(p, admin, { kind: 'vehicle', label: '移動市役所1号車' })).deviceId;
    expect(((await ok('GET', '/api/outreach/plan', undefined, clerk)).devices as { label: string }[]).map((d) => d.label)).toEqual(['移動市役所1号車']);
    const route = await ok('POST', '/api/outreach/routes', {
      vehicleId: ids.vehicle, date: DAY, slotMinutes: 30, slotCapacity: 2, staffIds: [f.a.staff.clerk], deviceIds: [ids.tablet],
      stops: [
        { stopId: ids.stops[0], start: '10:00', end: '11:00', serviceIds: [q.services['idou-certificates']] },
        { stopId: ids.stops[1], start: '13:00', end: '14:00', serviceIds: [q.services['idou-certificates'], q.services['idou-taxi']] },
        { stopId: ids.stops[2], start: '15:00', end: '15:30', serviceIds: [q.services['idou-soudan']] },
      ],
    });
    expect(route.state).toBe('draft');
    expect(route.deviceIds).toEqual([ids.tablet]);
    ids.route = route.id as string;
    ids.routeStops = (route.stops as { id: string }[]).map((s) => s.id);
    const pub = await ok('GET', `/api/public/${f.a.code}/outreach/schedule?month=2026-12`, undefined, '');
    expect(pub.days).toEqual([]);
    const again = await call(p, 'POST', '/api/outreach/routes', { cookie: admin, body: { vehicleId: ids.vehicle, date: DAY, stops: [{ stopId: ids.stops[0], start: '09:00', end: '10:00', serviceIds: [q.services['idou-certificates']] }] } });
    expect(again.status).toBe(409);
    expect(again.code).toBe('OUTREACH_ROUTE_EXISTS');
  });
});

interface Slot { id: string; startsAt: string; remaining: number; capacity: number; date: string }
const slotsOf = async (service: string): Promise<Slot[]> =>
  ((await ok('GET', `/api/public/${f.a.code}/queue/slots?serviceId=${q.services[service]}&from=${DAY}&to=${DAY}`, undefined, '')).items as Slot[]);
const jst = (iso: string) => new Date(new Date(iso).getTime() + 9 * 3_600_000).toISOString().slice(11, 16);

describe('publishing into the queue', () => {
  it('makes the stops the vehicle location\'s sessions that day and opens slots where each service is offered', async () => {
    const published = await ok('POST', `/api/outreach/months/2026-12/publish`);
    expect(published).toEqual({ month: '2026-12', published: 1 });
    const config = await ok('GET', '/api/queue/config', undefined, clerk);
    const vehicle = (config.locations as { id: string; hours: { dates: Record<string, string[][]>; notes: Record<string, string> } }[]).find((l) => l.id === q.vehicle)!;
    expect(vehicle.hours.dates[DAY]).toEqual([['10:00', '11:00'], ['13:00', '14:00'], ['15:00', '15:30']]);
    expect(vehicle.hours.notes[DAY]).toBe('宮沢地区公民館・名木沢集会所・鶴子, 集会所; 前');
    const certificates = await slotsOf('idou-certificates');
    expect(certificates.filter((s) => s.capacity > 0).map((s) => jst(s.startsAt))).toEqual(['10:00', '10:30', '13:00', '13:30']);
    expect(certificates.filter((s) => s.capacity === 0).map((s) => jst(s.startsAt))).toEqual(['15:00']);
    const taxi = await slotsOf('idou-taxi');
    expect(taxi.filter((s) => s.capacity > 0).map((s) => jst(s.startsAt))).toEqual(['13:00', '13:30']);
    // Publishing again changes nothing.
    await ok('POST', `/api/outreach/routes/${ids.route}/publish`);
    expect((await slotsOf('idou-certificates')).length).toBe(certificates.length);
  });

  it('shows the published month to residents, per district, with what each stop offers', async () => {
    const pub = await ok('GET', `/api/public/${f.a.code}/outreach/schedule?month=2026-12&district=${ids.districtCode}`, undefined, '');
    expect(pub.monthPublished).toBe(true);
    expect(pub.monthLabel).toBe('令和8年12月（2026年12月）');
    const [day] = pub.days as { date: string; dateLabel: string; stops: { stopName: string; services: string[]; state: string; bookingLocationId: string | null; accessibility: string }[] }[];
    expect(day!.dateLabel).toBe('令和8年12月1日（火）');
    expect(day!.stops.map((s) => s.stopName)).toEqual(['宮沢地区公民館', '名木沢集会所', '鶴子, 集会所; 前']);
    expect(day!.stops[1]!.services).toEqual(['住民票・各種証明書', '電子タクシー券の申請']);
    expect(day!.stops[0]!.bookingLocationId).toBe(q.vehicle);
    expect(day!.stops[0]!.accessibility).toBe('段差なし・車いす用スロープあり');
    const unknown = await call(p, 'GET', `/api/public/${f.a.code}/outreach/schedule?district=nowhere`);
    expect(unknown.status).toBe(404);
  });

  it('serves an iCalendar feed that parses back: CRLF, folded lines of at most 75 octets, Asia/Tokyo, stable UIDs', async () => {
    const res = await p.app.request(`/api/public/${f.a.code}/outreach/calendar.ics?district=${ids.districtCode}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    const text = await res.text();
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    for (const line of text.split('\r\n')) expect(new TextEncoder().encode(line).length).toBeLessThanOrEqual(75);
    const cal = parseCalendar(text);
    expect(cal.properties['X-WR-CALNAME']).toBe('尾花沢市 移動市役所（宮沢地区）');
    expect(cal.timezones).toEqual(['Asia/Tokyo']);
    expect(cal.events.map((e) => [e.DTSTART, e.DTEND])).toEqual([
      ['TZID=Asia/Tokyo:20261201T100000', 'TZID=Asia/Tokyo:20261201T110000'],
      ['TZID=Asia/Tokyo:20261201T130000', 'TZID=Asia/Tokyo:20261201T140000'],
      ['TZID=Asia/Tokyo:20261201T150000', 'TZID=Asia/Tokyo:20261201T153000'],
    ]);
    // Escaped TEXT comes back as written.
    expect(cal.events[2]!.SUMMARY).toBe('移動市役所 鶴子, 集会所; 前');
    expect(cal.events[0]!.DESCRIPTION).toContain('バリアフリー: 段差なし・車いす用スロープあり');
    expect(cal.events.map((e) => e.UID)).toEqual(ids.routeStops.map((id) => `${id}@outreach.${f.a.code}.madoguchi`));
    const byStop = parseCalendar(await (await p.app.request(`/api/public/${f.a.code}/outreach/calendar.ics?stop=stop-2`)).text());
    expect(byStop.events.map((e) => e.UID)).toEqual([cal.events[1]!.UID]);
    expect((await p.app.request(`/api/public/${f.a.code}/outreach/calendar.ics?stop=nowhere`)).status).toBe(404);
  });
});

describe('cancelling a stop', () => {
  const tokens: Record<string, string> = {};

  it('books through the queue, then a 運休 cancels the bookings in that stop and e-mails the residents', async () => {
    const certificates = await slotsOf('idou-certificates');
    const at = (t: string) => certificates.find((s) => jst(s.startsAt) === t)!.id;
    for (const [who, slotId, email] of [['first', at('10:00'), 'hanako@example.jp'], ['second', at('13:00'), 'taro@example.jp']] as const) {
      const held = await ok('POST', `/api/public/${f.a.code}/queue/reservations`, { slotId, contact: { name: who === 'first' ? '山田 花子' : '山田 太郎', email } }, '');
      await ok('POST', `/api/public/${f.a.code}/queue/reservations/${held.token as string}/confirm`, undefined, '');
      tokens[who] = held.token as string;
    }
    const phoneOnly = await ok('POST', '/api/queue/reservations', { slotId: at('10:30'), contact: { name: '山口 正子', phone: '0237-22-1111' } }, clerk);
    expect(phoneOnly.state).toBe('confirmed');
    inbox.length = 0;

    const noReason = await call(p, 'POST', `/api/outreach/routes/${ids.route}/cancel`, { cookie: admin, body: { reason: ' ', routeStopIds: [ids.routeStops[0]] } });
    expect(noReason.status).toBe(400);
    expect((await ok('GET', `/api/public/${f.a.code}/queue/reservations/${tokens.first}`, undefined, '')).state).toBe('confirmed');

    const result = await ok('POST', `/api/outreach/routes/${ids.route}/cancel`, { reason: '大雪のため', routeStopIds: [ids.routeStops[0]] });
    const notices = result.notices as { name: string; outcome: string; email: string | null; phone: string | null }[];
    expect(notices.map((n) => [n.name, n.outcome]).sort()).toEqual([['山口 正子', 'no_address'], ['山田 花子', 'queued']]);
    expect((result.route as { state: string }).state).toBe('published');

    expect(await p.services.jobs.runDue()).toBe(1);
    expect(inbox).toHaveLength(1);
    const mail = inbox[0]!;
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('hanako@example.jp');
    expect(mail.subject).toBe('【尾花沢市】移動市役所 運休のお知らせ（令和8年12月1日 宮沢地区公民館）');
    expect(mail.text).toContain('令和8年12月1日 10:00〜11:00の「宮沢地区公民館」への停車は運休します。\n理由: 大雪のため');
    expect(mail.text).toContain(`/outreach/${f.a.code}`);

    expect((await ok('GET', `/api/public/${f.a.code}/queue/reservations/${tokens.first}`, undefined, '')).state).toBe('cancelled');
    expect((await ok('GET', `/api/public/${f.a.code}/queue/reservations/${tokens.second}`, undefined, '')).state).toBe('confirmed');
    const sent = await ok('GET', `/api/outreach/routes/${ids.route}/notices`);
    expect((sent.items as { outcome: string }[]).map((n) => n.outcome).sort()).toEqual(['no_address', 'sent']);
  });

  it('marks the stop 運休 with its reason for residents, closes its slots and its queue session', async () => {
    const pub = await ok('GET', `/api/public/${f.a.code}/outreach/schedule?month=2026-12`, undefined, '');
    const stops = (pub.days as { stops: { stopName: string; state: string; cancelReason: string | null; bookingLocationId: string | null }[] }[])[0]!.stops;
    expect(stops.map((s) => [s.stopName, s.state, s.cancelReason])).toEqual([
      ['宮沢地区公民館', 'cancelled', '大雪のため'], ['名木沢集会所', 'scheduled', null], ['鶴子, 集会所; 前', 'scheduled', null],
    ]);
    expect(stops[0]!.bookingLocationId).toBeNull();
    const certificates = await slotsOf('idou-certificates');
    expect(certificates.filter((s) => s.remaining > 0).map((s) => jst(s.startsAt))).toEqual(['13:00', '13:30']);
    const config = await ok('GET', '/api/queue/config', undefined, clerk);
    const vehicle = (config.locations as { id: string; hours: { dates: Record<string, string[][]> } }[]).find((l) => l.id === q.vehicle)!;
    expect(vehicle.hours.dates[DAY]).toEqual([['13:00', '14:00'], ['15:00', '15:30']]);
    const cal = parseCalendar(await (await p.app.request(`/api/public/${f.a.code}/outreach/calendar.ics`)).text());
    expect(cal.events[0]).toMatchObject({ UID: `${ids.routeStops[0]}@outreach.${f.a.code}.madoguchi`, STATUS: 'CANCELLED', SUMMARY: '【運休】移動市役所 宮沢地区公民館', SEQUENCE: '1' });
    const twice = await call(p, 'POST', `/api/outreach/routes/${ids.route}/cancel`, { cookie: admin, body: { reason: '大雪のため', routeStopIds: [ids.routeStops[0]] } });
    expect(twice.status).toBe(400);
    expect(twice.code).toBe('OUTREACH_ROUTE_STOP_NOT_FOUND');
  });

  it('refuses a change to a published route that would leave a booked resident outside the stops, and changes nothing', async () => {
    const before = await ok('GET', `/api/outreach/routes/${ids.route}`);
    const cert = q.services['idou-certificates'];
    // 山田 太郎 is booked at 13:00 for certificates at 名木沢集会所: moving that stop to 13:30, or dropping certificates there, strands him.
    for (const stop1 of [
      { stopId: ids.stops[1], start: '13:30', end: '14:30', serviceIds: [cert] },
      { stopId: ids.stops[1], start: '13:00', end: '14:00', serviceIds: [q.services['idou-taxi']] },
    ]) {
      const res = await call(p, 'PUT', `/api/outreach/routes/${ids.route}`, { cookie: admin, body: { date: DAY, slotMinutes: 30, slotCapacity: 2, deviceIds: [ids.tablet], stops: [stop1, { stopId: ids.stops[2], start: '15:00', end: '15:30', serviceIds: [q.services['idou-soudan']] }] } });
      expect(res.status).toBe(409);
      expect(res.code).toBe('OUTREACH_ROUTE_EDIT_BREAKS_BOOKINGS');
      expect(JSON.stringify(res.body)).toContain('予約が入っている時間帯を外す変更です（1件: 13:00 ');
    }
    const movedDay = await call(p, 'PUT', `/api/outreach/routes/${ids.route}`, { cookie: admin, body: { date: '2026-12-02', stops: [{ stopId: ids.stops[1], start: '13:00', end: '14:00', serviceIds: [cert] }] } });
    expect(movedDay.status).toBe(400);
    expect(JSON.stringify(movedDay.body)).toContain('公開済みの運行の日付は変えられません。');
    const revived = await call(p, 'PUT', `/api/outreach/routes/${ids.route}`, { cookie: admin, body: { date: DAY, slotMinutes: 30, slotCapacity: 2, stops: [{ stopId: ids.stops[0], start: '10:00', end: '11:00', serviceIds: [cert] }, { stopId: ids.stops[1], start: '13:00', end: '14:00', serviceIds: [cert] }] } });
    expect(revived.status).toBe(400);
    expect(JSON.stringify(revived.body)).toContain('運休にした停車場所は戻せません。');
    expect(await ok('GET', `/api/outreach/routes/${ids.route}`)).toEqual(before);
  });

  it('edits a published route that keeps every booking: the stops keep their ids, the queue sessions and slots follow', async () => {
    const cert = q.services['idou-certificates'];
    // 名木沢集会所 (where 山田 太郎 is booked at 13:00) runs 30 minutes longer; 鶴子 moves to 16:00 and offers certificates.
    const edited = await ok('PUT', `/api/outreach/routes/${ids.route}`, {
      date: DAY, slotMinutes: 30, slotCapacity: 2, staffIds: [f.a.staff.clerk], deviceIds: [ids.tablet],
      stops: [
        { stopId: ids.stops[1], start: '13:00', end: '14:30', serviceIds: [cert, q.services['idou-taxi']] },
        { stopId: ids.stops[2], start: '16:00', end: '16:30', serviceIds: [cert] },
      ],
    });
    expect(edited.state).toBe('published');
    const stops = edited.stops as { id: string; stopId: string; start: string; end: string; state: string }[];
    expect(stops.find((s) => s.stopId === ids.stops[1])).toMatchObject({ id: ids.routeStops[1], start: '13:00', end: '14:30', state: 'scheduled' });
    expect(stops.find((s) => s.stopId === ids.stops[2])).toMatchObject({ id: ids.routeStops[2], start: '16:00', end: '16:30' });
    expect(stops.find((s) => s.stopId === ids.stops[0])).toMatchObject({ id: ids.routeStops[0], state: 'cancelled' });
    const config = await ok('GET', '/api/queue/config', undefined, clerk);
    const vehicle = (config.locations as { id: string; hours: { dates: Record<string, string[][]> } }[]).find((l) => l.id === q.vehicle)!;
    expect(vehicle.hours.dates[DAY]).toEqual([['13:00', '14:30'], ['16:00', '16:30']]);
    const open = (list: Slot[]) => list.filter((s) => s.capacity > 0).map((s) => jst(s.startsAt));
    expect(open(await slotsOf('idou-certificates'))).toEqual(['13:00', '13:30', '14:00', '16:00']);
    expect(open(await slotsOf('idou-taxi'))).toEqual(['13:00', '13:30', '14:00']);
    // 山田 太郎's booking is untouched.
    expect((await ok('GET', `/api/public/${f.a.code}/queue/reservations/${tokens.second}`, undefined, '')).state).toBe('confirmed');
    // Put the day back as the statistics below expect it.
    await ok('PUT', `/api/outreach/routes/${ids.route}`, {
      date: DAY, slotMinutes: 30, slotCapacity: 2, staffIds: [f.a.staff.clerk], deviceIds: [ids.tablet],
      stops: [
        { stopId: ids.stops[1], start: '13:00', end: '14:00', serviceIds: [cert, q.services['idou-taxi']] },
        { stopId: ids.stops[2], start: '15:00', end: '15:30', serviceIds: [q.services['idou-soudan']] },
      ],
    });
    expect(open(await slotsOf('idou-certificates'))).toEqual(['13:00', '13:30']);
  });
});

describe('stop statistics', () => {
  it('records served residents exactly once per id and refuses an unknown stop', async () => {
    const m = f.a.municipalityId;
    const served = new Date('2026-12-01T04:10:00Z');
    const rows = [
      { id: '0193a000-0000-7000-8000-000000000001', procedureId: 'juminhyo', visitKey: 'M001', waitSeconds: 120 },
      { id: '0193a000-0000-7000-8000-000000000002', procedureId: 'inkan', visitKey: 'M001', waitSeconds: 120 },
      { id: '0193a000-0000-7000-8000-000000000003', procedureId: 'juminhyo', visitKey: 'M002', waitSeconds: 480 },
    ];
    for (const r of rows) {
      const out = await p.services.db.transaction().execute((trx) => recordStopService(trx, { municipalityId: m, routeStopId: ids.routeStops[1]!, caseId: null, procedureId: r.procedureId, servedAt: served, waitSeconds: r.waitSeconds, deviceId: null, visitKey: r.visitKey, id: r.id }, p.services.now()));
      expect(out).toEqual({ id: r.id, recorded: true });
    }
    const again = await p.services.db.transaction().execute((trx) => recordStopService(trx, { municipalityId: m, routeStopId: ids.routeStops[1]!, caseId: null, procedureId: 'juminhyo', servedAt: served, waitSeconds: 120, deviceId: null, visitKey: 'M001', id: rows[0]!.id }));
    expect(again).toEqual({ id: rows[0]!.id, recorded: false });
    await expect(p.services.db.transaction().execute((trx) => recordStopService(trx, { municipalityId: f.b.municipalityId, routeStopId: ids.routeStops[1]!, caseId: null, procedureId: null, servedAt: served, waitSeconds: null, deviceId: null })))
      .rejects.toMatchObject({ code: 'OUTREACH_ROUTE_STOP_NOT_FOUND' });
    await expect(p.services.db.transaction().execute((trx) => recordStopService(trx, { municipalityId: m, routeStopId: ids.routeStops[1]!, caseId: null, procedureId: null, servedAt: served, waitSeconds: -5, deviceId: null })))
      .rejects.toMatchObject({ code: 'OUTREACH_STOP_SERVICE_INVALID' });
  });

  it('aggregates residents, procedures and waits per stop, district and day; a cancelled stop is counted apart', async () => {
    const stats = await ok('GET', '/api/outreach/stats?from=2026-12-01&to=2026-12-31', undefined, clerk);
    expect(stats.total).toEqual({ residents: 2, procedures: 3, avgWaitMinutes: 4, maxWaitMinutes: 8, stopsScheduled: 2, stopsCancelled: 1 });
    expect(stats.byDistrict).toEqual([{ districtId: ids.district, districtName: '宮沢地区', residents: 2, procedures: 3, avgWaitMinutes: 4, maxWaitMinutes: 8, stopsScheduled: 2, stopsCancelled: 1 }]);
    const byStop = stats.byStop as { stopName: string; residents: number; visits: number; residentsPerVisit: number | null }[];
    expect(byStop.map((s) => [s.stopName, s.visits, s.residents, s.residentsPerVisit])).toEqual([['名木沢集会所', 1, 2, 2], ['鶴子, 集会所; 前', 1, 0, 0]]);
    expect((stats.byDay as { date: string; residents: number }[]).map((d) => [d.date, d.residents])).toEqual([['2026-12-01', 2]]);
    expect(stats.byProcedure).toEqual([{ procedureId: 'juminhyo', title: 'juminhyo', count: 2 }, { procedureId: 'inkan', title: 'inkan', count: 1 }]);
    const bad = await call(p, 'GET', '/api/outreach/stats?from=2026-12-31&to=2026-12-01', { cookie: clerk });
    expect(bad.status).toBe(400);
  });
});

describe('live stop status', () => {
  it('tells where the vehicle is, where it goes next and how many wait there', async () => {
    p.clock.now = new Date('2026-12-01T04:05:00Z'); // 13:05 in Japan
    const res = await call(p, 'POST', `/api/public/${f.a.code}/queue/locations/${q.vehicle}/tickets`, { headers: { 'x-kiosk-token': DEMO_KIOSK_TOKENS.vehicle }, body: { serviceId: q.services['idou-certificates'] } });
    expect(res.status).toBe(201);
    // The tablet's own queue at this stop, as synced: one waiting, one already served.
    for (const [n, status] of [['M001', 'waiting'], ['M002', 'done']] as const) {
      await p.services.db.insertInto('outreach_vehicle_ticket').values({
        municipality_id: f.a.municipalityId, device_id: crypto.randomUUID(), ticket_id: crypto.randomUUID(), stop_id: ids.routeStops[1]!, service_label: '住民票',
        number: n, status, issued_at: p.services.now(), called_at: null, done_at: null,
      }).execute();
    }
    const live = await ok('GET', `/api/public/${f.a.code}/outreach/live`, undefined, '');
    const [vehicle] = live.vehicles as { vehicleName: string; current: { stopName: string } | null; next: { stopName: string } | null; waiting: number | null; lastReportAt: string | null }[];
    expect(vehicle!.current?.stopName).toBe('名木沢集会所');
    expect(vehicle!.next?.stopName).toBe('鶴子, 集会所; 前');
    expect(vehicle!.waiting).toBe(2);
    const last = await p.services.db.selectFrom('outreach_stop_service').select((eb) => eb.fn.max('recorded_at').as('at')).where('municipality_id', '=', f.a.municipalityId).executeTakeFirstOrThrow();
    expect(vehicle!.lastReportAt).toBe(new Date(last.at as Date).toISOString());
  });

  it('finds the stop a device on the route is at', async () => {
    const found = await routeStopForDevice(p.services.db, f.a.municipalityId, ids.tablet, new Date('2026-12-01T04:30:00Z'));
    expect(found?.routeStopId).toBe(ids.routeStops[1]);
    expect(await routeStopForDevice(p.services.db, f.a.municipalityId, crypto.randomUUID(), new Date('2026-12-01T04:30:00Z'))).toBeNull();
  });
});
