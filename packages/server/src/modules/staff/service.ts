import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema';
import { appendAudit } from '../../platform/audit/audit';
import { assertPasswordPolicy, burnPasswordCheck, hashPassword, verifyPassword } from '../../platform/auth/password';
import { ROLES, type Role, type StaffPrincipal } from '../../platform/auth/roles';
import { createSession, deleteSessionsOf } from '../../platform/auth/session';
import { matchTotp, newTotpSecret, totpSecretText, totpUri } from '../../platform/auth/totp';
import type { FieldCipher } from '../../platform/crypto/field-encryption';
import { AppError, badRequest, notFound } from '../../platform/http/errors';
import { assertDepartmentsExist, findMunicipalityByCode, getMunicipality } from '../tenancy/service';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_MS = 15 * 60 * 1000;

export interface StaffDeps {
  db: Kysely<Database>;
  cipher: FieldCipher;
  now: () => Date;
}

const invalidCredentials = () =>
  new AppError(401, 'AUTH_INVALID_CREDENTIALS', '自治体コード、ログインID、またはパスワードが違います。確認してもう一度入力してください。');

const totpContext = (municipalityId: string, staffId: string) => `totp:${municipalityId}:${staffId}`;

export interface LoginInput {
  municipalityCode: string;
  loginId: string;
  password: string;
  totpCode?: string | undefined;
}

export interface LoginResult {
  token: string;
  municipalityId: string;
  staffId: string;
}

/**
 * Password (argon2id) then, for staff who set one up, a TOTP code. Five failures in a row lock the
 * account for 15 minutes; the lock and the failure are both audited.
 */
export async function login(deps: StaffDeps, input: LoginInput, requestId: string | null): Promise<LoginResult> {
  const now = deps.now();
  const municipality = await findMunicipalityByCode(deps.db, input.municipalityCode);
  const user = municipality
    ? await deps.db
        .selectFrom('staff_user')
        .selectAll()
        .where('municipality_id', '=', municipality.id)
        .where('login_id', '=', input.loginId)
        .executeTakeFirst()
    : undefined;
  if (!municipality || !user || !user.active) {
    await burnPasswordCheck(input.password);
    throw invalidCredentials();
  }
  if (user.locked_until && new Date(user.locked_until).getTime() > now.getTime()) {
    throw lockedError(new Date(user.locked_until));
  }
  const passwordOk = await verifyPassword(user.password_hash, input.password);
  let totpStep: number | null = null;
  let failure: 'password' | 'totp_missing' | 'totp_invalid' | null = passwordOk ? null : 'password';
  if (passwordOk && user.totp_enabled && user.totp_secret) {
    if (!input.totpCode) {
      failure = 'totp_missing';
    } else {
      const secret = deps.cipher.decrypt(user.totp_secret, totpContext(municipality.id, user.id));
      totpStep = matchTotp(secret, input.totpCode, now);
      const replay = totpStep !== null && user.totp_last_step !== null && totpStep <= Number(user.totp_last_step);
      if (totpStep === null || replay) failure = 'totp_invalid';
    }
  }
  if (failure === 'totp_missing') {
    throw new AppError(401, 'AUTH_TOTP_REQUIRED', '認証アプリに表示されている6桁の確認コードを入力してください。');
  }
  if (failure) {
    const failed = user.failed_login_count + 1;
    const lockedUntil = failed >= MAX_FAILED_LOGINS ? new Date(now.getTime() + LOCKOUT_MS) : null;
    await deps.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('staff_user')
        .set({ failed_login_count: lockedUntil ? 0 : failed, locked_until: lockedUntil })
        .where('municipality_id', '=', municipality.id)
        .where('id', '=', user.id)
        .execute();
      await appendAudit(trx, {
        municipalityId: municipality.id, actorStaffId: user.id, action: 'auth.login_failed',
        subjectType: 'staff', subjectId: user.id, requestId, details: { reason: failure, locked: lockedUntil !== null },
      }, now);
    });
    if (lockedUntil) throw lockedError(lockedUntil);
    if (failure === 'totp_invalid') {
      throw new AppError(401, 'AUTH_TOTP_INVALID', '確認コードが違うか、期限が切れています。認証アプリの最新のコードを入力してください。');
    }
    throw invalidCredentials();
  }
  return deps.db.transaction().execute(async (trx) => {
    await trx
      .updateTable('staff_user')
      .set({ failed_login_count: 0, locked_until: null, last_login_at: now, ...(totpStep !== null ? { totp_last_step: totpStep } : {}) })
      .where('municipality_id', '=', municipality.id)
      .where('id', '=', user.id)
      .execute();
    const token = await createSession(trx as unknown as Kysely<Database>, municipality.id, user.id, now);
    await appendAudit(trx, { municipalityId: municipality.id, actorStaffId: user.id, action: 'auth.login', subjectType: 'staff', subjectId: user.id, requestId }, now);
    return { token, municipalityId: municipality.id, staffId: user.id };
  });
}

