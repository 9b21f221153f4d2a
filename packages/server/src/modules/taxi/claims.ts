import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Services } from '../../platform/http/context';
import { AppError, notFound } from '../../platform/http/errors';
import { assertProgrammeReviewer, type Db } from './access';
import { loadOperatorRow } from './operators';
import { loadProgrammeRow } from './programmes';
import { japanMonthRange, japanPeriods } from './rules';

/**
 * Monthly claims (請求) per operator, built only from rides the server accepted. A claim gathers every
 * accepted ride of the operator up to the end of its month that is on no other claim (a ride that
 * reached the server late goes on the next claim). Lines point at their ride through (id, status =
 * 'accepted'), so the database itself refuses a line for a ride that was not accepted.
 */
export type ClaimStatus = 'draft' | 'submitted' | 'approved' | 'adjusted' | 'paid';
export const CLAIM_STATUS_LABELS: Record<ClaimStatus, string> = { draft: '作成中', submitted: '提出済み（市の確認待ち）', approved: '承認済み', adjusted: '調整のうえ承認', paid: '支払済み' };

/** Who looks at a claim: the city (any operator) or an operator's staff (their own only). */
export type ClaimViewer = { kind: 'city'; staff: StaffPrincipal } | { kind: 'operator'; staff: StaffPrincipal; operatorId: string };

export interface ClaimLineView {
  lineNo: number;
  rideId: string;
  boardedAt: string;
  vehicle: string | null;
  terminal: string;
  beneficiaryNumber: string;
  fareYen: number;
  subsidyYen: number;
  passengerYen: number;
}

export interface ClaimView {
  id: string;
  number: string;
  programmeId: string;
  programmeName: string;
  operatorId: string;
  operatorName: string;
  operatorCode: string;
  month: string;
  status: ClaimStatus;
  statusLabel: string;
  rideCount: number;
  fareTotalYen: number;
  subsidyTotalYen: number;
  adjustmentTotalYen: number;
  approvedTotalYen: number | null;
  generatedAt: string;
  submittedAt: string | null;
  reviewedAt: string | null;
  reviewNote: string | null;
  paidOn: string | null;
  paymentReference: string | null;
  adjustments: { id: string; amountYen: number; reason: string; rideId: string | null; at: string }[];
}

const claimNotFound = () => notFound('TAXI_CLAIM_NOT_FOUND', '請求が見つかりません。一覧から選び直してください。');

async function loadClaimRow(db: Db, viewer: ClaimViewer, id: string, lock = false) {
  let q = db.selectFrom('taxi_claim').selectAll().where('municipality_id', '=', viewer.staff.municipalityId).where('id', '=', id);
  if (viewer.kind === 'operator') q = q.where('operator_id', '=', viewer.operatorId);
  const row = await (lock ? q.forUpdate() : q).executeTakeFirst();
  if (!row) throw claimNotFound();
  return row;
}

async function claimView(db: Db, m: string, id: string): Promise<ClaimView> {
  const c = await db.selectFrom('taxi_claim as c')
    .innerJoin('taxi_operator as o', (j) => j.onRef('o.municipality_id', '=', 'c.municipality_id').onRef('o.id', '=', 'c.operator_id'))
    .innerJoin('taxi_programme as p', (j) => j.onRef('p.municipality_id', '=', 'c.municipality_id').onRef('p.id', '=', 'c.programme_id'))
    .selectAll('c').select(['o.name as operator_name', 'o.code as operator_code', 'p.name as programme_name'])
    .where('c.municipality_id', '=', m).where('c.id', '=', id).executeTakeFirstOrThrow();
  const adjustments = await db.selectFrom('taxi_claim_adjustment').selectAll().where('municipality_id', '=', m).where('claim_id', '=', id).orderBy('at').execute();
  return {
    id: c.id, number: c.number, programmeId: c.programme_id, programmeName: c.programme_name, operatorId: c.operator_id, operatorName: c.operator_name, operatorCode: c.operator_code,
    month: c.month, status: c.status, statusLabel: CLAIM_STATUS_LABELS[c.status], rideCount: c.ride_count,
    fareTotalYen: Number(c.fare_total_yen), subsidyTotalYen: Number(c.subsidy_total_yen), adjustmentTotalYen: Number(c.adjustment_total_yen),
    approvedTotalYen: c.approved_total_yen === null ? null : Number(c.approved_total_yen),
    generatedAt: c.generated_at.toISOString(), submittedAt: c.submitted_at?.toISOString() ?? null, reviewedAt: c.reviewed_at?.toISOString() ?? null,
    reviewNote: c.review_note, paidOn: c.paid_on, paymentReference: c.payment_reference,
    adjustments: adjustments.map((a) => ({ id: a.id, amountYen: a.amount_yen, reason: a.reason, rideId: a.ride_id, at: a.at.toISOString() })),
  };
}

