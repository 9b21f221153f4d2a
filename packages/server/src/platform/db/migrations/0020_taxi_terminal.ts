import { sql, type Kysely } from 'kysely';

/**
 * 電子タクシー券, the in-taxi terminal (modules/taxi/terminal):
 * - `taxi_list_key`: the city's key that signs the offline allow/deny lists (ECDSA P-256). The
 *   private half is encrypted with the platform's field cipher (row identity bound); terminals pin
 *   the public half.
 * - `taxi_driver`: drivers of an operator, signing in on a terminal with a driver code and a 4-digit
 *   PIN (PBKDF2; the hash also travels in the terminal's list so sign-in works offline).
 * - `taxi_list_issue`: every list a terminal pulled (when, for which day, how many entries, its hash):
 *   what the terminal could know when it decided offline.
 * - `taxi_ride_context`: how a ride was authorised on the terminal (online or with which list) and
 *   by which driver; one row per ride.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table taxi_list_key (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      public_jwk jsonb not null,
      private_key bytea not null,
      created_at timestamptz not null,
      retired_at timestamptz,
      primary key (municipality_id, id)
    );
    create unique index taxi_list_key_one_current on taxi_list_key (municipality_id) where retired_at is null;

    create table taxi_driver (
      municipality_id uuid not null,
      id uuid not null,
      operator_id uuid not null,
      code text not null check (code ~ '^[0-9]{3,8}$'),
      name text not null,
      pin_salt char(32) not null,
      pin_hash char(64) not null,
      active boolean not null default true,
      created_at timestamptz not null,
      primary key (municipality_id, id),
      unique (municipality_id, operator_id, code),
      foreign key (municipality_id, operator_id) references taxi_operator(municipality_id, id)
    );

    create table taxi_list_issue (
      municipality_id uuid not null,
      id uuid not null,
      terminal_id uuid not null,
      key_id uuid not null,
      issued_at timestamptz not null,
      service_date date not null,
      allow_count integer not null,
      deny_count integer not null,
      sha256 char(64) not null,
      primary key (municipality_id, id),
      foreign key (municipality_id, terminal_id) references taxi_terminal(municipality_id, id),
      foreign key (municipality_id, key_id) references taxi_list_key(municipality_id, id)
    );
    create index taxi_list_issue_terminal on taxi_list_issue (municipality_id, terminal_id, issued_at);

    create table taxi_ride_context (
      municipality_id uuid not null,
      ride_id uuid not null,
      authorisation text not null check (authorisation in ('online', 'offline')),
      list_id uuid,
      driver_code text,
      primary key (municipality_id, ride_id),
      foreign key (municipality_id, ride_id) references taxi_ride(municipality_id, id)
    );
  `.execute(db);
}
