import { randomUUID } from 'node:crypto';
import { z } from '@hono/zod-openapi';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../../../platform/db/schema';
import { appendAudit } from '../../../platform/audit/audit';
import { AppError } from '../../../platform/http/errors';
import type { DeviceEventContext, DeviceEventOutcome } from '../../devices/registry';
import { type CapHit, type TaxiRules, TaxiRulesSchema, capExceeded, japanMonthRange, japanPeriods, splitFare } from '../rules';

/**
 * The 'taxi.ride' device event: one ride confirmed on a terminal (online or offline), applied by the
 * server inside the transaction that stores the event (devices module). The server is the only
 * authority on the caps:
 *
 * - rides are counted per beneficiary in the order they reach the server (a device's events arrive
 *   in seq order; the beneficiary row is locked, so two terminals syncing at once are serialised);
 * - a ride that fits the day, month and fiscal-year caps is `accepted` with the subsidy the rule
 *   version gives (recomputed here, never taken from the terminal);
 * - a ride beyond a cap is stored `over_cap` with the cap as its reason and the subsidy the terminal
 *   showed kept in `terminal_subsidy_yen`: an exception for the city to decide, never a silent loss
 *   (the ride is there) and never a silent over-payment (its subsidy is 0 until the city approves);
 * - a ride on a card that is not bound, of a beneficiary suspended at boarding (the status history
 *   decides: a ride boarded before the suspension is still theirs), a replaced or revoked card, or a
 *   fare outside the rule's bounds is stored `rejected` with the reason;
 * - an accepted ride is never turned into something else later (it may be on a claim already), so
 *   a ride that arrives late from an offline terminal is the one that becomes the exception.
 * The same card in another taxi within the rule's window is noted on the ride (`sameCard`).
 * Replays are the devices module's job (op id and seq are unique); the ride table's own unique keys
 * on (device_id, op_id) and (device_id, seq) make a second row impossible anyway.
 */
export const RIDE_EVENT_KIND = 'taxi.ride';

export const RidePayloadSchema = z.strictObject({
  v: z.literal(1),
  programmeId: z.uuid(),
  ruleVersion: z.number().int().min(1),
  /** SHA-256 (hex) of the 利用者証明用 certificate read at boarding. */
  binding: z.string().regex(/^[0-9a-f]{64}$/),
  /** When the driver confirmed (the terminal's clock, corrected by the server time it last saw). */
  boardedAt: z.iso.datetime({ offset: true }),
  fareYen: z.number().int(),
  subsidyYen: z.number().int().min(0),
  passengerYen: z.number().int().min(0),
  authorisation: z.enum(['online', 'offline']),
  listId: z.uuid().nullable(),
  driverCode: z.string().regex(/^[0-9]{3,8}$/).nullable(),
});
export type RidePayload = z.infer<typeof RidePayloadSchema>;

export type RideStatus = 'accepted' | 'over_cap' | 'rejected';

export type RideReason =
  | 'perDay' | 'perMonth' | 'perYear'
  | 'card_not_registered' | 'beneficiary_suspended' | 'card_revoked' | 'fare_out_of_bounds' | 'programme_mismatch';

export interface RideResult {
  rideId: string;
  status: RideStatus;
  subsidyYen: number;
  passengerYen: number;
  reason: RideReason | null;
}

export const REASON_TEXT: Record<RideReason, string> = {
  perDay: '1日の回数の上限を超えた乗車です',
  perMonth: '1か月の回数の上限を超えた乗車です',
  perYear: '年度の回数の上限を超えた乗車です',
  card_not_registered: '登録されていないカードでの乗車です',
  beneficiary_suspended: '利用を停止中の方の乗車です',
  card_revoked: '更新・失効したカードでの乗車です',
  fare_out_of_bounds: '運賃が制度の範囲外です',
  programme_mismatch: 'この事業者が参加していない制度での乗車です',
};

type Trx = Transaction<Database>;

const DAY = 24 * 3600_000;

function japanDayRange(day: string): { from: Date; to: Date } {
  const from = new Date(Date.parse(`${day}T00:00:00+09:00`));
  return { from, to: new Date(from.getTime() + DAY) };
}

function fiscalYearRange(fiscalYear: number): { from: Date; to: Date } {
  return { from: japanMonthRange(`${fiscalYear}-04`).from, to: japanMonthRange(`${fiscalYear + 1}-03`).to };
}

