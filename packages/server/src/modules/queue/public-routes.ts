import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { AttemptLimiter } from '../../platform/auth/rate-limit';
import { errorResponses, jsonBody, jsonContent, type AppEnv, type Services } from '../../platform/http/context';
import { AppError } from '../../platform/http/errors';
import { getMunicipality } from '../tenancy/service';
import { municipalityIdByCode, requireKiosk, requireKioskToken, requireLocation } from './config';
import { roundedMinutes } from './estimate';
import { describeSessions, localDate, parseHours, upcomingSessions } from './hours';
import type { Db } from './model';
import { bookSlot, cancelReservation, changeReservation, checkIn, confirmReservation, dateLabel, getReservation, listSlots, reservationView } from './reservations';
import type { QueueRuntime } from './runtime';
import {
  BoardSchema, BookSchema, ChangeSchema, CheckedInSchema, CheckInSchema, HeldReservationSchema, IssuedTicketSchema, IssueTicketSchema,
  LgcLocationParam, LgcParam, LgcTokenParam, NotifySchema, PublicOverviewSchema, ReservationSchema, SlotQuery, SlotSchema, TicketStatusSchema,
} from './schemas';
import { boardStream, ticketStream } from './sse';
import { busyHours } from './stats';
import { findTicketByToken, getTicketStatus, issueTicket, loadTicketContext, setTicketNotification } from './tickets';
import { boardView } from './views';

/**
 * Routes for residents and hall devices, without a staff session. The municipality is named in the
 * path by its 全国地方公共団体コード; a ticket or booking by an unguessable token, never its number.
 * Replies carry numbers, places and times, never who is queuing. Kiosks prove themselves with the
 * token they were registered with (header x-kiosk-token).
 */

export async function statusPathOf(db: Db, municipalityId: string, token: string): Promise<string> {
  const m = await getMunicipality(db, municipalityId);
  return `/q/${m.localGovernmentCode}/t/${token}`;
}

export async function managePathOf(db: Db, municipalityId: string, token: string): Promise<string> {
  const m = await getMunicipality(db, municipalityId);
  return `/q/${m.localGovernmentCode}/r/${token}`;
}

/** The peer address; null for in-process requests (tests), which have no socket and are not limited. */
function clientAddress(c: Context<AppEnv>): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

const KioskHeader = z.object({ 'x-kiosk-token': z.string().max(64).optional().openapi({ description: '受付機の登録トークン' }) });
const BusyHoursSchema = z.object({
  weeks: z.number().int(),
  cells: z.array(z.object({ weekday: z.enum(['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat']), hour: z.number().int(), arrivals: z.number(), avgWaitMinutes: z.number().nullable() })),
}).openapi('BusyHours');

