import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';

/** City B's 定型文, aimed at by city A's admin in the tenant-isolation test. */
export const B_TEMPLATE_ID = '0193b000-0000-7000-8000-00000000b7e1';

export async function seedTemplatesForIsolation(db: Kysely<Database>, bMunicipalityId: string): Promise<void> {
  const now = new Date();
  await db.insertInto('online_message_template').values({
    municipality_id: bMunicipalityId, id: B_TEMPLATE_ID, purpose: 'correction', procedure_id: null, department_id: null,
    title: '大石田の定型文', body: '大石田の本文', sort_order: 0, created_at: now, updated_at: now, updated_by_staff_id: null,
  }).execute();
}

export function templateIsolationCases(): Record<string, { method: string; path: string; body?: unknown }[]> {
  const body = { purpose: 'message', procedureId: null, departmentId: null, title: '乗っ取り', body: '乗っ取り', sortOrder: 0 };
  return {
    'GET /online/message-templates': [{ method: 'GET', path: '/api/online/message-templates' }, { method: 'GET', path: '/api/online/message-templates?procedureId=oishida-only' }],
    // Creates city A's own template only (the department and procedure of city B are refused).
    'POST /online/message-templates': [
      { method: 'POST', path: '/api/online/message-templates', body: { ...body, procedureId: 'oishida-only' } },
    ],
    'PUT /online/message-templates/{id}': [{ method: 'PUT', path: `/api/online/message-templates/${B_TEMPLATE_ID}`, body }],
    'DELETE /online/message-templates/{id}': [{ method: 'DELETE', path: `/api/online/message-templates/${B_TEMPLATE_ID}` }],
  };
}
