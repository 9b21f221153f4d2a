// Wire types of the staff API (see the API contract). They mirror the JSON exactly, so no mapping
// layer sits between the server's replies and the screens.

export type Role = 'system_admin' | 'municipality_admin' | 'counter_staff' | 'department_reviewer' | 'taxi_operator';

export interface Municipality {
  id: string;
  name: string;
  localGovernmentCode: string;
  prefecture: string;
}

export interface Department {
  id: string;
  code: string;
  name: string;
  /** Where its counter is, e.g. 「1階 3番窓口」; null when not set. */
  location: string | null;
  /** False once retired. Retired departments stay listed so older records still show their name. */
  active: boolean;
  retiredAt: string | null;
}

export interface DepartmentWithStaff extends Department {
  /** Staff with an active account assigned to this department. */
  activeStaffCount: number;
}

export interface NewDepartment {
  code: string;
  name: string;
  location: string | null;
}

export interface DepartmentChange {
  name?: string;
  location?: string | null;
}

/** The municipality's own settings; null where not set. */
export interface MunicipalitySettings {
  /** 庁舎の表示名, e.g. 尾花沢市役所 */
  displayName: string | null;
  /** 7 digits without the hyphen */
  postalCode: string | null;
  address: string | null;
  /** 代表電話, e.g. 0237-22-1111 */
  phone: string | null;
  /** 開庁時間; may have several lines */
  openingHours: string | null;
}

/** A change to the settings: keys given are set, null clears one, keys left out stay as they are. */
export type MunicipalitySettingsChange = Partial<MunicipalitySettings>;

export interface MunicipalityDetail extends Municipality {
  departments: Department[];
}

export interface Me {
  id: string;
  loginId: string;
  displayName: string;
  roles: Role[];
  departmentIds: string[];
  totpEnabled: boolean;
  municipality: Municipality;
}

export interface LoginRequest {
  municipalityCode: string;
  loginId: string;
  password: string;
  totpCode?: string;
}

export interface TotpSetup {
  secret: string;
  otpauthUri: string;
}

export type Sex = 'male' | 'female';
export type ResidentStatus = 'active' | 'moved_out' | 'deceased';

export interface ResidentSummary {
  id: string;
  name: string;
  kana: string;
  birthDate: string;
  birthDateWareki: string;
  age: number;
  sex: Sex;
  status: ResidentStatus;
  address: string;
  householdId: string;
  relationship: string;
}

export interface AddressParts {
  prefecture: string;
  city: string;
  town: string;
  block: string;
  building: string | null;
}

export interface Resident extends ResidentSummary {
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  residentRecordCode: string;
  residentSince: string;
  /** Previous address for people who moved in; null for those born here or unknown. */
  movedInFrom: string | null;
  postalCode: string;
  addressParts: AddressParts;
}

export interface Household {
  id: string;
  address: string;
  postalCode: string;
  householderId: string | null;
  members: ResidentSummary[];
}

export type ResidenceChangeKind =
  | 'move_in'
  | 'move_within'
  | 'move_out'
  | 'birth'
  | 'death'
  | 'household_change'
  | 'correction'
  | 'import';

export interface ResidenceChange {
  id: string;
  kind: ResidenceChangeKind;
  kindLabel: string;
  effectiveDate: string;
  effectiveDateWareki: string;
  recordedAt: string;
  reason: string | null;
  details: Record<string, unknown>;
}

export interface ResidentRecord {
  resident: Resident;
  household: Household;
  history: ResidenceChange[];
}

export interface ResidentSearchParams {
  q?: string;
  birth?: string;
  address?: string;
  householdId?: string;
  status?: ResidentStatus;
  limit?: number;
  offset?: number;
}

/** The demo's simulated card reader (the server answers 404 when it is not running the demo). */
export interface DemoCardReader {
  /** The local card agent, e.g. ws://127.0.0.1:3210/; null when it could not be started. */
  agentUrl: string | null;
  pairingToken: string | null;
  insertedCardId: string | null;
  cards: { id: string; label: string; note: string; residentId: string | null }[];
}

export interface Page<T> {
  items: T[];
  total: number;
}

/** Resident search stops counting at a cap; `totalIsLowerBound` says there are more than `total`. */
export interface ResidentSearchPage extends Page<ResidentSummary> {
  totalIsLowerBound: boolean;
}

export interface ImportResult {
  dryRun: boolean;
  /** Residents imported, or that would be imported on a dry run. */
  imported: number;
  households: number;
  /** The character encoding the server detected, e.g. "UTF-8" or "Shift_JIS". */
  encoding: string;
}

export interface AuditActor {
  id: string;
  displayName: string;
}