/** Accepted rides of a beneficiary in the Japan day, month and fiscal year of `at`. */
export async function acceptedCounts(trx: Trx | Parameters<typeof appendAudit>[0], municipalityId: string, beneficiaryId: string, at: Date): Promise<{ day: number; month: number; year: number }> {
  const p = japanPeriods(at);
  const day = japanDayRange(p.day);
  const month = japanMonthRange(p.month);
  const year = fiscalYearRange(p.fiscalYear);
  const row = await trx
    .selectFrom('taxi_ride')
    .select([
      sql<string>`count(*) filter (where boarded_at >= ${day.from} and boarded_at < ${day.to})`.as('day'),
      sql<string>`count(*) filter (where boarded_at >= ${month.from} and boarded_at < ${month.to})`.as('month'),
      sql<string>`count(*)`.as('year'),
    ])
    .where('municipality_id', '=', municipalityId)
    .where('beneficiary_id', '=', beneficiaryId)
    .where('status', '=', 'accepted')
    .where('boarded_at', '>=', year.from)
    .where('boarded_at', '<', year.to)
    .executeTakeFirstOrThrow();
  return { day: Number(row.day), month: Number(row.month), year: Number(row.year) };
}

const refuse = (code: string, message: string): never => {
  throw new AppError(400, code, message);
};

/**
 * Applies one ride event. Throws AppError for an event that cannot be a ride at all (the devices
 * module stores it as 'rejected' for review); otherwise stores exactly one taxi_ride row.
 */
