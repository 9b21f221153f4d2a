import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { errorResponses, jsonBody, jsonContent, type AppEnv, type Services } from '../../../platform/http/context';
import { AppError } from '../../../platform/http/errors';
import { requireRole } from '../../../platform/http/security';
import { operatorIdOf } from '../access';
import { registerDeviceEventHandler, requireDevice } from '../../devices';
import { jpkiVerificationOf } from '../../online/signing';
import { authoriseBoarding } from './boarding';
import { createDriver, listDrivers, updateDriver } from './drivers';
import { buildTerminalList, listPublicKey } from './list';
import { RIDE_EVENT_KIND, applyRideEvent } from './rides';

const Uuid = z.uuid();
const SubsidyRule = z.union([
  z.object({ kind: z.literal('rate'), percent: z.number().int(), maxYen: z.number().int() }),
  z.object({ kind: z.literal('fixed'), amountYen: z.number().int() }),
]);
const Programme = z.object({
  id: Uuid, name: z.string(), ruleVersion: z.number().int(), rule: SubsidyRule,
  caps: z.object({ perDay: z.number().int(), perMonth: z.number().int().nullable(), perYear: z.number().int() }),
  fare: z.object({ minYen: z.number().int(), maxYen: z.number().int() }),
}).openapi('TaxiBoardingProgramme');

const BoardingBody = z.strictObject({
  certificate: z.string().min(100, 'カードの証明書を読み取れていません。').max(12_000).regex(/^[A-Za-z0-9+/]+=*$/, '証明書はBase64で送ってください。')
    .openapi({ description: '利用者証明用電子証明書（DER, Base64）。暗証番号は不要' }),
}).openapi('TaxiBoardingRequest');
const BoardingReply = z.object({
  binding: z.string(), givenName: z.string(),
  remaining: z.object({ day: z.number().int(), month: z.number().int().nullable(), year: z.number().int() }),
  programme: Programme, serverTime: z.string(),
}).openapi('TaxiBoardingAnswer');

const ListReply = z.object({
  list: z.object({ body: z.record(z.string(), z.unknown()), keyId: Uuid, signature: z.string() }),
  key: z.object({ keyId: Uuid, jwk: z.record(z.string(), z.unknown()) }),
}).openapi('TaxiTerminalList');

const DriverSchema = z.object({ id: Uuid, code: z.string(), name: z.string(), active: z.boolean() }).openapi('TaxiDriver');
const DriverBody = z.strictObject({
  code: z.string().regex(/^[0-9]{3,8}$/, '乗務員番号は数字3〜8桁で入力してください。'),
  name: z.string().trim().min(1, '氏名を入力してください。').max(40),
  pin: z.string().regex(/^[0-9]{4}$/, '暗証番号は数字4桁で入力してください。'),
}).openapi('TaxiDriverCreate');
const DriverPatch = z.strictObject({
  active: z.boolean().optional(),
  pin: z.string().regex(/^[0-9]{4}$/, '暗証番号は数字4桁で入力してください。').optional(),
}).openapi('TaxiDriverUpdate');

/**
 * The in-taxi terminal's server side: the signed list and online boarding (device-authenticated,
 * x-device-auth), the 'taxi.ride' device event handler, and the operator's drivers (staff).
 */
