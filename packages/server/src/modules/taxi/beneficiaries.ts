import { randomUUID } from 'node:crypto';
import { ageOn, formatWareki, todayInJapan, type IsoDate } from '@madoguchi/jp';
import { renderDecisionNoticePdf } from '@madoguchi/procedures/pdf';
import { sql } from 'kysely';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Services } from '../../platform/http/context';
import { AppError, notFound } from '../../platform/http/errors';
import { formatAddress } from '../registry/service';
import { PgRegistry } from '../registry/pg-registry';
import { getMunicipality } from '../tenancy/service';
import { getCaseForStaff } from '../cases/service';
import type { Db } from './access';
import { evaluateEligibility, type EligibilityAnswers, type EligibilityResult } from './eligibility';
import { fiscalYearLabel, loadProgrammeRow, rulesAt } from './programmes';
import { describeCaps, describeSubsidy } from './rules';

export type BeneficiaryStatus = 'active' | 'suspended' | 'ended';

export const STATUS_LABELS: Record<BeneficiaryStatus, string> = { active: '利用中', suspended: '停止中', ended: '終了' };

const residentNotFound = () => notFound('RESIDENT_NOT_FOUND', '該当する住民が見つかりません。検索からやり直してください。');
export const beneficiaryNotFound = () => notFound('TAXI_BENEFICIARY_NOT_FOUND', '利用者が見つかりません。一覧から選び直してください。');

export interface EligibilityCheck {
  resident: { id: string; name: string; kana: string; birthDate: string; birthDateWareki: string; age: number; address: string; status: string };
  result: EligibilityResult;
  ruleVersion: number;
  existing: { id: string; number: string; status: BeneficiaryStatus } | null;
}

async function residentFacts(db: Db, m: string, residentId: string) {
  const r = await new PgRegistry(db).getResident(m, residentId);
  if (!r) throw residentNotFound();
  return r;
}

/** Eligibility of one resident for a programme, from the registry and the answers (audited: it reads the registry). */
export async function checkEligibility(services: Services, staff: StaffPrincipal, input: { programmeId: string; residentId: string; answers: EligibilityAnswers }, requestId: string | null): Promise<EligibilityCheck> {
  const m = staff.municipalityId;
  const now = services.now();
  return services.db.transaction().execute(async (trx) => {
    await loadProgrammeRow(trx, m, input.programmeId);
    const rules = await rulesAt(trx, m, input.programmeId, now);
    const r = await residentFacts(trx, m, input.residentId);
    const today = todayInJapan(now);
    const result = evaluateEligibility(rules.rules, { status: r.status, birthDate: r.birthDate }, input.answers, today);
    const existing = await trx.selectFrom('taxi_beneficiary').select(['id', 'number', 'status']).where('municipality_id', '=', m)
      .where('programme_id', '=', input.programmeId).where('resident_id', '=', r.id).executeTakeFirst();
    await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.eligibility_check', subjectType: 'resident', subjectId: r.id, purpose: 'タクシー料金助成の審査', requestId, details: { programmeId: input.programmeId, eligible: result.eligible } }, now);
    return {
      resident: {
        id: r.id, name: `${r.familyName} ${r.givenName}`, kana: `${r.familyNameKana} ${r.givenNameKana}`, birthDate: r.birthDate,
        birthDateWareki: formatWareki(r.birthDate as IsoDate), age: ageOn(r.birthDate as IsoDate, today), address: formatAddress(r.address), status: r.status,
      },
      result, ruleVersion: rules.version, existing: existing ?? null,
    };
  });
}

/**
 * The decision: eligibility is evaluated again on the server (never taken from the screen) and, when
 * eligible, the beneficiary is created with its 利用者番号. A resident is in a programme at most once.
 */
export async function decideBeneficiary(
  services: Services, staff: StaffPrincipal,
  input: { programmeId: string; residentId: string; answers: EligibilityAnswers; caseId: string | null; source: 'application' | 'import' | 'staff' },
  requestId: string | null,
): Promise<BeneficiaryDetail> {
  const now = services.now();
  const id = await services.db.transaction().execute((trx) => createBeneficiary(trx, staff, input, now, requestId));
  return getBeneficiary(services, staff, id, requestId, { audit: false });
}

