import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { errorResponses, jsonBody, jsonContent, type AppEnv, type Services } from '../../platform/http/context';
import { currentStaff, requireAdmin } from '../../platform/http/security';
import { createDepartment, listDepartmentsWithStaff, reinstateDepartment, retireDepartment, updateDepartment } from './departments';
import { getMunicipality, listDepartments } from './service';
import { tidyText } from './text';
import { getMunicipalitySettings, SettingsPatchSchema, updateMunicipalitySettings, type SettingKey } from './settings';

const DepartmentFields = {
  id: z.uuid(),
  code: z.string().openapi({ example: 'shimin' }),
  name: z.string().openapi({ example: '市民税務課' }),
  location: z.string().nullable().openapi({ example: '1階 1・2番窓口' }),
  active: z.boolean(),
  retiredAt: z.string().nullable(),
};
const DepartmentSchema = z.object(DepartmentFields).openapi('Department');
const DepartmentWithStaffSchema = z.object({ ...DepartmentFields, activeStaffCount: z.number().int() }).openapi('DepartmentWithStaff');
const MunicipalitySchema = z
  .object({
    id: z.uuid(),
    name: z.string().openapi({ example: '尾花沢市' }),
    localGovernmentCode: z.string().openapi({ example: '062120' }),
    prefecture: z.string().openapi({ example: '山形県' }),
    departments: z.array(DepartmentSchema),
  })
  .openapi('Municipality');

const departmentName = z.string().overwrite(tidyText).min(1, '課の名前を入力してください。').max(50, '課の名前は50文字以内で入力してください。');
const departmentLocation = z.string().overwrite(tidyText).max(100, '場所は100文字以内で入力してください。').nullable()
  .openapi({ description: '窓口の場所。空文字または null で「未設定」', example: '1階 3番窓口' });
const NewDepartmentSchema = z.strictObject({
  code: z.string().trim().regex(/^[a-z][a-z0-9_-]{1,31}$/, '課コードは半角の英小文字で始まる2〜32文字（英小文字・数字・「-」「_」）で入力してください（例：shimin）。'),
  name: departmentName,
  location: departmentLocation.optional(),
});
const DepartmentPatchSchema = z.strictObject({ name: departmentName.optional(), location: departmentLocation.optional() });
const IdParam = z.object({ id: z.uuid('IDの形式が正しくありません。') });

const SettingsSchema = z
  .object({
    displayName: z.string().nullable(), postalCode: z.string().nullable(), address: z.string().nullable(),
    phone: z.string().nullable(), openingHours: z.string().nullable(),
  } satisfies Record<SettingKey, z.ZodType>)
  .openapi('MunicipalitySettings', {
    example: { displayName: '尾花沢市役所', postalCode: '9994292', address: '山形県尾花沢市若葉町一丁目1番3号', phone: '0237-22-1111', openingHours: '平日 8時30分〜17時15分（土日祝日・年末年始を除く）' },
  });

export function mountTenancyRoutes(services: Services) {
  return (api: OpenAPIHono<AppEnv>) => {
    api.openapi(
      createRoute({
        method: 'get',
        path: '/municipality',
        tags: ['tenancy'],
        summary: 'ログイン中の職員の自治体と課の一覧（廃止した課も active: false で含む）',
        responses: { 200: jsonContent(MunicipalitySchema), ...errorResponses },
      }),
      async (c) => {
        const staff = currentStaff(c);
        const m = await getMunicipality(services.db, staff.municipalityId);
        return c.json({ ...m, departments: await listDepartments(services.db, staff.municipalityId) }, 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/municipality/settings', tags: ['tenancy'], summary: '庁舎の設定（表示名・住所・代表電話・開庁時間）',
        responses: { 200: jsonContent(z.object({ settings: SettingsSchema })), ...errorResponses },
      }),
      async (c) => c.json({ settings: await getMunicipalitySettings(services.db, currentStaff(c).municipalityId) }, 200),
    );

    api.openapi(
      createRoute({
        method: 'patch', path: '/admin/municipality/settings', tags: ['admin'],
        summary: '庁舎の設定の変更（指定した項目だけ。null で未設定に戻す。未知の項目は受け付けない）',
        request: { body: jsonBody(SettingsPatchSchema.openapi('MunicipalitySettingsPatch')) },
        responses: { 200: jsonContent(z.object({ settings: SettingsSchema })), ...errorResponses },
      }),
      async (c) => {
        const settings = await updateMunicipalitySettings(services, requireAdmin(c), c.req.valid('json'), c.get('requestId'));
        return c.json({ settings }, 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'get', path: '/admin/departments', tags: ['admin'], summary: '課の一覧（所属する利用中の職員数つき）',
        responses: { 200: jsonContent(z.object({ items: z.array(DepartmentWithStaffSchema) })), ...errorResponses },
      }),
      async (c) => c.json({ items: await listDepartmentsWithStaff(services.db, requireAdmin(c).municipalityId) }, 200),
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/admin/departments', tags: ['admin'], summary: '課の登録',
        request: { body: jsonBody(NewDepartmentSchema) },
        responses: { 201: jsonContent(z.object({ department: DepartmentSchema }), '登録しました'), ...errorResponses, 409: { description: '課コードまたは名前が使用済み' } },
      }),
      async (c) => {
        const department = await createDepartment(services, requireAdmin(c), c.req.valid('json'), c.get('requestId'));
        return c.json({ department }, 201);
      },
    );

    api.openapi(
      createRoute({
        method: 'patch', path: '/admin/departments/{id}', tags: ['admin'], summary: '課の名前・場所の変更（課コードは変えられない）',
        request: { params: IdParam, body: jsonBody(DepartmentPatchSchema) },
        responses: { 200: jsonContent(z.object({ department: DepartmentSchema })), ...errorResponses, 409: { description: '同じ名前の課がある' } },
      }),
      async (c) => {
        const department = await updateDepartment(services, requireAdmin(c), c.req.valid('param').id, c.req.valid('json'), c.get('requestId'));
        return c.json({ department }, 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/admin/departments/{id}/retire', tags: ['admin'], summary: '課の廃止（利用中の職員が所属している間は不可）',
        request: { params: IdParam },
        responses: { 200: jsonContent(z.object({ department: DepartmentSchema })), ...errorResponses, 409: { description: '利用中の職員が所属している' } },
      }),
      async (c) => {
        const department = await retireDepartment(services, requireAdmin(c), c.req.valid('param').id, c.get('requestId'));
        return c.json({ department }, 200);
      },
    );

    api.openapi(
      createRoute({
        method: 'post', path: '/admin/departments/{id}/reinstate', tags: ['admin'], summary: '課の廃止の取り消し',
        request: { params: IdParam },
        responses: { 200: jsonContent(z.object({ department: DepartmentSchema })), ...errorResponses, 409: { description: '同じ名前の課が使われている' } },
      }),
      async (c) => {
        const department = await reinstateDepartment(services, requireAdmin(c), c.req.valid('param').id, c.get('requestId'));
        return c.json({ department }, 200);
      },
    );
  };
}