function lockedError(until: Date): AppError {
  const time = until.toLocaleTimeString('ja-JP', { timeZone: 'Asia/Tokyo', hour: '2-digit', minute: '2-digit' });
  return new AppError(429, 'AUTH_LOCKED', `ログインの失敗が続いたため、一時的にロックしています。${time}以降にもう一度お試しください。急ぐ場合は管理者に連絡してください。`);
}

export interface StaffView {
  id: string;
  loginId: string;
  displayName: string;
  roles: Role[];
  departmentIds: string[];
  active: boolean;
  totpEnabled: boolean;
  lastLoginAt: string | null;
}

export async function getMe(deps: StaffDeps, staff: StaffPrincipal) {
  const municipality = await getMunicipality(deps.db, staff.municipalityId);
  return {
    id: staff.id,
    loginId: staff.loginId,
    displayName: staff.displayName,
    roles: staff.roles,
    departmentIds: staff.departmentIds,
    totpEnabled: staff.totpEnabled,
    municipality,
  };
}

export async function listStaff(deps: StaffDeps, municipalityId: string): Promise<StaffView[]> {
  const rows = await deps.db
    .selectFrom('staff_user')
    .select(['id', 'login_id', 'display_name', 'roles', 'department_ids', 'active', 'totp_enabled', 'last_login_at'])
    .where('municipality_id', '=', municipalityId)
    .orderBy('login_id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    loginId: r.login_id,
    displayName: r.display_name,
    roles: r.roles as Role[],
    departmentIds: r.department_ids,
    active: r.active,
    totpEnabled: r.totp_enabled,
    lastLoginAt: r.last_login_at ? new Date(r.last_login_at).toISOString() : null,
  }));
}

export interface StaffMemberRef {
  id: string;
  displayName: string;
}

/** Active staff assigned to a department: the people to move before the department can be retired. */
export async function activeStaffOfDepartment(db: Kysely<Database> | Transaction<Database>, municipalityId: string, departmentId: string): Promise<StaffMemberRef[]> {
  const rows = await db
    .selectFrom('staff_user')
    .select(['id', 'display_name'])
    .where('municipality_id', '=', municipalityId)
    .where('active', '=', true)
    .where(sql<boolean>`${departmentId}::uuid = any(department_ids)`)
    .orderBy('display_name')
    .execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
}