/** The catalogue's application (counter, vehicle or online): 「タクシー料金助成（電子タクシー券）の申請」. */
export const TAXI_PROCEDURE_ID = 'taxi-subsidy-application';

/** The application's answers as the eligibility engine's answers (the registry supplies the age). */
export function answersFromApplication(answers: Record<string, unknown>): EligibilityAnswers {
  const certificate = answers.certificate;
  return {
    disabilityCertificate: answers.eligibility === 'disability' && (certificate === 'physical' || certificate === 'mental' || certificate === 'rehabilitation') ? certificate : 'none',
    licenceReturned: answers.eligibility === 'licenseReturned',
    householdHasCar: answers.householdHasCar !== false,
  };
}

/**
 * The decision on an application case: the case's resident and answers, evaluated again against the
 * registry and the programme's rules; the beneficiary keeps the case id. The case itself is completed
 * in the department's 受付箱 as any other.
 */
export async function decideFromCase(services: Services, staff: StaffPrincipal, programmeId: string, caseId: string, requestId: string | null): Promise<BeneficiaryDetail> {
  const { case: view } = await getCaseForStaff(services, staff, caseId, requestId);
  if (view.procedureId !== TAXI_PROCEDURE_ID) {
    throw new AppError(422, 'TAXI_CASE_WRONG_PROCEDURE', 'この案件はタクシー料金助成の申請ではありません。案件を選び直してください。');
  }
  if (!view.subjectResidentId) {
    throw new AppError(422, 'TAXI_CASE_NO_RESIDENT', '申請者が住民記録と結び付いていません。受付箱で申請者を確認してから決定してください。');
  }
  if (view.status === 'draft' || view.status === 'rejected' || view.status === 'withdrawn') {
    throw new AppError(409, 'TAXI_CASE_NOT_SUBMITTED', 'この申請はまだ提出されていないか、取り下げ・却下されています。');
  }
  const answers = answersFromApplication(view.answers);
  const now = services.now();
  const id = await services.db.transaction().execute((trx) => createBeneficiary(trx, staff, { programmeId, residentId: view.subjectResidentId!, answers, caseId, source: 'application' }, now, requestId));
  return getBeneficiary(services, staff, id, requestId, { audit: false });
}

