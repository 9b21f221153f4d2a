import { sql, type Kysely } from 'kysely';

/**
 * 待たない窓口: where residents queue (locations: floors of city hall, the 移動市役所 vehicle), what
 * for (services = 用件), at which desks; tickets and the visits a ticket makes (one per service, so a
 * one-stop transfer keeps the ticket), an event log, kiosks, and reservation slots with a capacity.
 *
 * Concurrency is carried by the schema as much as by the code:
 * - a desk has at most one called/serving visit, and a ticket at most one open visit (partial unique
 *   indexes), so two clicks or two desks can never leave two tickets at a desk or a ticket at two desks;
 * - a slot's `booked` counter is checked against its capacity in the same UPDATE that raises it, and a
 *   CHECK keeps it within capacity even if a future code path forgot to.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table queue_location (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      code text not null,
      name text not null,
      kind text not null check (kind in ('hall', 'vehicle')),
      -- Where it is: a floor of city hall, or the vehicle's stop.
      place text not null default '',
      -- OpeningHours (queue/hours.ts): weekly hours, dated sessions (the vehicle's stops), closed days.
      hours jsonb not null default '{}',
      remote_tickets boolean not null default false,
      sort_order integer not null default 0,
      active boolean not null default true,
      primary key (municipality_id, id),
      unique (municipality_id, code)
    );

    create table queue_service (
      municipality_id uuid not null,
      id uuid not null,
      location_id uuid not null,
      department_id uuid,
      code text not null,
      name text not null,
      -- Letter in front of the ticket number (A012), unique per location so the board is unambiguous.
      ticket_prefix text not null check (ticket_prefix ~ '^[A-Z]{1,2}$'),
      default_service_minutes numeric(5, 1) not null default 5 check (default_service_minutes > 0),
      reservable boolean not null default false,
      sort_order integer not null default 0,
      active boolean not null default true,
      primary key (municipality_id, id),
      unique (municipality_id, code),
      unique (municipality_id, location_id, ticket_prefix),
      foreign key (municipality_id, location_id) references queue_location(municipality_id, id),
      foreign key (municipality_id, department_id) references department(municipality_id, id)
    );

    create table queue_desk (
      municipality_id uuid not null,
      id uuid not null,
      location_id uuid not null,
      name text not null,
      service_ids uuid[] not null default '{}',
      sort_order integer not null default 0,
      active boolean not null default true,
      -- Set while a staff member works the desk; open desks drive the wait estimate.
      open_staff_id uuid,
      opened_at timestamptz,
      primary key (municipality_id, id),
      unique (municipality_id, location_id, name),
      foreign key (municipality_id, location_id) references queue_location(municipality_id, id)
    );

    -- A ticket printer: a kiosk tablet holds a secret token (only its hash is stored).
    create table queue_kiosk (
      municipality_id uuid not null,
      id uuid not null,
      location_id uuid not null,
      name text not null,
      token_hash char(64) not null,
      active boolean not null default true,
      created_at timestamptz not null,
      primary key (municipality_id, id),
      foreign key (municipality_id, location_id) references queue_location(municipality_id, id)
    );
    create index queue_kiosk_token on queue_kiosk (token_hash);

    -- Ticket numbers restart every day for every service; this row hands them out atomically.
    create table queue_day_counter (
      municipality_id uuid not null,
      service_id uuid not null,
      service_date date not null,
      last_number integer not null,
      primary key (municipality_id, service_id, service_date)
    );

    create table queue_reservation_slot (
      municipality_id uuid not null,
      id uuid not null,
      location_id uuid not null,
      service_id uuid not null,
      service_date date not null,
      starts_at timestamptz not null,
      ends_at timestamptz not null,
      capacity integer not null check (capacity >= 0),
      booked integer not null default 0,
      check (booked >= 0 and booked <= capacity),
      check (ends_at > starts_at),
      primary key (municipality_id, id),
      unique (municipality_id, service_id, starts_at),
      foreign key (municipality_id, service_id) references queue_service(municipality_id, id)
    );
    create index queue_slot_day on queue_reservation_slot (municipality_id, location_id, service_date, starts_at);

    create table queue_reservation (
      municipality_id uuid not null,
      id uuid not null,
      slot_id uuid not null,
      service_id uuid not null,
      location_id uuid not null,
      service_date date not null,
      state text not null check (state in ('held', 'confirmed', 'checked_in', 'cancelled', 'expired')),
      hold_expires_at timestamptz,
      -- Short code the resident types at the kiosk; the manage token (hash only) opens the booking online.
      code text not null,
      token_hash char(64) not null,
      name text not null,
      email text,
      phone text,
      -- Normalised e-mail or phone: one open booking per person, service and day.
      contact_key text not null,
      channel text not null check (channel in ('online', 'staff')),
      created_at timestamptz not null,
      confirmed_at timestamptz,
      cancelled_at timestamptz,
      -- What happened to the e-mails: sent, not_sent (no mail server configured), no_address, failed.
      confirmation_mail text,
      reminder_mail text,
      reminder_at timestamptz,
      ticket_id uuid,
      primary key (municipality_id, id),
      unique (municipality_id, code),
      foreign key (municipality_id, slot_id) references queue_reservation_slot(municipality_id, id)
    );
    create index queue_reservation_token on queue_reservation (token_hash);
    create index queue_reservation_slot_state on queue_reservation (municipality_id, slot_id, state);
    create unique index queue_reservation_one_per_person on queue_reservation (municipality_id, service_id, service_date, contact_key)
      where state in ('held', 'confirmed', 'checked_in');

    create table queue_ticket (
      municipality_id uuid not null,
      id uuid not null,
      location_id uuid not null,
      service_date date not null,
      first_service_id uuid not null,
      -- Null until a reservation's ticket is checked in: the number is given on arrival.
      number integer,
      display_number text,
      token_hash char(64) not null,
      channel text not null check (channel in ('kiosk', 'staff', 'remote', 'reservation')),
      needs_assistance boolean not null default false,
      reservation_id uuid,
      -- The resident served, once the desk links the ticket to the counter visit.
      resident_id uuid,
      notify_email text,
      notify_ahead integer,
      notified_at timestamptz,
      issued_at timestamptz not null,
      primary key (municipality_id, id),
      unique (municipality_id, first_service_id, service_date, number),
      foreign key (municipality_id, location_id) references queue_location(municipality_id, id)
    );
    create index queue_ticket_token on queue_ticket (token_hash);

    -- One visit per service the ticket is queued for. A transfer ends one visit as 'transferred'
    -- and opens the next, so the resident keeps the same ticket and place.
    create table queue_visit (
      municipality_id uuid not null,
      id uuid not null,
      ticket_id uuid not null,
      seq integer not null,
      location_id uuid not null,
      service_id uuid not null,
      service_date date not null,
      state text not null check (state in ('reserved', 'arrived', 'waiting', 'called', 'serving', 'done', 'no_show', 'transferred', 'cancelled')),
      -- 1 = called before others: a reservation whose time has come, or a resident needing assistance.
      priority smallint not null default 0,
      -- When the visit joined this queue (statistics), and the time it is ordered by (a transfer
      -- keeps the ticket's issue time, so it does not queue again at the back).
      queued_at timestamptz,
      order_at timestamptz not null,
      -- A reservation checked in early waits as 'arrived' until this time, then becomes 'waiting'.
      eligible_at timestamptz,
      slot_starts_at timestamptz,
      desk_id uuid,
      called_by uuid,
      first_called_at timestamptz,
      called_at timestamptz,
      call_count integer not null default 0,
      serving_at timestamptz,
      finished_at timestamptz,
      served_by uuid,
      primary key (municipality_id, id),
      unique (municipality_id, ticket_id, seq),
      foreign key (municipality_id, ticket_id) references queue_ticket(municipality_id, id),
      foreign key (municipality_id, service_id) references queue_service(municipality_id, id)
    );
    create unique index queue_visit_desk_busy on queue_visit (municipality_id, desk_id) where state in ('called', 'serving');
    create unique index queue_visit_ticket_open on queue_visit (municipality_id, ticket_id)
      where state in ('reserved', 'arrived', 'waiting', 'called', 'serving');
    create index queue_visit_queue on queue_visit (municipality_id, location_id, service_date, state, priority desc, order_at);
    create index queue_visit_history on queue_visit (municipality_id, service_id, service_date);

    -- What happened, in order: the desk screens, boards and status pages resume from seq
    -- (Last-Event-ID) and statistics can be rebuilt from it. Anonymous: numbers, desks, staff ids.
    create table queue_event (
      municipality_id uuid not null,
      seq bigint generated always as identity,
      at timestamptz not null,
      location_id uuid not null,
      kind text not null,
      ticket_id uuid,
      visit_id uuid,
      desk_id uuid,
      service_id uuid,
      staff_id uuid,
      details jsonb not null default '{}',
      primary key (municipality_id, seq)
    );
    create index queue_event_location on queue_event (municipality_id, location_id, seq);
  `.execute(db);
}