export async function claimLines(db: Db, m: string, claimId: string): Promise<ClaimLineView[]> {
  const rows = await db.selectFrom('taxi_claim_line as l')
    .innerJoin('taxi_ride as r', (j) => j.onRef('r.municipality_id', '=', 'l.municipality_id').onRef('r.id', '=', 'l.ride_id'))
    .innerJoin('taxi_terminal as t', (j) => j.onRef('t.municipality_id', '=', 'r.municipality_id').onRef('t.id', '=', 'r.terminal_id'))
    .leftJoin('taxi_vehicle as v', (j) => j.onRef('v.municipality_id', '=', 'r.municipality_id').onRef('v.id', '=', 'r.vehicle_id'))
    .leftJoin('taxi_beneficiary as b', (j) => j.onRef('b.municipality_id', '=', 'r.municipality_id').onRef('b.id', '=', 'r.beneficiary_id'))
    .select(['l.line_no', 'l.ride_id', 'r.boarded_at', 'v.registration_number', 't.label', 'b.number', 'l.fare_yen', 'l.subsidy_yen'])
    .where('l.municipality_id', '=', m).where('l.claim_id', '=', claimId).orderBy('l.line_no').execute();
  return rows.map((r) => ({
    lineNo: r.line_no, rideId: r.ride_id, boardedAt: r.boarded_at.toISOString(), vehicle: r.registration_number, terminal: r.label,
    beneficiaryNumber: r.number ?? '', fareYen: r.fare_yen, subsidyYen: r.subsidy_yen, passengerYen: r.fare_yen - r.subsidy_yen,
  }));
}

export async function listClaims(services: Services, viewer: ClaimViewer, input: { month?: string | undefined; status?: ClaimStatus | undefined }): Promise<ClaimView[]> {
  const m = viewer.staff.municipalityId;
  let q = services.db.selectFrom('taxi_claim').select('id').where('municipality_id', '=', m);
  if (viewer.kind === 'operator') q = q.where('operator_id', '=', viewer.operatorId);
  if (input.month) q = q.where('month', '=', input.month);
  if (input.status) q = q.where('status', '=', input.status);
  const rows = await q.orderBy('month', 'desc').orderBy('number').limit(200).execute();
  return Promise.all(rows.map((r) => claimView(services.db, m, r.id)));
}

export async function getClaim(services: Services, viewer: ClaimViewer, id: string, requestId: string | null): Promise<{ claim: ClaimView; lines: ClaimLineView[] }> {
  const m = viewer.staff.municipalityId;
  await loadClaimRow(services.db, viewer, id);
  const claim = await claimView(services.db, m, id);
  const lines = await claimLines(services.db, m, id);
  await appendAudit(services.db, { municipalityId: m, actorStaffId: viewer.staff.id, action: 'taxi.claim_read', subjectType: 'taxi_claim', subjectId: id, requestId, details: { lines: lines.length } }, services.now());
  return { claim, lines };
}

const claimNumber = (fiscalYear: number, month: string, operatorCode: string) => `R${fiscalYear - 2018}-${month.slice(5, 7)}-${operatorCode}`;