export async function createBeneficiary(
  trx: Db, staff: { municipalityId: string; id: string | null },
  input: { programmeId: string; residentId: string; answers: EligibilityAnswers; caseId: string | null; source: 'application' | 'import' | 'staff' },
  now: Date, requestId: string | null,
): Promise<string> {
  const m = staff.municipalityId;
  // The programme row orders concurrent decisions (the 利用者番号 is the next in the programme).
  const programme = await trx.selectFrom('taxi_programme').selectAll().where('municipality_id', '=', m).where('id', '=', input.programmeId).forUpdate().executeTakeFirst();
  if (!programme) throw notFound('TAXI_PROGRAMME_NOT_FOUND', 'タクシー券の事業が見つかりません。一覧から選び直してください。');
  if (programme.status === 'closed') throw new AppError(409, 'TAXI_PROGRAMME_CLOSED', 'この事業は終了しています。新しい年度の事業で申請を受け付けてください。');
  const rules = await rulesAt(trx, m, input.programmeId, now);
  const r = await residentFacts(trx, m, input.residentId);
  const result = evaluateEligibility(rules.rules, { status: r.status, birthDate: r.birthDate }, input.answers, todayInJapan(now));
  if (!result.eligible) {
    throw new AppError(422, 'TAXI_NOT_ELIGIBLE', `対象の要件を満たしていないため決定できません。${result.summary}理由を申請者にお伝えください。`,
      result.reasons.filter((x) => !x.met).map((x) => ({ path: x.code, message: x.text })));
  }
  const existing = await trx.selectFrom('taxi_beneficiary').select(['id', 'number']).where('municipality_id', '=', m).where('programme_id', '=', input.programmeId).where('resident_id', '=', r.id).executeTakeFirst();
  if (existing) throw new AppError(409, 'TAXI_ALREADY_BENEFICIARY', `この方はすでに利用者として登録されています（利用者番号 ${existing.number}）。利用者の画面を開いてください。`);
  const count = await trx.selectFrom('taxi_beneficiary').select(sql<string>`count(*)`.as('n')).where('municipality_id', '=', m).where('programme_id', '=', input.programmeId).executeTakeFirstOrThrow();
  const era = fiscalYearLabel(programme.fiscal_year).startsWith('令和') ? `R${programme.fiscal_year - 2018}` : String(programme.fiscal_year);
  const number = `${era}-${String(Number(count.n) + 1).padStart(4, '0')}`;
  const id = randomUUID();
  await trx.insertInto('taxi_beneficiary').values({
    municipality_id: m, id, programme_id: input.programmeId, resident_id: r.id, number, status: 'active', status_reason: '',
    source: input.source, eligibility: JSON.stringify(result), answers: JSON.stringify(input.answers), rule_version: rules.version,
    case_id: input.caseId, decided_at: now, decided_by: staff.id, created_at: now, updated_at: now,
  }).execute();
  await trx.insertInto('taxi_beneficiary_event').values({ municipality_id: m, id: randomUUID(), beneficiary_id: id, at: now, kind: 'decided', from_status: null, to_status: 'active', reason: result.summary, staff_id: staff.id }).execute();
  await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.beneficiary_decide', subjectType: 'resident', subjectId: r.id, purpose: 'タクシー料金助成の決定', requestId, details: { beneficiaryId: id, programmeId: input.programmeId, source: input.source } }, now);
  return id;
}

export interface BeneficiaryRow {
  id: string;
  number: string;
  residentId: string;
  name: string;
  kana: string;
  age: number;
  status: BeneficiaryStatus;
  statusLabel: string;
  statusReason: string;
  source: 'application' | 'import' | 'staff';
  cardBound: boolean;
  ridesThisYear: number;
  decidedAt: string;
}

