import { sql, type Kysely } from 'kysely';

/**
 * The device platform: vehicle tablets (移動市役所) and taxi terminals (電子タクシー券), each with a
 * key pair made on the device; the events they push (kept forever: the op id and the per-device seq
 * are permanent idempotency keys); and the anomalies an admin must see (gaps, bad signatures,
 * replays, revoked devices, clock skew, storage resets).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table device (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      kind text not null check (kind in ('vehicle', 'taxi')),
      label text not null,
      status text not null check (status in ('pending', 'active', 'revoked')),
      public_key_jwk jsonb,
      key_thumbprint text,
      enrol_code_hash char(64),
      enrol_expires_at timestamptz,
      enrol_code_used_at timestamptz,
      enrolled_at timestamptz,
      enrol_count integer not null default 0,
      revoked_at timestamptz,
      revoked_reason text,
      created_at timestamptz not null,
      created_by uuid,
      next_seq bigint not null default 1,
      last_hash char(64) not null default '0000000000000000000000000000000000000000000000000000000000000000',
      chain_waived boolean not null default false,
      reported_head_seq bigint not null default 0,
      last_sync_at timestamptz,
      clock_skew_ms bigint,
      primary key (municipality_id, id),
      unique (municipality_id, label)
    );
    create index device_enrol_code on device (enrol_code_hash) where enrol_code_hash is not null;

    create table device_event (
      municipality_id uuid not null,
      device_id uuid not null,
      seq bigint not null,
      op_id uuid not null,
      kind text not null,
      payload jsonb not null,
      prev_hash char(64) not null,
      hash char(64) not null,
      signature text not null,
      device_time text not null,
      received_at timestamptz not null,
      status text not null check (status in ('accepted', 'conflict', 'rejected')),
      result jsonb,
      reason text,
      reviewed_at timestamptz,
      reviewed_by uuid,
      primary key (municipality_id, device_id, seq),
      unique (municipality_id, op_id),
      foreign key (municipality_id, device_id) references device(municipality_id, id)
    );
    create index device_event_status on device_event (municipality_id, status, kind) where status <> 'accepted';

    create table device_anomaly (
      municipality_id uuid not null,
      id uuid not null,
      device_id uuid not null,
      kind text not null check (kind in ('gap', 'bad_hash', 'bad_signature', 'broken_chain', 'replay', 'revoked_device', 'clock_skew', 'storage_reset')),
      fingerprint text not null,
      details jsonb not null,
      first_seen_at timestamptz not null,
      last_seen_at timestamptz not null,
      occurrences integer not null default 1,
      resolved_at timestamptz,
      resolved_by uuid,
      primary key (municipality_id, id),
      unique (municipality_id, device_id, fingerprint),
      foreign key (municipality_id, device_id) references device(municipality_id, id)
    );
    create index device_anomaly_open on device_anomaly (municipality_id, device_id) where resolved_at is null;
  `.execute(db);
}
