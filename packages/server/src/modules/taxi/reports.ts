import { sql } from 'kysely';
import { formatWareki, todayInJapan } from '@madoguchi/jp';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Services } from '../../platform/http/context';
import { assertProgrammeReviewer } from './access';
import type { EligibilityResult } from './eligibility';
import { loadProgrammeRow } from './programmes';
import { fiscalYearMonths, japanMonthRange } from './rules';

/**
 * Figures for the city: accepted rides and subsidy by month, by operator and by beneficiary group
 * (the criterion they qualified under), the budget used and a forecast to the end of the fiscal year.
 * Counts and sums only.
 */
export interface ProgrammeReport {
  programmeId: string;
  fiscalYear: number;
  budgetYen: number;
  usedYen: number;
  paidYen: number;
  forecastYen: number;
  forecastMethod: string;
  beneficiaries: { active: number; suspended: number; ended: number; cardBound: number };
  months: { month: string; rides: number; fareYen: number; subsidyYen: number; exceptions: number }[];
  operators: { operatorId: string; name: string; rides: number; subsidyYen: number; claimedYen: number; paidYen: number }[];
  groups: { group: string; label: string; beneficiaries: number; rides: number; subsidyYen: number }[];
}

const GROUP_LABELS: Record<string, string> = { age: '年齢', disabilityCertificate: '障害者手帳', licenceReturned: '免許返納', noCarHousehold: '自動車のない世帯', other: 'その他' };

/** The group a beneficiary is counted in: the first criterion they met (in the rule's order). */
export function groupOf(eligibility: EligibilityResult): string {
  return eligibility.reasons?.find((r) => r.met && r.code !== 'resident')?.code ?? 'other';
}