/** The programme's beneficiaries (audited with the ids listed). Registry changes are applied first. */
export async function listBeneficiaries(services: Services, staff: StaffPrincipal, input: { programmeId: string; status?: BeneficiaryStatus | undefined; q?: string | undefined }, requestId: string | null): Promise<BeneficiaryRow[]> {
  const m = staff.municipalityId;
  const now = services.now();
  await loadProgrammeRow(services.db, m, input.programmeId);
  await suspendForRegistryChanges(services.db, m, now, staff.id);
  const today = todayInJapan(now);
  let q = services.db.selectFrom('taxi_beneficiary as b')
    .innerJoin('resident as r', (j) => j.onRef('r.municipality_id', '=', 'b.municipality_id').onRef('r.id', '=', 'b.resident_id'))
    .select(['b.id', 'b.number', 'b.resident_id', 'b.status', 'b.status_reason', 'b.source', 'b.decided_at', 'r.family_name', 'r.given_name', 'r.family_name_kana', 'r.given_name_kana', 'r.birth_date'])
    .select((eb) => [
      eb.exists(eb.selectFrom('taxi_card_binding as c').select('c.id').whereRef('c.municipality_id', '=', 'b.municipality_id').whereRef('c.beneficiary_id', '=', 'b.id').where('c.status', '=', 'active')).as('card_bound'),
      eb.selectFrom('taxi_ride as t').select(sql<string>`count(*)`.as('n')).whereRef('t.municipality_id', '=', 'b.municipality_id').whereRef('t.beneficiary_id', '=', 'b.id').where('t.status', '=', 'accepted').as('rides'),
    ])
    .where('b.municipality_id', '=', m).where('b.programme_id', '=', input.programmeId);
  if (input.status) q = q.where('b.status', '=', input.status);
  if (input.q) {
    const text = `%${input.q.replace(/[\s　]/g, '')}%`;
    q = q.where((eb) => eb.or([eb('b.number', 'ilike', text), eb(sql`r.family_name || r.given_name`, 'like', text), eb(sql`r.family_name_kana || r.given_name_kana`, 'like', text)]));
  }
  const rows = await q.orderBy('b.number').limit(500).execute();
  await appendAudit(services.db, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.beneficiary_list', subjectType: 'taxi_programme', subjectId: input.programmeId, purpose: 'タクシー料金助成', requestId, details: { residentIds: rows.map((r) => r.resident_id) } }, now);
  return rows.map((r) => ({
    id: r.id, number: r.number, residentId: r.resident_id, name: `${r.family_name} ${r.given_name}`, kana: `${r.family_name_kana} ${r.given_name_kana}`,
    age: ageOn(r.birth_date as IsoDate, today), status: r.status, statusLabel: STATUS_LABELS[r.status], statusReason: r.status_reason, source: r.source,
    cardBound: Boolean(r.card_bound), ridesThisYear: Number(r.rides ?? 0), decidedAt: r.decided_at.toISOString(),
  }));
}

export interface BeneficiaryDetail extends BeneficiaryRow {
  programmeId: string;
  birthDate: string;
  birthDateWareki: string;
  address: string;
  residentStatus: string;
  eligibility: EligibilityResult;
  answers: EligibilityAnswers;
  ruleVersion: number;
  caseId: string | null;
  events: { at: string; kind: string; fromStatus: string | null; toStatus: string | null; reason: string }[];
  bindings: { id: string; certSerial: string; certSha256: string; certNotAfter: string | null; status: string; channel: string; boundAt: string; endedAt: string | null; endedReason: string | null }[];
  rides: { id: string; boardedAt: string; operatorName: string; fareYen: number; subsidyYen: number; status: string; exceptionReason: string | null }[];
}

export async function loadBeneficiaryRow(db: Db, m: string, id: string) {
  const row = await db.selectFrom('taxi_beneficiary').selectAll().where('municipality_id', '=', m).where('id', '=', id).executeTakeFirst();
  if (!row) throw beneficiaryNotFound();
  return row;
}

export async function getBeneficiary(services: Services, staff: StaffPrincipal, id: string, requestId: string | null, opts: { audit: boolean } = { audit: true }): Promise<BeneficiaryDetail> {
  const m = staff.municipalityId;
  const now = services.now();
  const b = await loadBeneficiaryRow(services.db, m, id);
  const r = await residentFacts(services.db, m, b.resident_id);
  const today = todayInJapan(now);
  const [events, bindings, rides] = await Promise.all([
    services.db.selectFrom('taxi_beneficiary_event').selectAll().where('municipality_id', '=', m).where('beneficiary_id', '=', id).orderBy('at').execute(),
    services.db.selectFrom('taxi_card_binding').selectAll().where('municipality_id', '=', m).where('beneficiary_id', '=', id).orderBy('bound_at', 'desc').execute(),
    services.db.selectFrom('taxi_ride as t').innerJoin('taxi_operator as o', (j) => j.onRef('o.municipality_id', '=', 't.municipality_id').onRef('o.id', '=', 't.operator_id'))
      .select(['t.id', 't.boarded_at', 'o.name', 't.fare_yen', 't.subsidy_yen', 't.status', 't.exception_reason'])
      .where('t.municipality_id', '=', m).where('t.beneficiary_id', '=', id).orderBy('t.boarded_at', 'desc').limit(100).execute(),
  ]);
  if (opts.audit) {
    await appendAudit(services.db, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.beneficiary_read', subjectType: 'resident', subjectId: b.resident_id, purpose: 'タクシー料金助成', requestId, details: { beneficiaryId: id } }, now);
  }
  const accepted = rides.filter((x) => x.status === 'accepted').length;
  return {
    id: b.id, number: b.number, residentId: b.resident_id, name: `${r.familyName} ${r.givenName}`, kana: `${r.familyNameKana} ${r.givenNameKana}`,
    age: ageOn(r.birthDate as IsoDate, today), status: b.status, statusLabel: STATUS_LABELS[b.status], statusReason: b.status_reason, source: b.source,
    cardBound: bindings.some((x) => x.status === 'active'), ridesThisYear: accepted, decidedAt: b.decided_at.toISOString(),
    programmeId: b.programme_id, birthDate: r.birthDate, birthDateWareki: formatWareki(r.birthDate as IsoDate), address: formatAddress(r.address), residentStatus: r.status,
    eligibility: { eligible: true, age: 0, summary: '', ...(b.eligibility as Partial<EligibilityResult>), reasons: (b.eligibility as Partial<EligibilityResult>).reasons ?? [] }, answers: b.answers as EligibilityAnswers, ruleVersion: b.rule_version, caseId: b.case_id,
    events: events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, fromStatus: e.from_status, toStatus: e.to_status, reason: e.reason })),
    bindings: bindings.map((x) => ({ id: x.id, certSerial: x.cert_serial, certSha256: x.cert_sha256, certNotAfter: x.cert_not_after?.toISOString() ?? null, status: x.status, channel: x.channel, boundAt: x.bound_at.toISOString(), endedAt: x.ended_at?.toISOString() ?? null, endedReason: x.ended_reason })),
    rides: rides.map((x) => ({ id: x.id, boardedAt: x.boarded_at.toISOString(), operatorName: x.name, fareYen: x.fare_yen, subsidyYen: x.subsidy_yen, status: x.status, exceptionReason: x.exception_reason })),
  };
}

