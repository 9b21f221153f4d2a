import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Role } from '../../platform/auth/roles';
import { errorResponses, jsonBody, jsonContent, type AppEnv, type Services } from '../../platform/http/context';
import { requireAdmin, requireRole } from '../../platform/http/security';
import { loadConfig } from '../queue/config';
import { listDevices } from '../devices/service';
import { listStaff } from '../staff/service';
import { createDistrict, createRoute as createOutreachRoute, createStop, createVehicle, deleteDraftRoute, getRoute, listRoutes, loadPlan, updateStop } from './plan';
import { liveStatus, publicCalendar, publicSchedule } from './public';
import { cancelStops, editRoute, noticesOf, publishMonth, publishRoute, registerOutreachJobs } from './publish';
import {
  CalendarQuery, CancelInputSchema, CancelResultSchema, DistrictInputSchema, IdParam, LgcParam, LiveStatusSchema, MonthParam, NoticeListSchema, PlanSchema,
  PublicScheduleQuery, PublicScheduleSchema, RouteInputSchema, RoutePatchSchema, RouteQuery, RouteSchema, StatisticsSchema, StopInputSchema, StopPatchSchema,
  VehicleInputSchema,
} from './schemas';
import { outreachStatistics } from './stats';

/** Everyone who plans or looks at the vehicle's days; changes are for administrators. */
const READERS: Role[] = ['counter_staff', 'department_reviewer', 'municipality_admin', 'system_admin'];
const created = z.object({ id: z.uuid() });