export interface AuditEvent {
  id: string;
  /** Null while the event waits to be linked into the chain (a moment under load). */
  seq: number | null;
  at: string;
  actor: AuditActor | null;
  action: string;
  actionLabel: string;
  subjectType: string | null;
  subjectId: string | null;
  subjectLabel: string | null;
  purpose: string | null;
  requestId: string | null;
}

export interface AuditQuery {
  residentId?: string;
  staffId?: string;
  action?: string;
  from?: string;
  to?: string;
  limit?: number;
  offset?: number;
}

export interface AuditVerifyResult {
  ok: boolean;
  checked: number;
  firstBrokenSeq?: number;
  reason?: string;
  /** Events written but not yet linked into the chain. */
  pending?: number;
  oldestPendingAt?: string;
}

export interface StaffAccount {
  id: string;
  loginId: string;
  displayName: string;
  roles: Role[];
  departmentIds: string[];
  active: boolean;
  totpEnabled: boolean;
  lastLoginAt: string | null;
}

export interface NewStaffAccount {
  loginId: string;
  displayName: string;
  password: string;
  roles: Role[];
  departmentIds: string[];
}

export interface StaffAccountChange {
  displayName?: string;
  roles?: Role[];
  departmentIds?: string[];
  active?: boolean;
}

// Procedure catalogue (手続きカタログ). Definitions and rule sets travel as plain JSON documents; the
// screens read them with the @madoguchi/procedures schemas.

export type JsonDocument = Record<string, unknown>;

export interface Actor {
  id: string | null;
  displayName: string;
}

export interface DefinitionIssue {
  severity: 'error' | 'warning';
  code: string;
  /** Where in the document, e.g. `steps[0].fields[2].visibleWhen.args[0]`. */
  path: string;
  message: string;
}

export interface ProcedureDepartment {
  /** What a definition's departmentId holds, e.g. "kenko-boshi". */
  ref: string;
  departmentId: string;
  departmentName: string;
  section: string;
  floor: string;
  desk: string;
  phone: string;
}

export type ProcedureKind = 'notification' | 'application';

export interface ProcedureVersionSummary {
  id: string;
  procedureId: string;
  version: number;
  contentHash: string;
  formatVersion: number;
  title: string;
  departmentRef: string;
  publishedAt: string;
  /** null when the system published it (the shipped catalogue). */
  publishedBy: Actor | null;
}

export interface ProcedureVersion extends ProcedureVersionSummary {
  definition: JsonDocument;
}

export interface ProcedureListItem {
  procedureId: string;
  title: string;
  kind: ProcedureKind | null;
  departmentRef: string | null;
  department: ProcedureDepartment | null;
  latest: ProcedureVersionSummary | null;
  draft: { revision: number; updatedAt: string; updatedBy: Actor | null } | null;
  canEdit: boolean;
}

export interface ProcedureCatalogue {
  items: ProcedureListItem[];
  departments: ProcedureDepartment[];
  canPublish: boolean;
}

export interface ProcedureDraft {
  procedureId: string;
  revision: number;
  definition: JsonDocument;
  sampleAnswers: JsonDocument;
  basedOnVersion: number | null;
  createdAt: string;
  updatedAt: string;
  updatedBy: Actor | null;
  issues: DefinitionIssue[];
}

export interface ProcedureDetail {
  procedureId: string;
  title: string;
  kind: ProcedureKind | null;
  departmentRef: string | null;
  department: ProcedureDepartment | null;
  latest: ProcedureVersionSummary | null;
  versions: ProcedureVersionSummary[];
  current: ProcedureVersion | null;
  draft: ProcedureDraft | null;
  canEdit: boolean;
  canPublish: boolean;
}

export interface DraftSaved {
  draft: ProcedureDraft;
  /** Set when a definition in an older format was migrated on saving. */
  migration: { from: number; notes: string[] } | null;
}

export interface Published<V> {
  version: V;
  warnings: DefinitionIssue[];
}

export interface CaseVersionUse {
  caseId: string;
  version: number;
  contentHash: string;
  createdAt: string;
}

export interface NavigatorRuleSetVersionSummary {
  id: string;
  version: number;
  contentHash: string;
  rules: number;
  publishedAt: string;
  publishedBy: Actor | null;
}

export interface NavigatorRuleSetDraft {
  revision: number;
  ruleSet: JsonDocument;
  basedOnVersion: number | null;
  createdAt: string;
  updatedAt: string;
  updatedBy: Actor | null;
  issues: DefinitionIssue[];
}

export interface NavigatorRules {
  current: (NavigatorRuleSetVersionSummary & { ruleSet: JsonDocument }) | null;
  versions: NavigatorRuleSetVersionSummary[];
  draft: NavigatorRuleSetDraft | null;
  procedures: { procedureId: string; title: string }[];
  canEdit: boolean;
}
