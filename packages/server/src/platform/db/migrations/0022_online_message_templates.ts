import { sql, type Kysely } from 'kysely';

/**
 * 定型文 for staff replies in スマート申請 (modules/online/templates.ts): per city, optionally for
 * one procedure and/or one department, for a correction request (補正の依頼) or a message. Staff
 * pick one and edit the text before sending; the sent text is what is kept with the case.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table online_message_template (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      purpose text not null check (purpose in ('correction', 'message')),
      procedure_id text,
      department_id uuid,
      title text not null check (length(title) between 1 and 60),
      body text not null check (length(body) between 1 and 2000),
      sort_order integer not null default 0,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      updated_by_staff_id uuid,
      primary key (municipality_id, id),
      foreign key (municipality_id, department_id) references department(municipality_id, id)
    );
    create index online_message_template_procedure on online_message_template (municipality_id, procedure_id);
  `.execute(db);
}
