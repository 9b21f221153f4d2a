import { createRoute, z, type OpenAPIHono } from '@hono/zod-openapi';
import { errorResponses, jsonContent, type AppEnv, type Services } from '../../platform/http/context';
import { currentStaff } from '../../platform/http/security';
import { getMunicipality, listDepartments } from './service';

const DepartmentSchema = z.object({ id: z.uuid(), code: z.string(), name: z.string(), location: z.string().nullable() }).openapi('Department');
const MunicipalitySchema = z
  .object({
    id: z.uuid(),
    name: z.string().openapi({ example: '尾花沢市' }),
    localGovernmentCode: z.string().openapi({ example: '062120' }),
    prefecture: z.string().openapi({ example: '山形県' }),
    departments: z.array(DepartmentSchema),
  })
  .openapi('Municipality');

export function mountTenancyRoutes(services: Services) {
  return (api: OpenAPIHono<AppEnv>) => {
    api.openapi(
      createRoute({
        method: 'get',
        path: '/municipality',
        tags: ['tenancy'],
        summary: 'ログイン中の職員の自治体と課の一覧',
        responses: { 200: jsonContent(MunicipalitySchema), ...errorResponses },
      }),
      async (c) => {
        const staff = currentStaff(c);
        const m = await getMunicipality(services.db, staff.municipalityId);
        return c.json({ ...m, departments: await listDepartments(services.db, staff.municipalityId) }, 200);
      },
    );
  };
}
