import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Role } from '../../platform/auth/roles';
import { errorResponses, jsonBody, jsonContent, type AppEnv, type Services } from '../../platform/http/context';
import { requireAdmin, requireRole } from '../../platform/http/security';
import {
  createDesk, createKiosk, createLocation, createService, listKiosks, loadConfig, requireLocation, setKioskActive,
  updateDesk, updateLocation, updateService,
} from './config';
import { actOnVisit, callNext, callVisit, closeDesk, linkTicket, openDesk, transferVisit, type DeskAction } from './desk';
import { managePathOf, mountPublicQueueRoutes, statusPathOf } from './public-routes';
import {
  bookForResident, cancelReservationByStaff, changeReservationByStaff, checkIn, generateSlots, listReservationsForStaff, setSlotCapacity,
} from './reservations';
import { queueRuntime } from './runtime';
import {
  BookSchema, ChangeSchema, CheckedInSchema, CheckInSchema, ConfigSchema, DeskInputSchema, DeskPatchSchema, DeskVisitSchema, HeldReservationSchema,
  IdParam, IssuedTicketSchema, IssueTicketSchema, KioskInputSchema, KioskSchema, LocationInputSchema, LocationParam, LocationPatchSchema,
  ReservationListQuery, ReservationSchema, ServiceInputSchema, ServicePatchSchema, SlotGenerateSchema, StaffQueueSchema, StaffReservationSchema, StatsQuery,
} from './schemas';
import { deskStream } from './sse';
import { queueStatistics, queueStatisticsCsv } from './stats';
import { getTicketStatus, issueTicket } from './tickets';
import { staffQueueView } from './views';

/** Everyone who works a desk: counter staff, department staff, administrators. */
const DESK_ROLES: Role[] = ['counter_staff', 'department_reviewer', 'municipality_admin', 'system_admin'];

const created = { id: z.uuid() };
const DESK_ACTIONS: Record<DeskAction, { path: string; summary: string }> = {
  recall: { path: 'recall', summary: 'もう一度呼ぶ（呼出表示と音声で再度案内）' },
  start: { path: 'start', summary: '対応を始める' },
  done: { path: 'done', summary: '対応を終える' },
  noShow: { path: 'no-show', summary: '不在にする（呼んでも来なかった）' },
  putBack: { path: 'put-back', summary: '順番待ちに戻す（同じ順番のまま）' },
};

const StatRowSchema = z.object({
  visits: z.number().int(), done: z.number().int(), noShow: z.number().int(), transferred: z.number().int(),
  avgWaitMinutes: z.number().nullable(), avgServiceMinutes: z.number().nullable(),
});
const StatisticsSchema = z.object({
  from: z.string(), to: z.string(), total: StatRowSchema,
  byService: z.array(StatRowSchema.extend({ serviceId: z.uuid(), serviceName: z.string(), p90WaitMinutes: z.number().nullable() })),
  byHour: z.array(StatRowSchema.extend({ hour: z.number().int() })),
  byDay: z.array(StatRowSchema.extend({ date: z.string() })),
}).openapi('QueueStatistics');