/**
 * Builds (or rebuilds, while it is a draft) the operator's claim for a month. With `rideIds` the
 * caller names the rides; every one must be a ride the server accepted for this operator, on no
 * other claim, boarded by the end of the month, or nothing is written.
 */
export async function generateClaim(services: Services, viewer: { staff: StaffPrincipal; operatorId: string }, input: { month: string; programmeId?: string | undefined; rideIds?: string[] | undefined }, requestId: string | null): Promise<{ claim: ClaimView; lines: ClaimLineView[] }> {
  const m = viewer.staff.municipalityId;
  const now = services.now();
  const operatorId = viewer.operatorId;
  const { to } = japanMonthRange(input.month);
  if (to.getTime() > now.getTime()) {
    throw new AppError(422, 'TAXI_CLAIM_MONTH_OPEN', `${Number(input.month.slice(5, 7))}月分の請求は、月末を過ぎてから作成してください。`);
  }
  const fiscalYear = japanPeriods(new Date(to.getTime() - 1)).fiscalYear;
  const id = await services.db.transaction().execute(async (trx) => {
    const operator = await loadOperatorRow(trx, m, operatorId);
    const programme = input.programmeId
      ? await loadProgrammeRow(trx, m, input.programmeId)
      : await trx.selectFrom('taxi_programme as p').innerJoin('taxi_programme_operator as po', (j) => j.onRef('po.municipality_id', '=', 'p.municipality_id').onRef('po.programme_id', '=', 'p.id'))
        .selectAll('p').where('p.municipality_id', '=', m).where('p.fiscal_year', '=', fiscalYear).where('po.operator_id', '=', operatorId).orderBy('p.created_at').executeTakeFirst();
    if (!programme || programme.fiscal_year !== fiscalYear) throw new AppError(422, 'TAXI_CLAIM_NO_PROGRAMME', 'この月の電子タクシー券の事業がありません。月を確かめてください。');
    // The operator row orders two generations of the same claim.
    await trx.selectFrom('taxi_operator').select('id').where('municipality_id', '=', m).where('id', '=', operatorId).forUpdate().execute();
    const existing = await trx.selectFrom('taxi_claim').selectAll().where('municipality_id', '=', m).where('programme_id', '=', programme.id).where('operator_id', '=', operatorId).where('month', '=', input.month).executeTakeFirst();
    if (existing && existing.status !== 'draft') {
      throw new AppError(409, 'TAXI_CLAIM_ALREADY_SUBMITTED', 'この月の請求はすでに提出されています。遅れて届いた乗車は翌月分の請求に含まれます。');
    }
    if (existing) await trx.deleteFrom('taxi_claim_line').where('municipality_id', '=', m).where('claim_id', '=', existing.id).execute();
    const claimable = await trx.selectFrom('taxi_ride as r')
      .leftJoin('taxi_claim_line as l', (j) => j.onRef('l.municipality_id', '=', 'r.municipality_id').onRef('l.ride_id', '=', 'r.id'))
      .select(['r.id', 'r.fare_yen', 'r.subsidy_yen', 'r.boarded_at'])
      .where('r.municipality_id', '=', m).where('r.operator_id', '=', operatorId).where('r.programme_id', '=', programme.id)
      .where('r.status', '=', 'accepted').where('r.boarded_at', '<', to).where('l.ride_id', 'is', null)
      .orderBy('r.boarded_at').orderBy('r.id').execute();
    let rides = claimable;
    if (input.rideIds) {
      const byId = new Map(claimable.map((r) => [r.id, r]));
      const refused = input.rideIds.filter((rid) => !byId.has(rid));
      if (refused.length > 0) {
        throw new AppError(422, 'TAXI_RIDE_NOT_CLAIMABLE', '市が受け付けていない乗車、ほかの請求に含まれている乗車、またはこの事業者・この月のものではない乗車は請求できません。',
          refused.slice(0, 20).map((rid) => ({ path: `rideIds.${input.rideIds!.indexOf(rid)}`, message: `乗車 ${rid} は請求できません。` })));
      }
      const wanted = new Set(input.rideIds);
      rides = claimable.filter((r) => wanted.has(r.id));
    }
    const fareTotal = rides.reduce((s, r) => s + r.fare_yen, 0);
    const subsidyTotal = rides.reduce((s, r) => s + r.subsidy_yen, 0);
    const claimId = existing?.id ?? randomUUID();
    if (existing) {
      await trx.updateTable('taxi_claim').set({ ride_count: rides.length, fare_total_yen: fareTotal, subsidy_total_yen: subsidyTotal, generated_at: now, generated_by: viewer.staff.id })
        .where('municipality_id', '=', m).where('id', '=', claimId).execute();
    } else {
      await trx.insertInto('taxi_claim').values({
        municipality_id: m, id: claimId, programme_id: programme.id, operator_id: operatorId, month: input.month, number: claimNumber(programme.fiscal_year, input.month, operator.code),
        status: 'draft', ride_count: rides.length, fare_total_yen: fareTotal, subsidy_total_yen: subsidyTotal, generated_at: now, generated_by: viewer.staff.id,
      }).execute();
    }
    for (let i = 0; i < rides.length; i += 1000) {
      await trx.insertInto('taxi_claim_line').values(rides.slice(i, i + 1000).map((r, k) => ({
        municipality_id: m, claim_id: claimId, ride_id: r.id, line_no: i + k + 1, fare_yen: r.fare_yen, subsidy_yen: r.subsidy_yen,
      }))).execute();
    }
    await appendAudit(trx, { municipalityId: m, actorStaffId: viewer.staff.id, action: 'taxi.claim_generate', subjectType: 'taxi_claim', subjectId: claimId, requestId, details: { month: input.month, rides: rides.length, subsidyTotalYen: subsidyTotal } }, now);
    return claimId;
  });
  return { claim: await claimView(services.db, m, id), lines: await claimLines(services.db, m, id) };
}

