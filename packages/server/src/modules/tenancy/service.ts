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
  /** False once retired; retired departments stay listed so old records still show their name. */
  active: boolean;
  retiredAt: string | null;
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

export function toDepartment(row: { id: string; code: string; name: string; location: string | null; retired_at: Date | null }): Department {
  return {
    id: row.id, code: row.code, name: row.name, location: row.location,
    active: row.retired_at === null, retiredAt: row.retired_at ? new Date(row.retired_at).toISOString() : null,
  };
}

/** Every department, retired ones included (flagged), in code order. */
export async function listDepartments(db: Db, municipalityId: string): Promise<Department[]> {
  const rows = await db
    .selectFrom('department')
    .select(['id', 'code', 'name', 'location', 'retired_at'])
    .where('municipality_id', '=', municipalityId)
    .orderBy('code')
    .execute();
  return rows.map(toDepartment);
}

/**
 * Department ids given by a caller must belong to the caller's municipality and be in use. Call it in
 * the transaction that assigns them: the share lock makes a concurrent retirement wait for (and then
 * see) the assignment, so a department is never retired with active staff in it.
 */
export async function assertDepartmentsExist(db: Db, municipalityId: string, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await db
    .selectFrom('department')
    .select(['id', 'name', 'retired_at'])
    .where('municipality_id', '=', municipalityId)
    .where('id', 'in', [...ids])
    .forShare()
    .execute();
  if (found.length !== new Set(ids).size) {
    throw badRequest('DEPARTMENT_NOT_FOUND', '指定された課が見つかりません。課の一覧から選び直してください。', [
      { path: 'departmentIds', message: 'この自治体にない課が含まれています。' },
    ]);
  }
  const retired = found.filter((d) => d.retired_at !== null).map((d) => d.name);
  if (retired.length > 0) {
    const names = retired.join('、');
    throw badRequest('DEPARTMENT_RETIRED', `廃止された課（${names}）には所属させられません。所属する課から外してください。`, [
      { path: 'departmentIds', message: `廃止された課が含まれています: ${names}` },
    ]);
  }
}
