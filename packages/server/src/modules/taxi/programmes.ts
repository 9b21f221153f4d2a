import { randomUUID } from 'node:crypto';
import { formatWarekiYear, type IsoDate } from '@madoguchi/jp';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Services } from '../../platform/http/context';
import { AppError, notFound } from '../../platform/http/errors';
import type { Db } from './access';
import { scheduleRegistryCheck } from './jobs';
import { describeCaps, describeCriterion, describeSubsidy, TaxiRulesSchema, type TaxiRules } from './rules';

export interface ProgrammeView {
  id: string;
  fiscalYear: number;
  /** 令和8年度 */
  fiscalYearLabel: string;
  name: string;
  status: 'draft' | 'active' | 'closed';
  startsOn: string;
  endsOn: string;
  budgetYen: number;
  departmentId: string | null;
  rules: { version: number; id: string; rules: TaxiRules; note: string; effectiveFrom: string; summary: RulesSummary } | null;
  operators: { id: string; code: string; name: string; joinedOn: string }[];
  /** Every rule version, newest first: what changed and from when. */
  versions: { version: number; note: string; effectiveFrom: string; summary: RulesSummary }[];
}

export interface RulesSummary {
  criteria: string[];
  subsidy: string;
  caps: string;
}

export const summarizeRules = (r: TaxiRules): RulesSummary => ({ criteria: r.eligibility.criteria.map(describeCriterion), subsidy: describeSubsidy(r.subsidy), caps: describeCaps(r.caps) });

export const fiscalYearLabel = (fy: number) => `${formatWarekiYear(`${fy}-04-01` as IsoDate)}度`;

export const programmeNotFound = () => notFound('TAXI_PROGRAMME_NOT_FOUND', 'タクシー券の事業が見つかりません。一覧から選び直してください。');

export async function loadProgrammeRow(db: Db, municipalityId: string, id: string) {
  const row = await db.selectFrom('taxi_programme').selectAll().where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
  if (!row) throw programmeNotFound();
  return row;
}

/** The rule version in force at an instant (the newest whose effective_from is not after it). */
export async function rulesAt(db: Db, municipalityId: string, programmeId: string, at: Date) {
  const row = await db.selectFrom('taxi_rule_version').selectAll()
    .where('municipality_id', '=', municipalityId).where('programme_id', '=', programmeId).where('effective_from', '<=', at)
    .orderBy('version', 'desc').limit(1).executeTakeFirst()
    ?? await db.selectFrom('taxi_rule_version').selectAll()
      .where('municipality_id', '=', municipalityId).where('programme_id', '=', programmeId).orderBy('version', 'asc').limit(1).executeTakeFirst();
  if (!row) throw new AppError(409, 'TAXI_RULES_MISSING', 'この事業にはまだ助成のルールがありません。ルールを登録してから操作してください。');
  return { id: row.id, version: row.version, rules: TaxiRulesSchema.parse(row.rules), effectiveFrom: row.effective_from };
}

/** The active programme of the fiscal year containing `on` (one per year in practice). */
export async function activeProgrammeOn(db: Db, municipalityId: string, on: string) {
  return db.selectFrom('taxi_programme').selectAll().where('municipality_id', '=', municipalityId).where('status', '=', 'active')
    .where('starts_on', '<=', on).where('ends_on', '>=', on).orderBy('fiscal_year', 'desc').executeTakeFirst();
}

