import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { EVENT_KIND } from '@madoguchi/device-sync';
import { AttemptLimiter } from '../../platform/auth/rate-limit';
import { errorResponses, jsonBody, jsonContent, type AppEnv, type Services } from '../../platform/http/context';
import { AppError } from '../../platform/http/errors';
import { requireAdmin } from '../../platform/http/security';
import { verifyDeviceRequest } from './auth';
import { registerDeviceEventHandler } from './registry';
import { acceptFromRevokedDevice, processPush } from './push';
import { createDevice, DEVICE_KIND_LABELS, enrolDevice, listAnomalies, listDevices, reenrolDevice, resolveAnomaly, revokeDevice } from './service';

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const Uuid = z.uuid();
const DeviceKindSchema = z.enum(['vehicle', 'taxi']);

const DeviceSchema = z.object({
  id: Uuid, kind: DeviceKindSchema, kindLabel: z.string(), label: z.string(), status: z.enum(['pending', 'active', 'revoked']),
  keyThumbprint: z.string().nullable(), enrolledAt: z.string().nullable(), enrolCodeExpiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(), revokedReason: z.string().nullable(), lastSyncAt: z.string().nullable(),
  storedEvents: z.number().int(), conflicts: z.number().int(), rejected: z.number().int(),
  nextSeq: z.number().int(), reportedHeadSeq: z.number().int(), pendingOnDevice: z.number().int(),
  clockSkewMs: z.number().nullable(), openAnomalies: z.number().int(),
}).openapi('Device');

const AnomalySchema = z.object({
  id: Uuid, deviceId: Uuid, deviceLabel: z.string(), kind: z.string(), label: z.string(), details: z.record(z.string(), z.unknown()),
  firstSeenAt: z.string(), lastSeenAt: z.string(), occurrences: z.number().int(), resolvedAt: z.string().nullable(),
}).openapi('DeviceAnomaly');

const EnrolmentSchema = z.object({ deviceId: Uuid, code: z.string().openapi({ example: 'ABCDE-FGHJK' }), expiresAt: z.string() }).openapi('DeviceEnrolmentCode');

const JwkSchema = z.object({
  kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string().regex(/^[A-Za-z0-9_-]{43}$/), y: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
}).loose();

const EnrolBody = z.strictObject({
  code: z.string().min(1).max(40),
  publicKeyJwk: JwkSchema,
  deviceTime: z.string().max(40).optional(),
}).openapi('DeviceEnrolRequest');

const EnrolReply = z.object({
  municipalityId: Uuid, deviceId: Uuid, kind: DeviceKindSchema, label: z.string(), nextSeq: z.number().int(), prevHash: Hex64, serverTime: z.string(),
}).openapi('DeviceEnrolResponse');

const EventSchema = z.strictObject({
  opId: Uuid, deviceId: Uuid, seq: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER), prevHash: Hex64, hash: Hex64,
  kind: z.string().max(100).regex(EVENT_KIND), payload: z.unknown(), deviceTime: z.string().max(40), signature: z.string().max(100),
});

const PushBody = z.strictObject({
  deviceId: Uuid,
  head: z.strictObject({ seq: z.number().int().min(0), hash: Hex64 }),
  sentAt: z.string().max(40),
  gap: z.strictObject({ fromSeq: z.number().int().min(1), toSeq: z.number().int().min(1) }).optional(),
  events: z.array(EventSchema).max(500),
}).openapi('DevicePushRequest');

const PushReply = z.object({
  results: z.array(z.object({ opId: z.string(), seq: z.number().int(), status: z.enum(['accepted', 'conflict', 'rejected', 'duplicate', 'deferred', 'refused', 'retry']) }).loose()),
  nextExpectedSeq: z.number().int(),
  serverTime: z.string(),
}).openapi('DevicePushResponse');

const IdParam = z.object({ id: Uuid.openapi({ param: { name: 'id', in: 'path' } }) });

function clientAddress(c: Context<AppEnv>): string | null {
  try {
    return getConnInfo(c).remote.address ?? null;
  } catch {
    return null;
  }
}

/**
 * The device platform's routes: the admin's device list (create with a one-time enrolment code,
 * revoke, re-enrol, anomalies) and the devices' own routes under /device-sync (enrol with the code
 * and the public key; push signed events; status). See ARCHITECTURE.md "Devices and sync".
 */
