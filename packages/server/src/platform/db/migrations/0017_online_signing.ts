import { sql, type Kysely } from 'kysely';

/**
 * スマート申請 with the My Number card:
 * - `online_signature`: each signed submission's CMS (署名用電子証明書) and what the server found
 *   when it verified it (signer's name and address from the certificate, serial, revocation check).
 * - `online_card_link`: a resident account's 利用者証明用 certificate (serial and SHA-256 only;
 *   never the individual number, which the certificate does not carry anyway).
 * - `online_card_challenge`: one-time challenges for card login.
 * - sessions remember how the resident logged in (account or card); guest accounts are marked.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table online_signature (
      municipality_id uuid not null,
      id uuid not null,
      case_id uuid not null,
      cms bytea not null,
      content_sha256 char(64) not null,
      signer_name text not null,
      signer_address text not null,
      certificate_serial text not null,
      certificate_sha256 char(64) not null,
      certificate_not_after timestamptz not null,
      revocation_source text not null check (revocation_source in ('ocsp', 'crl')),
      revocation_checked_at timestamptz not null,
      signing_time timestamptz,
      verified_at timestamptz not null,
      primary key (municipality_id, id),
      foreign key (municipality_id, case_id) references case_record(municipality_id, id)
    );
    create index online_signature_case on online_signature (municipality_id, case_id, verified_at);

    create table online_card_link (
      municipality_id uuid not null,
      certificate_sha256 char(64) not null,
      account_id uuid not null,
      certificate_serial text not null,
      certificate_not_after timestamptz not null,
      linked_at timestamptz not null,
      primary key (municipality_id, certificate_sha256),
      foreign key (municipality_id, account_id) references online_account(municipality_id, id)
    );
    create index online_card_link_account on online_card_link (municipality_id, account_id);

    create table online_card_challenge (
      municipality_id uuid not null,
      id uuid not null,
      challenge bytea not null,
      expires_at timestamptz not null,
      used_at timestamptz,
      primary key (municipality_id, id)
    );

    alter table online_session add column auth_level text not null default 'account' check (auth_level in ('account', 'card'));
    alter table online_account add column guest boolean not null default false;
  `.execute(db);
}
