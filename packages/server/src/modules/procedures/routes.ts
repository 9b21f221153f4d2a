import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { CHANNELS } from '@madoguchi/procedures';
import { errorResponses, jsonBody, jsonContent, ErrorSchema, type AppEnv, type Services } from '../../platform/http/context';
import { requireRole } from '../../platform/http/security';
import { CATALOGUE_READERS } from './access';
import {
  discardNavigatorDraft, discardProcedureDraft, getNavigatorRules, getProcedure, getProcedureVersion, listCasesUsingProcedure, listProcedures,
  previewProcedure, publishNavigatorRules, publishProcedureDraft, renderProcedurePreviewPdf, saveNavigatorDraft, saveProcedureDraft,
} from './service';

const ProcedureIdParam = z.object({
  procedureId: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, '手続きIDは英小文字で始まる英小文字・数字・ハイフン（例: residence-change）で指定してください。'),
});
const VersionParam = ProcedureIdParam.extend({ version: z.coerce.number().int().min(1, '版は1以上の番号で指定してください。') });
const Revision = z.number().int().min(1).openapi({ description: '画面が読み込んだ下書きの版（保存のたびに1つ増える）' });
const RevisionQuery = z.object({ revision: z.coerce.number().int().min(1, '下書きの版（revision）を指定してください。') });

const Document = z.record(z.string(), z.unknown());
const ActorSchema = z.object({ id: z.uuid().nullable(), displayName: z.string() }).openapi('Actor');
const IssueSchema = z
  .object({ severity: z.enum(['error', 'warning']), code: z.string(), path: z.string(), message: z.string() })
  .openapi('DefinitionIssue', { description: '定義の問題。error は公開を止め、warning は止めない。path は定義の中の場所（steps[0].fields[2].visibleWhen）' });
const DepartmentRefSchema = z
  .object({
    ref: z.string().openapi({ example: 'kenko-boshi', description: '定義の departmentId に書く値' }),
    departmentId: z.uuid(), departmentName: z.string(), section: z.string(), floor: z.string(), desk: z.string(), phone: z.string(),
  })
  .openapi('ProcedureDepartment');
const VersionSummarySchema = z
  .object({
    id: z.uuid(), procedureId: z.string(), version: z.number().int(), contentHash: z.string().openapi({ description: '定義の正規化JSONのSHA-256' }),
    formatVersion: z.number().int(), title: z.string(), departmentRef: z.string(), publishedAt: z.string(), publishedBy: ActorSchema.nullable(),
  })
  .openapi('ProcedureVersionSummary');
const VersionSchema = VersionSummarySchema.extend({ definition: Document }).openapi('ProcedureVersion');
const DraftSchema = z
  .object({
    procedureId: z.string(), revision: z.number().int(), definition: Document, sampleAnswers: Document, basedOnVersion: z.number().int().nullable(),
    createdAt: z.string(), updatedAt: z.string(), updatedBy: ActorSchema.nullable(), issues: z.array(IssueSchema),
  })
  .openapi('ProcedureDraft');
const Kind = z.enum(['notification', 'application']).nullable();
const ListItemSchema = z
  .object({
    procedureId: z.string(), title: z.string(), kind: Kind, departmentRef: z.string().nullable(), department: DepartmentRefSchema.nullable(),
    latest: VersionSummarySchema.nullable(),
    draft: z.object({ revision: z.number().int(), updatedAt: z.string(), updatedBy: ActorSchema.nullable() }).nullable(),
    canEdit: z.boolean(),
  })
  .openapi('ProcedureListItem');
const DetailSchema = z
  .object({
    procedureId: z.string(), title: z.string(), kind: Kind, departmentRef: z.string().nullable(), department: DepartmentRefSchema.nullable(),
    latest: VersionSummarySchema.nullable(), versions: z.array(VersionSummarySchema), current: VersionSchema.nullable(), draft: DraftSchema.nullable(),
    canEdit: z.boolean(), canPublish: z.boolean(),
  })
  .openapi('ProcedureDetail');
const DraftBody = z.strictObject({
  definition: Document.openapi({ description: '手続き定義（procedureDefinitionSchema。知らない項目は受け付けない。形式1は移行して保存）' }),
  sampleAnswers: Document.optional().openapi({ description: 'プレビュー用の回答例。省略すると前回の値' }),
  baseRevision: Revision.nullable().openapi({ description: '読み込んだ下書きの版。新しい下書きは null' }),
});
const PreviewBody = z.strictObject({
  definition: Document,
  answers: Document.default({}),
  channel: z.enum(CHANNELS).default('counter'),
  today: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '基準日は YYYY-MM-DD で指定してください。').optional(),
});
const PdfQuery = z.object({
  version: z.coerce.number().int().min(1).optional().openapi({ description: '公開版の番号。省略すると下書き' }),
  answers: z.enum(['sample', 'blank']).default('sample'),
  // Only makes the URL differ after a save, so the browser reloads the embedded preview.
  r: z.string().max(40).optional(),
});
const RuleSetVersionSummarySchema = z
  .object({ id: z.uuid(), version: z.number().int(), contentHash: z.string(), rules: z.number().int(), publishedAt: z.string(), publishedBy: ActorSchema.nullable() })
  .openapi('NavigatorRuleSetVersionSummary');
