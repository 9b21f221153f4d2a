import { sql, type Kysely } from 'kysely';

/**
 * Platform tables: tenants, departments, staff, sessions, the audit chain.
 * Rule for every tenant-scoped table: municipality_id leads the primary key and every unique key,
 * so the schema can later be distributed by tenant (Citus). Checked by a catalog test.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table municipality (
      id uuid primary key,
      local_government_code char(6) not null unique,
      name text not null,
      prefecture text not null,
      created_at timestamptz not null default now()
    );

    create table department (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      code text not null,
      name text not null,
      location text,
      primary key (municipality_id, id),
      unique (municipality_id, code)
    );

    create table municipality_setting (
      municipality_id uuid not null references municipality(id),
      key text not null,
      value jsonb not null,
      primary key (municipality_id, key)
    );

    create table staff_user (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      login_id text not null,
      display_name text not null,
      password_hash text not null,
      roles text[] not null,
      department_ids uuid[] not null default '{}',
      active boolean not null default true,
      totp_secret bytea,
      totp_enabled boolean not null default false,
      totp_last_step bigint,
      failed_login_count integer not null default 0,
      locked_until timestamptz,
      last_login_at timestamptz,
      created_at timestamptz not null default now(),
      primary key (municipality_id, id),
      unique (municipality_id, login_id)
    );

    create table staff_session (
      municipality_id uuid not null,
      token_hash char(64) not null,
      staff_id uuid not null,
      created_at timestamptz not null,
      last_seen_at timestamptz not null,
      expires_at timestamptz not null,
      primary key (municipality_id, token_hash),
      foreign key (municipality_id, staff_id) references staff_user(municipality_id, id)
    );
    -- The cookie carries only the token; look-ups by hash alone use this non-unique index.
    create index staff_session_token_hash on staff_session (token_hash);

    create table audit_head (
      municipality_id uuid primary key references municipality(id),
      last_seq bigint not null,
      last_hash char(64) not null
    );

    create table audit_event (
      municipality_id uuid not null references municipality(id),
      seq bigint not null,
      id uuid not null,
      at timestamptz not null,
      actor_staff_id uuid,
      action text not null,
      subject_type text,
      subject_id uuid,
      purpose text,
      request_id text,
      details jsonb not null default '{}',
      prev_hash char(64) not null,
      hash char(64) not null,
      primary key (municipality_id, seq),
      unique (municipality_id, id)
    );
    create index audit_event_subject on audit_event (municipality_id, subject_id, seq);
    create index audit_event_actor on audit_event (municipality_id, actor_staff_id, seq);

    -- Append-only: the application never updates or deletes audit events. Someone with DDL rights
    -- can still drop this trigger; the hash chain is what detects that.
    create function audit_event_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_event is append-only';
    end $$;
    create trigger audit_event_no_update before update or delete on audit_event
      for each row execute function audit_event_append_only();
  `.execute(db);
}
