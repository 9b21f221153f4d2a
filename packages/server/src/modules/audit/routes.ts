import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { errorResponses, jsonContent, type AppEnv, type Services } from '../../platform/http/context';
import { requireAdmin } from '../../platform/http/security';
import { AUDIT_ACTIONS } from '../../platform/audit/audit';
import { queryAudit, verifyAudit } from './service';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日付はYYYY-MM-DDの形式で指定してください。');
const AuditQuerySchema = z.object({
  residentId: z.uuid('住民IDの形式が正しくありません。').optional(),
  staffId: z.uuid('職員IDの形式が正しくありません。').optional(),
  action: z.enum(Object.keys(AUDIT_ACTIONS) as [string, ...string[]]).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
const AuditItem = z
  .object({
    id: z.uuid(), seq: z.number().int().nullable(), at: z.string(),
    actor: z.object({ id: z.uuid(), displayName: z.string() }).nullable(),
    action: z.string(), actionLabel: z.string(), subjectType: z.string().nullable(), subjectId: z.string().nullable(),
    subjectLabel: z.string().nullable(), purpose: z.string().nullable(), requestId: z.string().nullable(),
  })
  .openapi('AuditEvent');

export function mountAuditRoutes(services: Services) {
  return (api: OpenAPIHono<AppEnv>) => {
    api.openapi(
      createRoute({
        method: 'get', path: '/audit', tags: ['audit'], summary: '監査ログの検索（誰が・いつ・何のために）',
        request: { query: AuditQuerySchema },
        responses: { 200: jsonContent(z.object({ items: z.array(AuditItem), total: z.number().int() })), ...errorResponses },
      }),
      async (c) => c.json(await queryAudit(services.db, requireAdmin(c), c.req.valid('query'), c.get('requestId'), services.now()), 200),
    );
    api.openapi(
      createRoute({
        method: 'get', path: '/audit/verify', tags: ['audit'], summary: '監査ログのハッシュチェーン検証',
        responses: {
          200: jsonContent(z.object({ ok: z.boolean(), checked: z.number().int(), firstBrokenSeq: z.number().int().optional(), reason: z.string().optional(), pending: z.number().int(), oldestPendingAt: z.string().optional() })),
          ...errorResponses,
        },
      }),
      async (c) => c.json(await verifyAudit(services.db, requireAdmin(c), c.get('requestId'), services.now()), 200),
    );
  };
}
