import type { ProcedureDefinition } from '@madoguchi/procedures';

/** A published procedure version as the server ships it to the tablet (the same definition the counter uses). */
export interface ShippedProcedure {
  procedureId: string;
  version: number;
  contentHash: string;
  title: string;
  departmentName: string | null;
  definition: ProcedureDefinition;
}

export interface SignInReply {
  keyId: string;
  key: string;
  issuedAt: string;
  offlineUntil: string;
  today: string;
  staff: { id: string; displayName: string };
  procedures: ShippedProcedure[];
  stops: ShippedStop[];
}

/** A stop of a published route this tablet is on (the tablet says where it is; the statistics follow it). */
export interface ShippedStop {
  routeStopId: string;
  date: string;
  start: string;
  end: string;
  name: string;
}

/** Who the case is about, as the tablet identified them (the card's four attributes, never the number, or as told). */
export interface VehicleIdentity {
  method: 'card' | 'manual';
  name: string;
  kana: string | null;
  birthDate: string;
  address: string;
  sex: 'male' | 'female' | null;
}

/** When the vehicle arrived at / left a stop, as this tablet recorded it (sent as 'outreach.stop_progress'). */
export interface StopProgressEntry {
  arrivedAt: string | null;
  departedAt: string | null;
}
export type StopProgressMap = Record<string, StopProgressEntry>;