export function mountDeviceRoutes(services: Services) {
  const enrolLimiter = new AttemptLimiter(10, 10 * 60_000);
  // The platform's own kind: a connection test any device may send (the setup screen's 「通信の確認」,
  // browser tests, the benchmark). It stores nothing but the event; the reply carries the server time.
  registerDeviceEventHandler('device.ping', async (_trx, ctx) => {
    const p = ctx.event.payload as { note?: unknown } | null;
    if (p === null || typeof p !== 'object' || Array.isArray(p) || (p.note !== undefined && (typeof p.note !== 'string' || p.note.length > 200))) {
      throw new AppError(400, 'DEVICE_PING_INVALID', '通信確認の内容が正しくありません（note は200文字までの文字列）。');
    }
    return { status: 'accepted', result: { receivedAt: ctx.receivedAt.toISOString() } };
  });
  return (api: OpenAPIHono<AppEnv>) => {
    const summaries = async (municipalityId: string) => (await listDevices(services.db, municipalityId)).map((d) => ({ ...d, kindLabel: DEVICE_KIND_LABELS[d.kind] }));

    api.openapi(
      createRoute({
        method: 'get', path: '/devices', tags: ['devices'], summary: '端末の一覧（最終同期・未登録の記録・異常）',
        responses: { 200: jsonContent(z.object({ devices: z.array(DeviceSchema), anomalies: z.array(AnomalySchema) })), ...errorResponses },
      }),
      async (c) => {
        const staff = requireAdmin(c);
        return c.json({ devices: await summaries(staff.municipalityId), anomalies: await listAnomalies(services.db, staff.municipalityId) }, 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/devices', tags: ['devices'], summary: '端末を追加し、登録コードを発行する',
        request: { body: jsonBody(z.strictObject({ kind: DeviceKindSchema, label: z.string().min(1).max(60) })) },
        responses: { 201: jsonContent(z.object({ enrolment: EnrolmentSchema }), '登録コードを発行しました'), ...errorResponses },
      }),
      async (c) => {
        const staff = requireAdmin(c);
        const r = await createDevice(services, staff, c.req.valid('json'), c.get('requestId'));
        return c.json({ enrolment: { deviceId: r.deviceId, code: r.code, expiresAt: r.expiresAt.toISOString() } }, 201);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/devices/{id}/reenrol', tags: ['devices'], summary: '端末の再登録コードを発行する',
        request: { params: IdParam, body: jsonBody(z.strictObject({})) },
        responses: { 200: jsonContent(z.object({ enrolment: EnrolmentSchema })), ...errorResponses },
      }),
      async (c) => {
        const staff = requireAdmin(c);
        const r = await reenrolDevice(services, staff, c.req.valid('param').id, c.get('requestId'));
        return c.json({ enrolment: { deviceId: r.deviceId, code: r.code, expiresAt: r.expiresAt.toISOString() } }, 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/devices/{id}/revoke', tags: ['devices'], summary: '端末を利用停止にする',
        request: { params: IdParam, body: jsonBody(z.strictObject({ reason: z.string().min(1).max(200) })) },
        responses: { 200: jsonContent(z.object({ device: DeviceSchema })), ...errorResponses },
      }),
      async (c) => {
        const staff = requireAdmin(c);
        const { id } = c.req.valid('param');
        await revokeDevice(services, staff, id, c.req.valid('json').reason, c.get('requestId'));
        const device = (await summaries(staff.municipalityId)).find((d) => d.id === id)!;
        return c.json({ device }, 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/devices/anomalies/{id}/resolve', tags: ['devices'], summary: '端末の異常を確認済みにする',
        request: { params: IdParam, body: jsonBody(z.strictObject({})) },
        responses: { 200: jsonContent(z.object({ ok: z.literal(true) })), ...errorResponses },
      }),
      async (c) => {
        const staff = requireAdmin(c);
        await resolveAnomaly(services, staff, c.req.valid('param').id, c.get('requestId'));
        return c.json({ ok: true as const }, 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/devices/anomalies/{id}/accept', tags: ['devices'], summary: '利用停止した端末から届いた記録を、確認のうえ登録する（連番の順に）',
        request: { params: IdParam, body: jsonBody(z.strictObject({})) },
        responses: { 200: jsonContent(z.object({ result: z.object({ opId: z.string(), seq: z.number().int(), status: z.string() }).loose() })), 409: jsonContent(z.object({ error: z.object({ code: z.string(), message: z.string() }) }), '登録できない'), ...errorResponses },
      }),
      async (c) => {
        const staff = requireAdmin(c);
        return c.json({ result: await acceptFromRevokedDevice(services, staff, c.req.valid('param').id, c.get('requestId')) }, 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/device-sync/enrol', tags: ['device-sync'], summary: '端末の鍵を登録する（登録コード）',
        request: { body: jsonBody(EnrolBody) },
        responses: { 200: jsonContent(EnrolReply), 429: jsonContent(z.object({ error: z.object({ code: z.string(), message: z.string() }) }), '試行が多すぎる'), ...errorResponses },
      }),
      async (c) => {
        const address = clientAddress(c);
        if (address !== null) {
          const wait = enrolLimiter.hit(address, services.now().getTime());
          if (wait > 0) throw new AppError(429, 'DEVICE_ENROL_RATE_LIMITED', `登録の試行が多すぎます。${Math.ceil(wait / 60_000)}分ほど待ってから、登録コードを確かめて入力してください。`);
        }
        const body = c.req.valid('json');
        return c.json(await enrolDevice(services, { code: body.code, publicKeyJwk: { kty: 'EC', crv: 'P-256', x: body.publicKeyJwk.x, y: body.publicKeyJwk.y }, deviceTime: body.deviceTime }), 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/device-sync/push', tags: ['device-sync'], summary: '端末の記録を送る（署名・連番・ハッシュ連鎖を確認し、確定してから応答）',
        request: { body: jsonBody(PushBody) },
        responses: { 200: jsonContent(PushReply), ...errorResponses },
      }),
      async (c) => {
        const device = await verifyDeviceRequest(services, c, { allowRevoked: true });
        const body = c.req.valid('json');
        return c.json(await processPush(services, device, { ...body, gap: body.gap }), 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/device-sync/status', tags: ['device-sync'], summary: 'サーバーから見たこの端末の状態',
        responses: { 200: jsonContent(z.object({ deviceId: Uuid, kind: DeviceKindSchema, label: z.string(), nextExpectedSeq: z.number().int(), serverTime: z.string() })), ...errorResponses },
      }),
      async (c) => {
        const device = await verifyDeviceRequest(services, c);
        const d = await services.db.selectFrom('device').select('next_seq').where('municipality_id', '=', device.municipalityId).where('id', '=', device.deviceId).executeTakeFirstOrThrow();
        return c.json({ deviceId: device.deviceId, kind: device.kind, label: device.label, nextExpectedSeq: Number(d.next_seq), serverTime: services.now().toISOString() }, 200);
      },
    );
  };
}
