import { sql, type Kysely } from 'kysely';

/**
 * Files a resident attaches to an online application. The bytes live outside the database behind
 * the online module's storage interface (the filesystem by default); this row says whose they are,
 * what the content really is (sniffed, not the name's extension) and its SHA-256.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table online_attachment (
      municipality_id uuid not null,
      id uuid not null,
      case_id uuid not null,
      attachment_ref text not null,
      filename text not null,
      media_type text not null,
      size_bytes integer not null,
      sha256 char(64) not null,
      storage_key text not null,
      created_at timestamptz not null,
      primary key (municipality_id, id),
      foreign key (municipality_id, case_id) references case_record(municipality_id, id)
    );
    create index online_attachment_case on online_attachment (municipality_id, case_id);
  `.execute(db);
}
