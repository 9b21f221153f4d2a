import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/schema';
import { splitFare, type TaxiRules } from './rules';

/**
 * Test and benchmark helpers. Rides are written straight into taxi_ride as the terminal sync stores
 * them (one row per device event), so claims, reports and anomalies can be tried on any set of rides.
 */
export interface RideSeed {
  municipalityId: string;
  programmeId: string;
  ruleVersionId: string;
  ruleVersion: number;
  operatorId: string;
  terminalId: string;
  deviceId: string;
  vehicleId: string | null;
  beneficiaryId: string | null;
  bindingId: string | null;
  boardedAt: Date;
  fareYen: number;
  status: 'accepted' | 'over_cap' | 'rejected';
  rules: TaxiRules;
  seq: number;
  exceptionReason?: string | null;
  offline?: boolean;
}

export function rideRow(s: RideSeed) {
  const split = splitFare(s.rules.subsidy, s.fareYen);
  return {
    municipality_id: s.municipalityId, id: randomUUID(), op_id: randomUUID(), device_id: s.deviceId, terminal_id: s.terminalId, seq: s.seq, event_hash: null,
    operator_id: s.operatorId, vehicle_id: s.vehicleId, programme_id: s.programmeId, rule_version_id: s.ruleVersionId, rule_version: s.ruleVersion,
    beneficiary_id: s.beneficiaryId, binding_id: s.bindingId, boarded_at: s.boardedAt, received_at: s.boardedAt, offline: s.offline ?? false,
    fare_yen: s.fareYen, subsidy_yen: s.status === 'accepted' ? split.subsidyYen : 0, passenger_yen: split.passengerYen, terminal_subsidy_yen: split.subsidyYen,
    status: s.status, exception_reason: s.status === 'accepted' ? null : (s.exceptionReason ?? 'perDay'), exception_details: null,
    resolution: null, resolution_note: null, resolved_by: null, resolved_at: null,
  };
}

export async function insertRides(db: Kysely<Database>, seeds: RideSeed[]): Promise<string[]> {
  const rows = seeds.map(rideRow);
  for (let i = 0; i < rows.length; i += 500) await db.insertInto('taxi_ride').values(rows.slice(i, i + 500)).execute();
  return rows.map((r) => r.id);
}

/** A terminal with its vehicle for an operator (device id made up: the devices module is not involved). */
export async function insertTerminal(db: Kysely<Database>, municipalityId: string, operatorId: string, label: string, now: Date) {
  const vehicleId = randomUUID();
  const terminalId = randomUUID();
  const deviceId = randomUUID();
  await db.insertInto('taxi_vehicle').values({ municipality_id: municipalityId, id: vehicleId, operator_id: operatorId, registration_number: `群馬 500 あ ${label}`, label }).execute();
  await db.insertInto('taxi_terminal').values({ municipality_id: municipalityId, id: terminalId, operator_id: operatorId, vehicle_id: vehicleId, device_id: deviceId, label, created_at: now, last_sync_at: now }).execute();
  return { vehicleId, terminalId, deviceId };
}