const TRANSITIONS: Record<BeneficiaryStatus, BeneficiaryStatus[]> = { active: ['suspended', 'ended'], suspended: ['active', 'ended'], ended: [] };

/** Suspend, resume or end, with a reason (kept in the history; the terminal list follows the status). */
export async function changeBeneficiaryStatus(services: Services, staff: StaffPrincipal, id: string, input: { to: BeneficiaryStatus; reason: string }, requestId: string | null): Promise<BeneficiaryDetail> {
  const m = staff.municipalityId;
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    const b = await trx.selectFrom('taxi_beneficiary').selectAll().where('municipality_id', '=', m).where('id', '=', id).forUpdate().executeTakeFirst();
    if (!b) throw beneficiaryNotFound();
    if (!TRANSITIONS[b.status].includes(input.to)) {
      throw new AppError(409, 'TAXI_STATUS_CHANGE_INVALID', `「${STATUS_LABELS[b.status]}」の利用者を「${STATUS_LABELS[input.to]}」にはできません。画面を開き直して状態を確認してください。`);
    }
    if (input.to === 'active') {
      const r = await residentFacts(trx, m, b.resident_id);
      if (r.status !== 'active') throw new AppError(409, 'TAXI_RESIDENT_NOT_ACTIVE', '住民記録で転出または死亡となっているため、利用を再開できません。');
    }
    await trx.updateTable('taxi_beneficiary').set({ status: input.to, status_reason: input.reason, updated_at: now }).where('municipality_id', '=', m).where('id', '=', id).execute();
    await trx.insertInto('taxi_beneficiary_event').values({ municipality_id: m, id: randomUUID(), beneficiary_id: id, at: now, kind: 'status', from_status: b.status, to_status: input.to, reason: input.reason, staff_id: staff.id }).execute();
    await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.beneficiary_status', subjectType: 'resident', subjectId: b.resident_id, purpose: 'タクシー料金助成', requestId, details: { beneficiaryId: id, from: b.status, to: input.to } }, now);
  });
  return getBeneficiary(services, staff, id, requestId, { audit: false });
}

/**
 * Active beneficiaries whose registry record says they moved out or died are suspended, with the
 * reason and the registry's date. Runs before lists and on demand; the terminal lists deny them.
 */
