import { randomUUID } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { appendAudit } from '../../platform/audit/audit';
import { AppError, notFound } from '../../platform/http/errors';
import { activeStaffCountByDepartment, activeStaffOfDepartment } from '../staff/service';
import { listDepartments, toDepartment, type Department } from './service';

/**
 * Administration of departments (課): add, rename or move, retire and reinstate. Departments are
 * never deleted (staff, procedure sections and cases refer to them); see migration 0004.
 * This lives apart from service.ts because it asks the staff module who is assigned where, and the
 * staff module itself depends on service.ts.
 */

export interface DepartmentDeps {
  db: Kysely<Database>;
  now: () => Date;
}

export interface DepartmentWithStaff extends Department {
  /** Active staff assigned to the department. */
  activeStaffCount: number;
}

export interface NewDepartment {
  code: string;
  name: string;
  location?: string | null | undefined;
}

export interface DepartmentPatch {
  name?: string | undefined;
  location?: string | null | undefined;
}

const departmentNotFound = () => notFound('DEPARTMENT_NOT_FOUND', '課が見つかりません。一覧を更新してから選び直してください。');

const codeTaken = (code: string) =>
  new AppError(409, 'DEPARTMENT_CODE_TAKEN', `課コード「${code}」はすでに使われています（廃止した課のコードも使えません）。別のコードを指定してください。`, [
    { path: 'code', message: '使用済みのコードです。' },
  ]);

const nameTaken = (name: string) =>
  new AppError(409, 'DEPARTMENT_NAME_TAKEN', `「${name}」という課はすでにあります。別の名前にするか、いまある課を編集してください。`, [
    { path: 'name', message: '同じ名前の課があります。' },
  ]);

/** The database's unique keys are the final word (two admins at once); map their violations to our errors. */
function uniqueViolation(error: unknown): 'code' | 'name' | null {
  if (typeof error !== 'object' || error === null || (error as { code?: unknown }).code !== '23505') return null;
  const constraint = String((error as { constraint?: unknown }).constraint ?? '');
  const text = `${constraint} ${String((error as { message?: unknown }).message ?? '')}`;
  return text.includes('department_active_name') ? 'name' : 'code';
}

async function mapUniqueViolations<T>(work: Promise<T>, input: { code?: string; name: string }): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const which = uniqueViolation(error);
    if (which === 'name') throw nameTaken(input.name);
    if (which === 'code' && input.code !== undefined) throw codeTaken(input.code);
    throw error;
  }
}

type Trx = Transaction<Database>;