export async function getProgramme(db: Db, municipalityId: string, id: string, now: Date): Promise<ProgrammeView> {
  const p = await loadProgrammeRow(db, municipalityId, id);
  const rules = await db.selectFrom('taxi_rule_version').selectAll().where('municipality_id', '=', municipalityId).where('programme_id', '=', id)
    .where('effective_from', '<=', now).orderBy('version', 'desc').limit(1).executeTakeFirst()
    ?? await db.selectFrom('taxi_rule_version').selectAll().where('municipality_id', '=', municipalityId).where('programme_id', '=', id).orderBy('version', 'desc').limit(1).executeTakeFirst();
  const operators = await db.selectFrom('taxi_programme_operator as po').innerJoin('taxi_operator as o', (j) => j.onRef('o.municipality_id', '=', 'po.municipality_id').onRef('o.id', '=', 'po.operator_id'))
    .select(['o.id', 'o.code', 'o.name', 'po.joined_on']).where('po.municipality_id', '=', municipalityId).where('po.programme_id', '=', id).where('po.left_on', 'is', null)
    .orderBy('o.code').execute();
  const parsed = rules ? TaxiRulesSchema.parse(rules.rules) : null;
  const versions = await db.selectFrom('taxi_rule_version').select(['version', 'note', 'effective_from', 'rules']).where('municipality_id', '=', municipalityId).where('programme_id', '=', id).orderBy('version', 'desc').execute();
  return {
    id: p.id, fiscalYear: p.fiscal_year, fiscalYearLabel: fiscalYearLabel(p.fiscal_year), name: p.name, status: p.status,
    startsOn: p.starts_on, endsOn: p.ends_on, budgetYen: Number(p.budget_yen), departmentId: p.department_id,
    rules: rules && parsed ? { id: rules.id, version: rules.version, rules: parsed, note: rules.note, effectiveFrom: rules.effective_from.toISOString(), summary: summarizeRules(parsed) } : null,
    operators: operators.map((o) => ({ id: o.id, code: o.code, name: o.name, joinedOn: o.joined_on })),
    versions: versions.map((v) => ({ version: v.version, note: v.note, effectiveFrom: v.effective_from.toISOString(), summary: summarizeRules(TaxiRulesSchema.parse(v.rules)) })),
  };
}

export async function listProgrammes(db: Db, municipalityId: string, now: Date): Promise<ProgrammeView[]> {
  const rows = await db.selectFrom('taxi_programme').select('id').where('municipality_id', '=', municipalityId).orderBy('fiscal_year', 'desc').orderBy('name').execute();
  return Promise.all(rows.map((r) => getProgramme(db, municipalityId, r.id, now)));
}

export interface ProgrammeInput {
  fiscalYear: number;
  name: string;
  budgetYen: number;
  departmentId: string | null;
  status: 'draft' | 'active' | 'closed';
  rules: TaxiRules;
  operatorIds: string[];
}

export async function createProgramme(services: Services, staff: StaffPrincipal, input: ProgrammeInput, requestId: string | null): Promise<ProgrammeView> {
  const now = services.now();
  const m = staff.municipalityId;
  const id = await services.db.transaction().execute(async (trx) => {
    if (input.departmentId) {
      const d = await trx.selectFrom('department').select('id').where('municipality_id', '=', m).where('id', '=', input.departmentId).executeTakeFirst();
      if (!d) throw new AppError(422, 'TAXI_DEPARTMENT_UNKNOWN', '担当課が見つかりません。課の一覧から選び直してください。');
    }
    const clash = await trx.selectFrom('taxi_programme').select('id').where('municipality_id', '=', m).where('fiscal_year', '=', input.fiscalYear).where('name', '=', input.name).executeTakeFirst();
    if (clash) throw new AppError(409, 'TAXI_PROGRAMME_EXISTS', '同じ年度に同じ名前の事業があります。名前を変えるか、既存の事業のルールを改定してください。');
    const id = randomUUID();
    await trx.insertInto('taxi_programme').values({
      municipality_id: m, id, fiscal_year: input.fiscalYear, name: input.name, status: input.status,
      starts_on: `${input.fiscalYear}-04-01`, ends_on: `${input.fiscalYear + 1}-03-31`, budget_yen: input.budgetYen,
      department_id: input.departmentId, created_at: now, updated_at: now,
    }).execute();
    await trx.insertInto('taxi_rule_version').values({
      municipality_id: m, id: randomUUID(), programme_id: id, version: 1, rules: JSON.stringify(input.rules), note: '当初', effective_from: new Date(`${input.fiscalYear}-03-31T15:00:00Z`), created_at: now, created_by: staff.id,
    }).execute();
    await setOperators(trx, m, id, input.operatorIds, `${input.fiscalYear}-04-01`);
    await scheduleRegistryCheck(trx, m, now);
    await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.programme_update', subjectType: 'taxi_programme', subjectId: id, requestId, details: { created: true, fiscalYear: input.fiscalYear } }, now);
    return id;
  });
  return getProgramme(services.db, m, id, now);
}

