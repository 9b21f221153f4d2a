import { sql, type Kysely } from 'kysely';

/**
 * 移動市役所 planning: vehicles (each backed by a queue location of kind 'vehicle'), districts,
 * stops, dated routes with ordered stops and time windows, the months whose schedule is public,
 * the cancellation notices sent to booked residents, and one row per resident served at a stop
 * (written by the vehicle app's sync ingestion) for the stop statistics.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table outreach_vehicle (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      code text not null,
      name text not null,
      -- The queue location whose dated sessions and slots publishing writes.
      queue_location_id uuid not null,
      active boolean not null default true,
      created_at timestamptz not null,
      primary key (municipality_id, id),
      unique (municipality_id, code),
      unique (municipality_id, queue_location_id),
      foreign key (municipality_id, queue_location_id) references queue_location(municipality_id, id)
    );

    create table outreach_district (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      code text not null,
      name text not null,
      -- The 大字 the district covers, for the public page.
      areas text[] not null default '{}',
      sort_order integer not null default 0,
      primary key (municipality_id, id),
      unique (municipality_id, code)
    );

    create table outreach_stop (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      district_id uuid not null,
      code text not null,
      name text not null,
      address text not null,
      latitude double precision not null check (latitude between -90 and 90),
      longitude double precision not null check (longitude between -180 and 180),
      accessibility text not null default '',
      active boolean not null default true,
      sort_order integer not null default 0,
      primary key (municipality_id, id),
      unique (municipality_id, code),
      foreign key (municipality_id, district_id) references outreach_district(municipality_id, id)
    );

    create table outreach_route (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      vehicle_id uuid not null,
      service_date date not null,
      state text not null default 'draft' check (state in ('draft', 'published', 'cancelled')),
      staff_ids uuid[] not null default '{}',
      device_ids uuid[] not null default '{}',
      slot_minutes integer not null default 30 check (slot_minutes between 10 and 120),
      slot_capacity integer not null default 2 check (slot_capacity between 0 and 50),
      note text not null default '',
      cancel_reason text,
      published_at timestamptz,
      cancelled_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (municipality_id, id),
      unique (municipality_id, vehicle_id, service_date),
      foreign key (municipality_id, vehicle_id) references outreach_vehicle(municipality_id, id)
    );
    create index outreach_route_date on outreach_route (municipality_id, service_date);

    create table outreach_route_stop (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      route_id uuid not null,
      seq integer not null,
      stop_id uuid not null,
      start_time text not null check (start_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      end_time text not null check (end_time ~ '^([01][0-9]|2[0-4]):[0-5][0-9]$' and end_time > start_time),
      -- The vehicle's queue services (用件) offered at this stop.
      service_ids uuid[] not null default '{}',
      state text not null default 'scheduled' check (state in ('scheduled', 'cancelled')),
      cancel_reason text,
      cancelled_at timestamptz,
      -- Reported by the vehicle when online: where it is now.
      arrived_at timestamptz,
      departed_at timestamptz,
      primary key (municipality_id, id),
      unique (municipality_id, route_id, seq),
      foreign key (municipality_id, route_id) references outreach_route(municipality_id, id) on delete cascade,
      foreign key (municipality_id, stop_id) references outreach_stop(municipality_id, id)
    );
    create index outreach_route_stop_stop on outreach_route_stop (municipality_id, stop_id);

    create table outreach_month (
      municipality_id uuid not null references municipality(id),
      month text not null check (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      published_at timestamptz not null,
      published_by uuid,
      primary key (municipality_id, month)
    );

    create table outreach_notice (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      route_stop_id uuid not null,
      reservation_id uuid not null,
      email text,
      outcome text not null,
      created_at timestamptz not null,
      primary key (municipality_id, id),
      unique (municipality_id, route_stop_id, reservation_id),
      foreign key (municipality_id, route_stop_id) references outreach_route_stop(municipality_id, id) on delete cascade
    );

    create table outreach_stop_service (
      municipality_id uuid not null references municipality(id),
      -- The caller's id (the device event's op id) makes a repeated ingestion a no-op.
      id uuid not null,
      route_stop_id uuid not null,
      case_id uuid,
      procedure_id text,
      -- Groups the rows of one resident's visit (several procedures); the row's own id when absent.
      visit_key text,
      served_at timestamptz not null,
      wait_seconds integer check (wait_seconds >= 0),
      device_id uuid,
      recorded_at timestamptz not null,
      primary key (municipality_id, id),
      foreign key (municipality_id, route_stop_id) references outreach_route_stop(municipality_id, id)
    );
    create index outreach_stop_service_stop on outreach_stop_service (municipality_id, route_stop_id);
  `.execute(db);
}
