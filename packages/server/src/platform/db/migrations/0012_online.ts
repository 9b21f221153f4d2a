import { sql, type Kysely } from 'kysely';

/**
 * スマート申請: resident accounts and their sessions (separate from staff), one-time e-mail links,
 * each department's publishing rules per procedure, the link from an online case to the account
 * that owns it, and the messages between the resident and the department.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table online_account (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      -- Lower-cased; the address is the login name.
      email text not null,
      display_name text not null,
      password_hash text,
      email_verified_at timestamptz,
      failed_logins integer not null default 0,
      locked_until timestamptz,
      created_at timestamptz not null,
      primary key (municipality_id, id),
      unique (municipality_id, email)
    );

    create table online_session (
      municipality_id uuid not null references municipality(id),
      token_hash char(64) not null,
      account_id uuid not null,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      primary key (municipality_id, token_hash),
      foreign key (municipality_id, account_id) references online_account(municipality_id, id)
    );
    -- Looked up by the cookie's hash alone (the municipality comes from the row), as staff sessions are.
    create index online_session_token on online_session (token_hash);

    create table online_email_token (
      municipality_id uuid not null references municipality(id),
      token_hash char(64) not null,
      account_id uuid not null,
      purpose text not null check (purpose in ('verify', 'login')),
      expires_at timestamptz not null,
      used_at timestamptz,
      primary key (municipality_id, token_hash),
      foreign key (municipality_id, account_id) references online_account(municipality_id, id)
    );
    create index online_email_token_hash on online_email_token (token_hash);

    create table online_publication (
      municipality_id uuid not null references municipality(id),
      procedure_id text not null,
      enabled boolean not null default false,
      auth_level text not null default 'account' check (auth_level in ('none', 'account', 'card')),
      signature_required boolean not null default false,
      fee_yen integer not null default 0,
      one_per_person boolean not null default false,
      receiving_department_id uuid,
      open_from date,
      open_until date,
      updated_at timestamptz not null,
      updated_by_staff_id uuid,
      primary key (municipality_id, procedure_id)
    );

    create table online_application (
      municipality_id uuid not null,
      case_id uuid not null,
      account_id uuid not null,
      -- The idempotency key of the submission that was accepted last (a double click sends it twice).
      last_submit_key text,
      declared_at timestamptz,
      primary key (municipality_id, case_id),
      foreign key (municipality_id, case_id) references case_record(municipality_id, id),
      foreign key (municipality_id, account_id) references online_account(municipality_id, id)
    );
    create index online_application_account on online_application (municipality_id, account_id);

    create table online_message (
      municipality_id uuid not null,
      id uuid not null,
      case_id uuid not null,
      from_kind text not null check (from_kind in ('staff', 'resident')),
      staff_id uuid,
      body text not null,
      created_at timestamptz not null,
      primary key (municipality_id, id),
      foreign key (municipality_id, case_id) references case_record(municipality_id, id)
    );
    create index online_message_case on online_message (municipality_id, case_id, created_at);
  `.execute(db);
}