export function mountQueueRoutes(services: Services) {
  const runtime = queueRuntime(services);
  const deps = () => runtime.deps();
  return (api: OpenAPIHono<AppEnv>) => {
    mountPublicQueueRoutes(api, services, runtime);

    // ---- configuration ------------------------------------------------------------------
    api.openapi(
      createRoute({ method: 'get', path: '/queue/config', tags: ['queue'], summary: '窓口の場所・用件・デスクの設定', responses: { 200: jsonContent(ConfigSchema), ...errorResponses } }),
      async (c) => c.json(await loadConfig(services.db, requireRole(c, DESK_ROLES).municipalityId), 200),
    );
    api.openapi(
      createRoute({ method: 'post', path: '/queue/config/locations', tags: ['queue'], summary: '場所の登録（管理者）', request: { body: jsonBody(LocationInputSchema) }, responses: { 201: jsonContent(z.object(created)), ...errorResponses } }),
      async (c) => c.json(await createLocation(deps(), requireAdmin(c), c.req.valid('json'), c.get('requestId')), 201),
    );
    api.openapi(
      createRoute({ method: 'patch', path: '/queue/config/locations/{id}', tags: ['queue'], summary: '場所の変更（受付時間など、管理者）', request: { params: IdParam, body: jsonBody(LocationPatchSchema) }, responses: { 200: jsonContent(z.object(created)), ...errorResponses } }),
      async (c) => c.json(await updateLocation(deps(), requireAdmin(c), c.req.valid('param').id, c.req.valid('json'), c.get('requestId')), 200),
    );
    api.openapi(
      createRoute({ method: 'post', path: '/queue/config/services', tags: ['queue'], summary: '用件の登録（管理者）', request: { body: jsonBody(ServiceInputSchema) }, responses: { 201: jsonContent(z.object(created)), ...errorResponses } }),
      async (c) => c.json(await createService(deps(), requireAdmin(c), c.req.valid('json'), c.get('requestId')), 201),
    );
    api.openapi(
      createRoute({ method: 'patch', path: '/queue/config/services/{id}', tags: ['queue'], summary: '用件の変更（管理者）', request: { params: IdParam, body: jsonBody(ServicePatchSchema) }, responses: { 200: jsonContent(z.object(created)), ...errorResponses } }),
      async (c) => c.json(await updateService(deps(), requireAdmin(c), c.req.valid('param').id, c.req.valid('json'), c.get('requestId')), 200),
    );
    api.openapi(
      createRoute({ method: 'post', path: '/queue/config/desks', tags: ['queue'], summary: '窓口（デスク）の登録（管理者）', request: { body: jsonBody(DeskInputSchema) }, responses: { 201: jsonContent(z.object(created)), ...errorResponses } }),
      async (c) => c.json(await createDesk(deps(), requireAdmin(c), c.req.valid('json'), c.get('requestId')), 201),
    );
    api.openapi(
      createRoute({ method: 'patch', path: '/queue/config/desks/{id}', tags: ['queue'], summary: '窓口（デスク）の変更（管理者）', request: { params: IdParam, body: jsonBody(DeskPatchSchema) }, responses: { 200: jsonContent(z.object(created)), ...errorResponses } }),
      async (c) => c.json(await updateDesk(deps(), requireAdmin(c), c.req.valid('param').id, c.req.valid('json'), c.get('requestId')), 200),
    );
    api.openapi(
      createRoute({ method: 'get', path: '/queue/config/kiosks', tags: ['queue'], summary: '受付機の一覧（管理者）', responses: { 200: jsonContent(z.object({ items: z.array(KioskSchema) })), ...errorResponses } }),
      async (c) => c.json({ items: await listKiosks(services.db, requireAdmin(c).municipalityId) }, 200),
    );
    api.openapi(
      createRoute({
        method: 'post', path: '/queue/config/kiosks', tags: ['queue'], summary: '受付機の登録（登録用のトークンはこの応答にだけ含まれます）',
        request: { body: jsonBody(KioskInputSchema) }, responses: { 201: jsonContent(z.object({ id: z.uuid(), token: z.string() })), ...errorResponses },
      }),
      async (c) => c.json(await createKiosk(deps(), requireAdmin(c), c.req.valid('json'), c.get('requestId')), 201),
    );
    api.openapi(
      createRoute({ method: 'patch', path: '/queue/config/kiosks/{id}', tags: ['queue'], summary: '受付機の停止・再開', request: { params: IdParam, body: jsonBody(z.strictObject({ active: z.boolean() })) }, responses: { 200: jsonContent(z.object(created)), ...errorResponses } }),
      async (c) => c.json(await setKioskActive(deps(), requireAdmin(c), c.req.valid('param').id, c.req.valid('json').active, c.get('requestId')), 200),
    );
    api.openapi(
      createRoute({
        method: 'post', path: '/queue/config/slots', tags: ['queue'], summary: '予約枠の作成（受付時間から一定の長さで）',
        request: { body: jsonBody(SlotGenerateSchema) }, responses: { 200: jsonContent(z.object({ created: z.number().int(), considered: z.number().int() })), ...errorResponses },
      }),
      async (c) => c.json(await generateSlots(deps(), requireAdmin(c), c.req.valid('json'), c.get('requestId')), 200),
    );
    api.openapi(
      createRoute({
        method: 'patch', path: '/queue/slots/{id}', tags: ['queue'], summary: '予約枠の定員の変更', request: { params: IdParam, body: jsonBody(z.strictObject({ capacity: z.number().int().min(0).max(100) })) },
        responses: { 200: jsonContent(z.object({ id: z.uuid(), booked: z.number().int(), capacity: z.number().int() })), ...errorResponses },
      }),
      async (c) => c.json(await setSlotCapacity(deps(), requireAdmin(c), c.req.valid('param').id, c.req.valid('json').capacity, c.get('requestId')), 200),
    );

    // ---- the queue at a location --------------------------------------------------------
    api.openapi(
      createRoute({ method: 'get', path: '/queue/locations/{locationId}/queue', tags: ['queue'], summary: '順番待ちの一覧（窓口の画面）', request: { params: LocationParam }, responses: { 200: jsonContent(StaffQueueSchema), ...errorResponses } }),
      async (c) => {
        const staff = requireRole(c, DESK_ROLES);
        const { locationId } = c.req.valid('param');
        await requireLocation(services.db, staff.municipalityId, locationId);
        return c.json(staffQueueView(await runtime.snapshot(staff.municipalityId, locationId)), 200);
      },
    );
    api.openapi(
      createRoute({
        method: 'get', path: '/queue/locations/{locationId}/events', tags: ['queue'], summary: '順番待ちの変化（Server-Sent Events）', request: { params: LocationParam },
        responses: { 200: { description: 'text/event-stream（event: queue）', content: { 'text/event-stream': { schema: z.string() } } }, ...errorResponses },
      }),
      async (c) => {
        const staff = requireRole(c, DESK_ROLES);
        const { locationId } = c.req.valid('param');
        await requireLocation(services.db, staff.municipalityId, locationId);
        return deskStream(c, runtime, staff.municipalityId, locationId);
      },
    );
    api.openapi(
      createRoute({
        method: 'post', path: '/queue/locations/{locationId}/tickets', tags: ['queue'], summary: '職員による整理券の発行（受付時間外も可）',
        request: { params: LocationParam, body: jsonBody(IssueTicketSchema) }, responses: { 201: jsonContent(IssuedTicketSchema), ...errorResponses },
      }),
      async (c) => {
        const staff = requireRole(c, DESK_ROLES);
        const body = c.req.valid('json');
        const issued = await issueTicket(deps(), { municipalityId: staff.municipalityId, locationId: c.req.valid('param').locationId, serviceId: body.serviceId, channel: 'staff', needsAssistance: body.needsAssistance, staffId: staff.id });
        const status = await getTicketStatus(deps(), runtime.history, staff.municipalityId, issued.token);
        return c.json({ ...issued, statusPath: await statusPathOf(services.db, staff.municipalityId, issued.token), status }, 201);
      },
    );
    api.openapi(
      createRoute({
        method: 'post', path: '/queue/locations/{locationId}/check-in', tags: ['queue'], summary: '予約の受付（職員が予約番号で）',
        request: { params: LocationParam, body: jsonBody(CheckInSchema) }, responses: { 200: jsonContent(CheckedInSchema), ...errorResponses },
      }),
      async (c) => {
        const staff = requireRole(c, DESK_ROLES);
        const done = await checkIn(deps(), staff.municipalityId, c.req.valid('param').locationId, c.req.valid('json').code, staff.id);
        const status = await getTicketStatus(deps(), runtime.history, staff.municipalityId, done.token);
        return c.json({ ...done, statusPath: await statusPathOf(services.db, staff.municipalityId, done.token), status }, 200);
      },
    );

    // ---- desks and visits ---------------------------------------------------------------
    const DeskState = z.object({ deskId: z.uuid(), open: z.boolean() });
    api.openapi(
      createRoute({ method: 'post', path: '/queue/desks/{id}/open', tags: ['queue'], summary: '窓口を開ける（自分が担当）', request: { params: IdParam }, responses: { 200: jsonContent(DeskState), ...errorResponses } }),
      async (c) => c.json(await openDesk(deps(), requireRole(c, DESK_ROLES), c.req.valid('param').id), 200),
    );
    api.openapi(
      createRoute({ method: 'post', path: '/queue/desks/{id}/close', tags: ['queue'], summary: '窓口を閉じる', request: { params: IdParam }, responses: { 200: jsonContent(DeskState), ...errorResponses } }),
      async (c) => c.json(await closeDesk(deps(), requireRole(c, DESK_ROLES), c.req.valid('param').id), 200),
    );
    api.openapi(
      createRoute({
        method: 'post', path: '/queue/desks/{id}/call-next', tags: ['queue'], summary: '次の方を呼ぶ（予約・介助の方を優先）',
        request: { params: IdParam, body: jsonBody(z.strictObject({ serviceId: z.uuid().nullable().default(null) })) },
        responses: { 200: jsonContent(z.object({ called: DeskVisitSchema.nullable() })), ...errorResponses },
      }),
      async (c) => c.json({ called: await callNext(deps(), requireRole(c, DESK_ROLES), c.req.valid('param').id, c.req.valid('json').serviceId) }, 200),
    );
    api.openapi(
      createRoute({
        method: 'post', path: '/queue/desks/{id}/call', tags: ['queue'], summary: '指定した整理券を呼ぶ',
        request: { params: IdParam, body: jsonBody(z.strictObject({ visitId: z.uuid('IDの形式が正しくありません。') })) },
        responses: { 200: jsonContent(DeskVisitSchema), 409: { description: '既に呼出済みなど' }, ...errorResponses },
      }),
      async (c) => c.json(await callVisit(deps(), requireRole(c, DESK_ROLES), c.req.valid('param').id, c.req.valid('json').visitId), 200),
    );
    for (const [action, { path, summary }] of Object.entries(DESK_ACTIONS) as [DeskAction, { path: string; summary: string }][]) {
      api.openapi(
        createRoute({
          method: 'post', path: `/queue/visits/{id}/${path}`, tags: ['queue'], summary,
          request: { params: IdParam }, responses: { 200: jsonContent(DeskVisitSchema), 409: { description: '状態が変わっていた' }, ...errorResponses },
        }),
        async (c) => c.json(await actOnVisit(deps(), requireRole(c, DESK_ROLES), c.req.valid('param').id, action), 200),
      );
    }
    api.openapi(
      createRoute({
        method: 'post', path: '/queue/visits/{id}/transfer', tags: ['queue'], summary: '次の用件へ転送（同じ整理券のまま）',
        request: { params: IdParam, body: jsonBody(z.strictObject({ serviceId: z.uuid('転送先の用件を選んでください。') })) },
        responses: { 200: jsonContent(DeskVisitSchema), 409: { description: '状態が変わっていた' }, ...errorResponses },
      }),
      async (c) => c.json(await transferVisit(deps(), requireRole(c, DESK_ROLES), c.req.valid('param').id, c.req.valid('json').serviceId), 200),
    );
    api.openapi(
      createRoute({
        method: 'post', path: '/queue/visits/{id}/link', tags: ['queue'], summary: '整理券を書かない窓口の受付または住民と紐付け（閲覧は監査されます）',
        request: {
          params: IdParam,
          body: jsonBody(z.strictObject({ residentId: z.uuid('IDの形式が正しくありません。').optional(), counterVisitId: z.uuid('IDの形式が正しくありません。').optional() })
            .refine((v) => (v.residentId === undefined) !== (v.counterVisitId === undefined), { message: '住民か書かない窓口の受付の、どちらか一つを選んでください。', path: ['residentId'] })),
        },
        responses: { 200: jsonContent(z.object({ visitId: z.uuid(), residentId: z.uuid().nullable(), residentName: z.string().nullable(), counterVisitId: z.uuid().nullable() })), ...errorResponses },
      }),
      async (c) => c.json(await linkTicket(deps(), requireRole(c, DESK_ROLES), c.req.valid('param').id, c.req.valid('json'), c.get('requestId')), 200),
    );

    // ---- reservations (staff) -----------------------------------------------------------
    api.openapi(
      createRoute({
        method: 'get', path: '/queue/reservations', tags: ['queue'], summary: 'その日の予約一覧（予約者の連絡先を含むため監査されます）',
        request: { query: ReservationListQuery }, responses: { 200: jsonContent(z.object({ items: z.array(StaffReservationSchema) })), ...errorResponses },
      }),
      async (c) => c.json({ items: await listReservationsForStaff(deps(), requireRole(c, DESK_ROLES), c.req.valid('query'), c.get('requestId')) }, 200),
    );
    api.openapi(
      createRoute({
        method: 'post', path: '/queue/reservations', tags: ['queue'], summary: '電話・窓口での予約（職員が代わりに、その場で確定）',
        request: { body: jsonBody(BookSchema) }, responses: { 201: jsonContent(HeldReservationSchema), 409: { description: '満員・重複など' }, ...errorResponses },
      }),
      async (c) => {
        const staff = requireRole(c, DESK_ROLES);
        const booked = await bookForResident(deps(), staff, c.req.valid('json'), c.get('requestId'));
        return c.json({ ...booked, managePath: await managePathOf(services.db, staff.municipalityId, booked.token) }, 201);
      },
    );
    api.openapi(
      createRoute({ method: 'post', path: '/queue/reservations/{id}/cancel', tags: ['queue'], summary: '予約の取消（職員）', request: { params: IdParam }, responses: { 200: jsonContent(ReservationSchema), ...errorResponses } }),
      async (c) => c.json(await cancelReservationByStaff(deps(), requireRole(c, DESK_ROLES), c.req.valid('param').id, c.get('requestId')), 200),
    );
    api.openapi(
      createRoute({ method: 'post', path: '/queue/reservations/{id}/change', tags: ['queue'], summary: '予約の日時の変更（職員）', request: { params: IdParam, body: jsonBody(ChangeSchema) }, responses: { 200: jsonContent(ReservationSchema), ...errorResponses } }),
      async (c) => c.json(await changeReservationByStaff(deps(), requireRole(c, DESK_ROLES), c.req.valid('param').id, c.req.valid('json').slotId, c.get('requestId')), 200),
    );

    // ---- statistics ---------------------------------------------------------------------
    api.openapi(
      createRoute({ method: 'get', path: '/queue/stats', tags: ['queue'], summary: '待ち時間・対応時間の統計（用件・時間帯・日別）', request: { query: StatsQuery }, responses: { 200: jsonContent(StatisticsSchema), ...errorResponses } }),
      async (c) => c.json(await queueStatistics(services.db, requireAdmin(c).municipalityId, c.req.valid('query')), 200),
    );
    api.openapi(
      createRoute({
        method: 'get', path: '/queue/stats.csv', tags: ['queue'], summary: '統計のCSV（日・用件・時台ごと）', request: { query: StatsQuery },
        responses: { 200: { description: 'CSV (UTF-8 BOM付き)', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses },
      }),
      async (c) => {
        const staff = requireAdmin(c);
        const q = c.req.valid('query');
        const csv = await queueStatisticsCsv(services.db, staff.municipalityId, q);
        c.header('content-disposition', `attachment; filename="queue-stats-${q.from}-${q.to}.csv"`);
        return c.body(csv, 200, { 'content-type': 'text/csv; charset=utf-8' });
      },
    );
  };
}