export async function programmeReport(services: Services, staff: StaffPrincipal, programmeId: string, requestId: string | null): Promise<ProgrammeReport> {
  const m = staff.municipalityId;
  const now = services.now();
  const db = services.db;
  const p = await loadProgrammeRow(db, m, programmeId);
  assertProgrammeReviewer(staff, p);
  const months = fiscalYearMonths(p.fiscal_year);
  const byMonth = await db.selectFrom('taxi_ride')
    .select([sql<string>`to_char((boarded_at at time zone 'UTC') + interval '9 hours', 'YYYY-MM')`.as('month'),
      sql<string>`count(*) filter (where status = 'accepted')`.as('rides'),
      sql<string>`coalesce(sum(fare_yen) filter (where status = 'accepted'), 0)`.as('fare'),
      sql<string>`coalesce(sum(subsidy_yen) filter (where status = 'accepted'), 0)`.as('subsidy'),
      sql<string>`count(*) filter (where status <> 'accepted')`.as('exceptions')])
    .where('municipality_id', '=', m).where('programme_id', '=', programmeId).groupBy(sql`1`).execute();
  const monthMap = new Map(byMonth.map((r) => [r.month, r]));
  const operatorRows = await db.selectFrom('taxi_operator as o')
    .select(['o.id', 'o.name'])
    .select((eb) => [
      eb.selectFrom('taxi_ride as r').select(sql<string>`count(*)`.as('n')).whereRef('r.municipality_id', '=', 'o.municipality_id').whereRef('r.operator_id', '=', 'o.id').where('r.programme_id', '=', programmeId).where('r.status', '=', 'accepted').as('rides'),
      eb.selectFrom('taxi_ride as r').select(sql<string>`coalesce(sum(subsidy_yen), 0)`.as('s')).whereRef('r.municipality_id', '=', 'o.municipality_id').whereRef('r.operator_id', '=', 'o.id').where('r.programme_id', '=', programmeId).where('r.status', '=', 'accepted').as('subsidy'),
      eb.selectFrom('taxi_claim as c').select(sql<string>`coalesce(sum(coalesce(approved_total_yen, subsidy_total_yen)), 0)`.as('s')).whereRef('c.municipality_id', '=', 'o.municipality_id').whereRef('c.operator_id', '=', 'o.id').where('c.programme_id', '=', programmeId).where('c.status', '!=', 'draft').as('claimed'),
      eb.selectFrom('taxi_claim as c').select(sql<string>`coalesce(sum(approved_total_yen), 0)`.as('s')).whereRef('c.municipality_id', '=', 'o.municipality_id').whereRef('c.operator_id', '=', 'o.id').where('c.programme_id', '=', programmeId).where('c.status', '=', 'paid').as('paid'),
    ])
    .where('o.municipality_id', '=', m).orderBy('o.code').execute();
  const beneficiaries = await db.selectFrom('taxi_beneficiary as b')
    .select(['b.id', 'b.status', 'b.eligibility'])
    .select((eb) => [
      eb.exists(eb.selectFrom('taxi_card_binding as c').select('c.id').whereRef('c.municipality_id', '=', 'b.municipality_id').whereRef('c.beneficiary_id', '=', 'b.id').where('c.status', '=', 'active')).as('bound'),
      eb.selectFrom('taxi_ride as r').select(sql<string>`count(*)`.as('n')).whereRef('r.municipality_id', '=', 'b.municipality_id').whereRef('r.beneficiary_id', '=', 'b.id').where('r.status', '=', 'accepted').as('rides'),
      eb.selectFrom('taxi_ride as r').select(sql<string>`coalesce(sum(subsidy_yen), 0)`.as('s')).whereRef('r.municipality_id', '=', 'b.municipality_id').whereRef('r.beneficiary_id', '=', 'b.id').where('r.status', '=', 'accepted').as('subsidy'),
    ])
    .where('b.municipality_id', '=', m).where('b.programme_id', '=', programmeId).execute();
  const groups = new Map<string, { beneficiaries: number; rides: number; subsidyYen: number }>();
  for (const b of beneficiaries) {
    const g = groupOf(b.eligibility as EligibilityResult);
    const cur = groups.get(g) ?? { beneficiaries: 0, rides: 0, subsidyYen: 0 };
    cur.beneficiaries += 1;
    cur.rides += Number(b.rides ?? 0);
    cur.subsidyYen += Number(b.subsidy ?? 0);
    groups.set(g, cur);
  }
  const usedYen = byMonth.reduce((s, r) => s + Number(r.subsidy), 0);
  const paidYen = operatorRows.reduce((s, r) => s + Number(r.paid ?? 0), 0);
  const { forecastYen, method } = forecast(usedYen, p.fiscal_year, now);
  await appendAudit(db, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.report_read', subjectType: 'taxi_programme', subjectId: programmeId, requestId, details: {} }, now);
  return {
    programmeId, fiscalYear: p.fiscal_year, budgetYen: Number(p.budget_yen), usedYen, paidYen, forecastYen, forecastMethod: method,
    beneficiaries: {
      active: beneficiaries.filter((b) => b.status === 'active').length, suspended: beneficiaries.filter((b) => b.status === 'suspended').length,
      ended: beneficiaries.filter((b) => b.status === 'ended').length, cardBound: beneficiaries.filter((b) => b.bound).length,
    },
    months: months.map((month) => {
      const r = monthMap.get(month);
      return { month, rides: Number(r?.rides ?? 0), fareYen: Number(r?.fare ?? 0), subsidyYen: Number(r?.subsidy ?? 0), exceptions: Number(r?.exceptions ?? 0) };
    }),
    operators: operatorRows.map((o) => ({ operatorId: o.id, name: o.name, rides: Number(o.rides ?? 0), subsidyYen: Number(o.subsidy ?? 0), claimedYen: Number(o.claimed ?? 0), paidYen: Number(o.paid ?? 0) })),
    groups: [...groups].map(([group, v]) => ({ group, label: GROUP_LABELS[group] ?? group, ...v })).sort((a, b) => b.beneficiaries - a.beneficiaries),
  };
}

/**
 * Year-end forecast: the subsidy so far spread over the days of the fiscal year elapsed, times the
 * days of the whole year. Before the year starts (or on its first day) it is the amount used so far.
 */
export function forecast(usedYen: number, fiscalYear: number, now: Date): { forecastYen: number; method: string } {
  const start = japanMonthRange(`${fiscalYear}-04`).from.getTime();
  const end = japanMonthRange(`${fiscalYear + 1}-03`).to.getTime();
  const elapsedDays = Math.min(Math.max((now.getTime() - start) / 86_400_000, 0), (end - start) / 86_400_000);
  const totalDays = (end - start) / 86_400_000;
  if (elapsedDays < 1) return { forecastYen: usedYen, method: '年度が始まっていないため、これまでの額' };
  if (elapsedDays >= totalDays) return { forecastYen: usedYen, method: '年度が終わったため、確定した額' };
  return { forecastYen: Math.round((usedYen / elapsedDays) * totalDays), method: `${formatWareki(todayInJapan(now))}までの${Math.floor(elapsedDays)}日間の実績を年度の${Math.round(totalDays)}日に伸ばした見込み` };
}
