import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { errorResponses, jsonBody, jsonContent, type AppEnv, type Services } from '../../platform/http/context';
import { requireAdmin, requireRole } from '../../platform/http/security';
import { assertProgrammeReviewer, operatorIdOf, TAXI_COUNTER, TAXI_OPERATOR, TAXI_REVIEW } from './access';
import { listAnomalies, reviewAnomaly } from './anomalies';
import { changeBeneficiaryStatus, checkEligibility, decideBeneficiary, decideFromCase, decisionLetterPdf, getBeneficiary, listBeneficiaries, suspendForRegistryChanges } from './beneficiaries';
import { bindCard, revokeBinding } from './binding';
import { generateClaim, getClaim, listClaims, recordPayment, reviewClaim, submitClaim } from './claims';
import { claimCsv, claimPdf } from './documents';
import { EligibilityAnswersSchema } from './eligibility';
import { decideImportRow, getImport, importHolders } from './import';
import { addTerminal, addVehicle, createOperator, createOperatorAccount, getOperator, linkTerminalDevice, listOperators } from './operators';
import { createProgramme, getProgramme, listProgrammes, loadProgrammeRow, publishRules, updateProgramme } from './programmes';
import { programmeReport } from './reports';
import { listRides, resolveRide } from './rides';
import { TaxiRulesSchema } from './rules';
import { registerTaxiJobs } from './jobs';

const Id = z.uuid('IDの形式が正しくありません。');
const IdParam = z.object({ id: Id });
const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月は「2026-11」の形で指定してください。');
const Any = z.record(z.string(), z.unknown());
const ok = (schema: z.ZodType = Any) => ({ 200: jsonContent(schema), ...errorResponses });
const pdfResponse = { 200: { description: 'PDF', content: { 'application/pdf': { schema: z.string().openapi({ format: 'binary' }) } } }, ...errorResponses };
const csvResponse = { 200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } }, ...errorResponses };
const Encoding = z.object({ encoding: z.enum(['utf-8', 'shift_jis']).default('utf-8') });

const ProgrammeBody = z.strictObject({
  fiscalYear: z.number().int().min(2000).max(2200),
  name: z.string().trim().min(1, '事業の名前を入力してください。').max(100),
  budgetYen: z.number().int().min(0).max(100_000_000_000),
  departmentId: Id.nullable(),
  status: z.enum(['draft', 'active', 'closed']),
  rules: TaxiRulesSchema,
  operatorIds: z.array(Id).max(200),
});

const AdjustmentSchema = z.strictObject({
  amountYen: z.number().int().min(-100_000_000).max(100_000_000).refine((n) => n !== 0, '調整額に0円は指定できません。'),
  reason: z.string().trim().min(1, '調整の理由を入力してください。').max(500),
  rideId: Id.nullable().default(null),
});