export function mountTaxiTerminalRoutes(services: Services) {
  registerDeviceEventHandler(RIDE_EVENT_KIND, applyRideEvent, { deviceKinds: ['taxi'] });
  return (api: OpenAPIHono<AppEnv>) => {
    /** City admins manage any operator's drivers; an operator's office staff only their own. */
    const driverManager = async (c: Parameters<typeof requireRole>[0], operatorId: string) => {
      const staff = requireRole(c, ['municipality_admin', 'system_admin', 'taxi_operator']);
      const isAdmin = staff.roles.some((r) => r === 'municipality_admin' || r === 'system_admin');
      // Admins go through the admin check (second factor); office staff are scoped to their operator.
      if (isAdmin) return requireRole(c, ['municipality_admin', 'system_admin']);
      if ((await operatorIdOf(services.db, staff)) !== operatorId) {
        throw new AppError(404, 'TAXI_OPERATOR_NOT_FOUND', '事業者が見つかりません。一覧から選び直してください。');
      }
      return staff;
    };
    const taxiDevice = async (c: Parameters<typeof requireDevice>[0]) => {
      const device = await requireDevice(c, services);
      if (device.kind !== 'taxi') throw new AppError(403, 'TAXI_TERMINAL_UNKNOWN', 'この端末はタクシー端末ではありません。');
      return device;
    };

    api.openapi(
      createRoute({
        method: 'get', path: '/taxi/terminal/list', tags: ['taxi-terminal'], summary: '端末用の利用者名簿（署名付き。オフライン乗車用）',
        responses: { 200: jsonContent(ListReply), ...errorResponses },
      }),
      async (c) => {
        const device = await taxiDevice(c);
        const anchors = jpkiVerificationOf(services).trust.anchors;
        const list = await buildTerminalList(services, device, anchors);
        return c.json({ list: list as unknown as z.infer<typeof ListReply>['list'], key: (await listPublicKey(services, device.municipalityId)) as z.infer<typeof ListReply>['key'] }, 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/taxi/terminal/boarding', tags: ['taxi-terminal'], summary: '乗車時のカード確認（オンライン）',
        request: { body: jsonBody(BoardingBody) },
        responses: { 200: jsonContent(BoardingReply), 409: jsonContent(z.object({ error: z.object({ code: z.string(), message: z.string() }) }), '利用回数の上限'), ...errorResponses },
      }),
      async (c) => {
        const device = await taxiDevice(c);
        const { certificate } = c.req.valid('json');
        return c.json(await authoriseBoarding(services, device, certificate, jpkiVerificationOf(services), c.get('requestId')), 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/taxi/operators/{operatorId}/drivers', tags: ['taxi-terminal'], summary: '事業者の乗務員の一覧',
        request: { params: z.object({ operatorId: Uuid }) },
        responses: { 200: jsonContent(z.object({ drivers: z.array(DriverSchema) })), ...errorResponses },
      }),
      async (c) => {
        const { operatorId } = c.req.valid('param');
        const staff = await driverManager(c, operatorId);
        return c.json({ drivers: await listDrivers(services.db, staff.municipalityId, operatorId) }, 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/taxi/operators/{operatorId}/drivers', tags: ['taxi-terminal'], summary: '乗務員の登録（乗務員番号と暗証番号）',
        request: { params: z.object({ operatorId: Uuid }), body: jsonBody(DriverBody) },
        responses: { 201: jsonContent(DriverSchema), ...errorResponses },
      }),
      async (c) => {
        const { operatorId } = c.req.valid('param');
        const staff = await driverManager(c, operatorId);
        const driver = await createDriver(services.db, staff.municipalityId, operatorId, c.req.valid('json'), staff.id, services.now());
        return c.json(driver, 201);
      },
    );

    api.openapi(
      createRoute({
        method: 'patch', path: '/taxi/operators/{operatorId}/drivers/{driverId}', tags: ['taxi-terminal'], summary: '乗務員の利用の停止・再開、暗証番号の再設定',
        request: { params: z.object({ operatorId: Uuid, driverId: Uuid }), body: jsonBody(DriverPatch) },
        responses: { 200: jsonContent(DriverSchema), ...errorResponses },
      }),
      async (c) => {
        const { operatorId, driverId } = c.req.valid('param');
        const staff = await driverManager(c, operatorId);
        return c.json(await updateDriver(services.db, staff.municipalityId, operatorId, driverId, c.req.valid('json'), staff.id, services.now()), 200);
      },
    );
  };
}
