import { sql, type Kysely } from 'kysely';

/**
 * 案件: one record of any application of any procedure from any channel (counter, kiosk, online,
 * vehicle), pinned to the procedure version it was made with, with its state and action log.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table receipt_counter (
      municipality_id uuid not null references municipality(id),
      fiscal_year integer not null,
      last_number integer not null,
      primary key (municipality_id, fiscal_year)
    );

    create table case_record (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      receipt_number text,
      procedure_id text not null,
      procedure_version integer not null,
      procedure_hash char(64) not null,
      channel text not null check (channel in ('counter', 'kiosk', 'online', 'outreach')),
      status text not null check (status in ('draft', 'submitted', 'accepted', 'in_review', 'returned', 'completed', 'rejected', 'withdrawn')),
      subject_resident_id uuid,
      department_id uuid,
      answers jsonb not null default '{}',
      idempotency_key text,
      created_by_staff_id uuid,
      assigned_staff_id uuid,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      submitted_at timestamptz,
      closed_at timestamptz,
      primary key (municipality_id, id),
      unique (municipality_id, receipt_number),
      unique (municipality_id, idempotency_key)
    );
    create index case_record_inbox on case_record (municipality_id, department_id, status, submitted_at);
    create index case_record_procedure on case_record (municipality_id, procedure_id, procedure_version);
    create index case_record_subject on case_record (municipality_id, subject_resident_id);

    create table case_action (
      municipality_id uuid not null,
      case_id uuid not null,
      seq integer not null,
      at timestamptz not null,
      actor_kind text not null check (actor_kind in ('staff', 'resident', 'system')),
      actor_staff_id uuid,
      action text not null,
      from_status text,
      to_status text,
      note text,
      primary key (municipality_id, case_id, seq),
      foreign key (municipality_id, case_id) references case_record(municipality_id, id)
    );
  `.execute(db);
}