async function setOperators(trx: Db, m: string, programmeId: string, operatorIds: readonly string[], joinedOn: string) {
  const known = operatorIds.length === 0 ? [] : await trx.selectFrom('taxi_operator').select('id').where('municipality_id', '=', m).where('id', 'in', [...operatorIds]).execute();
  if (known.length !== new Set(operatorIds).size) throw new AppError(422, 'TAXI_OPERATOR_UNKNOWN', '事業者が見つかりません。事業者の一覧から選び直してください。');
  const current = await trx.selectFrom('taxi_programme_operator').selectAll().where('municipality_id', '=', m).where('programme_id', '=', programmeId).execute();
  for (const row of current) {
    const keep = operatorIds.includes(row.operator_id);
    if (!keep && row.left_on === null) await trx.updateTable('taxi_programme_operator').set({ left_on: joinedOn }).where('municipality_id', '=', m).where('programme_id', '=', programmeId).where('operator_id', '=', row.operator_id).execute();
    if (keep && row.left_on !== null) await trx.updateTable('taxi_programme_operator').set({ left_on: null }).where('municipality_id', '=', m).where('programme_id', '=', programmeId).where('operator_id', '=', row.operator_id).execute();
  }
  for (const operatorId of new Set(operatorIds)) {
    if (current.some((r) => r.operator_id === operatorId)) continue;
    await trx.insertInto('taxi_programme_operator').values({ municipality_id: m, programme_id: programmeId, operator_id: operatorId, joined_on: joinedOn, left_on: null }).execute();
  }
}

export async function updateProgramme(services: Services, staff: StaffPrincipal, id: string, input: { name: string; budgetYen: number; status: 'draft' | 'active' | 'closed'; departmentId: string | null; operatorIds: string[] }, requestId: string | null): Promise<ProgrammeView> {
  const now = services.now();
  const m = staff.municipalityId;
  await services.db.transaction().execute(async (trx) => {
    await loadProgrammeRow(trx, m, id);
    if (input.departmentId) {
      const d = await trx.selectFrom('department').select('id').where('municipality_id', '=', m).where('id', '=', input.departmentId).executeTakeFirst();
      if (!d) throw new AppError(422, 'TAXI_DEPARTMENT_UNKNOWN', '担当課が見つかりません。課の一覧から選び直してください。');
    }
    await trx.updateTable('taxi_programme').set({ name: input.name, budget_yen: input.budgetYen, status: input.status, department_id: input.departmentId, updated_at: now })
      .where('municipality_id', '=', m).where('id', '=', id).execute();
    await setOperators(trx, m, id, input.operatorIds, todayIso(now));
    await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.programme_update', subjectType: 'taxi_programme', subjectId: id, requestId, details: { status: input.status, budgetYen: input.budgetYen, operators: input.operatorIds.length } }, now);
  });
  return getProgramme(services.db, m, id, now);
}

const todayIso = (now: Date) => new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 10);

/** A new immutable rule version, in force from `effectiveFrom` (rides record the version they used). */
export async function publishRules(services: Services, staff: StaffPrincipal, id: string, input: { rules: TaxiRules; note: string; effectiveFrom: string | null; baseVersion: number }, requestId: string | null): Promise<ProgrammeView> {
  const now = services.now();
  const m = staff.municipalityId;
  await services.db.transaction().execute(async (trx) => {
    await trx.selectFrom('taxi_programme').select('id').where('municipality_id', '=', m).where('id', '=', id).forUpdate().executeTakeFirst().then((r) => { if (!r) throw programmeNotFound(); });
    const latest = await trx.selectFrom('taxi_rule_version').select(['version']).where('municipality_id', '=', m).where('programme_id', '=', id).orderBy('version', 'desc').limit(1).executeTakeFirst();
    const version = (latest?.version ?? 0) + 1;
    if ((latest?.version ?? 0) !== input.baseVersion) {
      throw new AppError(409, 'TAXI_RULES_CHANGED', 'ほかの職員がルールを改定しました。画面を開き直して、最新のルールを確認してから改定してください。');
    }
    const effectiveFrom = input.effectiveFrom ? new Date(input.effectiveFrom) : now;
    if (effectiveFrom.getTime() < now.getTime() - 60_000) throw new AppError(422, 'TAXI_RULES_RETROACTIVE', 'ルールの改定は過去の日時にさかのぼって適用できません。今日以降の日時を指定してください。');
    await trx.insertInto('taxi_rule_version').values({ municipality_id: m, id: randomUUID(), programme_id: id, version, rules: JSON.stringify(input.rules), note: input.note, effective_from: effectiveFrom, created_at: now, created_by: staff.id }).execute();
    await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.rules_publish', subjectType: 'taxi_programme', subjectId: id, requestId, details: { version } }, now);
  });
  return getProgramme(services.db, m, id, now);
}
