import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { todayInJapan } from '@madoguchi/jp';
import { errorResponses, jsonBody, jsonContent, type AppEnv, type Services } from '../../../platform/http/context';
import { requireRole } from '../../../platform/http/security';
import type { Role } from '../../../platform/auth/roles';
import { CONFLICT_KINDS } from './model';
import { deviceCaseStatus, getConflict, shippedStops, listConflicts, resolveConflict, REVIEW_STATUSES, signInVehicle, vehicleStopStats } from './service';
import { registerVehicleHandlers, vehicleDeviceOf } from './register';

const VEHICLE_STAFF: Role[] = ['counter_staff', 'municipality_admin', 'system_admin'];
const REVIEWERS: Role[] = ['counter_staff', 'department_reviewer', 'municipality_admin', 'system_admin'];

const ShippedProcedureSchema = z.object({
  procedureId: z.string(), version: z.number().int(), contentHash: z.string(), title: z.string(), departmentName: z.string().nullable(),
  definition: z.record(z.string(), z.unknown()),
}).openapi('VehicleShippedProcedure');

const SignInSchema = z.object({
  keyId: z.uuid(),
  key: z.string().openapi({ description: '端末のデータ鍵（AES-256, base64）。端末内で暗証番号の鍵で包んで保管する' }),
  issuedAt: z.string(), offlineUntil: z.string(), today: z.string(),
  staff: z.object({ id: z.uuid(), displayName: z.string() }),
  procedures: z.array(ShippedProcedureSchema),
  stops: z.array(z.object({ routeStopId: z.uuid(), date: z.string(), start: z.string(), end: z.string(), name: z.string() })).openapi({ description: 'この端末が乗る公開済みの運行の停車場所（今日から7日間）' }),
}).openapi('VehicleSignIn');

const ShippedStopsSchema = z.object({ today: z.string(), stops: SignInSchema.shape.stops }).openapi('VehicleStops');

const DeviceCaseSchema = z.object({
  clientCaseId: z.uuid(), state: z.enum(['registered', 'conflict', 'accepted', 'dismissed']), receiptNumber: z.string().nullable(),
  procedureId: z.string(), conflictKind: z.enum(CONFLICT_KINDS).nullable(), receivedAt: z.string(),
});

const ReviewItemSchema = z.object({
  id: z.uuid(), deviceId: z.uuid(), procedureId: z.string(), procedureTitle: z.string(), procedureVersion: z.number().int(), stopId: z.string().nullable(), ticketNumber: z.string().nullable(),
  status: z.enum(REVIEW_STATUSES), kind: z.enum(CONFLICT_KINDS), kindLabel: z.string(), reason: z.string(), receivedAt: z.string(), deviceTime: z.string().nullable(),
  receiptNumber: z.string().nullable(), resolutionNote: z.string().nullable(), resolvedAt: z.string().nullable(),
}).openapi('VehicleReviewItem');

const ReviewDetailSchema = z.object({
  id: z.uuid(), status: z.enum(REVIEW_STATUSES), kind: z.enum(CONFLICT_KINDS), kindLabel: z.string(), reason: z.string(),
  details: z.record(z.string(), z.unknown()), procedureId: z.string(), procedureTitle: z.string(), procedureVersion: z.number().int(), deviceId: z.uuid(),
  stopId: z.string().nullable(), ticketNumber: z.string().nullable(), receivedAt: z.string(), receiptNumber: z.string().nullable(), resolutionNote: z.string().nullable(),
  identity: z.object({ method: z.string(), name: z.string(), kana: z.string().nullable().optional(), birthDate: z.string(), address: z.string(), sex: z.string().nullable() }).nullable(),
  residentId: z.uuid().nullable(),
  answers: z.record(z.string(), z.unknown()).nullable(),
}).openapi('VehicleReviewDetail');

const IdParam = z.object({ id: z.uuid('IDの形式が正しくありません。') });

/**
 * The vehicle tablet's server side: the daily sign-in (data key and the procedures to ship), the
 * tablet's view of what the server registered, and the review queue of cases that arrived in
 * conflict (確認待ち). The cases themselves arrive as 'outreach.*' device events (register.ts).
 */