/** The operator submits its draft; the totals are checked against the lines once more. */
export async function submitClaim(services: Services, viewer: ClaimViewer, id: string, requestId: string | null): Promise<ClaimView> {
  const m = viewer.staff.municipalityId;
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    const c = await loadClaimRow(trx, viewer, id, true);
    if (c.status !== 'draft') throw new AppError(409, 'TAXI_CLAIM_NOT_DRAFT', `この請求は「${CLAIM_STATUS_LABELS[c.status]}」のため提出できません。`);
    const sums = await trx.selectFrom('taxi_claim_line').select([sql<string>`count(*)`.as('n'), sql<string>`coalesce(sum(subsidy_yen), 0)`.as('s')]).where('municipality_id', '=', m).where('claim_id', '=', id).executeTakeFirstOrThrow();
    if (Number(sums.n) !== c.ride_count || Number(sums.s) !== Number(c.subsidy_total_yen)) {
      throw new AppError(409, 'TAXI_CLAIM_STALE', '請求の明細が変わっています。請求を作り直してから提出してください。');
    }
    if (c.ride_count === 0) throw new AppError(422, 'TAXI_CLAIM_EMPTY', '請求する乗車がありません。');
    await trx.updateTable('taxi_claim').set({ status: 'submitted', submitted_at: now, submitted_by: viewer.staff.id }).where('municipality_id', '=', m).where('id', '=', id).execute();
    await appendAudit(trx, { municipalityId: m, actorStaffId: viewer.staff.id, action: 'taxi.claim_submit', subjectType: 'taxi_claim', subjectId: id, requestId, details: { subsidyTotalYen: Number(c.subsidy_total_yen) } }, now);
  });
  return claimView(services.db, m, id);
}

export interface ReviewInput {
  decision: 'approve' | 'adjust';
  note: string | null;
  adjustments: { amountYen: number; reason: string; rideId: string | null }[];
}

