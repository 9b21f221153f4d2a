import { sql, type Kysely } from 'kysely';

/**
 * 書かない窓口: a visit (来庁) from identification to completion, saved as it goes; residents' own
 * entries made on the kiosk (記載台) or at home (事前申請) waiting to be picked up at the desk; and
 * the PDFs a completed visit produces (signed forms, 手続き案内書).
 *
 * "One open visit per person" is a partial unique index, so two tablets starting a visit for the same
 * resident at the same moment cannot both succeed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table counter_visit (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      status text not null check (status in ('open', 'completed', 'cancelled')),
      -- Where the visit began: at the desk, from the kiosk, or from a home pre-entry.
      origin text not null check (origin in ('counter', 'kiosk', 'preEntry')),
      life_event text,
      -- Who the visit is for, as a key: 'resident:<id>' or 'person:<name>|<birth date>' for a newcomer.
      person_key text,
      subject_resident_id uuid,
      -- The draft: identification, event, household, chosen procedures, answers, where staff are.
      state jsonb not null default '{}',
      revision integer not null,
      signature_png bytea,
      signed_at timestamptz,
      pre_entry_id uuid,
      started_at timestamptz not null,
      updated_at timestamptz not null,
      completed_at timestamptz,
      cancelled_at timestamptz,
      cancel_reason text,
      started_by uuid,
      updated_by uuid,
      completed_by uuid,
      -- What completion made: cases, registry changes, jobs (for the 完了 screen and statistics).
      result jsonb,
      primary key (municipality_id, id)
    );
    create unique index counter_visit_one_open on counter_visit (municipality_id, person_key) where status = 'open' and person_key is not null;
    create index counter_visit_started on counter_visit (municipality_id, started_at);

    create table counter_pre_entry (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      channel text not null check (channel in ('kiosk', 'home')),
      -- Only the hash of the code in the QR: the database alone cannot open anyone's entry.
      token_hash char(64) not null,
      -- 記載台の受付番号 (K-007), counted per day.
      kiosk_date date,
      kiosk_number integer,
      status text not null check (status in ('draft', 'submitted', 'picked_up')),
      state jsonb not null default '{}',
      revision integer not null,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      submitted_at timestamptz,
      expires_at timestamptz not null,
      visit_id uuid,
      primary key (municipality_id, id),
      unique (municipality_id, token_hash),
      unique (municipality_id, kiosk_date, kiosk_number)
    );
    create index counter_pre_entry_waiting on counter_pre_entry (municipality_id, status, submitted_at);

    create table counter_document (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      visit_id uuid not null,
      case_id uuid,
      kind text not null check (kind in ('form', 'guide_sheet')),
      procedure_id text,
      title text not null,
      pdf bytea not null,
      sha256 char(64) not null,
      created_at timestamptz not null,
      primary key (municipality_id, id),
      foreign key (municipality_id, visit_id) references counter_visit(municipality_id, id)
    );
    create unique index counter_document_case on counter_document (municipality_id, case_id, kind) where case_id is not null;
    create unique index counter_document_guide on counter_document (municipality_id, visit_id) where kind = 'guide_sheet';
  `.execute(db);
}
