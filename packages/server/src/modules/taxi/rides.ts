import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import type { Services } from '../../platform/http/context';
import { AppError, notFound } from '../../platform/http/errors';
import { assertProgrammeReviewer } from './access';
import { reasonText } from './anomalies';
import { loadProgrammeRow } from './programmes';
import { japanMonthRange } from './rules';

/**
 * Rides as the city and the operators see them. Rows are written by the terminal sync
 * (modules/taxi/terminal); here they are read, and the city decides on the exceptions: approving an
 * over-cap ride pays what the terminal showed the passenger, refusing keeps it unpaid.
 */
export type RideViewer = { kind: 'city'; staff: StaffPrincipal } | { kind: 'operator'; staff: StaffPrincipal; operatorId: string };

export interface RideRow {
  id: string;
  boardedAt: string;
  receivedAt: string;
  operatorId: string;
  operatorName: string;
  terminal: string;
  vehicle: string | null;
  beneficiaryNumber: string | null;
  fareYen: number;
  subsidyYen: number;
  passengerYen: number;
  terminalSubsidyYen: number;
  status: 'accepted' | 'over_cap' | 'rejected';
  statusLabel: string;
  exceptionReason: string | null;
  offline: boolean;
  ruleVersion: number;
  resolution: 'approved' | 'refused' | null;
  resolutionNote: string | null;
  claimNumber: string | null;
}

export const RIDE_STATUS_LABELS = { accepted: '受付済み', over_cap: '上限超過（市の判断待ち）', rejected: '受け付けなかった乗車' } as const;

export async function listRides(services: Services, viewer: RideViewer, input: { month: string; status?: RideRow['status'] | undefined; operatorId?: string | undefined }, requestId: string | null): Promise<RideRow[]> {
  const m = viewer.staff.municipalityId;
  const { from, to } = japanMonthRange(input.month);
  let q = services.db.selectFrom('taxi_ride as r')
    .innerJoin('taxi_operator as o', (j) => j.onRef('o.municipality_id', '=', 'r.municipality_id').onRef('o.id', '=', 'r.operator_id'))
    .innerJoin('taxi_terminal as t', (j) => j.onRef('t.municipality_id', '=', 'r.municipality_id').onRef('t.id', '=', 'r.terminal_id'))
    .leftJoin('taxi_vehicle as v', (j) => j.onRef('v.municipality_id', '=', 'r.municipality_id').onRef('v.id', '=', 'r.vehicle_id'))
    .leftJoin('taxi_beneficiary as b', (j) => j.onRef('b.municipality_id', '=', 'r.municipality_id').onRef('b.id', '=', 'r.beneficiary_id'))
    .leftJoin('taxi_claim_line as l', (j) => j.onRef('l.municipality_id', '=', 'r.municipality_id').onRef('l.ride_id', '=', 'r.id'))
    .leftJoin('taxi_claim as c', (j) => j.onRef('c.municipality_id', '=', 'l.municipality_id').onRef('c.id', '=', 'l.claim_id'))
    .select(['r.id', 'r.boarded_at', 'r.received_at', 'r.operator_id', 'o.name as operator_name', 't.label', 'v.registration_number', 'b.number', 'r.fare_yen', 'r.subsidy_yen', 'r.passenger_yen',
      'r.terminal_subsidy_yen', 'r.status', 'r.exception_reason', 'r.offline', 'r.rule_version', 'r.resolution', 'r.resolution_note', 'c.number as claim_number'])
    .where('r.municipality_id', '=', m).where('r.boarded_at', '>=', from).where('r.boarded_at', '<', to);
  if (viewer.kind === 'operator') q = q.where('r.operator_id', '=', viewer.operatorId);
  else if (input.operatorId) q = q.where('r.operator_id', '=', input.operatorId);
  if (input.status) q = q.where('r.status', '=', input.status);
  const rows = await q.orderBy('r.boarded_at', 'desc').limit(5000).execute();
  await appendAudit(services.db, { municipalityId: m, actorStaffId: viewer.staff.id, action: 'taxi.ride_read', subjectType: viewer.kind === 'operator' ? 'taxi_operator' : 'taxi_ride', subjectId: viewer.kind === 'operator' ? viewer.operatorId : null, requestId, details: { month: input.month, rides: rows.length } }, services.now());
  return rows.map((r) => ({
    id: r.id, boardedAt: r.boarded_at.toISOString(), receivedAt: r.received_at.toISOString(), operatorId: r.operator_id, operatorName: r.operator_name, terminal: r.label, vehicle: r.registration_number,
    beneficiaryNumber: r.number, fareYen: r.fare_yen, subsidyYen: r.subsidy_yen, passengerYen: r.passenger_yen, terminalSubsidyYen: r.terminal_subsidy_yen,
    status: r.status, statusLabel: RIDE_STATUS_LABELS[r.status], exceptionReason: reasonText(r.exception_reason), offline: r.offline, ruleVersion: r.rule_version,
    resolution: r.resolution, resolutionNote: r.resolution_note, claimNumber: r.claim_number,
  }));
}

/** The city's decision on an exception. Approving makes it an accepted ride (claimable); refusing keeps it unpaid. */
export async function resolveRide(services: Services, staff: StaffPrincipal, rideId: string, input: { decision: 'approved' | 'refused'; note: string }, requestId: string | null): Promise<void> {
  const m = staff.municipalityId;
  const now = services.now();
  await services.db.transaction().execute(async (trx) => {
    const ride = await trx.selectFrom('taxi_ride').selectAll().where('municipality_id', '=', m).where('id', '=', rideId).forUpdate().executeTakeFirst();
    if (!ride) throw notFound('TAXI_RIDE_NOT_FOUND', '乗車の記録が見つかりません。一覧を開き直してください。');
    assertProgrammeReviewer(staff, await loadProgrammeRow(trx, m, ride.programme_id));
    if (ride.status === 'accepted' || ride.resolution !== null) throw new AppError(409, 'TAXI_RIDE_ALREADY_DECIDED', 'この乗車はすでに判断済みです。一覧を開き直してください。');
    if (input.decision === 'approved' && ride.beneficiary_id === null) throw new AppError(422, 'TAXI_RIDE_NO_BENEFICIARY', '登録されていないカードの乗車は助成できません。');
    const subsidy = Math.min(ride.terminal_subsidy_yen, ride.fare_yen);
    await trx.updateTable('taxi_ride').set({
      ...(input.decision === 'approved' ? { status: 'accepted' as const, subsidy_yen: subsidy } : {}),
      resolution: input.decision, resolution_note: input.note, resolved_by: staff.id, resolved_at: now,
    }).where('municipality_id', '=', m).where('id', '=', rideId).execute();
    await appendAudit(trx, { municipalityId: m, actorStaffId: staff.id, action: 'taxi.ride_resolve', subjectType: 'taxi_ride', subjectId: rideId, requestId, details: { decision: input.decision, subsidyYen: input.decision === 'approved' ? subsidy : 0 } }, now);
  });
}