const RulesViewSchema = z
  .object({
    current: RuleSetVersionSummarySchema.extend({ ruleSet: Document }).nullable(),
    versions: z.array(RuleSetVersionSummarySchema),
    draft: z.object({
      revision: z.number().int(), ruleSet: Document, basedOnVersion: z.number().int().nullable(), createdAt: z.string(), updatedAt: z.string(),
      updatedBy: ActorSchema.nullable(), issues: z.array(IssueSchema),
    }).nullable(),
    procedures: z.array(z.object({ procedureId: z.string(), title: z.string() })),
    canEdit: z.boolean(),
  })
  .openapi('NavigatorRules');

const rejected = (what: string) => ({ description: `${what}（details に場所と直し方）。公開中の版は変わらない`, content: { 'application/json': { schema: ErrorSchema } } });
const conflict = { description: '別の職員が先に下書きを保存した', content: { 'application/json': { schema: ErrorSchema } } };

export function mountProcedureRoutes(services: Services) {
  return (api: OpenAPIHono<AppEnv>) => {
    api.openapi(
      createRoute({
        method: 'get', path: '/procedures', tags: ['procedures'], summary: '手続きカタログ（最新の公開版・下書きの有無・担当課）',
        responses: { 200: jsonContent(z.object({ items: z.array(ListItemSchema), departments: z.array(DepartmentRefSchema), canPublish: z.boolean() })), ...errorResponses },
      }),
      async (c) => c.json(await listProcedures(services, requireRole(c, CATALOGUE_READERS)), 200),
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/procedures/{procedureId}', tags: ['procedures'], summary: '手続きの版の一覧・最新の公開版・下書き',
        request: { params: ProcedureIdParam },
        responses: { 200: jsonContent(DetailSchema), ...errorResponses },
      }),
      async (c) => c.json(await getProcedure(services, requireRole(c, CATALOGUE_READERS), c.req.valid('param').procedureId), 200),
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/procedures/{procedureId}/versions/{version}', tags: ['procedures'], summary: '公開版の定義',
        request: { params: VersionParam },
        responses: { 200: jsonContent(VersionSchema), ...errorResponses },
      }),
      async (c) => {
        const { procedureId, version } = c.req.valid('param');
        return c.json(await getProcedureVersion(services, requireRole(c, CATALOGUE_READERS), procedureId, version), 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'put', path: '/procedures/{procedureId}/draft', tags: ['procedures'], summary: '下書きの作成・保存（担当課職員は自課の手続きのみ）',
        request: { params: ProcedureIdParam, body: jsonBody(DraftBody) },
        responses: {
          200: jsonContent(z.object({ draft: DraftSchema, migration: z.object({ from: z.number().int(), notes: z.array(z.string()) }).nullable() })),
          ...errorResponses, 409: conflict,
        },
      }),
      async (c) => {
        const staff = requireRole(c, CATALOGUE_READERS);
        return c.json(await saveProcedureDraft(services, staff, c.req.valid('param').procedureId, c.req.valid('json'), c.get('requestId')), 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'delete', path: '/procedures/{procedureId}/draft', tags: ['procedures'], summary: '下書きの破棄',
        request: { params: ProcedureIdParam, query: RevisionQuery },
        responses: { 204: { description: '破棄しました' }, ...errorResponses, 409: conflict },
      }),
      async (c) => {
        await discardProcedureDraft(services, requireRole(c, CATALOGUE_READERS), c.req.valid('param').procedureId, c.req.valid('query').revision, c.get('requestId'));
        return c.body(null, 204);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/procedures/{procedureId}/publish', tags: ['procedures'], summary: '下書きを公開する（管理者のみ）',
        request: { params: ProcedureIdParam, body: jsonBody(z.strictObject({ revision: Revision })) },
        responses: {
          201: jsonContent(z.object({ version: VersionSummarySchema, warnings: z.array(IssueSchema) }), '公開しました'),
          ...errorResponses, 409: conflict, 422: rejected('定義・様式に誤りがあり公開できない'),
        },
      }),
      async (c) => {
        const staff = requireRole(c, CATALOGUE_READERS);
        return c.json(await publishProcedureDraft(services, staff, c.req.valid('param').procedureId, c.req.valid('json').revision, c.get('requestId')), 201);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/procedures/{procedureId}/preview', tags: ['procedures'], summary: '編集中の定義を回答例で評価する（何も保存しない）',
        request: { params: ProcedureIdParam, body: jsonBody(PreviewBody) },
        responses: {
          200: jsonContent(z.object({
            issues: z.array(IssueSchema),
            evaluation: z.object({
              valid: z.boolean(), values: Document, visibleSteps: z.array(z.string()), visibleFields: z.array(z.string()), requiredFields: z.array(z.string()),
              computed: Document, errors: z.record(z.string(), z.array(z.object({ code: z.string(), message: z.string() }))),
            }).nullable().openapi({ description: '定義の形式が正しくないときは null' }),
          })),
          ...errorResponses,
        },
      }),
      async (c) => c.json(await previewProcedure(services, requireRole(c, CATALOGUE_READERS), c.req.valid('json')), 200),
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/procedures/{procedureId}/preview.pdf', tags: ['procedures'], summary: '紙の様式のPDF（下書きまたは公開版。何も変更しない）',
        request: { params: ProcedureIdParam, query: PdfQuery },
        responses: {
          200: { description: 'A4のPDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } },
          ...errorResponses, 422: rejected('様式がない、または描けない'),
        },
      }),
      async (c) => {
        const { procedureId } = c.req.valid('param');
        const { version, answers } = c.req.valid('query');
        const { pdf, title } = await renderProcedurePreviewPdf(services, requireRole(c, CATALOGUE_READERS), procedureId, { version, answers });
        c.header('content-type', 'application/pdf');
        c.header('content-disposition', `inline; filename="${procedureId}.pdf"; filename*=UTF-8''${encodeURIComponent(`${title}.pdf`)}`);
        return c.body(pdf as Uint8Array<ArrayBuffer>, 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/procedures/{procedureId}/cases', tags: ['procedures'], summary: 'この手続きの案件と、それぞれが使った版',
        request: { params: ProcedureIdParam },
        responses: {
          200: jsonContent(z.object({ items: z.array(z.object({ caseId: z.uuid(), version: z.number().int(), contentHash: z.string(), createdAt: z.string() })) })),
          ...errorResponses,
        },
      }),
      async (c) => c.json({ items: await listCasesUsingProcedure(services, requireRole(c, CATALOGUE_READERS), c.req.valid('param').procedureId) }, 200),
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/navigator/rules', tags: ['procedures'], summary: '手続きナビのルール（公開版・版の一覧・管理者には下書き）',
        responses: { 200: jsonContent(RulesViewSchema), ...errorResponses },
      }),
      async (c) => c.json(await getNavigatorRules(services, requireRole(c, CATALOGUE_READERS)), 200),
    );

    api.openapi(
      createRoute({
        method: 'put', path: '/navigator/rules/draft', tags: ['procedures'], summary: '手続きナビのルールの下書きを保存（管理者のみ）',
        request: { body: jsonBody(z.strictObject({ ruleSet: Document, baseRevision: Revision.nullable() })) },
        responses: { 200: jsonContent(z.object({ draft: RulesViewSchema.shape.draft.unwrap() })), ...errorResponses, 409: conflict },
      }),
      async (c) => c.json(await saveNavigatorDraft(services, requireRole(c, CATALOGUE_READERS), c.req.valid('json'), c.get('requestId')), 200),
    );

    api.openapi(
      createRoute({
        method: 'delete', path: '/navigator/rules/draft', tags: ['procedures'], summary: '手続きナビのルールの下書きを破棄（管理者のみ）',
        request: { query: RevisionQuery },
        responses: { 204: { description: '破棄しました' }, ...errorResponses, 409: conflict },
      }),
      async (c) => {
        await discardNavigatorDraft(services, requireRole(c, CATALOGUE_READERS), c.req.valid('query').revision, c.get('requestId'));
        return c.body(null, 204);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/navigator/rules/publish', tags: ['procedures'], summary: '手続きナビのルールを公開する（管理者のみ）',
        request: { body: jsonBody(z.strictObject({ revision: Revision })) },
        responses: {
          201: jsonContent(z.object({ version: RuleSetVersionSummarySchema, warnings: z.array(IssueSchema) }), '公開しました'),
          ...errorResponses, 409: conflict, 422: rejected('ルールに誤りがあり公開できない'),
        },
      }),
      async (c) => c.json(await publishNavigatorRules(services, requireRole(c, CATALOGUE_READERS), c.req.valid('json').revision, c.get('requestId')), 201),
    );
  };
}
