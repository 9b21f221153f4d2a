import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { errorResponses, jsonBody, jsonContent, type AppEnv, type Services } from '../../platform/http/context';
import { requireRole } from '../../platform/http/security';
import type { Role } from '../../platform/auth/roles';
import { CardAttributesSchema, STEPS, VisitStateSchema } from './model';
import {
  cancelVisit, chooseProcedures, completeVisit, correctVisit, counterStats, decideNameCheck, getVisit, identifyByCard, identifyByResident, importMoveData,
  listVisits, listWaitingEntries, pickUpEntry, registerCounterJobs, renderVisitForm, saveVisitState, signVisit, startVisit, visitDocument, visitInterview, visitProposals,
} from './service';
import { mountPublicCounterRoutes } from './public-routes';

/** Those who run the counter; admins too, to try it and to support it. */
const COUNTER: Role[] = ['counter_staff', 'municipality_admin', 'system_admin'];

const IdParam = z.object({ id: z.uuid('受付IDの形式が正しくありません。') });
const Revision = z.number().int().positive().openapi({ description: '画面が読み込んだ版。別の端末が先に保存していたら409' });
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日付はYYYY-MM-DDで指定してください。');

const VisitSchema = z.object({
  id: z.uuid(),
  status: z.enum(['open', 'completed', 'cancelled']),
  origin: z.enum(['counter', 'kiosk', 'preEntry']),
  revision: z.number().int(),
  state: VisitStateSchema,
  signed: z.boolean(),
  signedAt: z.string().nullable(),
  startedAt: z.string(),
  updatedAt: z.string(),
  completedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  result: z.record(z.string(), z.unknown()).nullable().openapi({ description: '完了で作られた案件・異動・手続き案内書の材料' }),
}).openapi('CounterVisit');
const VisitReply = jsonContent(z.object({ visit: VisitSchema }));
const ProposalSchema = z.object({
  procedureId: z.string(), title: z.string(),
  department: z.object({ name: z.string(), section: z.string(), floor: z.string(), desk: z.string() }).nullable(),
  reasons: z.array(z.object({ text: z.string(), persons: z.array(z.string()) })), memberIds: z.array(z.string()),
  bring: z.array(z.string()), deadline: z.string().nullable(), atCounter: z.boolean(), hasForm: z.boolean(), version: z.number().int(),
}).openapi('CounterProposal');
const InterviewSchema = z.record(z.string(), z.unknown()).openapi('CounterInterview', { description: '聞き取りの設問・各様式への対応（@madoguchi/procedures の Interview）' });
const pdfReply = { 200: { description: 'PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } } };

export function pdfResponse(c: Context<AppEnv>, pdf: Uint8Array, title: string) {
  c.header('content-type', 'application/pdf');
  // The title is Japanese: RFC 5987 filename*, with an ASCII fallback.
  c.header('content-disposition', `inline; filename="document.pdf"; filename*=UTF-8''${encodeURIComponent(`${title}.pdf`)}`);
  return c.body(pdf as Uint8Array<ArrayBuffer>, 200);
}

export function mountCounterRoutes(services: Services) {
  registerCounterJobs(services.jobs);
  return (api: OpenAPIHono<AppEnv>) => {
    api.openapi(
      createRoute({
        method: 'post', path: '/counter/visits', tags: ['counter'], summary: '受付を始める（書かない窓口）',
        request: { body: jsonBody(z.strictObject({})) },
        responses: { 201: jsonContent(z.object({ visit: VisitSchema }), '受付を始めました'), ...errorResponses },
      }),
      async (c) => c.json({ visit: await startVisit(services, requireRole(c, COUNTER), {}, c.get('requestId')) }, 201),
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/counter/visits', tags: ['counter'], summary: '受付の一覧（続きから再開する受付・完了した受付）',
        request: { query: z.object({ status: z.enum(['open', 'completed', 'cancelled']).default('open'), limit: z.coerce.number().int().min(1).max(100).default(30) }) },
        responses: {
          200: jsonContent(z.object({ items: z.array(z.object({ id: z.uuid(), status: z.string(), origin: z.string(), label: z.string(), step: z.enum(STEPS), startedAt: z.string(), updatedAt: z.string(), startedBy: z.string().nullable() })) })),
          ...errorResponses,
        },
      }),
      async (c) => c.json({ items: await listVisits(services, requireRole(c, COUNTER), c.req.valid('query'), c.get('requestId')) }, 200),
    );

    api.openapi(
      createRoute({ method: 'get', path: '/counter/visits/{id}', tags: ['counter'], summary: '受付の内容（閲覧は監査されます）', request: { params: IdParam }, responses: { 200: VisitReply, ...errorResponses } }),
      async (c) => c.json({ visit: await getVisit(services, requireRole(c, COUNTER), c.req.valid('param').id, c.get('requestId')) }, 200),
    );

    api.openapi(
      createRoute({
        method: 'put', path: '/counter/visits/{id}', tags: ['counter'], summary: '受付の下書きを保存する（入力のたびに保存）',
        request: { params: IdParam, body: jsonBody(z.strictObject({ revision: Revision, state: VisitStateSchema })) },
        responses: { 200: VisitReply, 409: { description: '別の端末が先に保存した・同じ人の受付が開いている' }, ...errorResponses },
      }),
      async (c) => c.json({ visit: await saveVisitState(services, requireRole(c, COUNTER), c.req.valid('param').id, c.req.valid('json'), c.get('requestId')) }, 200),
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/counter/visits/{id}/cancel', tags: ['counter'], summary: '受付を取り消す（理由を記録）',
        request: { params: IdParam, body: jsonBody(z.strictObject({ reason: z.string().max(500) })) },
        responses: { 200: VisitReply, ...errorResponses },
      }),
      async (c) => c.json({ visit: await cancelVisit(services, requireRole(c, COUNTER), c.req.valid('param').id, c.req.valid('json').reason, c.get('requestId')) }, 200),
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/counter/visits/{id}/identify/card', tags: ['counter'], summary: '本人確認: カードの券面事項（個人番号は送らない）で住民記録と照合',
        request: { params: IdParam, body: jsonBody(z.strictObject({ revision: Revision, card: CardAttributesSchema })) },
        responses: {
          200: jsonContent(z.object({ visit: VisitSchema, match: z.object({ kind: z.enum(['resident', 'nameDiffers', 'none']), residentId: z.uuid().nullable(), registryName: z.string().nullable() }) })),
          ...errorResponses,
        },
      }),
      async (c) => c.json(await identifyByCard(services, requireRole(c, COUNTER), c.req.valid('param').id, c.req.valid('json'), c.get('requestId')), 200),
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/counter/visits/{id}/identify/resident', tags: ['counter'], summary: '本人確認: 住民検索で選んだ人と世帯を受付に取り込む',
        request: { params: IdParam, body: jsonBody(z.strictObject({ revision: Revision, residentId: z.uuid('住民IDの形式が正しくありません。') })) },
        responses: { 200: VisitReply, ...errorResponses },
      }),
      async (c) => c.json({ visit: await identifyByResident(services, requireRole(c, COUNTER), c.req.valid('param').id, c.req.valid('json'), c.get('requestId')) }, 200),
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/counter/visits/{id}/identify/name-check', tags: ['counter'], summary: 'カードと住民記録の氏名の違いについて職員が判断する',
        request: { params: IdParam, body: jsonBody(z.strictObject({ revision: Revision, decision: z.enum(['same', 'different']) })) },
        responses: { 200: VisitReply, ...errorResponses },
      }),
      async (c) => c.json({ visit: await decideNameCheck(services, requireRole(c, COUNTER), c.req.valid('param').id, c.req.valid('json'), c.get('requestId')) }, 200),
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/counter/visits/{id}/import', tags: ['counter'], summary: '転入予約・転出証明書のデータ（madoguchi.move/1 のJSONまたはCSV）を取り込む',
        request: { params: IdParam, body: jsonBody(z.strictObject({ revision: Revision, format: z.enum(['json', 'csv']), content: z.string().max(200_000) })) },
        responses: { 200: jsonContent(z.object({ visit: VisitSchema, warnings: z.array(z.string()) })), 422: { description: '形式に合わない（何も取り込んでいない）' }, ...errorResponses },
      }),
      async (c) => c.json(await importMoveData(services, requireRole(c, COUNTER), c.req.valid('param').id, c.req.valid('json'), c.get('requestId')), 200),
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/counter/visits/{id}/proposals', tags: ['counter'], summary: '手続きナビの提案（理由つき）',
        request: { params: IdParam }, responses: { 200: jsonContent(z.object({ proposals: z.array(ProposalSchema) })), ...errorResponses },
      }),
      async (c) => c.json({ proposals: await visitProposals(services, requireRole(c, COUNTER), c.req.valid('param').id, c.get('requestId')) }, 200),
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/counter/visits/{id}/procedures', tags: ['counter'], summary: '今日行う手続きを選ぶ（その時点の公開版に固定）',
        request: { params: IdParam, body: jsonBody(z.strictObject({ revision: Revision, chosen: z.array(z.string().max(100)).max(40) })) },
        responses: { 200: VisitReply, ...errorResponses },
      }),
      async (c) => c.json({ visit: await chooseProcedures(services, requireRole(c, COUNTER), c.req.valid('param').id, c.req.valid('json'), c.get('requestId')) }, 200),
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/counter/visits/{id}/interview', tags: ['counter'], summary: '聞き取り: 選んだ手続きをまとめた1つの設問（共通の項目は1回）',
        request: { params: IdParam }, responses: { 200: jsonContent(z.object({ interview: InterviewSchema, forms: z.array(z.string()).openapi({ description: '紙の様式（PDF）がある手続き' }) })), ...errorResponses },
      }),
      async (c) => {
        const { interview, forms } = await visitInterview(services, requireRole(c, COUNTER), c.req.valid('param').id, c.get('requestId'));
        return c.json({ interview: interview as unknown as Record<string, unknown>, forms }, 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/counter/visits/{id}/forms/{procedureId}/form.pdf', tags: ['counter'], summary: '届出書のPDF（確認・署名用。署名後は署名入り）',
        request: { params: IdParam.extend({ procedureId: z.string().max(100) }) }, responses: { ...pdfReply, ...errorResponses },
      }),
      async (c) => {
        const { id, procedureId } = c.req.valid('param');
        const { pdf, title } = await renderVisitForm(services, requireRole(c, COUNTER), id, procedureId, c.get('requestId'));
        return pdfResponse(c, pdf, title);
      },
    );

    api.openapi(
      createRoute({
        method: 'put', path: '/counter/visits/{id}/signature', tags: ['counter'], summary: '画面に書いた署名（PNGのdata URL）を保存する。nullで消して書き直す',
        request: { params: IdParam, body: jsonBody(z.strictObject({ revision: Revision, dataUrl: z.string().max(450_000).nullable() })) },
        responses: { 200: VisitReply, ...errorResponses },
      }),
      async (c) => c.json({ visit: await signVisit(services, requireRole(c, COUNTER), c.req.valid('param').id, c.req.valid('json'), c.get('requestId')) }, 200),
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/counter/visits/{id}/complete', tags: ['counter'], summary: '完了: 異動・案件・監査・後続処理を1つのトランザクションで登録',
        request: { params: IdParam, body: jsonBody(z.strictObject({ revision: Revision })) },
        responses: { 200: VisitReply, 422: { description: '入力不足・誤り・住民記録の確認で登録できない（何も変えていない）' }, ...errorResponses },
      }),
      async (c) => c.json({ visit: await completeVisit(services, requireRole(c, COUNTER), c.req.valid('param').id, c.req.valid('json'), c.get('requestId')) }, 200),
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/counter/visits/{id}/guide-sheet.pdf', tags: ['counter'], summary: '手続き案内書（完了後に作成）',
        request: { params: IdParam }, responses: { ...pdfReply, 409: { description: '作成中' }, ...errorResponses },
      }),
      async (c) => {
        const { pdf, title } = await visitDocument(services, requireRole(c, COUNTER), c.req.valid('param').id, 'guide_sheet', c.get('requestId'));
        return pdfResponse(c, pdf, title);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/counter/visits/{id}/corrections', tags: ['counter'], summary: '完了した異動の訂正（新しい異動として記録）',
        request: {
          params: IdParam,
          body: jsonBody(z.strictObject({
            residentId: z.uuid(), effectiveDate: IsoDate, reason: z.string().max(200),
            change: z.strictObject({
              familyName: z.string().min(1).max(30).optional(), givenName: z.string().min(1).max(30).optional(), familyNameKana: z.string().min(1).max(40).optional(),
              givenNameKana: z.string().min(1).max(40).optional(), birthDate: IsoDate.optional(), sex: z.enum(['male', 'female']).optional(),
              relationship: z.string().min(1).max(20).optional(), residentSince: IsoDate.optional(),
            }),
          })),
        },
        responses: { 200: jsonContent(z.object({ changeIds: z.array(z.uuid()) })), ...errorResponses },
      }),
      async (c) => {
        const body = c.req.valid('json');
        const change = await correctVisit(services, requireRole(c, COUNTER), c.req.valid('param').id, body, c.get('requestId'));
        return c.json({ changeIds: change.changeIds }, 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/counter/entries', tags: ['counter'], summary: '記載台・事前申請で送られ、窓口で受け付ける前の入力',
        responses: { 200: jsonContent(z.object({ items: z.array(z.object({ id: z.uuid(), channel: z.enum(['kiosk', 'home']), kioskNumber: z.string().nullable(), label: z.string(), submittedAt: z.string() })) })), ...errorResponses },
      }),
      async (c) => c.json({ items: await listWaitingEntries(services, requireRole(c, COUNTER), c.get('requestId')) }, 200),
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/counter/entries/pick-up', tags: ['counter'], summary: '記載台・事前申請の入力から受付を始める（QRコード・受付コード・一覧から）',
        request: { body: jsonBody(z.strictObject({ code: z.string().min(4).max(300).optional(), entryId: z.uuid().optional() }).refine((b) => b.code || b.entryId, { message: '受付コードを入力するか、一覧から選んでください。', path: ['code'] })) },
        responses: { 201: jsonContent(z.object({ visit: VisitSchema }), '受付を始めました'), ...errorResponses },
      }),
      async (c) => c.json({ visit: await pickUpEntry(services, requireRole(c, COUNTER), c.req.valid('json'), c.get('requestId')) }, 201),
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/counter/stats', tags: ['counter'], summary: '窓口の統計（日別・時間帯別の受付数、手続きごとの所要時間、1受付あたりの手続き数）',
        request: { query: z.object({ from: IsoDate, to: IsoDate }) },
        responses: { 200: jsonContent(z.object({ stats: z.record(z.string(), z.unknown()) })), ...errorResponses },
      }),
      async (c) => c.json({ stats: await counterStats(services, requireRole(c, COUNTER), c.req.valid('query')) as unknown as Record<string, unknown> }, 200),
    );

    mountPublicCounterRoutes(api, services);
  };
}
