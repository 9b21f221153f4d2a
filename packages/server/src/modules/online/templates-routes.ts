import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { errorResponses, jsonBody, jsonContent, type AppEnv, type Services } from '../../platform/http/context';
import { requireRole } from '../../platform/http/security';
import type { Role } from '../../platform/auth/roles';
import { createTemplate, deleteTemplate, listTemplates, TEMPLATE_PURPOSES, updateTemplate } from './templates';

const CASE_WORKERS: Role[] = ['counter_staff', 'department_reviewer', 'municipality_admin', 'system_admin'];
const EDITORS: Role[] = ['department_reviewer', 'municipality_admin', 'system_admin'];
const IdParam = z.object({ id: z.uuid('IDの形式が正しくありません。') });

const TemplateInput = z.strictObject({
  purpose: z.enum(TEMPLATE_PURPOSES, '用途は「補正の依頼」か「メッセージ」を選んでください。'),
  procedureId: z.string().min(1).max(100).nullable(),
  departmentId: z.uuid('課の指定が正しくありません。').nullable(),
  title: z.string().trim().min(1, '名前を入力してください。').max(60, '名前は60文字以内にしてください。'),
  body: z.string().trim().min(1, '本文を入力してください。').max(2000, '本文は2000文字以内にしてください。'),
  sortOrder: z.number().int().min(0).max(9999).default(0),
});
const Template = z.object({
  id: z.uuid(), purpose: z.enum(TEMPLATE_PURPOSES), purposeLabel: z.string(), procedureId: z.string().nullable(), departmentId: z.uuid().nullable(),
  title: z.string(), body: z.string(), sortOrder: z.number().int(), updatedAt: z.string(), canEdit: z.boolean(),
}).openapi('OnlineMessageTemplate');

/** 定型文: staff replies (補正の依頼, messages) per procedure and department, managed on the publishing screen. */
export function mountOnlineTemplateRoutes(services: Services) {
  return (api: OpenAPIHono<AppEnv>) => {
    api.openapi(createRoute({
      method: 'get', path: '/online/message-templates', tags: ['online'], summary: '返信の定型文（手続き・用途で絞り込み）',
      request: { query: z.object({ procedureId: z.string().max(100).optional(), purpose: z.enum(TEMPLATE_PURPOSES).optional() }) },
      responses: { 200: jsonContent(z.object({ items: z.array(Template) })), ...errorResponses },
    }), async (c) => c.json({ items: await listTemplates(services, requireRole(c, CASE_WORKERS), c.req.valid('query')) }, 200));

    api.openapi(createRoute({
      method: 'post', path: '/online/message-templates', tags: ['online'], summary: '定型文を登録する（担当課または管理者）',
      request: { body: jsonBody(TemplateInput) },
      responses: { 201: jsonContent(z.object({ template: Template })), ...errorResponses },
    }), async (c) => c.json({ template: await createTemplate(services, requireRole(c, EDITORS), c.req.valid('json'), c.get('requestId')) }, 201));

    api.openapi(createRoute({
      method: 'put', path: '/online/message-templates/{id}', tags: ['online'], summary: '定型文を変える（担当課または管理者）',
      request: { params: IdParam, body: jsonBody(TemplateInput) },
      responses: { 200: jsonContent(z.object({ template: Template })), 409: { description: '削除された定型文' }, ...errorResponses },
    }), async (c) => c.json({ template: await updateTemplate(services, requireRole(c, EDITORS), c.req.valid('param').id, c.req.valid('json'), c.get('requestId')) }, 200));

    api.openapi(createRoute({
      method: 'delete', path: '/online/message-templates/{id}', tags: ['online'], summary: '定型文を削除する（担当課または管理者）',
      request: { params: IdParam },
      responses: { 200: jsonContent(z.object({ deleted: z.literal(true) })), ...errorResponses },
    }), async (c) => {
      await deleteTemplate(services, requireRole(c, EDITORS), c.req.valid('param').id, c.get('requestId'));
      return c.json({ deleted: true as const }, 200);
    });
  };
}
