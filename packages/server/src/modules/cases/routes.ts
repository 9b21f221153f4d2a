import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { errorResponses, jsonBody, jsonContent, type AppEnv, type Services } from '../../platform/http/context';
import { requireRole } from '../../platform/http/security';
import type { Role } from '../../platform/auth/roles';
import { CASE_STATUSES, CHANNELS } from './state';
import { getCaseForStaff, INBOX_SORTS, listInbox, moveCase } from './service';
import { caseFormPdf, casePipeline, retryCaseJob } from './documents';

const CASE_WORKERS: Role[] = ['counter_staff', 'department_reviewer', 'municipality_admin', 'system_admin'];

const Status = z.enum(CASE_STATUSES);
const CaseSchema = z
  .object({
    id: z.uuid(),
    receiptNumber: z.string().nullable().openapi({ example: 'R8-000123' }),
    procedureId: z.string(),
    procedureVersion: z.number().int(),
    procedureHash: z.string(),
    channel: z.enum(CHANNELS),
    status: Status,
    statusLabel: z.string().openapi({ example: '受付済み' }),
    subjectResidentId: z.uuid().nullable(),
    departmentId: z.uuid().nullable(),
    assignedStaffId: z.uuid().nullable(),
    answers: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    updatedAt: z.string(),
    submittedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
  })
  .openapi('Case');
const ActionSchema = z.object({
  seq: z.number().int(), at: z.string(), actorKind: z.enum(['staff', 'resident', 'system']), actorName: z.string().nullable(),
  action: z.string(), fromStatus: z.string().nullable(), toStatus: z.string().nullable(), note: z.string().nullable(),
});
const IdParam = z.object({ id: z.uuid('IDの形式が正しくありません。') });

export function mountCaseRoutes(services: Services) {
  return (api: OpenAPIHono<AppEnv>) => {
    api.openapi(
      createRoute({
        method: 'get', path: '/cases', tags: ['cases'], summary: '受付箱（窓口・オンラインの案件一覧）',
        request: {
          query: z.object({
            status: Status.optional(),
            procedureId: z.string().max(100).optional(),
            departmentId: z.uuid('課IDの形式が正しくありません。').optional(),
            assignee: z.union([z.enum(['me', 'none']), z.uuid('職員IDの形式が正しくありません。')]).optional().openapi({ description: '担当者: me（自分）・none（未割当）・職員ID' }),
            receipt: z.string().trim().max(20).regex(/^[A-Za-z0-9-]*$/, '受付番号は英数字とハイフンで入力してください。').optional(),
            sort: z.enum(INBOX_SORTS).optional(),
            limit: z.coerce.number().int().min(1).max(100).default(50),
            offset: z.coerce.number().int().min(0).default(0),
          }),
        },
        responses: { 200: jsonContent(z.object({ items: z.array(CaseSchema), total: z.number().int() })), ...errorResponses },
      }),
      async (c) => c.json(await listInbox(services, requireRole(c, CASE_WORKERS), c.req.valid('query')), 200),
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/cases/{id}', tags: ['cases'], summary: '案件の内容と操作履歴（閲覧は監査されます）',
        request: { params: IdParam },
        responses: { 200: jsonContent(z.object({ case: CaseSchema, actions: z.array(ActionSchema) })), ...errorResponses },
      }),
      async (c) => c.json(await getCaseForStaff(services, requireRole(c, CASE_WORKERS), c.req.valid('param').id, c.get('requestId')), 200),
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/cases/{id}/transitions', tags: ['cases'], summary: '案件の状態を進める（受付・審査・完了・補正依頼・却下）',
        request: {
          params: IdParam,
          body: jsonBody(z.strictObject({
            to: Status,
            expected: Status.openapi({ description: '画面で見ていた状態。変わっていたら409' }),
            note: z.string().max(2000).optional(),
          })),
        },
        responses: { 200: jsonContent(z.object({ case: CaseSchema })), 409: { description: '状態が変わっていた・その状態にはできない' }, ...errorResponses },
      }),
      async (c) => {
        const staff = requireRole(c, CASE_WORKERS);
        const { id } = c.req.valid('param');
        const body = c.req.valid('json');
        // Reading first applies the reviewer's department scope before anything changes.
        await getCaseForStaff(services, staff, id, c.get('requestId'));
        const moved = await services.db.transaction().execute((trx) =>
          moveCase(trx, { kind: 'staff', staff }, id, body.to, { note: body.note ?? null, expected: body.expected }, services.now()));
        return c.json({ case: moved }, 200);
      },
    );
    api.openapi(
      createRoute({
        method: 'get', path: '/cases/{id}/form.pdf', tags: ['cases'], summary: '案件の様式（窓口で署名されたPDF、なければ回答から印刷）',
        request: { params: IdParam },
        responses: { 200: { description: 'PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } }, ...errorResponses },
      }),
      async (c) => {
        const staff = requireRole(c, CASE_WORKERS);
        const { case: view } = await getCaseForStaff(services, staff, c.req.valid('param').id, c.get('requestId'));
        const { pdf, title } = await caseFormPdf(services, staff, view);
        c.header('content-type', 'application/pdf');
        c.header('content-disposition', `inline; filename="case.pdf"; filename*=UTF-8''${encodeURIComponent(`${title}.pdf`)}`);
        return c.body(pdf as Uint8Array<ArrayBuffer>, 200);
      },
    );

    const JobSchema = z.object({
      id: z.uuid(), kind: z.string(), status: z.enum(['pending', 'running', 'done', 'failed']), attempts: z.number().int(), maxAttempts: z.number().int(),
      lastError: z.string().nullable(), result: z.record(z.string(), z.unknown()).nullable(), createdAt: z.string(), finishedAt: z.string().nullable(),
    }).openapi('CaseJob');
    const toJob = ({ municipalityId: _m, subjectType: _t, subjectId: _s, payload: _p, ...j }: Awaited<ReturnType<typeof casePipeline>>[number]) => j;

    api.openapi(
      createRoute({
        method: 'get', path: '/cases/{id}/jobs', tags: ['cases'], summary: '提出後の処理の流れ（様式PDF・担当課への通知など）の状態',
        request: { params: IdParam }, responses: { 200: jsonContent(z.object({ jobs: z.array(JobSchema) })), ...errorResponses },
      }),
      async (c) => {
        const staff = requireRole(c, CASE_WORKERS);
        const { id } = c.req.valid('param');
        await getCaseForStaff(services, staff, id, c.get('requestId'));
        return c.json({ jobs: (await casePipeline(services, staff, id)).map(toJob) }, 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/cases/{id}/jobs/{jobId}/retry', tags: ['cases'], summary: '失敗した処理をやり直す',
        request: { params: IdParam.extend({ jobId: z.uuid('処理IDの形式が正しくありません。') }) },
        responses: { 200: jsonContent(z.object({ job: JobSchema })), 409: { description: '失敗していない処理' }, ...errorResponses },
      }),
      async (c) => {
        const staff = requireRole(c, CASE_WORKERS);
        const { id, jobId } = c.req.valid('param');
        await getCaseForStaff(services, staff, id, c.get('requestId'));
        return c.json({ job: toJob(await retryCaseJob(services, staff, id, jobId, c.get('requestId'))) }, 200);
      },
    );
  };
}
