import { sql, type Kysely } from 'kysely';

/**
 * 移動市役所 — the resident's signature drawn on the vehicle tablet's screen (offline), kept with the
 * case it signs: the PNG as the tablet sent it (checked like the counter's: a real 8-bit RGBA PNG of
 * a sensible size, not blank), its hash and size. The case's A4 form draws it into the signature box.
 * One signature per case; a case signed on paper (「紙に署名する」) has no row.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table outreach_vehicle_signature (
      municipality_id uuid not null,
      case_id uuid not null,
      device_id uuid not null,
      client_case_id uuid not null,
      png bytea not null,
      sha256 text not null,
      width integer not null,
      height integer not null,
      created_at timestamptz not null,
      primary key (municipality_id, case_id),
      unique (municipality_id, device_id, client_case_id)
    );
  `.execute(db);
}
