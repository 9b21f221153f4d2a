import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { errorResponses, jsonBody, jsonContent, type AppEnv, type Services } from '../../platform/http/context';
import { requireRole } from '../../platform/http/security';
import type { Role } from '../../platform/auth/roles';
import { assignableStaff, assignCase, bulkCaseAction } from './assignment';

const CASE_WORKERS: Role[] = ['counter_staff', 'department_reviewer', 'municipality_admin', 'system_admin'];
const StaffId = z.uuid('職員IDの形式が正しくありません。');

/** The inbox's work routes: who works on a case, and actions over several cases at once. */
export function mountCaseWorkRoutes(services: Services) {
  return (api: OpenAPIHono<AppEnv>) => {
    api.openapi(createRoute({
      method: 'get', path: '/cases/assignable', tags: ['cases'], summary: '案件の担当者にできる職員（審査担当は自分の課の職員）',
      responses: { 200: jsonContent(z.object({ items: z.array(z.object({ id: z.uuid(), displayName: z.string(), departmentIds: z.array(z.uuid()) })) })), ...errorResponses },
    }), async (c) => c.json({ items: await assignableStaff(services, requireRole(c, CASE_WORKERS)) }, 200));

    api.openapi(createRoute({
      method: 'post', path: '/cases/{id}/assignment', tags: ['cases'], summary: '案件の担当者を決める（自分・同僚・なし）',
      request: {
        params: z.object({ id: z.uuid('IDの形式が正しくありません。') }),
        body: jsonBody(z.strictObject({
          staffId: StaffId.nullable(),
          expected: StaffId.nullable().optional().openapi({ description: '画面で見ていた担当者。変わっていたら409' }),
        })),
      },
      responses: { 200: jsonContent(z.object({ caseId: z.uuid(), assignedStaffId: z.uuid().nullable() })), 409: { description: '担当者・状態が変わっていた' }, ...errorResponses },
    }), async (c) => {
      const moved = await assignCase(services, requireRole(c, CASE_WORKERS), c.req.valid('param').id, c.req.valid('json'), c.get('requestId'));
      return c.json({ caseId: moved.id, assignedStaffId: moved.assignedStaffId }, 200);
    });

    api.openapi(createRoute({
      method: 'post', path: '/cases/bulk', tags: ['cases'], summary: '複数の案件をまとめて受付する・担当者を決める（案件ごとの結果を返す）',
      request: {
        body: jsonBody(z.strictObject({
          action: z.enum(['accept', 'assign']),
          caseIds: z.array(z.uuid('IDの形式が正しくありません。')).min(1, '案件を選んでください。').max(100, '一度に選べるのは100件までです。'),
          staffId: StaffId.nullable().optional(),
        })),
      },
      responses: {
        200: jsonContent(z.object({
          results: z.array(z.object({ caseId: z.uuid(), ok: z.boolean(), receiptNumber: z.string().nullable(), code: z.string().optional(), message: z.string().optional() })),
          done: z.number().int(), failed: z.number().int(),
        })),
        ...errorResponses,
      },
    }), async (c) => {
      const results = await bulkCaseAction(services, requireRole(c, CASE_WORKERS), c.req.valid('json'), c.get('requestId'));
      return c.json({ results, done: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length }, 200);
    });
  };
}
