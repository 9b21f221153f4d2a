import { sql, type Kysely } from 'kysely';

/**
 * Audit events no longer wait for one city-wide lock (platform/audit):
 * - `ord`: an identity column, the order in which events were written. The primary key becomes
 *   (municipality_id, ord); seq stays unique per city.
 * - seq, prev_hash and hash may be empty: an event written while another transaction of the same
 *   city holds the chain head is stored *pending* and is linked into the chain (seq and hashes set,
 *   once) by the next transaction that gets the head, or by the background chainer.
 * - The append-only trigger allows exactly that one update: a pending event getting its seq and
 *   hashes with every other column unchanged. Anything else is still refused.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table audit_event add column ord bigint generated always as identity;
    alter table audit_event drop constraint audit_event_pkey;
    alter table audit_event add primary key (municipality_id, ord);
    alter table audit_event add constraint audit_event_seq_key unique (municipality_id, seq);
    alter table audit_event alter column seq drop not null;
    alter table audit_event alter column prev_hash drop not null;
    alter table audit_event alter column hash drop not null;
    alter table audit_event add constraint audit_event_chained_whole check (
      (seq is null and prev_hash is null and hash is null) or (seq is not null and prev_hash is not null and hash is not null)
    );
    create index audit_event_pending on audit_event (municipality_id, ord) where seq is null;

    create or replace function audit_event_append_only() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and old.seq is null and new.seq is not null
        and (new.municipality_id, new.ord, new.id, new.at, new.actor_staff_id, new.action, new.subject_type,
             new.subject_id, new.purpose, new.request_id, new.details)
          is not distinct from
            (old.municipality_id, old.ord, old.id, old.at, old.actor_staff_id, old.action, old.subject_type,
             old.subject_id, old.purpose, old.request_id, old.details) then
        return new;
      end if;
      raise exception 'audit_event is append-only';
    end $$;
  `.execute(db);
}