export function mountOutreachRoutes(services: Services) {
  registerOutreachJobs(services);
  return (api: OpenAPIHono<AppEnv>) => {
    // ---- planning (staff) -------------------------------------------------------------------
    api.openapi(
      createRoute({ method: 'get', path: '/outreach/plan', tags: ['outreach'], summary: '移動市役所の車両・地区・停車場所（と選べる用件・職員）', responses: { 200: jsonContent(PlanSchema), ...errorResponses } }),
      async (c) => {
        const staff = requireRole(c, READERS);
        const [plan, config, people, devices] = await Promise.all([
          loadPlan(services.db, staff.municipalityId), loadConfig(services.db, staff.municipalityId), listStaff(services, staff.municipalityId), listDevices(services.db, staff.municipalityId),
        ]);
        const vehicleLocations = new Set(config.locations.filter((l) => l.kind === 'vehicle').map((l) => l.id));
        return c.json({
          ...plan,
          services: config.services.filter((s) => vehicleLocations.has(s.locationId) && s.active).map((s) => ({ id: s.id, locationId: s.locationId, name: s.name, reservable: s.reservable })),
          staff: people.filter((p) => p.active).map((p) => ({ id: p.id, displayName: p.displayName })),
          devices: devices.filter((d) => d.kind === 'vehicle' && d.status === 'active').map((d) => ({ id: d.id, label: d.label })),
        }, 200);
      },
    );
    api.openapi(
      createRoute({ method: 'post', path: '/outreach/vehicles', tags: ['outreach'], summary: '車両の登録（管理者）', request: { body: jsonBody(VehicleInputSchema) }, responses: { 201: jsonContent(created), ...errorResponses } }),
      async (c) => c.json(await createVehicle(services, requireAdmin(c), c.req.valid('json'), c.get('requestId')), 201),
    );
    api.openapi(
      createRoute({ method: 'post', path: '/outreach/districts', tags: ['outreach'], summary: '地区の登録（管理者）', request: { body: jsonBody(DistrictInputSchema) }, responses: { 201: jsonContent(created), ...errorResponses } }),
      async (c) => c.json(await createDistrict(services, requireAdmin(c), c.req.valid('json'), c.get('requestId')), 201),
    );
    api.openapi(
      createRoute({ method: 'post', path: '/outreach/stops', tags: ['outreach'], summary: '停車場所の登録（管理者）', request: { body: jsonBody(StopInputSchema) }, responses: { 201: jsonContent(created), ...errorResponses } }),
      async (c) => c.json(await createStop(services, requireAdmin(c), c.req.valid('json'), c.get('requestId')), 201),
    );
    api.openapi(
      createRoute({ method: 'patch', path: '/outreach/stops/{id}', tags: ['outreach'], summary: '停車場所の変更（管理者）', request: { params: IdParam, body: jsonBody(StopPatchSchema) }, responses: { 200: jsonContent(created), ...errorResponses } }),
      async (c) => c.json(await updateStop(services, requireAdmin(c), c.req.valid('param').id, c.req.valid('json'), c.get('requestId')), 200),
    );
    api.openapi(
      createRoute({ method: 'get', path: '/outreach/routes', tags: ['outreach'], summary: '運行計画の一覧（期間）', request: { query: RouteQuery }, responses: { 200: jsonContent(z.object({ items: z.array(RouteSchema) })), ...errorResponses } }),
      async (c) => c.json({ items: await listRoutes(services.db, requireRole(c, READERS).municipalityId, c.req.valid('query')) }, 200),
    );
    api.openapi(
      createRoute({ method: 'get', path: '/outreach/routes/{id}', tags: ['outreach'], summary: '運行計画', request: { params: IdParam }, responses: { 200: jsonContent(RouteSchema), ...errorResponses } }),
      async (c) => c.json(await getRoute(services.db, requireRole(c, READERS).municipalityId, c.req.valid('param').id), 200),
    );
    api.openapi(
      createRoute({ method: 'post', path: '/outreach/routes', tags: ['outreach'], summary: '運行計画の作成（下書き、管理者）', request: { body: jsonBody(RouteInputSchema) }, responses: { 201: jsonContent(RouteSchema), ...errorResponses } }),
      async (c) => c.json(await createOutreachRoute(services, requireAdmin(c), c.req.valid('json'), c.get('requestId')), 201),
    );
    api.openapi(
      createRoute({ method: 'put', path: '/outreach/routes/{id}', tags: ['outreach'], summary: '運行計画の変更（公開済みは停車時間・用件・停車場所の変更。予約を外す変更は不可、管理者）', request: { params: IdParam, body: jsonBody(RoutePatchSchema) }, responses: { 200: jsonContent(RouteSchema), ...errorResponses } }),
      async (c) => c.json(await editRoute(services, requireAdmin(c), c.req.valid('param').id, c.req.valid('json'), c.get('requestId')), 200),
    );
    api.openapi(
      createRoute({ method: 'delete', path: '/outreach/routes/{id}', tags: ['outreach'], summary: '下書きの運行計画の削除（管理者）', request: { params: IdParam }, responses: { 204: { description: '削除しました' }, ...errorResponses } }),
      async (c) => {
        await deleteDraftRoute(services, requireAdmin(c), c.req.valid('param').id, c.get('requestId'));
        return c.body(null, 204);
      },
    );
    api.openapi(
      createRoute({ method: 'post', path: '/outreach/routes/{id}/publish', tags: ['outreach'], summary: '運行の公開（窓口予約の枠を作る、管理者）', request: { params: IdParam }, responses: { 200: jsonContent(RouteSchema), ...errorResponses } }),
      async (c) => c.json(await publishRoute(services, requireAdmin(c), c.req.valid('param').id, c.get('requestId')), 200),
    );
    api.openapi(
      createRoute({ method: 'post', path: '/outreach/months/{month}/publish', tags: ['outreach'], summary: '1か月分の運行予定の公開（管理者）', request: { params: MonthParam }, responses: { 200: jsonContent(z.object({ month: z.string(), published: z.number().int() })), ...errorResponses } }),
      async (c) => c.json(await publishMonth(services, requireAdmin(c), c.req.valid('param').month, c.get('requestId')), 200),
    );
    api.openapi(
      createRoute({ method: 'post', path: '/outreach/routes/{id}/cancel', tags: ['outreach'], summary: '運休（停車場所または1日全体。予約者にメールで連絡、管理者）', request: { params: IdParam, body: jsonBody(CancelInputSchema) }, responses: { 200: jsonContent(CancelResultSchema), ...errorResponses } }),
      async (c) => {
        const body = c.req.valid('json');
        return c.json(await cancelStops(services, requireAdmin(c), c.req.valid('param').id, { reason: body.reason, ...(body.routeStopIds ? { routeStopIds: body.routeStopIds } : {}) }, c.get('requestId')), 200);
      },
    );
    api.openapi(
      createRoute({ method: 'get', path: '/outreach/routes/{id}/notices', tags: ['outreach'], summary: '運休のお知らせの送信状況', request: { params: IdParam }, responses: { 200: jsonContent(NoticeListSchema), ...errorResponses } }),
      async (c) => c.json({ items: await noticesOf(services, requireAdmin(c), c.req.valid('param').id) }, 200),
    );
    api.openapi(
      createRoute({ method: 'get', path: '/outreach/stats', tags: ['outreach'], summary: '停車場所・地区・日ごとの利用状況', request: { query: RouteQuery }, responses: { 200: jsonContent(StatisticsSchema), ...errorResponses } }),
      async (c) => c.json(await outreachStatistics(services, requireRole(c, READERS), c.req.valid('query')), 200),
    );

    // ---- public (no login) ------------------------------------------------------------------
    api.openapi(
      createRoute({ method: 'get', path: '/public/{lgc}/outreach/schedule', tags: ['outreach-public'], summary: '移動市役所の月間予定（公開）', request: { params: LgcParam, query: PublicScheduleQuery }, responses: { 200: jsonContent(PublicScheduleSchema), ...errorResponses } }),
      async (c) => c.json(await publicSchedule(services, c.req.valid('param').lgc, c.req.valid('query')), 200),
    );
    api.openapi(
      createRoute({
        method: 'get', path: '/public/{lgc}/outreach/calendar.ics', tags: ['outreach-public'], summary: '移動市役所の予定（iCalendar、地区・停車場所ごと、公開）',
        request: { params: LgcParam, query: CalendarQuery }, responses: { 200: { description: 'text/calendar', content: { 'text/calendar': { schema: z.string() } } }, ...errorResponses },
      }),
      async (c) => {
        const ics = await publicCalendar(services, c.req.valid('param').lgc, c.req.valid('query'));
        return c.body(ics.body, 200, { 'content-type': 'text/calendar; charset=utf-8', 'content-disposition': `inline; filename="${ics.filename}"`, 'cache-control': 'public, max-age=300' });
      },
    );
    api.openapi(
      createRoute({ method: 'get', path: '/public/{lgc}/outreach/live', tags: ['outreach-public'], summary: '移動市役所のいまの停車場所と待っている人数（公開）', request: { params: LgcParam }, responses: { 200: jsonContent(LiveStatusSchema), ...errorResponses } }),
      async (c) => c.json(await liveStatus(services, c.req.valid('param').lgc), 200),
    );
  };
}