export function mountVehicleRoutes(services: Services) {
  registerVehicleHandlers(services);
  return (api: OpenAPIHono<AppEnv>) => {
    api.openapi(
      createRoute({
        method: 'post', path: '/outreach/vehicle/sign-in', tags: ['outreach'], summary: '移動市役所の端末への職員のサインイン（データ鍵と手続きの版を受け取る）',
        description: '職員のログインと端末の署名（x-device-auth）の両方が必要です。',
        request: { body: jsonBody(z.strictObject({})) },
        responses: { 200: jsonContent(SignInSchema), ...errorResponses },
      }),
      async (c) => {
        const staff = requireRole(c, VEHICLE_STAFF);
        const device = await vehicleDeviceOf(c, services, staff.municipalityId);
        return c.json(await signInVehicle(services, staff, device.deviceId, c.get('requestId')), 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/outreach/vehicle/device-cases', tags: ['outreach'], summary: 'この端末から届いた申請の登録状況（受付番号・確認待ち）',
        responses: { 200: jsonContent(z.object({ items: z.array(DeviceCaseSchema) })), ...errorResponses },
      }),
      async (c) => {
        const staff = requireRole(c, VEHICLE_STAFF);
        const device = await vehicleDeviceOf(c, services, staff.municipalityId);
        return c.json({ items: await deviceCaseStatus(services.db, staff.municipalityId, device.deviceId) }, 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/outreach/vehicle/device-stops', tags: ['outreach'],
        summary: 'この端末が乗る運行の停車場所（今日から7日間）。変更・運休を、次のサインインを待たずに端末へ伝える',
        responses: { 200: jsonContent(ShippedStopsSchema), ...errorResponses },
      }),
      async (c) => {
        const staff = requireRole(c, VEHICLE_STAFF);
        const device = await vehicleDeviceOf(c, services, staff.municipalityId);
        const today = todayInJapan(services.now());
        return c.json({ today, stops: await shippedStops(services.db, staff.municipalityId, device.deviceId, today) }, 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/outreach/vehicle/reviews', tags: ['outreach'], summary: '移動市役所の確認待ちの申請（異動・重複・確認できない内容）',
        request: { query: z.object({ status: z.enum(REVIEW_STATUSES).default('conflict') }) },
        responses: { 200: jsonContent(z.object({ items: z.array(ReviewItemSchema) })), ...errorResponses },
      }),
      async (c) => c.json({ items: await listConflicts(services, requireRole(c, REVIEWERS), c.req.valid('query').status) }, 200),
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/outreach/vehicle/reviews/{id}', tags: ['outreach'], summary: '確認待ちの申請の内容（閲覧は監査されます）',
        request: { params: IdParam },
        responses: { 200: jsonContent(ReviewDetailSchema), ...errorResponses },
      }),
      async (c) => c.json(await getConflict(services, requireRole(c, REVIEWERS), c.req.valid('param').id, c.get('requestId')), 200),
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/outreach/vehicle/reviews/{id}/decision', tags: ['outreach'], summary: '確認待ちの申請を判断する（受け付ける・受け付けない）',
        request: {
          params: IdParam,
          body: jsonBody(z.strictObject({
            decision: z.enum(['accept', 'dismiss']),
            note: z.string().max(1000),
            residentId: z.uuid('住民IDの形式が正しくありません。').nullable().default(null),
          })),
        },
        responses: {
          200: jsonContent(z.object({ id: z.uuid(), status: z.enum(['accepted', 'dismissed']), caseId: z.uuid().nullable(), receiptNumber: z.string().nullable() })),
          409: { description: '既に判断済み' }, 422: { description: '受け付けられない内容' }, ...errorResponses,
        },
      }),
      async (c) => {
        const staff = requireRole(c, ['counter_staff', 'municipality_admin', 'system_admin']);
        return c.json(await resolveConflict(services, staff, c.req.valid('param').id, c.req.valid('json'), c.get('requestId')), 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/outreach/vehicle/stats', tags: ['outreach'], summary: '移動市役所の端末から届いた記録の集計（停車場所ごと）',
        responses: {
          200: jsonContent(z.object({ items: z.array(z.object({ stopId: z.string().nullable(), served: z.number().int(), cases: z.number().int(), waitingReview: z.number().int(), meanWaitMinutes: z.number().nullable() })) })),
          ...errorResponses,
        },
      }),
      async (c) => c.json({ items: await vehicleStopStats(services.db, requireRole(c, REVIEWERS).municipalityId) }, 200),
    );
  };
}