function download(c: { header(k: string, v: string): void; body(b: Uint8Array<ArrayBuffer>, s: 200): Response }, bytes: Uint8Array, type: string, filename: string, inline: boolean) {
  c.header('content-type', type);
  c.header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename="download"; filename*=UTF-8''${encodeURIComponent(filename)}`);
  c.header('cache-control', 'no-store');
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200);
}

export function mountTaxiRoutes(services: Services) {
  registerTaxiJobs(services);
  return (api: OpenAPIHono<AppEnv>) => {
    const rid = (c: { get(k: 'requestId'): string }) => c.get('requestId');

    // ── programmes ─────────────────────────────────────────────────────────
    api.openapi(createRoute({ method: 'get', path: '/taxi/programmes', tags: ['taxi'], summary: '電子タクシー券の事業の一覧（年度ごと・ルールつき）', responses: ok() }),
      async (c) => c.json({ programmes: await listProgrammes(services.db, requireRole(c, TAXI_COUNTER).municipalityId, services.now()) }, 200));
    api.openapi(createRoute({ method: 'post', path: '/taxi/programmes', tags: ['taxi'], summary: '事業の登録（管理者）', request: { body: jsonBody(ProgrammeBody) }, responses: ok() }),
      async (c) => c.json({ programme: await createProgramme(services, requireAdmin(c), c.req.valid('json'), rid(c)) }, 200));
    api.openapi(createRoute({ method: 'get', path: '/taxi/programmes/{id}', tags: ['taxi'], summary: '事業の内容（現在のルール・参加事業者）', request: { params: IdParam }, responses: ok() }),
      async (c) => c.json({ programme: await getProgramme(services.db, requireRole(c, TAXI_COUNTER).municipalityId, c.req.valid('param').id, services.now()) }, 200));
    api.openapi(createRoute({
      method: 'patch', path: '/taxi/programmes/{id}', tags: ['taxi'], summary: '事業の名前・予算・状態・担当課・参加事業者の変更（管理者）',
      request: { params: IdParam, body: jsonBody(ProgrammeBody.omit({ fiscalYear: true, rules: true })) }, responses: ok(),
    }), async (c) => c.json({ programme: await updateProgramme(services, requireAdmin(c), c.req.valid('param').id, c.req.valid('json'), rid(c)) }, 200));
    api.openapi(createRoute({
      method: 'post', path: '/taxi/programmes/{id}/rules', tags: ['taxi'], summary: 'ルールの改定（新しい版。乗車は適用した版を記録します）',
      request: { params: IdParam, body: jsonBody(z.strictObject({ rules: TaxiRulesSchema, note: z.string().trim().min(1, '改定の内容を入力してください。').max(500), effectiveFrom: z.iso.datetime({ offset: true }).nullable(), baseVersion: z.number().int().min(0) })) },
      responses: ok(),
    }), async (c) => c.json({ programme: await publishRules(services, requireAdmin(c), c.req.valid('param').id, c.req.valid('json'), rid(c)) }, 200));

    // ── operators ──────────────────────────────────────────────────────────
    api.openapi(createRoute({ method: 'get', path: '/taxi/operators', tags: ['taxi'], summary: 'タクシー事業者の一覧（車両・端末・アカウント）', responses: ok() }),
      async (c) => c.json({ operators: await listOperators(services.db, requireRole(c, TAXI_REVIEW).municipalityId) }, 200));
    api.openapi(createRoute({
      method: 'post', path: '/taxi/operators', tags: ['taxi'], summary: '事業者の登録（管理者）',
      request: { body: jsonBody(z.strictObject({
        code: z.string().trim().regex(/^[A-Za-z0-9-]{1,16}$/, '事業者コードは半角英数字16文字までです。'), name: z.string().trim().min(1, '事業者名を入力してください。').max(100),
        address: z.string().trim().max(200).default(''), phone: z.string().trim().max(30).default(''),
        invoiceRegistrationNumber: z.string().regex(/^T\d{13}$/, '登録番号は「T」と13桁の数字です。').nullable().default(null),
      })) },
      responses: ok(),
    }), async (c) => c.json({ operator: await createOperator(services, requireAdmin(c), c.req.valid('json'), rid(c)) }, 200));
    api.openapi(createRoute({
      method: 'post', path: '/taxi/operators/{id}/vehicles', tags: ['taxi'], summary: '車両の登録（管理者）',
      request: { params: IdParam, body: jsonBody(z.strictObject({ registrationNumber: z.string().trim().min(1, 'ナンバーを入力してください。').max(40), label: z.string().trim().max(40).default('') })) }, responses: ok(),
    }), async (c) => c.json({ operator: await addVehicle(services, requireAdmin(c), c.req.valid('param').id, c.req.valid('json'), rid(c)) }, 200));
    api.openapi(createRoute({
      method: 'post', path: '/taxi/operators/{id}/terminals', tags: ['taxi'], summary: '車載端末の登録（端末の登録コードは端末管理で発行）',
      request: { params: IdParam, body: jsonBody(z.strictObject({ label: z.string().trim().min(1, '端末の名前を入力してください。').max(40), vehicleId: Id.nullable().default(null), deviceId: Id.nullable().default(null) })) }, responses: ok(),
    }), async (c) => c.json({ operator: await addTerminal(services, requireAdmin(c), c.req.valid('param').id, c.req.valid('json'), rid(c)) }, 200));
    api.openapi(createRoute({
      method: 'put', path: '/taxi/operators/{id}/terminals/{terminalId}/device', tags: ['taxi'], summary: '車載端末と端末（端末の管理）の結び付け・解除（管理者）',
      request: { params: z.object({ id: Id, terminalId: Id }), body: jsonBody(z.strictObject({ deviceId: Id.nullable() })) }, responses: ok(),
    }), async (c) => {
      const { id, terminalId } = c.req.valid('param');
      return c.json({ operator: await linkTerminalDevice(services, requireAdmin(c), id, terminalId, c.req.valid('json').deviceId, rid(c)) }, 200);
    });
    api.openapi(createRoute({
      method: 'post', path: '/taxi/operators/{id}/accounts', tags: ['taxi'], summary: '事業者の事務所用ログインの作成（管理者）',
      request: { params: IdParam, body: jsonBody(z.strictObject({ loginId: z.string().trim().regex(/^[a-z0-9._-]{3,40}$/, 'ログインIDは半角の小文字・数字・記号（. _ -）で3〜40文字です。'), displayName: z.string().trim().min(1).max(60), password: z.string().min(12, 'パスワードは12文字以上にしてください。').max(200) })) }, responses: ok(),
    }), async (c) => c.json({ operator: await createOperatorAccount(services, requireAdmin(c), c.req.valid('param').id, c.req.valid('json'), rid(c)) }, 200));

    // ── eligibility and beneficiaries ──────────────────────────────────────
    api.openapi(createRoute({
      method: 'post', path: '/taxi/programmes/{id}/eligibility', tags: ['taxi'], summary: '対象の確認（住民記録と申請者の回答から。理由つき）',
      request: { params: IdParam, body: jsonBody(z.strictObject({ residentId: Id, answers: EligibilityAnswersSchema })) }, responses: ok(),
    }), async (c) => {
      const body = c.req.valid('json');
      return c.json(await checkEligibility(services, requireRole(c, TAXI_COUNTER), { programmeId: c.req.valid('param').id, residentId: body.residentId, answers: body.answers }, rid(c)), 200);
    });
    api.openapi(createRoute({
      method: 'post', path: '/taxi/programmes/{id}/beneficiaries', tags: ['taxi'], summary: '利用の決定（サーバーで要件を確かめ直し、利用者番号を付けます）',
      request: { params: IdParam, body: jsonBody(z.strictObject({ residentId: Id, answers: EligibilityAnswersSchema, caseId: Id.nullable().default(null) })) },
      responses: { ...ok(), 409: { description: 'すでに利用者' }, 422: { description: '要件を満たさない' } },
    }), async (c) => {
      const body = c.req.valid('json');
      return c.json({ beneficiary: await decideBeneficiary(services, requireRole(c, TAXI_COUNTER), { programmeId: c.req.valid('param').id, residentId: body.residentId, answers: body.answers, caseId: body.caseId, source: body.caseId ? 'application' : 'staff' }, rid(c)) }, 200);
    });
    api.openapi(createRoute({
      method: 'post', path: '/taxi/programmes/{id}/beneficiaries/from-case', tags: ['taxi'], summary: '申請（窓口・移動市役所・オンラインの案件）からの利用の決定',
      request: { params: IdParam, body: jsonBody(z.strictObject({ caseId: Id })) },
      responses: { ...ok(), 409: { description: 'すでに利用者・提出されていない' }, 422: { description: '要件を満たさない・別の手続き' } },
    }), async (c) => c.json({ beneficiary: await decideFromCase(services, requireRole(c, TAXI_COUNTER), c.req.valid('param').id, c.req.valid('json').caseId, rid(c)) }, 200));
    api.openapi(createRoute({
      method: 'get', path: '/taxi/programmes/{id}/beneficiaries', tags: ['taxi'], summary: '利用者の一覧（閲覧は監査されます）',
      request: { params: IdParam, query: z.object({ status: z.enum(['active', 'suspended', 'ended']).optional(), q: z.string().max(60).optional() }) }, responses: ok(),
    }), async (c) => c.json({ beneficiaries: await listBeneficiaries(services, requireRole(c, TAXI_COUNTER), { programmeId: c.req.valid('param').id, ...c.req.valid('query') }, rid(c)) }, 200));
    api.openapi(createRoute({
      method: 'post', path: '/taxi/programmes/{id}/registry-check', tags: ['taxi'], summary: '住民記録との照合（転出・死亡の方の利用を停止）',
      request: { params: IdParam }, responses: ok(),
    }), async (c) => {
      const staff = requireRole(c, TAXI_REVIEW);
      assertProgrammeReviewer(staff, await loadProgrammeRow(services.db, staff.municipalityId, c.req.valid('param').id));
      return c.json({ suspended: await suspendForRegistryChanges(services.db, staff.municipalityId, services.now(), staff.id) }, 200);
    });
    api.openapi(createRoute({ method: 'get', path: '/taxi/beneficiaries/{id}', tags: ['taxi'], summary: '利用者の詳細（対象の理由・カード・乗車）', request: { params: IdParam }, responses: ok() }),
      async (c) => c.json({ beneficiary: await getBeneficiary(services, requireRole(c, TAXI_COUNTER), c.req.valid('param').id, rid(c)) }, 200));
    api.openapi(createRoute({
      method: 'post', path: '/taxi/beneficiaries/{id}/status', tags: ['taxi'], summary: '利用の停止・再開・終了（理由つき）',
      request: { params: IdParam, body: jsonBody(z.strictObject({ to: z.enum(['active', 'suspended', 'ended']), reason: z.string().trim().min(1, '理由を入力してください。').max(500) })) }, responses: ok(),
    }), async (c) => c.json({ beneficiary: await changeBeneficiaryStatus(services, requireRole(c, TAXI_REVIEW), c.req.valid('param').id, c.req.valid('json'), rid(c)) }, 200));
    api.openapi(createRoute({ method: 'get', path: '/taxi/beneficiaries/{id}/decision.pdf', tags: ['taxi'], summary: '決定通知書（A4 PDF）', request: { params: IdParam }, responses: pdfResponse }),
      async (c) => {
        const { pdf, filename } = await decisionLetterPdf(services, requireRole(c, TAXI_COUNTER), c.req.valid('param').id, rid(c));
        return download(c, pdf, 'application/pdf', filename, true);
      });
    api.openapi(createRoute({
      method: 'post', path: '/taxi/beneficiaries/{id}/card', tags: ['taxi'], summary: 'カードの登録・登録し直し（利用者証明用電子証明書。番号は読みません）',
      request: { params: IdParam, body: jsonBody(z.strictObject({ certificate: z.string().min(1).max(12_000), channel: z.enum(['counter', 'vehicle']).default('counter') })) }, responses: ok(),
    }), async (c) => c.json({ beneficiary: await bindCard(services, requireRole(c, TAXI_COUNTER), c.req.valid('param').id, c.req.valid('json'), rid(c)) }, 200));
    api.openapi(createRoute({
      method: 'post', path: '/taxi/beneficiaries/{id}/card/revoke', tags: ['taxi'], summary: 'カードの登録の取消（紛失など）',
      request: { params: IdParam, body: jsonBody(z.strictObject({ reason: z.string().trim().min(1, '理由を入力してください。').max(500) })) }, responses: ok(),
    }), async (c) => c.json({ beneficiary: await revokeBinding(services, requireRole(c, TAXI_COUNTER), c.req.valid('param').id, c.req.valid('json').reason, rid(c)) }, 200));

    // ── paper-ticket holders import ────────────────────────────────────────
    api.openapi(createRoute({
      method: 'post', path: '/taxi/programmes/{id}/imports', tags: ['taxi'], summary: '紙のタクシー券の利用者のCSV取込（UTF-8またはShift_JIS。住民記録と照合）',
      request: { params: IdParam, query: z.object({ filename: z.string().max(200).default('import.csv') }), body: { required: true, content: { 'text/csv': { schema: z.string() } } } }, responses: ok(),
    }), async (c) => {
      const staff = requireRole(c, TAXI_REVIEW);
      const bytes = new Uint8Array(await c.req.arrayBuffer());
      return c.json(await importHolders(services, staff, c.req.valid('param').id, bytes, c.req.valid('query').filename, c.req.header('content-type') ?? '', rid(c)), 200);
    });
    api.openapi(createRoute({ method: 'get', path: '/taxi/imports/{id}', tags: ['taxi'], summary: '取込の結果（確認が必要な行）', request: { params: IdParam }, responses: ok() }),
      async (c) => c.json(await getImport(services, requireRole(c, TAXI_REVIEW), c.req.valid('param').id, rid(c)), 200));
    api.openapi(createRoute({
      method: 'post', path: '/taxi/imports/{id}/rows/{rowNo}', tags: ['taxi'], summary: '確認が必要な行の判断（この住民で登録／登録しない）',
      request: { params: IdParam.extend({ rowNo: z.coerce.number().int().min(1) }), body: jsonBody(z.strictObject({ decision: z.enum(['import', 'skip']), residentId: Id.nullable().default(null), note: z.string().max(500).default('') })) }, responses: ok(),
    }), async (c) => {
      const p = c.req.valid('param');
      return c.json(await decideImportRow(services, requireRole(c, TAXI_REVIEW), p.id, p.rowNo, c.req.valid('json'), rid(c)), 200);
    });

    // ── rides, reports, anomalies (city) ───────────────────────────────────
    api.openapi(createRoute({
      method: 'get', path: '/taxi/rides', tags: ['taxi'], summary: '乗車の記録（月ごと）',
      request: { query: z.object({ month: Month, status: z.enum(['accepted', 'over_cap', 'rejected']).optional(), operatorId: Id.optional() }) }, responses: ok(),
    }), async (c) => c.json({ rides: await listRides(services, { kind: 'city', staff: requireRole(c, TAXI_REVIEW) }, c.req.valid('query'), rid(c)) }, 200));
    api.openapi(createRoute({
      method: 'post', path: '/taxi/rides/{id}/resolution', tags: ['taxi'], summary: '上限超過・受け付けなかった乗車の判断（助成する／しない）',
      request: { params: IdParam, body: jsonBody(z.strictObject({ decision: z.enum(['approved', 'refused']), note: z.string().trim().min(1, '判断の理由を入力してください。').max(500) })) }, responses: ok(),
    }), async (c) => {
      await resolveRide(services, requireRole(c, TAXI_REVIEW), c.req.valid('param').id, c.req.valid('json'), rid(c));
      return c.json({ ok: true }, 200);
    });
    api.openapi(createRoute({ method: 'get', path: '/taxi/programmes/{id}/report', tags: ['taxi'], summary: '集計（月別・事業者別・対象区分別、予算の執行と年度末の見込み）', request: { params: IdParam }, responses: ok() }),
      async (c) => c.json({ report: await programmeReport(services, requireRole(c, TAXI_REVIEW), c.req.valid('param').id, rid(c)) }, 200));
    api.openapi(createRoute({
      method: 'get', path: '/taxi/programmes/{id}/anomalies', tags: ['taxi'], summary: '要確認の一覧（同じカードの連続利用・上限超過・高額運賃・同期の止まった端末）',
      request: { params: IdParam, query: z.object({ from: z.iso.datetime({ offset: true }), to: z.iso.datetime({ offset: true }), includeReviewed: z.enum(['true', 'false']).default('false') }) }, responses: ok(),
    }), async (c) => {
      const q = c.req.valid('query');
      return c.json({ anomalies: await listAnomalies(services, requireRole(c, TAXI_REVIEW), c.req.valid('param').id, { from: q.from, to: q.to, includeReviewed: q.includeReviewed === 'true' }, rid(c)) }, 200);
    });
    api.openapi(createRoute({
      method: 'post', path: '/taxi/programmes/{id}/anomalies/review', tags: ['taxi'], summary: '要確認の項目に確認済み・問題なしを記録',
      request: { params: IdParam, body: jsonBody(z.strictObject({ key: z.string().min(1).max(200), status: z.enum(['checked', 'dismissed']), note: z.string().max(1000).default('') })) }, responses: ok(),
    }), async (c) => {
      await reviewAnomaly(services, requireRole(c, TAXI_REVIEW), c.req.valid('param').id, c.req.valid('json'), rid(c));
      return c.json({ ok: true }, 200);
    });

    // ── claims (city) ──────────────────────────────────────────────────────
    api.openapi(createRoute({
      method: 'get', path: '/taxi/claims', tags: ['taxi'], summary: '請求の一覧（市）',
      request: { query: z.object({ month: Month.optional(), status: z.enum(['draft', 'submitted', 'approved', 'adjusted', 'paid']).optional() }) }, responses: ok(),
    }), async (c) => c.json({ claims: await listClaims(services, { kind: 'city', staff: requireRole(c, TAXI_REVIEW) }, c.req.valid('query')) }, 200));
    api.openapi(createRoute({ method: 'get', path: '/taxi/claims/{id}', tags: ['taxi'], summary: '請求の内容と明細（市）', request: { params: IdParam }, responses: ok() }),
      async (c) => c.json(await getClaim(services, { kind: 'city', staff: requireRole(c, TAXI_REVIEW) }, c.req.valid('param').id, rid(c)), 200));
    api.openapi(createRoute({
      method: 'post', path: '/taxi/claims/{id}/review', tags: ['taxi'], summary: '請求の審査（承認、または理由を付けて調整のうえ承認）',
      request: { params: IdParam, body: jsonBody(z.strictObject({ decision: z.enum(['approve', 'adjust']), note: z.string().trim().max(1000).nullable().default(null), adjustments: z.array(AdjustmentSchema).max(100).default([]) })) },
      responses: { ...ok(), 409: { description: '提出済みではない' } },
    }), async (c) => c.json({ claim: await reviewClaim(services, requireRole(c, TAXI_REVIEW), c.req.valid('param').id, c.req.valid('json'), rid(c)) }, 200));
    api.openapi(createRoute({
      method: 'post', path: '/taxi/claims/{id}/payment', tags: ['taxi'], summary: '支払の記録',
      request: { params: IdParam, body: jsonBody(z.strictObject({ paidOn: z.iso.date('支払日は「2026-12-10」の形で入力してください。'), reference: z.string().trim().min(1, '支出命令番号などを入力してください。').max(100) })) }, responses: ok(),
    }), async (c) => c.json({ claim: await recordPayment(services, requireRole(c, TAXI_REVIEW), c.req.valid('param').id, c.req.valid('json'), rid(c)) }, 200));
    api.openapi(createRoute({ method: 'get', path: '/taxi/claims/{id}/claim.pdf', tags: ['taxi'], summary: '請求書（A4 PDF、市）', request: { params: IdParam }, responses: pdfResponse }),
      async (c) => {
        const { pdf, filename } = await claimPdf(services, { kind: 'city', staff: requireRole(c, TAXI_REVIEW) }, c.req.valid('param').id, rid(c));
        return download(c, pdf, 'application/pdf', filename, true);
      });
    api.openapi(createRoute({ method: 'get', path: '/taxi/claims/{id}/rides.csv', tags: ['taxi'], summary: '請求明細のCSV（市）', request: { params: IdParam, query: Encoding }, responses: csvResponse }),
      async (c) => {
        const out = await claimCsv(services, { kind: 'city', staff: requireRole(c, TAXI_REVIEW) }, c.req.valid('param').id, c.req.valid('query').encoding, rid(c));
        return download(c, out.bytes, out.contentType, out.filename, false);
      });

    // ── the operator's office ──────────────────────────────────────────────
    const operatorViewer = async (c: Parameters<typeof requireRole>[0]) => {
      const staff = requireRole(c, TAXI_OPERATOR);
      return { kind: 'operator' as const, staff, operatorId: await operatorIdOf(services.db, staff) };
    };
    api.openapi(createRoute({ method: 'get', path: '/taxi/operator/me', tags: ['taxi-operator'], summary: '自社の情報（事業者）', responses: ok() }),
      async (c) => {
        const v = await operatorViewer(c);
        return c.json({ operator: await getOperator(services.db, v.staff.municipalityId, v.operatorId) }, 200);
      });
    api.openapi(createRoute({ method: 'get', path: '/taxi/operator/rides', tags: ['taxi-operator'], summary: '自社の乗車の記録（事業者）', request: { query: z.object({ month: Month, status: z.enum(['accepted', 'over_cap', 'rejected']).optional() }) }, responses: ok() }),
      async (c) => c.json({ rides: await listRides(services, await operatorViewer(c), c.req.valid('query'), rid(c)) }, 200));
    api.openapi(createRoute({ method: 'get', path: '/taxi/operator/claims', tags: ['taxi-operator'], summary: '自社の請求の一覧（事業者）', responses: ok() }),
      async (c) => c.json({ claims: await listClaims(services, await operatorViewer(c), {}) }, 200));
    api.openapi(createRoute({
      method: 'post', path: '/taxi/operator/claims', tags: ['taxi-operator'], summary: '請求の作成・作り直し（市が受け付けた乗車だけから）',
      request: { body: jsonBody(z.strictObject({ month: Month, programmeId: Id.optional(), rideIds: z.array(Id).max(20_000).optional() })) },
      responses: { ...ok(), 409: { description: '提出済み' }, 422: { description: '請求できない乗車・月' } },
    }), async (c) => {
      const v = await operatorViewer(c);
      return c.json(await generateClaim(services, v, c.req.valid('json'), rid(c)), 200);
    });
    api.openapi(createRoute({ method: 'get', path: '/taxi/operator/claims/{id}', tags: ['taxi-operator'], summary: '自社の請求の内容と明細', request: { params: IdParam }, responses: ok() }),
      async (c) => c.json(await getClaim(services, await operatorViewer(c), c.req.valid('param').id, rid(c)), 200));
    api.openapi(createRoute({ method: 'post', path: '/taxi/operator/claims/{id}/submit', tags: ['taxi-operator'], summary: '請求の提出', request: { params: IdParam }, responses: ok() }),
      async (c) => c.json({ claim: await submitClaim(services, await operatorViewer(c), c.req.valid('param').id, rid(c)) }, 200));
    api.openapi(createRoute({ method: 'get', path: '/taxi/operator/claims/{id}/claim.pdf', tags: ['taxi-operator'], summary: '請求書（A4 PDF、事業者）', request: { params: IdParam }, responses: pdfResponse }),
      async (c) => {
        const { pdf, filename } = await claimPdf(services, await operatorViewer(c), c.req.valid('param').id, rid(c));
        return download(c, pdf, 'application/pdf', filename, true);
      });
    api.openapi(createRoute({ method: 'get', path: '/taxi/operator/claims/{id}/rides.csv', tags: ['taxi-operator'], summary: '請求明細のCSV（事業者）', request: { params: IdParam, query: Encoding }, responses: csvResponse }),
      async (c) => {
        const out = await claimCsv(services, await operatorViewer(c), c.req.valid('param').id, c.req.valid('query').encoding, rid(c));
        return download(c, out.bytes, out.contentType, out.filename, false);
      });
  };
}
