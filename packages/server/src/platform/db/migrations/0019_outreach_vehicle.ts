import { sql, type Kysely } from 'kysely';

/**
 * 移動市役所 — the vehicle app's side of the server.
 *
 * - `outreach_vehicle_key`: the data key of each vehicle tablet (AES-256, wrapped by the platform's
 *   field cipher). The tablet encrypts what it keeps (cases waiting to be sent) under it; the server
 *   opens the sealed case when the event arrives. A new key is issued when the old one is retired.
 * - `outreach_vehicle_case`: one row per case a tablet sent, kept forever under the tablet's own id
 *   for the case (unique with the device): registered (the case and its 受付番号), or a business
 *   conflict waiting for staff (resident moved meanwhile, a duplicate application) with the sealed
 *   case kept encrypted until it is decided, then accepted (a case made) or dismissed.
 * - `outreach_vehicle_ticket`: the stop's queue as the tablet ran it offline (issued, called, done),
 *   for the waits in the statistics.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table outreach_vehicle_key (
      municipality_id uuid not null,
      device_id uuid not null,
      key_id uuid not null,
      key_ciphertext bytea not null,
      created_at timestamptz not null,
      retired_at timestamptz,
      primary key (municipality_id, device_id, key_id)
    );
    create table outreach_vehicle_case (
      municipality_id uuid not null,
      id uuid not null,
      device_id uuid not null,
      client_case_id uuid not null,
      op_id uuid not null,
      procedure_id text not null,
      procedure_version integer not null,
      stop_id text,
      ticket_number text,
      status text not null check (status in ('registered', 'conflict', 'accepted', 'dismissed')),
      conflict_kind text check (conflict_kind in ('resident_moved', 'duplicate_application', 'invalid_case')),
      conflict_details jsonb not null default '{}'::jsonb,
      sealed bytea,
      case_id uuid,
      receipt_number text,
      staff_id uuid,
      device_time timestamptz,
      received_at timestamptz not null,
      resolved_by uuid,
      resolved_at timestamptz,
      resolution_note text,
      primary key (municipality_id, id),
      unique (municipality_id, device_id, client_case_id)
    );
    create index outreach_vehicle_case_status on outreach_vehicle_case (municipality_id, status, received_at);
    create table outreach_vehicle_ticket (
      municipality_id uuid not null,
      device_id uuid not null,
      ticket_id uuid not null,
      stop_id text,
      service_label text not null,
      number text not null,
      status text not null check (status in ('waiting', 'called', 'done', 'no_show')),
      issued_at timestamptz not null,
      called_at timestamptz,
      done_at timestamptz,
      primary key (municipality_id, device_id, ticket_id)
    );
  `.execute(db);
}