export async function suspendForRegistryChanges(db: Db, m: string, now: Date, staffId: string | null): Promise<number> {
  const rows = await db.selectFrom('taxi_beneficiary as b')
    .innerJoin('resident as r', (j) => j.onRef('r.municipality_id', '=', 'b.municipality_id').onRef('r.id', '=', 'b.resident_id'))
    .select(['b.id', 'b.resident_id', 'r.status', 'r.left_on'])
    .where('b.municipality_id', '=', m).where('b.status', '=', 'active').where('r.status', '!=', 'active').execute();
  for (const row of rows) {
    const reason = `${row.status === 'deceased' ? '死亡' : '転出'}（住民記録${row.left_on ? ` ${formatWareki(row.left_on as IsoDate)}` : ''}）のため停止`;
    await db.updateTable('taxi_beneficiary').set({ status: 'suspended', status_reason: reason, updated_at: now }).where('municipality_id', '=', m).where('id', '=', row.id).where('status', '=', 'active').execute();
    await db.insertInto('taxi_beneficiary_event').values({ municipality_id: m, id: randomUUID(), beneficiary_id: row.id, at: now, kind: 'registry', from_status: 'active', to_status: 'suspended', reason, staff_id: staffId }).execute();
    await appendAudit(db, { municipalityId: m, actorStaffId: staffId, action: 'taxi.beneficiary_status', subjectType: 'resident', subjectId: row.resident_id, purpose: '住民記録の異動による停止', requestId: null, details: { beneficiaryId: row.id, to: 'suspended', registry: row.status } }, now);
  }
  return rows.length;
}

/** 決定通知書 (A4, 和暦) for a beneficiary: the subsidy, the caps, the period and the reason they qualify. */
export async function decisionLetterPdf(services: Services, staff: StaffPrincipal, id: string, requestId: string | null): Promise<{ pdf: Uint8Array; filename: string }> {
  const m = staff.municipalityId;
  const now = services.now();
  const b = await loadBeneficiaryRow(services.db, m, id);
  const programme = await loadProgrammeRow(services.db, m, b.programme_id);
  const rules = await rulesAt(services.db, m, b.programme_id, b.decided_at);
  const r = await residentFacts(services.db, m, b.resident_id);
  const municipality = await getMunicipality(services.db, m);
  const department = programme.department_id
    ? await services.db.selectFrom('department').select('name').where('municipality_id', '=', m).where('id', '=', programme.department_id).executeTakeFirst()
    : undefined;
  const eligibility = b.eligibility as EligibilityResult;
  const qualifying = (eligibility.reasons ?? []).filter((x) => x.met && x.code !== 'resident').map((x) => x.text).join('\n');
  const note = [
    `利用者番号　${b.number}`,
    `助成の内容　${describeSubsidy(rules.rules.subsidy)}`,
    `利用できる回数　${describeCaps(rules.rules.caps)}`,
    `有効期間　${formatWareki(programme.starts_on as IsoDate)}から${formatWareki(programme.ends_on as IsoDate)}まで`,
    `対象となる理由\n${qualifying}`,
    '乗車の際は、登録したマイナンバーカードを運転手に提示し、タクシーの端末にかざしてください（暗証番号は不要です）。カードを更新したときは、窓口で登録し直してください。',
  ].join('\n');
  const pdf = await renderDecisionNoticePdf({
    municipalityName: municipality.name, departmentName: department?.name ?? '電子タクシー券 担当', recipientName: `${r.familyName} ${r.givenName}`,
    receiptNumber: b.number, procedureTitle: `${programme.name}（${fiscalYearLabel(programme.fiscal_year)}）`, decision: 'approved', note,
    decidedOn: todayInJapan(b.decided_at),
  }, { createdAt: now });
  await appendAudit(services.db, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.decision_letter', subjectType: 'resident', subjectId: b.resident_id, purpose: 'タクシー料金助成の決定通知', requestId, details: { beneficiaryId: id } }, now);
  return { pdf, filename: `決定通知書_${b.number}.pdf` };
}