export function mountPublicQueueRoutes(api: OpenAPIHono<AppEnv>, services: Services, runtime: QueueRuntime) {
  const deps = () => runtime.deps();
  // Per address: residents at home may take a few tickets and bookings, a script may not take many.
  const remoteLimiter = new AttemptLimiter(10, 10 * 60_000);
  const bookingLimiter = new AttemptLimiter(30, 10 * 60_000);
  const limit = (limiter: AttemptLimiter, c: Context<AppEnv>) => {
    const address = clientAddress(c);
    if (address === null) return;
    const wait = limiter.hit(address, services.now().getTime());
    if (wait > 0) throw new AppError(429, 'QUEUE_RATE_LIMITED', `操作が多すぎます。${Math.ceil(wait / 60_000)}分ほど待ってからもう一度お試しください。`);
  };

  api.openapi(
    createRoute({
      method: 'get', path: '/public/{lgc}/queue', tags: ['queue-public'], summary: '窓口の場所・用件・いまの待ち状況（公開）',
      request: { params: LgcParam }, responses: { 200: jsonContent(PublicOverviewSchema), ...errorResponses },
    }),
    async (c) => {
      const municipalityId = await municipalityIdByCode(services.db, c.req.valid('param').lgc);
      const m = await getMunicipality(services.db, municipalityId);
      const locations = await services.db.selectFrom('queue_location').selectAll().where('municipality_id', '=', municipalityId).where('active', '=', true)
        .orderBy('sort_order').orderBy('code').execute();
      const reservable = new Set((await services.db.selectFrom('queue_service').select('id').where('municipality_id', '=', municipalityId).where('reservable', '=', true).execute()).map((r) => r.id));
      const today = localDate(services.now());
      const out = [];
      for (const l of locations) {
        const snapshot = await runtime.snapshot(municipalityId, l.id);
        const hours = parseHours(l.hours);
        out.push({
          id: l.id, code: l.code, name: l.name, kind: l.kind, place: l.place, open: snapshot.location.open, todaySessions: snapshot.location.todaySessions, remoteTickets: l.remote_tickets,
          upcoming: upcomingSessions(hours, today, 14).map((u) => ({ date: u.date, dateLabel: dateLabel(u.date), sessions: describeSessions(u.sessions), note: u.note })),
          services: snapshot.services.filter((s) => s.active).map((s) => ({
            id: s.id, name: s.name, ticketPrefix: s.ticketPrefix, reservable: reservable.has(s.id), waiting: s.waiting,
            estimateMinutes: roundedMinutes(s.estimateMinutes), openDesks: s.openDesks,
          })),
        });
      }
      return c.json({ municipality: { name: m.name, prefecture: m.prefecture, localGovernmentCode: m.localGovernmentCode }, locations: out }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: '/public/{lgc}/queue/kiosk', tags: ['queue-public'], summary: '受付機の登録確認',
      request: { params: LgcParam, headers: KioskHeader }, responses: { 200: jsonContent(z.object({ kioskId: z.uuid(), locationId: z.uuid() })), ...errorResponses },
    }),
    async (c) => {
      const municipalityId = await municipalityIdByCode(services.db, c.req.valid('param').lgc);
      const row = await requireKioskToken(services.db, municipalityId, c.req.valid('header')['x-kiosk-token']);
      return c.json({ kioskId: row.id, locationId: row.location_id }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post', path: '/public/{lgc}/queue/locations/{locationId}/tickets', tags: ['queue-public'], summary: '受付機での整理券の発行',
      request: { params: LgcLocationParam, headers: KioskHeader, body: jsonBody(IssueTicketSchema) }, responses: { 201: jsonContent(IssuedTicketSchema), ...errorResponses },
    }),
    async (c) => {
      const { lgc, locationId } = c.req.valid('param');
      const municipalityId = await municipalityIdByCode(services.db, lgc);
      await requireKiosk(services.db, municipalityId, locationId, c.req.valid('header')['x-kiosk-token']);
      const body = c.req.valid('json');
      const issued = await issueTicket(deps(), { municipalityId, locationId, serviceId: body.serviceId, channel: 'kiosk', needsAssistance: body.needsAssistance, staffId: null });
      const status = await getTicketStatus(deps(), runtime.history, municipalityId, issued.token);
      return c.json({ ...issued, statusPath: `/q/${lgc}/t/${issued.token}`, status }, 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'post', path: '/public/{lgc}/queue/locations/{locationId}/remote-tickets', tags: ['queue-public'], summary: '自宅からの整理券の発行（場所が許可している場合）',
      request: { params: LgcLocationParam, body: jsonBody(IssueTicketSchema) }, responses: { 201: jsonContent(IssuedTicketSchema), 429: { description: '操作が多すぎる' }, ...errorResponses },
    }),
    async (c) => {
      limit(remoteLimiter, c);
      const { lgc, locationId } = c.req.valid('param');
      const municipalityId = await municipalityIdByCode(services.db, lgc);
      const body = c.req.valid('json');
      const issued = await issueTicket(deps(), { municipalityId, locationId, serviceId: body.serviceId, channel: 'remote', needsAssistance: body.needsAssistance, staffId: null });
      const status = await getTicketStatus(deps(), runtime.history, municipalityId, issued.token);
      return c.json({ ...issued, statusPath: `/q/${lgc}/t/${issued.token}`, status }, 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'post', path: '/public/{lgc}/queue/locations/{locationId}/check-in', tags: ['queue-public'], summary: '受付機での予約の受付（予約番号を入力）',
      request: { params: LgcLocationParam, headers: KioskHeader, body: jsonBody(CheckInSchema) }, responses: { 200: jsonContent(CheckedInSchema), ...errorResponses },
    }),
    async (c) => {
      const { lgc, locationId } = c.req.valid('param');
      const municipalityId = await municipalityIdByCode(services.db, lgc);
      await requireKiosk(services.db, municipalityId, locationId, c.req.valid('header')['x-kiosk-token']);
      const done = await checkIn(deps(), municipalityId, locationId, c.req.valid('json').code, null);
      const status = await getTicketStatus(deps(), runtime.history, municipalityId, done.token);
      return c.json({ ...done, statusPath: `/q/${lgc}/t/${done.token}`, status }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: '/public/{lgc}/queue/locations/{locationId}/board', tags: ['queue-public'], summary: '呼出表示（いまの状態）',
      request: { params: LgcLocationParam }, responses: { 200: jsonContent(BoardSchema), ...errorResponses },
    }),
    async (c) => {
      const { lgc, locationId } = c.req.valid('param');
      const municipalityId = await municipalityIdByCode(services.db, lgc);
      await requireLocation(services.db, municipalityId, locationId, { activeOnly: true });
      return c.json(boardView(await runtime.snapshot(municipalityId, locationId), [], true), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: '/public/{lgc}/queue/locations/{locationId}/board/events', tags: ['queue-public'], summary: '呼出表示の更新（Server-Sent Events, event: board）',
      request: { params: LgcLocationParam },
      responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: z.string() } } }, ...errorResponses },
    }),
    async (c) => {
      const { lgc, locationId } = c.req.valid('param');
      const municipalityId = await municipalityIdByCode(services.db, lgc);
      await requireLocation(services.db, municipalityId, locationId, { activeOnly: true });
      return boardStream(c, runtime, municipalityId, locationId);
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: '/public/{lgc}/queue/locations/{locationId}/busy-hours', tags: ['queue-public'], summary: '曜日・時間帯ごとの混雑（過去8週間の平均）',
      request: { params: LgcLocationParam }, responses: { 200: jsonContent(BusyHoursSchema), ...errorResponses },
    }),
    async (c) => {
      const { lgc, locationId } = c.req.valid('param');
      const municipalityId = await municipalityIdByCode(services.db, lgc);
      await requireLocation(services.db, municipalityId, locationId, { activeOnly: true });
      return c.json(await busyHours(services.db, municipalityId, locationId, services.now()), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: '/public/{lgc}/queue/tickets/{token}', tags: ['queue-public'], summary: '整理券の状況（順番・待ち時間の目安）',
      request: { params: LgcTokenParam }, responses: { 200: jsonContent(TicketStatusSchema), ...errorResponses },
    }),
    async (c) => {
      const { lgc, token } = c.req.valid('param');
      const municipalityId = await municipalityIdByCode(services.db, lgc);
      return c.json(await getTicketStatus(deps(), runtime.history, municipalityId, token), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: '/public/{lgc}/queue/tickets/{token}/events', tags: ['queue-public'], summary: '整理券の状況の更新（Server-Sent Events, event: status）',
      request: { params: LgcTokenParam },
      responses: { 200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: z.string() } } }, ...errorResponses },
    }),
    async (c) => {
      const { lgc, token } = c.req.valid('param');
      const municipalityId = await municipalityIdByCode(services.db, lgc);
      const ctx = await loadTicketContext(services.db, await findTicketByToken(services.db, municipalityId, token));
      return ticketStream(c, runtime, ctx, () => services.mailer.configured);
    },
  );

  api.openapi(
    createRoute({
      method: 'put', path: '/public/{lgc}/queue/tickets/{token}/notify', tags: ['queue-public'], summary: '順番が近づいたらメールで知らせる（null で解除）',
      request: { params: LgcTokenParam, body: jsonBody(NotifySchema) }, responses: { 200: jsonContent(TicketStatusSchema), ...errorResponses },
    }),
    async (c) => {
      const { lgc, token } = c.req.valid('param');
      const municipalityId = await municipalityIdByCode(services.db, lgc);
      if (c.req.valid('json').email && !services.mailer.configured) {
        throw new AppError(409, 'MAIL_NOT_AVAILABLE', 'この窓口ではメールでのお知らせを行っていません。この画面を開いたままにするか、ブラウザの通知をご利用ください。');
      }
      await setTicketNotification(deps(), municipalityId, token, c.req.valid('json'));
      return c.json(await getTicketStatus(deps(), runtime.history, municipalityId, token), 200);
    },
  );

  // ---- reservations -----------------------------------------------------------------------
  api.openapi(
    createRoute({
      method: 'get', path: '/public/{lgc}/queue/slots', tags: ['queue-public'], summary: '予約の空き状況',
      request: { params: LgcParam, query: SlotQuery }, responses: { 200: jsonContent(z.object({ items: z.array(SlotSchema) })), ...errorResponses },
    }),
    async (c) => {
      const municipalityId = await municipalityIdByCode(services.db, c.req.valid('param').lgc);
      return c.json({ items: await listSlots(deps(), municipalityId, c.req.valid('query')) }, 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post', path: '/public/{lgc}/queue/reservations', tags: ['queue-public'], summary: '予約（仮予約。5分以内に確定してください）',
      request: { params: LgcParam, body: jsonBody(BookSchema) },
      responses: { 201: jsonContent(HeldReservationSchema), 409: { description: '満員・過去の枠・重複' }, 429: { description: '操作が多すぎる' }, ...errorResponses },
    }),
    async (c) => {
      limit(bookingLimiter, c);
      const { lgc } = c.req.valid('param');
      const municipalityId = await municipalityIdByCode(services.db, lgc);
      const body = c.req.valid('json');
      const held = await bookSlot(deps(), municipalityId, { slotId: body.slotId, contact: body.contact, channel: 'online' });
      return c.json({ ...held, managePath: `/q/${lgc}/r/${held.token}`, reservation: await reservationView(services.db, municipalityId, held.reservationId) }, 201);
    },
  );

  api.openapi(
    createRoute({
      method: 'get', path: '/public/{lgc}/queue/reservations/{token}', tags: ['queue-public'], summary: '予約の確認',
      request: { params: LgcTokenParam }, responses: { 200: jsonContent(ReservationSchema), ...errorResponses },
    }),
    async (c) => {
      const { lgc, token } = c.req.valid('param');
      return c.json(await getReservation(deps(), await municipalityIdByCode(services.db, lgc), token), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post', path: '/public/{lgc}/queue/reservations/{token}/confirm', tags: ['queue-public'], summary: '仮予約の確定（確認メールを送ります）',
      request: { params: LgcTokenParam }, responses: { 200: jsonContent(ReservationSchema), 409: { description: '有効時間切れ・取消済み' }, ...errorResponses },
    }),
    async (c) => {
      const { lgc, token } = c.req.valid('param');
      const municipalityId = await municipalityIdByCode(services.db, lgc);
      const manageUrl = `${new URL(c.req.url).origin}/q/${lgc}/r/${token}`;
      return c.json(await confirmReservation(deps(), municipalityId, token, manageUrl), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post', path: '/public/{lgc}/queue/reservations/{token}/cancel', tags: ['queue-public'], summary: '予約の取消',
      request: { params: LgcTokenParam }, responses: { 200: jsonContent(ReservationSchema), 409: { description: '取消できない状態' }, ...errorResponses },
    }),
    async (c) => {
      const { lgc, token } = c.req.valid('param');
      return c.json(await cancelReservation(deps(), await municipalityIdByCode(services.db, lgc), token), 200);
    },
  );

  api.openapi(
    createRoute({
      method: 'post', path: '/public/{lgc}/queue/reservations/{token}/change', tags: ['queue-public'], summary: '予約の日時の変更（同じ用件の別の枠へ）',
      request: { params: LgcTokenParam, body: jsonBody(ChangeSchema) }, responses: { 200: jsonContent(ReservationSchema), 409: { description: '満員・過去の枠' }, ...errorResponses },
    }),
    async (c) => {
      const { lgc, token } = c.req.valid('param');
      return c.json(await changeReservation(deps(), await municipalityIdByCode(services.db, lgc), token, c.req.valid('json').slotId), 200);
    },
  );
}