/** The city approves the claim as it is, or with adjustments (each with its reason). */
export async function reviewClaim(services: Services, staff: StaffPrincipal, id: string, input: ReviewInput, requestId: string | null): Promise<ClaimView> {
  const m = staff.municipalityId;
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    const c = await loadClaimRow(trx, { kind: 'city', staff }, id, true);
    assertProgrammeReviewer(staff, await loadProgrammeRow(trx, m, c.programme_id));
    if (c.status !== 'submitted') throw new AppError(409, 'TAXI_CLAIM_NOT_SUBMITTED', `この請求は「${CLAIM_STATUS_LABELS[c.status]}」のため審査できません。画面を開き直してください。`);
    if (input.decision === 'approve' && input.adjustments.length > 0) throw new AppError(422, 'TAXI_CLAIM_ADJUSTMENT_UNEXPECTED', '調整がある場合は「調整して承認」を選んでください。');
    if (input.decision === 'adjust' && input.adjustments.length === 0) throw new AppError(422, 'TAXI_CLAIM_ADJUSTMENT_MISSING', '調整する金額と理由を入力してください。');
    for (const a of input.adjustments) {
      if (a.rideId) {
        const line = await trx.selectFrom('taxi_claim_line').select('ride_id').where('municipality_id', '=', m).where('claim_id', '=', id).where('ride_id', '=', a.rideId).executeTakeFirst();
        if (!line) throw new AppError(422, 'TAXI_CLAIM_ADJUSTMENT_RIDE', '調整の対象の乗車がこの請求の明細にありません。明細から選び直してください。');
      }
    }
    const adjustment = input.adjustments.reduce((s, a) => s + a.amountYen, 0);
    const approved = Number(c.subsidy_total_yen) + adjustment;
    if (approved < 0) throw new AppError(422, 'TAXI_CLAIM_NEGATIVE', '調整後の金額が0円未満になります。調整額を確かめてください。');
    for (const a of input.adjustments) {
      await trx.insertInto('taxi_claim_adjustment').values({ municipality_id: m, id: randomUUID(), claim_id: id, ride_id: a.rideId, amount_yen: a.amountYen, reason: a.reason, staff_id: staff.id, at: now }).execute();
    }
    await trx.updateTable('taxi_claim').set({
      status: input.decision === 'approve' ? 'approved' : 'adjusted', adjustment_total_yen: adjustment, approved_total_yen: approved,
      reviewed_at: now, reviewed_by: staff.id, review_note: input.note,
    }).where('municipality_id', '=', m).where('id', '=', id).execute();
    await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.claim_review', subjectType: 'taxi_claim', subjectId: id, requestId, details: { decision: input.decision, adjustmentYen: adjustment, approvedYen: approved } }, now);
  });
  return claimView(services.db, m, id);
}

export async function recordPayment(services: Services, staff: StaffPrincipal, id: string, input: { paidOn: string; reference: string }, requestId: string | null): Promise<ClaimView> {
  const m = staff.municipalityId;
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    const c = await loadClaimRow(trx, { kind: 'city', staff }, id, true);
    assertProgrammeReviewer(staff, await loadProgrammeRow(trx, m, c.programme_id));
    if (c.status !== 'approved' && c.status !== 'adjusted') throw new AppError(409, 'TAXI_CLAIM_NOT_APPROVED', '承認されていない請求の支払は記録できません。先に請求を審査してください。');
    await trx.updateTable('taxi_claim').set({ status: 'paid', paid_on: input.paidOn, payment_reference: input.reference, paid_recorded_at: now, paid_recorded_by: staff.id })
      .where('municipality_id', '=', m).where('id', '=', id).execute();
    await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.claim_paid', subjectType: 'taxi_claim', subjectId: id, requestId, details: { paidOn: input.paidOn, amountYen: Number(c.approved_total_yen) } }, now);
  });
  return claimView(services.db, m, id);
}
