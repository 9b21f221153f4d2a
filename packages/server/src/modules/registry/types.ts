/** The registry as the rest of madoguchi sees it, whatever core system stands behind it. */
export type Sex = 'male' | 'female';
export type ResidentStatus = 'active' | 'moved_out' | 'deceased';

export interface AddressParts {
  prefecture: string;
  city: string;
  town: string;
  block: string;
  building: string | null;
}

export interface ResidentRecord {
  id: string;
  householdId: string;
  residentRecordCode: string;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  birthDate: string;
  sex: Sex;
  relationship: string;
  status: ResidentStatus;
  residentSince: string;
  movedInFrom: string | null;
  postalCode: string;
  address: AddressParts;
}

export interface HouseholdRecord {
  id: string;
  postalCode: string;
  address: AddressParts;
  householderId: string | null;
}

export const CHANGE_KINDS = {
  move_in: '転入',
  move_within: '転居',
  move_out: '転出',
  birth: '出生',
  death: '死亡',
  household_change: '世帯変更',
  correction: '職権修正',
  import: 'データ取込',
} as const;
export type ChangeKind = keyof typeof CHANGE_KINDS;

export interface ResidenceChangeRecord {
  id: string;
  kind: ChangeKind;
  effectiveDate: string;
  recordedAt: string;
  reason: string;
  details: Record<string, unknown>;
}

export interface SearchCriteria {
  /** Name or kana, in any width or kana style. */
  q?: string | undefined;
  birth?: { from: string; to: string } | undefined;
  address?: string | undefined;
  householdId?: string | undefined;
  status?: ResidentStatus | undefined;
  limit: number;
  offset: number;
}

export interface NewResident {
  residentRecordCode: string;
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  birthDate: string;
  sex: Sex;
  relationship: string;
  residentSince: string;
  movedInFrom: string | null;
}

export interface NewHousehold {
  postalCode: string;
  address: AddressParts;
  /** members[0] is the householder. */
  members: NewResident[];
}

/**
 * The boundary to the city's core (基幹系) registry. madoguchi ships a PostgreSQL implementation;
 * a city can put an adapter to its own core system here. Auditing happens above this interface,
 * so no adapter can forget it.
 */
export interface RegistryAdapter {
  /** `total` is exact up to a cap; `totalIsLowerBound` says there are more. */
  search(municipalityId: string, criteria: SearchCriteria): Promise<{ items: ResidentRecord[]; total: number; totalIsLowerBound: boolean }>;
  getResident(municipalityId: string, id: string): Promise<ResidentRecord | null>;
  getHousehold(municipalityId: string, id: string): Promise<HouseholdRecord | null>;
  listHouseholdMembers(municipalityId: string, householdId: string): Promise<ResidentRecord[]>;
  history(municipalityId: string, residentId: string): Promise<ResidenceChangeRecord[]>;
}