/** Number of active staff per department id (departments without any are absent). */
export async function activeStaffCountByDepartment(db: Kysely<Database>, municipalityId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('staff_user')
    .select('department_ids')
    .where('municipality_id', '=', municipalityId)
    .where('active', '=', true)
    .execute();
  const counts = new Map<string, number>();
  for (const r of rows) for (const id of new Set(r.department_ids)) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

export interface NewStaff {
  loginId: string;
  displayName: string;
  password: string;
  roles: Role[];
  departmentIds: string[];
}

export async function createStaff(deps: StaffDeps, actor: StaffPrincipal | null, municipalityId: string, input: NewStaff, requestId: string | null = null): Promise<string> {
  assertPasswordPolicy(input.password);
  assertRolesGrantable(actor, input.roles);
  const existing = await deps.db
    .selectFrom('staff_user')
    .select('id')
    .where('municipality_id', '=', municipalityId)
    .where('login_id', '=', input.loginId)
    .executeTakeFirst();
  if (existing) {
    throw new AppError(409, 'STAFF_LOGIN_ID_TAKEN', 'このログインIDはすでに使われています。別のIDを指定してください。', [
      { path: 'loginId', message: '使用済みのIDです。' },
    ]);
  }
  const id = randomUUID();
  const passwordHash = await hashPassword(input.password);
  await deps.db.transaction().execute(async (trx) => {
    await assertDepartmentsExist(trx, municipalityId, input.departmentIds);
    await trx
      .insertInto('staff_user')
      .values({
        municipality_id: municipalityId, id, login_id: input.loginId, display_name: input.displayName,
        password_hash: passwordHash, roles: input.roles, department_ids: input.departmentIds, totp_secret: null, totp_last_step: null,
        locked_until: null, last_login_at: null,
      })
      .execute();
    await appendAudit(trx, {
      municipalityId, actorStaffId: actor?.id ?? null, action: 'staff.create', subjectType: 'staff', subjectId: id,
      requestId, details: { loginId: input.loginId, roles: input.roles },
    }, deps.now());
  });
  return id;
}

function assertRolesGrantable(actor: StaffPrincipal | null, roles: readonly Role[]) {
  for (const r of roles) if (!ROLES.includes(r)) throw badRequest('UNKNOWN_ROLE', `不明な役割です: ${r}`);
  if (actor && roles.includes('system_admin') && !actor.roles.includes('system_admin')) {
    throw new AppError(403, 'PERMISSION_DENIED', 'システム管理者の役割はシステム管理者だけが付与できます。');
  }
}

export interface StaffPatch {
  displayName?: string | undefined;
  roles?: Role[] | undefined;
  departmentIds?: string[] | undefined;
  active?: boolean | undefined;
}

export async function updateStaff(deps: StaffDeps, actor: StaffPrincipal, staffId: string, patch: StaffPatch, requestId: string | null): Promise<void> {
  const municipalityId = actor.municipalityId;
  if (patch.roles) assertRolesGrantable(actor, patch.roles);
  if (staffId === actor.id && patch.active === false) {
    throw badRequest('STAFF_CANNOT_DEACTIVATE_SELF', '自分自身を無効にすることはできません。別の管理者に依頼してください。');
  }
  await deps.db.transaction().execute(async (trx) => {
    if (patch.departmentIds) await assertDepartmentsExist(trx, municipalityId, patch.departmentIds);
    const result = await trx
      .updateTable('staff_user')
      .set({
        ...(patch.displayName !== undefined ? { display_name: patch.displayName } : {}),
        ...(patch.roles !== undefined ? { roles: patch.roles } : {}),
        ...(patch.departmentIds !== undefined ? { department_ids: patch.departmentIds } : {}),
        ...(patch.active !== undefined ? { active: patch.active } : {}),
      })
      .where('municipality_id', '=', municipalityId)
      .where('id', '=', staffId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound('STAFF_NOT_FOUND', '職員が見つかりません。一覧を更新してから選び直してください。');
    if (patch.active === false) await deleteSessionsOf(trx as unknown as Kysely<Database>, municipalityId, staffId);
    await appendAudit(trx, {
      municipalityId, actorStaffId: actor.id, action: 'staff.update', subjectType: 'staff', subjectId: staffId,
      requestId, details: { fields: Object.keys(patch) },
    }, deps.now());
  });
}

export async function resetStaffPassword(deps: StaffDeps, actor: StaffPrincipal, staffId: string, newPassword: string, requestId: string | null) {
  assertPasswordPolicy(newPassword, 'newPassword');
  const hash = await hashPassword(newPassword);
  await deps.db.transaction().execute(async (trx) => {
    const result = await trx
      .updateTable('staff_user')
      .set({ password_hash: hash, failed_login_count: 0, locked_until: null })
      .where('municipality_id', '=', actor.municipalityId)
      .where('id', '=', staffId)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw notFound('STAFF_NOT_FOUND', '職員が見つかりません。一覧を更新してから選び直してください。');
    await deleteSessionsOf(trx as unknown as Kysely<Database>, actor.municipalityId, staffId);
    await appendAudit(trx, { municipalityId: actor.municipalityId, actorStaffId: actor.id, action: 'staff.password_reset', subjectType: 'staff', subjectId: staffId, requestId }, deps.now());
  });
}

export async function changeOwnPassword(deps: StaffDeps, staff: StaffPrincipal, current: string, next: string, requestId: string | null) {
  assertPasswordPolicy(next, 'newPassword');
  const row = await deps.db.selectFrom('staff_user').select('password_hash')
    .where('municipality_id', '=', staff.municipalityId).where('id', '=', staff.id).executeTakeFirstOrThrow();
  if (!(await verifyPassword(row.password_hash, current))) {
    throw new AppError(400, 'AUTH_INVALID_CREDENTIALS', '現在のパスワードが違います。', [{ path: 'currentPassword', message: '現在のパスワードが違います。' }]);
  }
  const hash = await hashPassword(next);
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('staff_user').set({ password_hash: hash })
      .where('municipality_id', '=', staff.municipalityId).where('id', '=', staff.id).execute();
    await appendAudit(trx, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'auth.password_changed', subjectType: 'staff', subjectId: staff.id, requestId }, deps.now());
  });
}