export async function applyRideEvent(trx: Trx, ctx: DeviceEventContext): Promise<DeviceEventOutcome> {
  const parsed = RidePayloadSchema.safeParse(ctx.event.payload);
  if (!parsed.success) refuse('TAXI_RIDE_PAYLOAD_INVALID', '乗車記録の形式が正しくありません。端末のアプリを最新にしてください。');
  const ride = parsed.data!;
  const { municipalityId } = ctx;
  const terminal = await trx.selectFrom('taxi_terminal').selectAll()
    .where('municipality_id', '=', municipalityId).where('device_id', '=', ctx.deviceId).executeTakeFirst();
  if (!terminal) refuse('TAXI_TERMINAL_UNKNOWN', 'この端末はタクシー端末として登録されていません。市役所の担当課に連絡してください。');
  if (ride.fareYen <= 0 || ride.fareYen >= 1_000_000) refuse('TAXI_FARE_INVALID', '運賃が正しくありません。メーターの金額で記録し直してください。');
  const version = await trx.selectFrom('taxi_rule_version').select(['id', 'version', 'rules', 'programme_id'])
    .where('municipality_id', '=', municipalityId).where('programme_id', '=', ride.programmeId).where('version', '=', ride.ruleVersion)
    .executeTakeFirst();
  if (!version) refuse('TAXI_RULE_VERSION_UNKNOWN', 'この乗車記録の制度・規則の版が見つかりません。名簿を更新してから記録してください。');
  const rules: TaxiRules = TaxiRulesSchema.parse(version!.rules);
  const boardedAt = new Date(ride.boardedAt);
  const t = terminal!;

  let status: RideStatus = 'accepted';
  let reason: RideReason | null = null;
  const details: Record<string, unknown> = { terminalSubsidyYen: ride.subsidyYen, authorisation: ride.authorisation };

  const participates = await trx.selectFrom('taxi_programme_operator').select('operator_id')
    .where('municipality_id', '=', municipalityId).where('programme_id', '=', ride.programmeId).where('operator_id', '=', t.operator_id)
    .executeTakeFirst();
  if (!participates) {
    status = 'rejected';
    reason = 'programme_mismatch';
  }
  if (status === 'accepted' && (ride.fareYen < rules.fare.minYen || ride.fareYen > rules.fare.maxYen)) {
    status = 'rejected';
    reason = 'fare_out_of_bounds';
  }

  // The binding that was active at boarding (a renewed card's old certificate ends its binding).
  const binding = await trx.selectFrom('taxi_card_binding').select(['id', 'beneficiary_id', 'status', 'ended_at'])
    .where('municipality_id', '=', municipalityId).where('cert_sha256', '=', ride.binding)
    .orderBy('bound_at', 'desc').limit(1).executeTakeFirst();
  let beneficiary: { id: string; status: string; programme_id: string; resident_id: string } | undefined;
  if (binding) {
    // Rides of one beneficiary are counted one at a time: the row lock orders concurrent pushes.
    beneficiary = await trx.selectFrom('taxi_beneficiary').select(['id', 'status', 'programme_id', 'resident_id'])
      .where('municipality_id', '=', municipalityId).where('id', '=', binding.beneficiary_id)
      .forUpdate().executeTakeFirst();
  }
  if (status === 'accepted') {
    if (!binding || !beneficiary || beneficiary.programme_id !== ride.programmeId) {
      status = 'rejected';
      reason = 'card_not_registered';
    } else if (binding.status !== 'active' && (binding.ended_at === null || new Date(binding.ended_at) <= boardedAt)) {
      status = 'rejected';
      reason = 'card_revoked';
    } else if (beneficiary.status !== 'active') {
      // Suspended since: a ride the terminal made while the beneficiary was still active is theirs.
      const then = await trx.selectFrom('taxi_beneficiary_event').select(['to_status', 'at'])
        .where('municipality_id', '=', municipalityId).where('beneficiary_id', '=', beneficiary.id)
        .where('to_status', 'is not', null).where('at', '<=', boardedAt).orderBy('at', 'desc').limit(1).executeTakeFirst();
      if (then?.to_status === 'active') {
        details.suspendedAfterBoarding = true;
      } else {
        status = 'rejected';
        reason = 'beneficiary_suspended';
      }
    }
  }

  let split = { subsidyYen: 0, passengerYen: ride.fareYen };
  if (status === 'accepted') {
    const used = await acceptedCounts(trx, municipalityId, beneficiary!.id, boardedAt);
    const hit: CapHit | null = capExceeded(rules.caps, used);
    if (hit) {
      status = 'over_cap';
      reason = hit.cap;
      details.cap = hit;
    } else {
      split = splitFare(rules.subsidy, ride.fareYen);
      if (split.subsidyYen !== ride.subsidyYen) details.subsidyDiffers = { terminal: ride.subsidyYen, server: split.subsidyYen };
    }
  }

  // Evidence for the city, not a verdict: a ride stamped in the future (the tablet's clock), or an
  // offline ride decided with a list this terminal never received or that was past its age.
  if (boardedAt.getTime() > ctx.receivedAt.getTime() + 10 * 60_000) details.clockAhead = true;
  if (ride.authorisation === 'offline') {
    const list = ride.listId === null ? undefined : await trx.selectFrom('taxi_list_issue').select(['terminal_id', 'issued_at'])
      .where('municipality_id', '=', municipalityId).where('id', '=', ride.listId).executeTakeFirst();
    if (!list || list.terminal_id !== t.id) details.listCheck = 'unknown_list';
    else if (boardedAt.getTime() - new Date(list.issued_at).getTime() > rules.offline.maxListAgeHours * 3600_000) details.listCheck = 'list_too_old';
  }

  if (beneficiary) {
    const window = rules.sameCardWindowMinutes * 60_000;
    const other = await trx.selectFrom('taxi_ride').select(['id', 'terminal_id', 'boarded_at'])
      .where('municipality_id', '=', municipalityId).where('beneficiary_id', '=', beneficiary.id)
      .where('terminal_id', '<>', t.id)
      .where('boarded_at', '>', new Date(boardedAt.getTime() - window)).where('boarded_at', '<', new Date(boardedAt.getTime() + window))
      .orderBy('boarded_at').limit(1).executeTakeFirst();
    if (other) details.sameCard = { rideId: other.id, terminalId: other.terminal_id, boardedAt: new Date(other.boarded_at).toISOString() };
  }

  const rideId = randomUUID();
  await trx.insertInto('taxi_ride').values({
    municipality_id: municipalityId,
    id: rideId,
    op_id: ctx.event.opId,
    device_id: ctx.deviceId,
    terminal_id: t.id,
    seq: ctx.event.seq,
    event_hash: ctx.event.hash,
    operator_id: t.operator_id,
    vehicle_id: t.vehicle_id,
    programme_id: ride.programmeId,
    rule_version_id: version!.id,
    rule_version: version!.version,
    beneficiary_id: beneficiary?.id ?? null,
    binding_id: binding?.id ?? null,
    boarded_at: boardedAt,
    received_at: ctx.receivedAt,
    offline: ride.authorisation === 'offline',
    fare_yen: ride.fareYen,
    subsidy_yen: status === 'accepted' ? split.subsidyYen : 0,
    passenger_yen: status === 'accepted' ? split.passengerYen : ride.passengerYen,
    terminal_subsidy_yen: ride.subsidyYen,
    status,
    exception_reason: reason,
    exception_details: JSON.stringify(details),
  }).execute();
  await trx.insertInto('taxi_ride_context').values({
    municipality_id: municipalityId, ride_id: rideId, authorisation: ride.authorisation, list_id: ride.listId, driver_code: ride.driverCode,
  }).execute();
  await trx.updateTable('taxi_terminal')
    .set({ last_seq: ctx.event.seq, last_event_at: boardedAt, last_sync_at: ctx.receivedAt })
    .where('municipality_id', '=', municipalityId).where('id', '=', t.id).execute();
  if (beneficiary) {
    await appendAudit(trx, {
      municipalityId, actorStaffId: null, action: 'taxi.ride_recorded', subjectType: 'resident', subjectId: beneficiary.resident_id,
      purpose: '電子タクシー券の乗車記録', details: { rideId, terminalId: t.id, status, reason },
    }, ctx.receivedAt);
  }

  const result: RideResult = {
    rideId, status,
    subsidyYen: status === 'accepted' ? split.subsidyYen : 0,
    passengerYen: status === 'accepted' ? split.passengerYen : ride.passengerYen,
    reason,
  };
  if (status === 'accepted') return { status: 'accepted', result };
  return { status: 'conflict', reason: `taxi.${reason}`, details: { ...result, text: REASON_TEXT[reason!] } };
}
