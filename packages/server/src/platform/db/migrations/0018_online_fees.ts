import { sql, type Kysely } from 'kysely';

/**
 * 手数料 of online applications. `online_case_fee` is the case's side (how much, how the resident
 * chose to pay, paid or not); `online_payment` one attempt through a provider (the sandbox gateway,
 * or the counter); `online_payment_notification` every provider notification accepted, so a replayed
 * one is recognised; `online_payment_sandbox` is the sandbox gateway's own book (what a real
 * gateway keeps on its side and answers status queries from).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table online_case_fee (
      municipality_id uuid not null,
      case_id uuid not null,
      amount_yen integer not null check (amount_yen > 0),
      method text check (method in ('online', 'counter')),
      status text not null check (status in ('unpaid', 'paid')),
      payment_id uuid,
      counter_receipt_no text,
      recorded_by_staff_id uuid,
      paid_at timestamptz,
      updated_at timestamptz not null,
      primary key (municipality_id, case_id),
      foreign key (municipality_id, case_id) references case_record(municipality_id, id)
    );
    create table online_payment (
      municipality_id uuid not null,
      id uuid not null,
      case_id uuid not null,
      provider text not null,
      provider_ref text not null,
      amount_yen integer not null check (amount_yen > 0),
      status text not null check (status in ('pending', 'paid', 'cancelled', 'failed')),
      idempotency_key text not null,
      failure text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      paid_at timestamptz,
      primary key (municipality_id, id),
      foreign key (municipality_id, case_id) references case_record(municipality_id, id)
    );
    create unique index online_payment_key on online_payment (municipality_id, case_id, idempotency_key);
    create unique index online_payment_ref on online_payment (municipality_id, provider, provider_ref);
    -- Nothing is paid twice, and a case has at most one payment waiting at the gateway.
    create unique index online_payment_paid_once on online_payment (municipality_id, case_id) where status = 'paid';
    create unique index online_payment_one_pending on online_payment (municipality_id, case_id) where status = 'pending';
    create table online_payment_notification (
      municipality_id uuid not null,
      provider text not null,
      notification_id text not null,
      payment_id uuid not null,
      status text not null,
      received_at timestamptz not null,
      primary key (municipality_id, provider, notification_id)
    );
    create table online_payment_sandbox (
      municipality_id uuid not null,
      ref text not null,
      amount_yen integer not null,
      description text not null,
      return_url text not null,
      status text not null check (status in ('open', 'paid', 'cancelled', 'failed')),
      created_at timestamptz not null,
      decided_at timestamptz,
      primary key (municipality_id, ref)
    );
  `.execute(db);
}
