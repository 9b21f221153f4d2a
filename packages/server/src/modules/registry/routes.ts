import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { errorResponses, jsonContent, type AppEnv, type Services } from '../../platform/http/context';
import { requireAdmin, requireRole } from '../../platform/http/security';
import { badRequest } from '../../platform/http/errors';
import type { Role } from '../../platform/auth/roles';
import { getHouseholdDetail, getResidentDetail, importRegistryCsv, searchResidents } from './service';

/** Everyone who works with residents; admins too, for support. */
const REGISTRY_READERS: Role[] = ['counter_staff', 'department_reviewer', 'municipality_admin', 'system_admin'];

const Status = z.enum(['active', 'moved_out', 'deceased']);
const ResidentSummarySchema = z
  .object({
    id: z.uuid(),
    name: z.string().openapi({ example: '山田 太郎' }),
    kana: z.string().openapi({ example: 'ヤマダ タロウ' }),
    birthDate: z.string().openapi({ example: '1970-03-02' }),
    birthDateWareki: z.string().openapi({ example: '昭和45年3月2日' }),
    age: z.number().int(),
    sex: z.enum(['male', 'female']),
    status: Status,
    address: z.string(),
    householdId: z.uuid(),
    relationship: z.string().openapi({ example: '世帯主' }),
  })
  .openapi('ResidentSummary');
const AddressPartsSchema = z.object({ prefecture: z.string(), city: z.string(), town: z.string(), block: z.string(), building: z.string().nullable() });
const HouseholdSchema = z
  .object({ id: z.uuid(), address: z.string(), postalCode: z.string(), householderId: z.uuid().nullable(), members: z.array(ResidentSummarySchema) })
  .openapi('Household');
const HistorySchema = z.object({
  id: z.uuid(), kind: z.string(), kindLabel: z.string(), effectiveDate: z.string(), effectiveDateWareki: z.string(),
  recordedAt: z.string(), reason: z.string(), details: z.record(z.string(), z.unknown()),
});
const ResidentDetailSchema = z
  .object({
    resident: ResidentSummarySchema.extend({
      familyName: z.string(), givenName: z.string(), familyNameKana: z.string(), givenNameKana: z.string(),
      residentRecordCode: z.string(), residentSince: z.string(), movedInFrom: z.string().nullable(), postalCode: z.string(), addressParts: AddressPartsSchema,
    }),
    household: HouseholdSchema,
    history: z.array(HistorySchema),
  })
  .openapi('ResidentDetail');

const SearchQuery = z.object({
  q: z.string().max(100).optional().openapi({ description: '氏名またはカナ（全角・半角・ひらがな可）', example: 'ﾔﾏﾀﾞ' }),
  birth: z.string().max(30).optional().openapi({ description: '生年月日（和暦・西暦、年のみも可）', example: '昭和45年' }),
  address: z.string().max(100).optional().openapi({ description: '住所の一部', example: '若葉町' }),
  householdId: z.uuid('世帯IDの形式が正しくありません。').optional(),
  status: Status.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});
const IdParam = z.object({ id: z.uuid('IDの形式が正しくありません。') });

export function mountRegistryRoutes(services: Services) {
  return (api: OpenAPIHono<AppEnv>) => {
    api.openapi(
      createRoute({
        method: 'get', path: '/residents', tags: ['registry'], summary: '住民の検索（閲覧は監査されます）',
        request: { query: SearchQuery },
        responses: {
          200: jsonContent(z.object({
            items: z.array(ResidentSummarySchema),
            total: z.number().int(),
            totalIsLowerBound: z.boolean().openapi({ description: 'trueのとき、該当はtotal件より多い（数えるのを打ち切った）' }),
          })),
          ...errorResponses,
        },
      }),
      async (c) => {
        const staff = requireRole(c, REGISTRY_READERS);
        return c.json(await searchResidents(services, staff, c.req.valid('query'), c.get('requestId')), 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/residents/{id}', tags: ['registry'], summary: '住民の詳細・世帯・異動履歴（閲覧は監査されます）',
        request: { params: IdParam, query: z.object({ purpose: z.string().max(100).optional() }) },
        responses: { 200: jsonContent(ResidentDetailSchema), ...errorResponses },
      }),
      async (c) => {
        const staff = requireRole(c, REGISTRY_READERS);
        return c.json(await getResidentDetail(services, staff, c.req.valid('param').id, c.req.valid('query').purpose, c.get('requestId')), 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/households/{id}', tags: ['registry'], summary: '世帯と世帯員（閲覧は監査されます）',
        request: { params: IdParam },
        responses: { 200: jsonContent(HouseholdSchema), ...errorResponses },
      }),
      async (c) => {
        const staff = requireRole(c, REGISTRY_READERS);
        return c.json(await getHouseholdDetail(services, staff, c.req.valid('param').id, c.get('requestId')), 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/registry/import', tags: ['registry'], summary: '住民データのCSV取込（UTF-8またはShift_JIS）',
        request: {
          query: z.object({ dryRun: z.enum(['true', 'false']).default('true') }),
          body: { required: true, content: { 'text/csv': { schema: z.string() } } },
        },
        responses: {
          200: jsonContent(z.object({ dryRun: z.boolean(), imported: z.number().int(), households: z.number().int(), encoding: z.string() })),
          422: { description: '取り込めない行がある（何も取り込まない）' },
          ...errorResponses,
        },
      }),
      async (c) => {
        const staff = requireAdmin(c);
        if (!(c.req.header('content-type') ?? '').startsWith('text/csv')) {
          throw badRequest('IMPORT_NOT_CSV', 'CSVファイル（Content-Type: text/csv）を送信してください。');
        }
        const bytes = new Uint8Array(await c.req.arrayBuffer());
        const dryRun = c.req.valid('query').dryRun === 'true';
        return c.json(await importRegistryCsv(services, staff, bytes, dryRun, c.get('requestId')), 200);
      },
    );
  };
}
