import { sql, type Kysely } from 'kysely';

/**
 * 個人番号 (特定個人情報) lives only here, encrypted; no other table, log, outbox or reply holds it.
 * key_id names the key that encrypted the row, so keys can rotate without a flag day.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table individual_number (
      municipality_id uuid not null references municipality(id),
      resident_id uuid not null,
      key_id text not null,
      ciphertext bytea not null,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, resident_id),
      foreign key (municipality_id, resident_id) references resident(municipality_id, id)
    );
  `.execute(db);
}
