import type { ColumnType, Generated, RawBuilder } from 'kysely';

/** Date-only values travel as 'YYYY-MM-DD' strings end to end (see database.ts parsers). */
type DateOnly = string;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json = ColumnType<unknown, string, string>;

export interface MunicipalityTable {
  id: string;
  local_government_code: string;
  name: string;
  prefecture: string;
  created_at: GeneratedTimestamp;
}

export interface DepartmentTable {
  municipality_id: string;
  id: string;
  code: string;
  name: string;
  location: string | null;
  /** Null while the department is in use; set when it is retired (departments are never deleted). */
  retired_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface MunicipalitySettingTable {
  municipality_id: string;
  key: string;
  value: Json;
}

export interface StaffUserTable {
  municipality_id: string;
  id: string;
  login_id: string;
  display_name: string;
  password_hash: string;
  roles: string[];
  department_ids: Generated<string[]>;
  active: Generated<boolean>;
  totp_secret: Uint8Array | null;
  totp_enabled: Generated<boolean>;
  totp_last_step: ColumnType<string | null, number | null, number | null>;
  failed_login_count: Generated<number>;
  locked_until: Timestamp | null;
  last_login_at: Timestamp | null;
  created_at: GeneratedTimestamp;
}

export interface StaffSessionTable {
  municipality_id: string;
  token_hash: string;
  staff_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
}

export interface AuditHeadTable {
  municipality_id: string;
  last_seq: ColumnType<string, number | string, number | string>;
  last_hash: string;
}

export interface AuditEventTable {
  municipality_id: string;
  /** Written in this order (identity); the chain order is seq. */
  ord: ColumnType<string, never, never>;
  /** Null while the event is pending (not yet linked into the chain). */
  seq: ColumnType<string | null, number | string | null, number | string | null>;
  id: string;
  at: Timestamp;
  actor_staff_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  purpose: string | null;
  request_id: string | null;
  details: Json;
  prev_hash: string | null;
  hash: string | null;
}

export interface OnlineMessageTemplateTable {
  municipality_id: string;
  id: string;
  purpose: string;
  procedure_id: string | null;
  department_id: string | null;
  title: string;
  body: string;
  sort_order: number;
  created_at: Date | string;
  updated_at: Date | string;
  updated_by_staff_id: string | null;
}

export interface HouseholdTable {
  municipality_id: string;
  id: string;
  postal_code: string;
  prefecture: string;
  city: string;
  town: string;
  block: string;
  building: string | null;
  householder_id: string | null;
  created_at: GeneratedTimestamp;
}

export interface ResidentTable {
  municipality_id: string;
  id: string;
  household_id: string;
  resident_record_code: string;
  family_name: string;
  given_name: string;
  family_name_kana: string;
  given_name_kana: string;
  kana_key: string;
  given_kana_key: string;
  name_key: string;
  birth_date: DateOnly;
  sex: 'male' | 'female';
  relationship: string;
  status: 'active' | 'moved_out' | 'deceased';
  resident_since: DateOnly;
  moved_in_from: string | null;
  left_on: DateOnly | null;
  moved_out_to: string | null;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface ResidenceChangeTable {
  municipality_id: string;
  id: string;
  resident_id: string;
  household_id: string;
  kind: string;
  effective_date: DateOnly;
  recorded_at: GeneratedTimestamp;
  recorded_by: string | null;
  reason: string;
  details: Json;
}

export interface ProcedureDepartmentTable {
  municipality_id: string;
  ref: string;
  department_id: string;
  section: string;
  floor: string;
  desk: string;
  phone: string;
}

export interface ProcedureDraftTable {
  municipality_id: string;
  procedure_id: string;
  revision: number;
  definition: Json;
  sample_answers: Json;
  based_on_version: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by: string | null;
  updated_by_name: string | null;
}

export interface ProcedureVersionTable {
  municipality_id: string;
  id: string;
  procedure_id: string;
  version: number;
  format_version: number;
  content_hash: string;
  definition: Json;
  title: string;
  department_ref: string;
  published_at: Timestamp;
  published_by: string | null;
  published_by_name: string | null;
}

export interface NavigatorRuleDraftTable {
  municipality_id: string;
  revision: number;
  rule_set: Json;
  based_on_version: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  updated_by: string | null;
  updated_by_name: string | null;
}

export interface NavigatorRuleVersionTable {
  municipality_id: string;
  id: string;
  version: number;
  content_hash: string;
  rule_set: Json;
  published_at: Timestamp;
  published_by: string | null;
  published_by_name: string | null;
}

export interface IndividualNumberTable {
  municipality_id: string;
  resident_id: string;
  key_id: string;
  ciphertext: Uint8Array;
  created_at: GeneratedTimestamp;
  updated_at: GeneratedTimestamp;
}

export interface ReceiptCounterTable {
  municipality_id: string;
  fiscal_year: number;
  last_number: number;
}

export interface CaseRecordTable {
  municipality_id: string;
  id: string;
  receipt_number: string | null;
  procedure_id: string;
  procedure_version: number;
  procedure_hash: string;
  channel: 'counter' | 'kiosk' | 'online' | 'outreach';
  status: 'draft' | 'submitted' | 'accepted' | 'in_review' | 'returned' | 'completed' | 'rejected' | 'withdrawn';
  subject_resident_id: string | null;
  department_id: string | null;
  answers: Json;
  idempotency_key: string | null;
  created_by_staff_id: string | null;
  assigned_staff_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: Timestamp | null;
  closed_at: Timestamp | null;
}

export interface CaseActionTable {
  municipality_id: string;
  case_id: string;
  seq: ColumnType<number, number | RawBuilder<number>, number>;
  at: Timestamp;
  actor_kind: 'staff' | 'resident' | 'system';
  actor_staff_id: string | null;
  action: string;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
}

export type QueueVisitState = 'reserved' | 'arrived' | 'waiting' | 'called' | 'serving' | 'done' | 'no_show' | 'transferred' | 'cancelled';
export type QueueReservationState = 'held' | 'confirmed' | 'checked_in' | 'cancelled' | 'expired';
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
/** numeric comes back as a string from both drivers. */
type Numeric = ColumnType<string, number | string, number | string>;

export interface QueueLocationTable {
  municipality_id: string;
  id: string;
  code: string;
  name: string;
  kind: 'hall' | 'vehicle';
  place: Generated<string>;
  hours: Json;
  remote_tickets: Generated<boolean>;
  sort_order: Generated<number>;
  active: Generated<boolean>;
}

export interface QueueServiceTable {
  municipality_id: string;
  id: string;
  location_id: string;
  department_id: string | null;
  code: string;
  name: string;
  ticket_prefix: string;
  default_service_minutes: Numeric;
  reservable: Generated<boolean>;
  sort_order: Generated<number>;
  active: Generated<boolean>;
}

export interface QueueDeskTable {
  municipality_id: string;
  id: string;
  location_id: string;
  name: string;
  service_ids: string[];
  sort_order: Generated<number>;
  active: Generated<boolean>;
  open_staff_id: string | null;
  opened_at: NullableTimestamp;
}

export interface QueueKioskTable {
  municipality_id: string;
  id: string;
  location_id: string;
  name: string;
  token_hash: string;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface QueueDayCounterTable {
  municipality_id: string;
  service_id: string;
  service_date: DateOnly;
  last_number: number;
}

export interface QueueReservationSlotTable {
  municipality_id: string;
  id: string;
  location_id: string;
  service_id: string;
  service_date: DateOnly;
  starts_at: Timestamp;
  ends_at: Timestamp;
  capacity: number;
  booked: Generated<number>;
}

export interface QueueReservationTable {
  municipality_id: string;
  id: string;
  slot_id: string;
  service_id: string;
  location_id: string;
  service_date: DateOnly;
  state: QueueReservationState;
  hold_expires_at: NullableTimestamp;
  code: string;
  token_hash: string;
  name: string;
  email: string | null;
  phone: string | null;
  contact_key: string;
  channel: 'online' | 'staff';
  created_at: Timestamp;
  confirmed_at: NullableTimestamp;
  cancelled_at: NullableTimestamp;
  confirmation_mail: string | null;
  reminder_mail: string | null;
  reminder_at: NullableTimestamp;
  ticket_id: string | null;
}

export interface QueueTicketTable {
  municipality_id: string;
  id: string;
  location_id: string;
  service_date: DateOnly;
  first_service_id: string;
  number: number | null;
  display_number: string | null;
  token_hash: string;
  channel: 'kiosk' | 'staff' | 'remote' | 'reservation';
  needs_assistance: Generated<boolean>;
  reservation_id: string | null;
  resident_id: string | null;
  notify_email: string | null;
  notify_ahead: number | null;
  notified_at: NullableTimestamp;
  issued_at: Timestamp;
}

export interface QueueVisitTable {
  municipality_id: string;
  id: string;
  ticket_id: string;
  seq: number;
  location_id: string;
  service_id: string;
  service_date: DateOnly;
  state: QueueVisitState;
  priority: Generated<number>;
  queued_at: NullableTimestamp;
  order_at: Timestamp;
  eligible_at: NullableTimestamp;
  slot_starts_at: NullableTimestamp;
  desk_id: string | null;
  called_by: string | null;
  first_called_at: NullableTimestamp;
  called_at: NullableTimestamp;
  call_count: Generated<number>;
  serving_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  served_by: string | null;
}

export interface QueueEventTable {
  municipality_id: string;
  seq: ColumnType<string, never, never>;
  at: Timestamp;
  location_id: string;
  kind: string;
  ticket_id: string | null;
  visit_id: string | null;
  desk_id: string | null;
  service_id: string | null;
  staff_id: string | null;
  details: Json;
}

export interface JobTable {
  municipality_id: string;
  id: string;
  kind: string;
  subject_type: string | null;
  subject_id: string | null;
  payload: Json;
  status: 'pending' | 'running' | 'done' | 'failed';
  attempts: number;
  max_attempts: number;
  run_after: Timestamp;
  locked_until: Timestamp | null;
  last_error: string | null;
  result: Json | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export interface OnlineAccountTable {
  municipality_id: string;
  id: string;
  email: string;
  display_name: string;
  password_hash: string | null;
  email_verified_at: Timestamp | null;
  failed_logins: Generated<number>;
  locked_until: Timestamp | null;
  created_at: Timestamp;
  /** Made by applying without an account (e-mail verified, no password). */
  guest: Generated<boolean>;
}

export interface OnlineSessionTable {
  municipality_id: string;
  token_hash: string;
  account_id: string;
  created_at: Timestamp;
  last_seen_at: Timestamp;
  expires_at: Timestamp;
  /** 'card' once the resident proved the session with the card's 利用者証明用 certificate. */
  auth_level: Generated<'account' | 'card'>;
}

export interface OnlineSignatureTable {
  municipality_id: string;
  id: string;
  case_id: string;
  cms: Uint8Array;
  content_sha256: string;
  signer_name: string;
  signer_address: string;
  certificate_serial: string;
  certificate_sha256: string;
  certificate_not_after: Timestamp;
  revocation_source: 'ocsp' | 'crl';
  revocation_checked_at: Timestamp;
  signing_time: Timestamp | null;
  verified_at: Timestamp;
}

export interface OnlineCardLinkTable {
  municipality_id: string;
  certificate_sha256: string;
  account_id: string;
  certificate_serial: string;
  certificate_not_after: Timestamp;
  linked_at: Timestamp;
}

export interface OnlineCardChallengeTable {
  municipality_id: string;
  id: string;
  challenge: Uint8Array;
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface OnlineEmailTokenTable {
  municipality_id: string;
  token_hash: string;
  account_id: string;
  purpose: 'verify' | 'login';
  expires_at: Timestamp;
  used_at: Timestamp | null;
}

export interface OnlinePublicationTable {
  municipality_id: string;
  procedure_id: string;
  enabled: boolean;
  auth_level: 'none' | 'account' | 'card';
  signature_required: boolean;
  fee_yen: number;
  one_per_person: boolean;
  receiving_department_id: string | null;
  open_from: DateOnly | null;
  open_until: DateOnly | null;
  updated_at: Timestamp;
  updated_by_staff_id: string | null;
}

export interface OnlineApplicationTable {
  municipality_id: string;
  case_id: string;
  account_id: string;
  last_submit_key: string | null;
  declared_at: Timestamp | null;
}

export interface OnlineMessageTable {
  municipality_id: string;
  id: string;
  case_id: string;
  from_kind: 'staff' | 'resident';
  staff_id: string | null;
  body: string;
  created_at: Timestamp;
}

export interface CounterVisitTable {
  municipality_id: string;
  id: string;
  status: 'open' | 'completed' | 'cancelled';
  origin: 'counter' | 'kiosk' | 'preEntry';
  life_event: string | null;
  person_key: string | null;
  subject_resident_id: string | null;
  state: Json;
  revision: number;
  signature_png: Uint8Array | null;
  signed_at: Timestamp | null;
  pre_entry_id: string | null;
  started_at: Timestamp;
  updated_at: Timestamp;
  completed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  cancel_reason: string | null;
  started_by: string | null;
  updated_by: string | null;
  completed_by: string | null;
  result: ColumnType<unknown, string | null, string | null>;
}

export interface CounterPreEntryTable {
  municipality_id: string;
  id: string;
  channel: 'kiosk' | 'home';
  token_hash: string;
  kiosk_date: DateOnly | null;
  kiosk_number: number | null;
  status: 'draft' | 'submitted' | 'picked_up';
  state: Json;
  revision: number;
  created_at: Timestamp;
  updated_at: Timestamp;
  submitted_at: Timestamp | null;
  expires_at: Timestamp;
  visit_id: string | null;
}

export interface CounterDocumentTable {
  municipality_id: string;
  id: string;
  visit_id: string;
  case_id: string | null;
  kind: 'form' | 'guide_sheet';
  procedure_id: string | null;
  title: string;
  pdf: Uint8Array;
  sha256: string;
  created_at: Timestamp;
}

export interface OnlineAttachmentTable {
  municipality_id: string;
  id: string;
  case_id: string;
  attachment_ref: string;
  filename: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  storage_key: string;
  created_at: Timestamp;
}

export type TaxiRideStatus = 'accepted' | 'over_cap' | 'rejected';
export type TaxiClaimStatus = 'draft' | 'submitted' | 'approved' | 'adjusted' | 'paid';
export type TaxiBeneficiaryStatus = 'active' | 'suspended' | 'ended';
type BigintColumn = ColumnType<string, number | string | bigint, number | string | bigint>;

export interface TaxiProgrammeTable {
  municipality_id: string;
  id: string;
  fiscal_year: number;
  name: string;
  status: 'draft' | 'active' | 'closed';
  starts_on: DateOnly;
  ends_on: DateOnly;
  budget_yen: BigintColumn;
  department_id: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TaxiRuleVersionTable {
  municipality_id: string;
  id: string;
  programme_id: string;
  version: number;
  rules: Json;
  note: Generated<string>;
  effective_from: Timestamp;
  created_at: Timestamp;
  created_by: string | null;
}

export interface TaxiOperatorTable {
  municipality_id: string;
  id: string;
  code: string;
  name: string;
  address: Generated<string>;
  phone: Generated<string>;
  invoice_registration_number: string | null;
  bank_account: Generated<string>;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface TaxiProgrammeOperatorTable {
  municipality_id: string;
  programme_id: string;
  operator_id: string;
  joined_on: DateOnly;
  left_on: DateOnly | null;
}

export interface TaxiOperatorStaffTable {
  municipality_id: string;
  staff_id: string;
  operator_id: string;
}

export interface TaxiVehicleTable {
  municipality_id: string;
  id: string;
  operator_id: string;
  registration_number: string;
  label: Generated<string>;
  active: Generated<boolean>;
}

export interface TaxiTerminalTable {
  municipality_id: string;
  id: string;
  operator_id: string;
  vehicle_id: string | null;
  device_id: string | null;
  label: string;
  active: Generated<boolean>;
  created_at: Timestamp;
  last_seq: ColumnType<string | null, number | string | null, number | string | null>;
  last_event_at: Timestamp | null;
  last_sync_at: Timestamp | null;
}

export interface TaxiBeneficiaryTable {
  municipality_id: string;
  id: string;
  programme_id: string;
  resident_id: string;
  number: string;
  status: TaxiBeneficiaryStatus;
  status_reason: Generated<string>;
  source: 'application' | 'import' | 'staff';
  eligibility: Json;
  answers: Json;
  rule_version: number;
  case_id: string | null;
  decided_at: Timestamp;
  decided_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface TaxiBeneficiaryEventTable {
  municipality_id: string;
  id: string;
  beneficiary_id: string;
  at: Timestamp;
  kind: string;
  from_status: string | null;
  to_status: string | null;
  reason: Generated<string>;
  staff_id: string | null;
}

export interface TaxiCardBindingTable {
  municipality_id: string;
  id: string;
  beneficiary_id: string;
  cert_serial: string;
  cert_sha256: string;
  cert_not_after: Timestamp | null;
  status: 'active' | 'replaced' | 'revoked';
  channel: 'counter' | 'vehicle' | 'import';
  bound_at: Timestamp;
  bound_by: string | null;
  ended_at: Timestamp | null;
  ended_reason: string | null;
}

export interface TaxiRideTable {
  municipality_id: string;
  id: string;
  op_id: string;
  device_id: string;
  terminal_id: string;
  seq: ColumnType<string, number | string, number | string>;
  event_hash: string | null;
  operator_id: string;
  vehicle_id: string | null;
  programme_id: string;
  rule_version_id: string;
  rule_version: number;
  beneficiary_id: string | null;
  binding_id: string | null;
  boarded_at: Timestamp;
  received_at: Timestamp;
  offline: Generated<boolean>;
  fare_yen: number;
  subsidy_yen: number;
  passenger_yen: number;
  terminal_subsidy_yen: number;
  status: TaxiRideStatus;
  exception_reason: string | null;
  exception_details: ColumnType<unknown, string | null | undefined, string | null>;
  resolution: 'approved' | 'refused' | null;
  resolution_note: string | null;
  resolved_by: string | null;
  resolved_at: Timestamp | null;
}

export interface TaxiClaimTable {
  municipality_id: string;
  id: string;
  programme_id: string;
  operator_id: string;
  month: string;
  number: string;
  status: TaxiClaimStatus;
  ride_count: number;
  fare_total_yen: BigintColumn;
  subsidy_total_yen: BigintColumn;
  adjustment_total_yen: ColumnType<string, number | string | bigint | undefined, number | string | bigint>;
  approved_total_yen: ColumnType<string | null, number | string | bigint | null, number | string | bigint | null>;
  generated_at: Timestamp;
  generated_by: string | null;
  submitted_at: Timestamp | null;
  submitted_by: string | null;
  reviewed_at: Timestamp | null;
  reviewed_by: string | null;
  review_note: string | null;
  paid_on: DateOnly | null;
  payment_reference: string | null;
  paid_recorded_at: Timestamp | null;
  paid_recorded_by: string | null;
}

export interface TaxiClaimLineTable {
  municipality_id: string;
  claim_id: string;
  ride_id: string;
  ride_status: Generated<'accepted'>;
  line_no: number;
  fare_yen: number;
  subsidy_yen: number;
}

export interface TaxiClaimAdjustmentTable {
  municipality_id: string;
  id: string;
  claim_id: string;
  ride_id: string | null;
  amount_yen: number;
  reason: string;
  staff_id: string | null;
  at: Timestamp;
}

export interface TaxiImportTable {
  municipality_id: string;
  id: string;
  programme_id: string;
  filename: string;
  encoding: string;
  created_at: Timestamp;
  created_by: string | null;
}

export interface TaxiImportRowTable {
  municipality_id: string;
  import_id: string;
  row_no: number;
  data: Json;
  match: 'matched' | 'doubtful' | 'unmatched' | 'invalid';
  decision: 'pending' | 'imported' | 'skipped';
  resident_id: string | null;
  candidates: Json;
  note: Generated<string>;
  beneficiary_id: string | null;
  decided_by: string | null;
  decided_at: Timestamp | null;
}

export interface TaxiAnomalyReviewTable {
  municipality_id: string;
  anomaly_key: string;
  status: 'checked' | 'dismissed';
  note: Generated<string>;
  staff_id: string | null;
  at: Timestamp;
}

export interface OnlineCaseFeeTable {
  municipality_id: string;
  case_id: string;
  amount_yen: number;
  method: 'online' | 'counter' | null;
  status: 'unpaid' | 'paid';
  payment_id: string | null;
  counter_receipt_no: string | null;
  recorded_by_staff_id: string | null;
  paid_at: Timestamp | null;
  updated_at: Timestamp;
}

export interface OnlinePaymentTable {
  municipality_id: string;
  id: string;
  case_id: string;
  provider: string;
  provider_ref: string;
  amount_yen: number;
  status: 'pending' | 'paid' | 'cancelled' | 'failed';
  idempotency_key: string;
  failure: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
  paid_at: Timestamp | null;
}

export interface OnlinePaymentNotificationTable {
  municipality_id: string;
  provider: string;
  notification_id: string;
  payment_id: string;
  status: string;
  received_at: Timestamp;
}

export interface OnlinePaymentSandboxTable {
  municipality_id: string;
  ref: string;
  amount_yen: number;
  description: string;
  return_url: string;
  status: 'open' | 'paid' | 'cancelled' | 'failed';
  created_at: Timestamp;
  decided_at: Timestamp | null;
}

export interface OutreachVehicleTable {
  municipality_id: string;
  id: string;
  code: string;
  name: string;
  queue_location_id: string;
  active: Generated<boolean>;
  created_at: Date | string;
}

export interface OutreachDistrictTable {
  municipality_id: string;
  id: string;
  code: string;
  name: string;
  areas: Generated<string[]>;
  sort_order: Generated<number>;
}

export interface OutreachStopTable {
  municipality_id: string;
  id: string;
  district_id: string;
  code: string;
  name: string;
  address: string;
  latitude: number;
  longitude: number;
  accessibility: Generated<string>;
  active: Generated<boolean>;
  sort_order: Generated<number>;
}

export interface OutreachRouteTable {
  municipality_id: string;
  id: string;
  vehicle_id: string;
  service_date: string;
  state: Generated<'draft' | 'published' | 'cancelled'>;
  staff_ids: Generated<string[]>;
  device_ids: Generated<string[]>;
  slot_minutes: Generated<number>;
  slot_capacity: Generated<number>;
  note: Generated<string>;
  cancel_reason: string | null;
  published_at: Date | string | null;
  cancelled_at: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

export interface OutreachRouteStopTable {
  municipality_id: string;
  id: string;
  route_id: string;
  seq: number;
  stop_id: string;
  start_time: string;
  end_time: string;
  service_ids: Generated<string[]>;
  state: Generated<'scheduled' | 'cancelled'>;
  cancel_reason: string | null;
  cancelled_at: Date | string | null;
  arrived_at: Date | string | null;
  departed_at: Date | string | null;
}

export interface OutreachMonthTable {
  municipality_id: string;
  month: string;
  published_at: Date | string;
  published_by: string | null;
}

export interface OutreachNoticeTable {
  municipality_id: string;
  id: string;
  route_stop_id: string;
  reservation_id: string;
  email: string | null;
  outcome: string;
  created_at: Date | string;
}

export interface OutreachStopServiceTable {
  municipality_id: string;
  id: string;
  route_stop_id: string;
  case_id: string | null;
  procedure_id: string | null;
  visit_key: string | null;
  served_at: Date | string;
  wait_seconds: number | null;
  device_id: string | null;
  recorded_at: Date | string;
}

export interface OutreachVehicleKeyTable {
  municipality_id: string;
  device_id: string;
  key_id: string;
  key_ciphertext: Uint8Array;
  created_at: Timestamp;
  retired_at: Timestamp | null;
}

export interface OutreachVehicleCaseTable {
  municipality_id: string;
  id: string;
  device_id: string;
  client_case_id: string;
  op_id: string;
  procedure_id: string;
  procedure_version: number;
  stop_id: string | null;
  ticket_number: string | null;
  status: 'registered' | 'conflict' | 'accepted' | 'dismissed';
  conflict_kind: 'resident_moved' | 'duplicate_application' | 'invalid_case' | null;
  conflict_details: Json;
  sealed: Uint8Array | null;
  case_id: string | null;
  receipt_number: string | null;
  staff_id: string | null;
  device_time: Timestamp | null;
  received_at: Timestamp;
  resolved_by: string | null;
  resolved_at: Timestamp | null;
  resolution_note: string | null;
}

export interface OutreachVehicleTicketTable {
  municipality_id: string;
  device_id: string;
  ticket_id: string;
  stop_id: string | null;
  service_label: string;
  number: string;
  status: 'waiting' | 'called' | 'done' | 'no_show';
  issued_at: Timestamp;
  called_at: Timestamp | null;
  done_at: Timestamp | null;
}

/** 移動市役所: the resident's signature drawn on the tablet, kept with the case it signs (0023). */
export interface OutreachVehicleSignatureTable {
  municipality_id: string;
  case_id: string;
  device_id: string;
  client_case_id: string;
  png: Uint8Array;
  sha256: string;
  width: number;
  height: number;
  created_at: Timestamp;
}

export interface Database {
  municipality: MunicipalityTable;
  department: DepartmentTable;
  municipality_setting: MunicipalitySettingTable;
  staff_user: StaffUserTable;
  staff_session: StaffSessionTable;
  audit_head: AuditHeadTable;
  audit_event: AuditEventTable;
  online_message_template: OnlineMessageTemplateTable;
  household: HouseholdTable;
  resident: ResidentTable;
  residence_change: ResidenceChangeTable;
  individual_number: IndividualNumberTable;
  receipt_counter: ReceiptCounterTable;
  case_record: CaseRecordTable;
  case_action: CaseActionTable;
  job: JobTable;
  counter_visit: CounterVisitTable;
  counter_pre_entry: CounterPreEntryTable;
  counter_document: CounterDocumentTable;
  procedure_department: ProcedureDepartmentTable;
  procedure_draft: ProcedureDraftTable;
  procedure_version: ProcedureVersionTable;
  navigator_rule_draft: NavigatorRuleDraftTable;
  navigator_rule_version: NavigatorRuleVersionTable;
  queue_location: QueueLocationTable;
  queue_service: QueueServiceTable;
  queue_desk: QueueDeskTable;
  queue_kiosk: QueueKioskTable;
  queue_day_counter: QueueDayCounterTable;
  queue_reservation_slot: QueueReservationSlotTable;
  queue_reservation: QueueReservationTable;
  queue_ticket: QueueTicketTable;
  queue_visit: QueueVisitTable;
  queue_event: QueueEventTable;
  online_account: OnlineAccountTable;
  online_session: OnlineSessionTable;
  online_signature: OnlineSignatureTable;
  online_card_link: OnlineCardLinkTable;
  online_card_challenge: OnlineCardChallengeTable;
  online_email_token: OnlineEmailTokenTable;
  online_publication: OnlinePublicationTable;
  online_application: OnlineApplicationTable;
  online_message: OnlineMessageTable;
  online_attachment: OnlineAttachmentTable;
  device: DeviceTable;
  device_event: DeviceEventTable;
  device_anomaly: DeviceAnomalyTable;
  online_case_fee: OnlineCaseFeeTable;
  online_payment: OnlinePaymentTable;
  online_payment_notification: OnlinePaymentNotificationTable;
  online_payment_sandbox: OnlinePaymentSandboxTable;
  taxi_programme: TaxiProgrammeTable;
  taxi_rule_version: TaxiRuleVersionTable;
  taxi_operator: TaxiOperatorTable;
  taxi_programme_operator: TaxiProgrammeOperatorTable;
  taxi_operator_staff: TaxiOperatorStaffTable;
  taxi_vehicle: TaxiVehicleTable;
  taxi_terminal: TaxiTerminalTable;
  taxi_beneficiary: TaxiBeneficiaryTable;
  taxi_beneficiary_event: TaxiBeneficiaryEventTable;
  taxi_card_binding: TaxiCardBindingTable;
  taxi_ride: TaxiRideTable;
  taxi_claim: TaxiClaimTable;
  taxi_claim_line: TaxiClaimLineTable;
  taxi_claim_adjustment: TaxiClaimAdjustmentTable;
  taxi_import: TaxiImportTable;
  taxi_import_row: TaxiImportRowTable;
  taxi_anomaly_review: TaxiAnomalyReviewTable;
  taxi_list_key: TaxiListKeyTable;
  taxi_driver: TaxiDriverTable;
  taxi_list_issue: TaxiListIssueTable;
  taxi_ride_context: TaxiRideContextTable;
  outreach_vehicle: OutreachVehicleTable;
  outreach_district: OutreachDistrictTable;
  outreach_stop: OutreachStopTable;
  outreach_route: OutreachRouteTable;
  outreach_route_stop: OutreachRouteStopTable;
  outreach_month: OutreachMonthTable;
  outreach_notice: OutreachNoticeTable;
  outreach_stop_service: OutreachStopServiceTable;
  outreach_vehicle_key: OutreachVehicleKeyTable;
  outreach_vehicle_case: OutreachVehicleCaseTable;
  outreach_vehicle_ticket: OutreachVehicleTicketTable;
  outreach_vehicle_signature: OutreachVehicleSignatureTable;
}

export interface DeviceTable {
  municipality_id: string;
  id: string;
  kind: 'vehicle' | 'taxi';
  label: string;
  status: 'pending' | 'active' | 'revoked';
  public_key_jwk: ColumnType<unknown, string | null, string | null> | null;
  key_thumbprint: string | null;
  enrol_code_hash: string | null;
  enrol_expires_at: Timestamp | null;
  enrol_code_used_at: Timestamp | null;
  enrolled_at: Timestamp | null;
  enrol_count: Generated<number>;
  revoked_at: Timestamp | null;
  revoked_reason: string | null;
  created_at: Timestamp;
  created_by: string | null;
  next_seq: ColumnType<string, number | string | undefined, number | string>;
  last_hash: Generated<string>;
  chain_waived: Generated<boolean>;
  reported_head_seq: ColumnType<string, number | string | undefined, number | string>;
  last_sync_at: Timestamp | null;
  clock_skew_ms: ColumnType<string | null, number | null | undefined, number | null>;
}

export interface DeviceEventTable {
  municipality_id: string;
  device_id: string;
  seq: ColumnType<string, number | string, number | string>;
  op_id: string;
  kind: string;
  payload: Json;
  prev_hash: string;
  hash: string;
  signature: string;
  device_time: string;
  received_at: Timestamp;
  status: 'accepted' | 'conflict' | 'rejected';
  result: ColumnType<unknown, string | null, string | null> | null;
  reason: string | null;
  reviewed_at: Timestamp | null;
  reviewed_by: string | null;
}

export interface DeviceAnomalyTable {
  municipality_id: string;
  id: string;
  device_id: string;
  kind: 'gap' | 'bad_hash' | 'bad_signature' | 'broken_chain' | 'replay' | 'revoked_device' | 'clock_skew' | 'storage_reset';
  fingerprint: string;
  details: Json;
  first_seen_at: Timestamp;
  last_seen_at: Timestamp;
  occurrences: Generated<number>;
  resolved_at: Timestamp | null;
  resolved_by: string | null;
}

// 0020_taxi_terminal (modules/taxi/terminal)
export interface TaxiListKeyTable {
  municipality_id: string;
  id: string;
  public_jwk: Json;
  private_key: Uint8Array;
  created_at: Timestamp;
  retired_at: Timestamp | null;
}

export interface TaxiDriverTable {
  municipality_id: string;
  id: string;
  operator_id: string;
  code: string;
  name: string;
  pin_salt: string;
  pin_hash: string;
  active: Generated<boolean>;
  created_at: Timestamp;
}

export interface TaxiListIssueTable {
  municipality_id: string;
  id: string;
  terminal_id: string;
  key_id: string;
  issued_at: Timestamp;
  service_date: string;
  allow_count: number;
  deny_count: number;
  sha256: string;
}

export interface TaxiRideContextTable {
  municipality_id: string;
  ride_id: string;
  authorisation: 'online' | 'offline';
  list_id: string | null;
  driver_code: string | null;
}
