import { sql, type Kysely } from 'kysely';

/**
 * The outbox: work that must happen after a commit (a PDF, a mail, notifying a department) is
 * written as a job row in the same transaction as the change, and a worker runs it afterwards.
 * Nothing accepted is lost: a crash between commit and work leaves the row to be picked up again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table job (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      kind text not null,
      -- What the job is about (a case, a reservation…), so its pipeline can be shown with it.
      subject_type text,
      subject_id uuid,
      payload jsonb not null default '{}',
      status text not null check (status in ('pending', 'running', 'done', 'failed')),
      attempts integer not null default 0,
      max_attempts integer not null default 5,
      run_after timestamptz not null,
      locked_until timestamptz,
      last_error text,
      result jsonb,
      created_at timestamptz not null,
      finished_at timestamptz,
      primary key (municipality_id, id)
    );
    create index job_due on job (status, run_after);
    create index job_subject on job (municipality_id, subject_id);
  `.execute(db);
}
