import type { Kysely, Transaction } from 'kysely';
import type { Department as CatalogueDepartment } from '@madoguchi/procedures';
import type { Database } from '../../platform/db/schema';
import { listDepartments, type Department } from '../tenancy/service';

type Db = Kysely<Database> | Transaction<Database>;

/**
 * A department reference as the definitions write it ('kenko-boshi': a 係 with its desk), resolved
 * to the municipality's own department (健康増進課), which is what staff belong to.
 */
export interface DepartmentRef {
  ref: string;
  departmentId: string;
  departmentName: string;
  section: string;
  floor: string;
  desk: string;
  phone: string;
}

export async function loadDepartmentRefs(db: Db, municipalityId: string): Promise<DepartmentRef[]> {
  const rows = await db.selectFrom('procedure_department').selectAll().where('municipality_id', '=', municipalityId).orderBy('ref').execute();
  const departments = await listDepartments(db, municipalityId);
  const names = new Map(departments.map((d) => [d.id, d.name]));
  return rows.map((r) => ({
    ref: r.ref,
    departmentId: r.department_id,
    departmentName: names.get(r.department_id) ?? '',
    section: r.section,
    floor: r.floor,
    desk: r.desk,
    phone: r.phone,
  }));
}

/** Old-format definitions name their department; the first section of that department takes them. */
export function departmentRefsByName(refs: readonly DepartmentRef[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of refs) out[r.departmentName] ??= r.ref;
  return out;
}

export interface DepartmentMatch {
  matched: { catalogue: CatalogueDepartment; department: Department }[];
  missing: CatalogueDepartment[];
}

/**
 * Pairs the shipped catalogue's sections with the municipality's departments: by name (市民税務課
 * holds both 市民窓口係 and 税務係), else by a code equal to the section id.
 */
export function matchCatalogueDepartments(catalogue: readonly CatalogueDepartment[], departments: readonly Department[]): DepartmentMatch {
  const result: DepartmentMatch = { matched: [], missing: [] };
  for (const c of catalogue) {
    const department = departments.find((d) => d.name === c.name) ?? departments.find((d) => d.code === c.id);
    if (department) result.matched.push({ catalogue: c, department });
    else result.missing.push(c);
  }
  return result;
}