/** Starts (or restarts, while not yet enabled) TOTP enrolment; the secret is stored encrypted. */
export async function beginTotpSetup(deps: StaffDeps, staff: StaffPrincipal) {
  if (staff.totpEnabled) {
    throw new AppError(409, 'AUTH_TOTP_ALREADY_ENABLED', '二要素認証はすでに設定されています。変更する場合は管理者に解除を依頼してください。');
  }
  const municipality = await getMunicipality(deps.db, staff.municipalityId);
  const secret = newTotpSecret();
  await deps.db
    .updateTable('staff_user')
    .set({ totp_secret: deps.cipher.encrypt(secret, totpContext(staff.municipalityId, staff.id)) })
    .where('municipality_id', '=', staff.municipalityId)
    .where('id', '=', staff.id)
    .execute();
  return { secret: totpSecretText(secret), otpauthUri: totpUri(secret, `madoguchi ${municipality.name}`, staff.loginId) };
}

export async function enableTotp(deps: StaffDeps, staff: StaffPrincipal, code: string, requestId: string | null) {
  const row = await deps.db.selectFrom('staff_user').select(['totp_secret', 'totp_enabled'])
    .where('municipality_id', '=', staff.municipalityId).where('id', '=', staff.id).executeTakeFirstOrThrow();
  if (!row.totp_secret) throw badRequest('AUTH_TOTP_NOT_STARTED', '先に「設定を始める」を押して、認証アプリに登録してください。');
  const step = matchTotp(deps.cipher.decrypt(row.totp_secret, totpContext(staff.municipalityId, staff.id)), code, deps.now());
  if (step === null) {
    throw new AppError(400, 'AUTH_TOTP_INVALID', '確認コードが違います。認証アプリに表示されている最新の6桁を入力してください。', [{ path: 'code', message: '確認コードが違います。' }]);
  }
  await deps.db.transaction().execute(async (trx) => {
    await trx.updateTable('staff_user').set({ totp_enabled: true, totp_last_step: step })
      .where('municipality_id', '=', staff.municipalityId).where('id', '=', staff.id).execute();
    await appendAudit(trx, { municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'auth.totp_enabled', subjectType: 'staff', subjectId: staff.id, requestId }, deps.now());
  });
}
