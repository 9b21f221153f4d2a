import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { validateLocalGovernmentCode } from '@madoguchi/jp';
import type { Database } from '../../platform/db/schema';
import { initAuditChain } from '../../platform/audit/audit';
import { badRequest, notFound } from '../../platform/http/errors';

type Db = Kysely<Database> | Transaction<Database>;

export interface Municipality {
  id: string;
  name: string;
  localGovernmentCode: string;
  prefecture: string;
}

export interface Department {
  id: string;
  code: string;
  name: string;
  location: string | null;
}

export interface NewMunicipality {
  localGovernmentCode: string;
  name: string;
  prefecture: string;
  departments?: { code: string; name: string; location?: string }[];
}

export async function createMunicipality(db: Db, input: NewMunicipality): Promise<Municipality> {
  const check = validateLocalGovernmentCode(input.localGovernmentCode);
  if (!check.ok) {
    throw badRequest('INVALID_LOCAL_GOVERNMENT_CODE', check.message, [{ path: 'localGovernmentCode', message: check.message }]);
  }
  const id = randomUUID();
  await db
    .insertInto('municipality')
    .values({ id, local_government_code: input.localGovernmentCode, name: input.name, prefecture: input.prefecture })
    .execute();
  await initAuditChain(db, id);
  for (const d of input.departments ?? []) {
    await db
      .insertInto('department')
      .values({ municipality_id: id, id: randomUUID(), code: d.code, name: d.name, location: d.location ?? null })
      .execute();
  }
  return { id, name: input.name, localGovernmentCode: input.localGovernmentCode, prefecture: input.prefecture };
}

export async function findMunicipalityByCode(db: Db, code: string): Promise<Municipality | null> {
  const row = await db.selectFrom('municipality').selectAll().where('local_government_code', '=', code).executeTakeFirst();
  return row ? { id: row.id, name: row.name, localGovernmentCode: row.local_government_code, prefecture: row.prefecture } : null;
}

export async function getMunicipality(db: Db, id: string): Promise<Municipality> {
  const row = await db.selectFrom('municipality').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw notFound('MUNICIPALITY_NOT_FOUND', '自治体が見つかりません。');
  return { id: row.id, name: row.name, localGovernmentCode: row.local_government_code, prefecture: row.prefecture };
}

export async function listDepartments(db: Db, municipalityId: string): Promise<Department[]> {
  const rows = await db
    .selectFrom('department')
    .select(['id', 'code', 'name', 'location'])
    .where('municipality_id', '=', municipalityId)
    .orderBy('code')
    .execute();
  return rows;
}

/** Department ids given by a caller must belong to the caller's municipality. */
export async function assertDepartmentsExist(db: Db, municipalityId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await db
    .selectFrom('department')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('id', 'in', [...ids])
    .execute();
  if (found.length !== new Set(ids).size) {
    throw badRequest('DEPARTMENT_NOT_FOUND', '指定された課が見つかりません。課の一覧から選び直してください。', [
      { path: 'departmentIds', message: 'この自治体にない課が含まれています。' },
    ]);
  }
}
