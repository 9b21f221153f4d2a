import { sql, type Kysely } from 'kysely';

/**
 * 電子タクシー券 (taxi fare subsidy paid by the city per ride).
 *
 * - A programme per fiscal year (令和8年度) whose rules are data: eligibility criteria, the subsidy rule,
 *   caps per day / month / year and the fare bounds. Rules are versioned (`taxi_rule_version`, immutable):
 *   every ride names the version applied.
 * - Operators (事業者), their vehicles and terminals (a terminal is a device of kind 'taxi'), their staff
 *   (a staff account with the 'taxi_operator' role scoped to one operator by `taxi_operator_staff`).
 * - Beneficiaries (a resident in a programme) with a status history, card bindings (the 利用者証明用
 *   certificate's serial and SHA-256 — never the individual number; a renewal ends one binding and opens
 *   another, history kept).
 * - Rides written by the terminal sync (one row per device event: (device_id, op_id) and (device_id, seq)
 *   are unique, so an event replayed is stored once).
 * - Monthly claims per operator. A claim line points at its ride through (id, status) with the line's
 *   status fixed to 'accepted': a line for a ride the server did not accept cannot exist, and an accepted
 *   ride on a claim cannot later be turned into anything else. A ride is on at most one claim.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table taxi_programme (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      fiscal_year integer not null check (fiscal_year between 2000 and 2200),
      name text not null,
      status text not null check (status in ('draft', 'active', 'closed')),
      starts_on date not null,
      ends_on date not null,
      budget_yen bigint not null check (budget_yen >= 0),
      -- The department that decides applications (a 福祉 or 交通 section); null = any reviewer.
      department_id uuid,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      check (ends_on >= starts_on),
      primary key (municipality_id, id),
      unique (municipality_id, fiscal_year, name)
    );

    -- TaxiRules (modules/taxi/rules.ts) as JSON; a new version instead of an edit.
    create table taxi_rule_version (
      municipality_id uuid not null,
      id uuid not null,
      programme_id uuid not null,
      version integer not null check (version >= 1),
      rules jsonb not null,
      note text not null default '',
      effective_from timestamptz not null,
      created_at timestamptz not null,
      created_by uuid,
      primary key (municipality_id, id),
      unique (municipality_id, programme_id, version),
      foreign key (municipality_id, programme_id) references taxi_programme(municipality_id, id)
    );
    create function taxi_rule_version_immutable() returns trigger language plpgsql as $$
      begin raise exception 'taxi_rule_version is immutable; publish a new version'; end $$;
    create trigger taxi_rule_version_immutable before update or delete on taxi_rule_version
      for each row execute function taxi_rule_version_immutable();

    create table taxi_operator (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      code text not null,
      name text not null,
      address text not null default '',
      phone text not null default '',
      -- 適格請求書発行事業者登録番号 (T + 13 digits), printed on the claim.
      invoice_registration_number text,
      bank_account text not null default '',
      active boolean not null default true,
      created_at timestamptz not null,
      primary key (municipality_id, id),
      unique (municipality_id, code)
    );

    create table taxi_programme_operator (
      municipality_id uuid not null,
      programme_id uuid not null,
      operator_id uuid not null,
      joined_on date not null,
      left_on date,
      primary key (municipality_id, programme_id, operator_id),
      foreign key (municipality_id, programme_id) references taxi_programme(municipality_id, id),
      foreign key (municipality_id, operator_id) references taxi_operator(municipality_id, id)
    );

    -- A staff account with the 'taxi_operator' role sees only its operator's rides and claims.
    create table taxi_operator_staff (
      municipality_id uuid not null,
      staff_id uuid not null,
      operator_id uuid not null,
      primary key (municipality_id, staff_id),
      foreign key (municipality_id, staff_id) references staff_user(municipality_id, id),
      foreign key (municipality_id, operator_id) references taxi_operator(municipality_id, id)
    );

    create table taxi_vehicle (
      municipality_id uuid not null,
      id uuid not null,
      operator_id uuid not null,
      -- ナンバープレート (前橋 500 あ 12-34) and the operator's own car number.
      registration_number text not null,
      label text not null default '',
      active boolean not null default true,
      primary key (municipality_id, id),
      unique (municipality_id, registration_number),
      foreign key (municipality_id, operator_id) references taxi_operator(municipality_id, id)
    );

    -- An in-taxi terminal; device_id is the devices module's device (kind 'taxi').
    create table taxi_terminal (
      municipality_id uuid not null,
      id uuid not null,
      operator_id uuid not null,
      vehicle_id uuid,
      device_id uuid,
      label text not null,
      active boolean not null default true,
      created_at timestamptz not null,
      -- Kept by the ride sync: the last event received and when (a terminal that stops syncing is an anomaly).
      last_seq bigint,
      last_event_at timestamptz,
      last_sync_at timestamptz,
      primary key (municipality_id, id),
      unique (municipality_id, device_id),
      foreign key (municipality_id, operator_id) references taxi_operator(municipality_id, id),
      foreign key (municipality_id, vehicle_id) references taxi_vehicle(municipality_id, id)
    );

    create table taxi_beneficiary (
      municipality_id uuid not null,
      id uuid not null,
      programme_id uuid not null,
      resident_id uuid not null,
      -- 利用者番号 printed on the decision letter (R8-0001).
      number text not null,
      status text not null check (status in ('active', 'suspended', 'ended')),
      status_reason text not null default '',
      source text not null check (source in ('application', 'import', 'staff')),
      -- EligibilityResult (reasons in Japanese) at the decision, with the answers it was evaluated on.
      eligibility jsonb not null,
      answers jsonb not null default '{}',
      rule_version integer not null,
      case_id uuid,
      decided_at timestamptz not null,
      decided_by uuid,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (municipality_id, id),
      unique (municipality_id, programme_id, resident_id),
      unique (municipality_id, programme_id, number),
      foreign key (municipality_id, programme_id) references taxi_programme(municipality_id, id),
      foreign key (municipality_id, resident_id) references resident(municipality_id, id)
    );
    create index taxi_beneficiary_resident on taxi_beneficiary (municipality_id, resident_id);

    create table taxi_beneficiary_event (
      municipality_id uuid not null,
      id uuid not null,
      beneficiary_id uuid not null,
      at timestamptz not null,
      kind text not null,
      from_status text,
      to_status text,
      reason text not null default '',
      staff_id uuid,
      primary key (municipality_id, id),
      foreign key (municipality_id, beneficiary_id) references taxi_beneficiary(municipality_id, id)
    );
    create index taxi_beneficiary_event_of on taxi_beneficiary_event (municipality_id, beneficiary_id, at);

    -- The card as the ride key: the 利用者証明用 certificate (no PIN needed to read it). Only its
    -- serial and SHA-256 are kept. One active binding per beneficiary and per certificate.
    create table taxi_card_binding (
      municipality_id uuid not null,
      id uuid not null,
      beneficiary_id uuid not null,
      cert_serial text not null,
      cert_sha256 char(64) not null,
      cert_not_after timestamptz,
      status text not null check (status in ('active', 'replaced', 'revoked')),
      channel text not null check (channel in ('counter', 'vehicle', 'import')),
      bound_at timestamptz not null,
      bound_by uuid,
      ended_at timestamptz,
      ended_reason text,
      primary key (municipality_id, id),
      foreign key (municipality_id, beneficiary_id) references taxi_beneficiary(municipality_id, id)
    );
    create unique index taxi_binding_one_active on taxi_card_binding (municipality_id, beneficiary_id) where status = 'active';
    create unique index taxi_binding_cert_active on taxi_card_binding (municipality_id, cert_sha256) where status = 'active';
    create index taxi_binding_cert on taxi_card_binding (municipality_id, cert_sha256);

    create table taxi_ride (
      municipality_id uuid not null,
      id uuid not null,
      -- The device event: (device_id, op_id) and (device_id, seq) are unique, so a replay stores nothing new.
      op_id uuid not null,
      device_id uuid not null,
      terminal_id uuid not null,
      seq bigint not null,
      event_hash text,
      operator_id uuid not null,
      vehicle_id uuid,
      programme_id uuid not null,
      rule_version_id uuid not null,
      rule_version integer not null,
      beneficiary_id uuid,
      binding_id uuid,
      boarded_at timestamptz not null,
      received_at timestamptz not null,
      -- True when the terminal recorded the ride without the server (replayed on sync).
      offline boolean not null default false,
      fare_yen integer not null check (fare_yen > 0 and fare_yen < 1000000),
      -- The subsidy the city pays for this ride (0 unless accepted) and what the passenger paid.
      subsidy_yen integer not null check (subsidy_yen >= 0),
      passenger_yen integer not null check (passenger_yen >= 0),
      -- What the terminal computed and showed, kept when the server decides otherwise (over a cap).
      terminal_subsidy_yen integer not null check (terminal_subsidy_yen >= 0),
      status text not null check (status in ('accepted', 'over_cap', 'rejected')),
      exception_reason text,
      exception_details jsonb,
      -- The city's decision on an over_cap / rejected ride (an accepted exception becomes 'accepted').
      resolution text check (resolution in ('approved', 'refused')),
      resolution_note text,
      resolved_by uuid,
      resolved_at timestamptz,
      check (status <> 'accepted' or subsidy_yen <= fare_yen),
      check (status = 'accepted' or subsidy_yen = 0),
      primary key (municipality_id, id),
      unique (municipality_id, device_id, op_id),
      unique (municipality_id, device_id, seq),
      -- Target of the claim line's (ride_id, ride_status) key.
      unique (municipality_id, id, status),
      foreign key (municipality_id, terminal_id) references taxi_terminal(municipality_id, id),
      foreign key (municipality_id, operator_id) references taxi_operator(municipality_id, id),
      foreign key (municipality_id, programme_id) references taxi_programme(municipality_id, id),
      foreign key (municipality_id, rule_version_id) references taxi_rule_version(municipality_id, id),
      foreign key (municipality_id, beneficiary_id) references taxi_beneficiary(municipality_id, id),
      foreign key (municipality_id, binding_id) references taxi_card_binding(municipality_id, id)
    );
    create index taxi_ride_operator_time on taxi_ride (municipality_id, operator_id, boarded_at);
    create index taxi_ride_beneficiary_time on taxi_ride (municipality_id, beneficiary_id, boarded_at);
    create index taxi_ride_programme_time on taxi_ride (municipality_id, programme_id, boarded_at);

    create table taxi_claim (
      municipality_id uuid not null,
      id uuid not null,
      programme_id uuid not null,
      operator_id uuid not null,
      -- Calendar month of the rides, 'YYYY-MM' (Japan time).
      month char(7) not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      -- 請求番号 printed on the PDF (R8-04-001).
      number text not null,
      status text not null check (status in ('draft', 'submitted', 'approved', 'adjusted', 'paid')),
      ride_count integer not null check (ride_count >= 0),
      fare_total_yen bigint not null check (fare_total_yen >= 0),
      subsidy_total_yen bigint not null check (subsidy_total_yen >= 0),
      adjustment_total_yen bigint not null default 0,
      -- subsidy_total_yen + adjustment_total_yen once approved or adjusted.
      approved_total_yen bigint,
      generated_at timestamptz not null,
      generated_by uuid,
      submitted_at timestamptz,
      submitted_by uuid,
      reviewed_at timestamptz,
      reviewed_by uuid,
      review_note text,
      paid_on date,
      payment_reference text,
      paid_recorded_at timestamptz,
      paid_recorded_by uuid,
      primary key (municipality_id, id),
      unique (municipality_id, programme_id, operator_id, month),
      unique (municipality_id, number),
      foreign key (municipality_id, programme_id) references taxi_programme(municipality_id, id),
      foreign key (municipality_id, operator_id) references taxi_operator(municipality_id, id)
    );

    create table taxi_claim_line (
      municipality_id uuid not null,
      claim_id uuid not null,
      ride_id uuid not null,
      ride_status text not null default 'accepted' check (ride_status = 'accepted'),
      line_no integer not null,
      fare_yen integer not null,
      subsidy_yen integer not null,
      primary key (municipality_id, claim_id, ride_id),
      unique (municipality_id, ride_id),
      unique (municipality_id, claim_id, line_no),
      foreign key (municipality_id, claim_id) references taxi_claim(municipality_id, id) on delete cascade,
      foreign key (municipality_id, ride_id, ride_status) references taxi_ride(municipality_id, id, status)
    );

    create table taxi_claim_adjustment (
      municipality_id uuid not null,
      id uuid not null,
      claim_id uuid not null,
      ride_id uuid,
      amount_yen integer not null check (amount_yen <> 0),
      reason text not null check (length(reason) > 0),
      staff_id uuid,
      at timestamptz not null,
      primary key (municipality_id, id),
      foreign key (municipality_id, claim_id) references taxi_claim(municipality_id, id)
    );

    -- Paper-ticket holders imported from CSV, matched against the registry; doubtful rows wait for staff.
    create table taxi_import (
      municipality_id uuid not null,
      id uuid not null,
      programme_id uuid not null,
      filename text not null,
      encoding text not null,
      created_at timestamptz not null,
      created_by uuid,
      primary key (municipality_id, id),
      foreign key (municipality_id, programme_id) references taxi_programme(municipality_id, id)
    );

    create table taxi_import_row (
      municipality_id uuid not null,
      import_id uuid not null,
      row_no integer not null,
      data jsonb not null,
      match text not null check (match in ('matched', 'doubtful', 'unmatched', 'invalid')),
      decision text not null check (decision in ('pending', 'imported', 'skipped')),
      resident_id uuid,
      candidates jsonb not null default '[]',
      note text not null default '',
      beneficiary_id uuid,
      decided_by uuid,
      decided_at timestamptz,
      primary key (municipality_id, import_id, row_no),
      foreign key (municipality_id, import_id) references taxi_import(municipality_id, id)
    );

    -- The city's note on an anomaly (the anomalies themselves are computed from rides and terminals).
    create table taxi_anomaly_review (
      municipality_id uuid not null,
      anomaly_key text not null,
      status text not null check (status in ('checked', 'dismissed')),
      note text not null default '',
      staff_id uuid,
      at timestamptz not null,
      primary key (municipality_id, anomaly_key)
    );
  `.execute(db);
}
