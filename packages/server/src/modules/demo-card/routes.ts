import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { appendAudit } from '../../platform/audit/audit';
import type { Role } from '../../platform/auth/roles';
import { errorResponses, jsonBody, jsonContent, type AppEnv, type Services } from '../../platform/http/context';
import { requireRole } from '../../platform/http/security';
import type { DemoCardReader } from './reader';

/** Those who read cards at the counter; admins too, to try and support it. */
const CARD_READERS: Role[] = ['counter_staff', 'municipality_admin', 'system_admin'];

const DemoCardReaderSchema = z
  .object({
    agentUrl: z.string().nullable().openapi({ description: 'カード読み取りアプリ（card-agent）のURL。起動していなければnull', example: 'ws://127.0.0.1:3210/' }),
    pairingToken: z.string().nullable(),
    insertedCardId: z.string().nullable(),
    cards: z.array(z.object({ id: z.string(), label: z.string(), note: z.string(), residentId: z.uuid().nullable() })),
  })
  .openapi('DemoCardReader');
const InsertSchema = z.strictObject({ cardId: z.string().min(1, 'カードを選んでください。').max(64) });

/**
 * The demo's simulated card reader (demo mode only: these routes are not mounted otherwise). Gives
 * the browser the local agent's address and pairing token, and lets a person without a card
 * reader put one of the demo cards on it.
 */
export function mountDemoCardRoutes(services: Services, reader: DemoCardReader) {
  return (api: OpenAPIHono<AppEnv>) => {
    api.openapi(
      createRoute({
        method: 'get', path: '/demo/card-reader', tags: ['demo'], summary: 'デモ用カードリーダーの接続先とデモ用カード（デモ時のみ）',
        responses: { 200: jsonContent(DemoCardReaderSchema), ...errorResponses },
      }),
      async (c) => {
        const staff = requireRole(c, CARD_READERS);
        const view = reader.view(staff.municipalityId);
        // The card labels are residents' names from the registry: who was shown them is recorded.
        await appendAudit(services.db, {
          municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'demo_card.list', purpose: 'カード読取（デモ）',
          requestId: c.get('requestId'), details: { residentIds: reader.residentIdsVisibleTo(staff.municipalityId) },
        }, services.now());
        return c.json(view, 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/demo/card-reader/insert', tags: ['demo'], summary: 'デモ用カードをカードリーダーに置く（デモ時のみ）',
        request: { body: jsonBody(InsertSchema) },
        responses: { 204: { description: 'カードを置きました' }, ...errorResponses },
      }),
      async (c) => {
        const staff = requireRole(c, CARD_READERS);
        reader.insert(staff.municipalityId, c.req.valid('json').cardId);
        return c.body(null, 204);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/demo/card-reader/remove', tags: ['demo'], summary: 'デモ用カードをカードリーダーから取り外す（デモ時のみ）',
        responses: { 204: { description: 'カードを取り外しました' }, ...errorResponses },
      }),
      async (c) => {
        const staff = requireRole(c, CARD_READERS);
        reader.remove(staff.municipalityId);
        return c.body(null, 204);
      },
    );
  };
}