async function lockDepartment(trx: Trx, municipalityId: string, id: string) {
  const row = await trx
    .selectFrom('department')
    .select(['id', 'code', 'name', 'location', 'retired_at'])
    .where('municipality_id', '=', municipalityId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  if (!row) throw departmentNotFound();
  return row;
}

export async function listDepartmentsWithStaff(db: Kysely<Database>, municipalityId: string): Promise<DepartmentWithStaff[]> {
  const [departments, counts] = await Promise.all([listDepartments(db, municipalityId), activeStaffCountByDepartment(db, municipalityId)]);
  return departments.map((d) => ({ ...d, activeStaffCount: counts.get(d.id) ?? 0 }));
}

export async function createDepartment(deps: DepartmentDeps, actor: StaffPrincipal, input: NewDepartment, requestId: string | null): Promise<Department> {
  const municipalityId = actor.municipalityId;
  const row = { municipality_id: municipalityId, id: randomUUID(), code: input.code, name: input.name, location: input.location || null };
  const work = deps.db.transaction().execute(async (trx) => {
    await trx.insertInto('department').values(row).execute();
    await appendAudit(trx, {
      municipalityId, actorStaffId: actor.id, action: 'department.create', subjectType: 'department', subjectId: row.id,
      requestId, details: { code: row.code, name: row.name, location: row.location },
    }, deps.now());
  });
  await mapUniqueViolations(work, input);
  return toDepartment({ ...row, retired_at: null });
}

export async function updateDepartment(deps: DepartmentDeps, actor: StaffPrincipal, id: string, patch: DepartmentPatch, requestId: string | null): Promise<Department> {
  const municipalityId = actor.municipalityId;
  const work = deps.db.transaction().execute(async (trx) => {
    const before = await lockDepartment(trx, municipalityId, id);
    const after = {
      ...before,
      ...(patch.name !== undefined ? { name: patch.name } : {}),
      ...(patch.location !== undefined ? { location: patch.location || null } : {}),
    };
    const changes: Record<string, { from: string | null; to: string | null }> = {};
    if (after.name !== before.name) changes.name = { from: before.name, to: after.name };
    if (after.location !== before.location) changes.location = { from: before.location, to: after.location };
    if (Object.keys(changes).length === 0) return after;
    await trx.updateTable('department').set({ name: after.name, location: after.location })
      .where('municipality_id', '=', municipalityId).where('id', '=', id).execute();
    await appendAudit(trx, {
      municipalityId, actorStaffId: actor.id, action: 'department.update', subjectType: 'department', subjectId: id,
      requestId, details: { code: before.code, changes },
    }, deps.now());
    return after;
  });
  return toDepartment(await mapUniqueViolations(work, { name: patch.name ?? '' }));
}

/** How many names to spell out before saying 「ほかN人」: enough to act on, short enough to read. */
const NAMES_SHOWN = 5;

/**
 * Retires a department. Refused while active staff are assigned to it: they would keep seeing a 課
 * that no longer exists, so the admin moves them (or stops their accounts) first. The department
 * row is locked, and staff assignment takes a share lock on it, so the check and the retirement
 * are one step. Retiring a retired department changes nothing.
 */
export async function retireDepartment(deps: DepartmentDeps, actor: StaffPrincipal, id: string, requestId: string | null): Promise<Department> {
  const municipalityId = actor.municipalityId;
  const row = await deps.db.transaction().execute(async (trx) => {
    const before = await lockDepartment(trx, municipalityId, id);
    if (before.retired_at !== null) return before;
    const staff = await activeStaffOfDepartment(trx, municipalityId, id);
    if (staff.length > 0) {
      const names = staff.slice(0, NAMES_SHOWN).map((s) => s.displayName).join('、');
      const more = staff.length > NAMES_SHOWN ? `ほか${staff.length - NAMES_SHOWN}人` : '';
      throw new AppError(409, 'DEPARTMENT_HAS_STAFF',
        `${before.name}には利用中の職員が${staff.length}人所属しています（${names}${more}）。先に「職員管理」でこの職員の所属する課を変更するか利用を停止してから、もう一度廃止してください。`);
    }
    const retiredAt = deps.now();
    await trx.updateTable('department').set({ retired_at: retiredAt }).where('municipality_id', '=', municipalityId).where('id', '=', id).execute();
    await appendAudit(trx, {
      municipalityId, actorStaffId: actor.id, action: 'department.retire', subjectType: 'department', subjectId: id,
      requestId, details: { code: before.code, name: before.name },
    }, retiredAt);
    return { ...before, retired_at: retiredAt };
  });
  return toDepartment(row);
}

/** Takes a retirement back (a department retired by mistake, or restored after a reorganisation). */
export async function reinstateDepartment(deps: DepartmentDeps, actor: StaffPrincipal, id: string, requestId: string | null): Promise<Department> {
  const municipalityId = actor.municipalityId;
  let name = '';
  const work = deps.db.transaction().execute(async (trx) => {
    const before = await lockDepartment(trx, municipalityId, id);
    name = before.name;
    if (before.retired_at === null) return before;
    await trx.updateTable('department').set({ retired_at: null }).where('municipality_id', '=', municipalityId).where('id', '=', id).execute();
    await appendAudit(trx, {
      municipalityId, actorStaffId: actor.id, action: 'department.reinstate', subjectType: 'department', subjectId: id,
      requestId, details: { code: before.code, name: before.name },
    }, deps.now());
    return { ...before, retired_at: null };
  });
  try {
    return toDepartment(await work);
  } catch (error) {
    if (uniqueViolation(error) === 'name') {
      throw new AppError(409, 'DEPARTMENT_NAME_TAKEN', `「${name}」という課がほかに使われているため、廃止を取り消せません。先にどちらかの課の名前を変更してください。`);
    }
    throw error;
  }
}
