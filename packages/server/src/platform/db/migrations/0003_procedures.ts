import { sql, type Kysely } from 'kysely';

/**
 * The procedure catalogue: one mutable draft per procedure, immutable published versions (a case
 * pins procedure_id + version + content_hash), and the 手続きナビ rule set the same way.
 * Procedure ids are the definitions' own slugs ('residence-change'): they are what navigator rules
 * and cases refer to, and they are unique only within a municipality.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The definitions name their 担当 by a section slug ('kenko-boshi'); this resolves it to the
    -- municipality's own department row and keeps the desk details printed on the 手続き案内書.
    create table procedure_department (
      municipality_id uuid not null references municipality(id),
      ref text not null,
      department_id uuid not null,
      section text not null,
      floor text not null,
      desk text not null,
      phone text not null,
      primary key (municipality_id, ref),
      foreign key (municipality_id, department_id) references department(municipality_id, id)
    );

    create table procedure_draft (
      municipality_id uuid not null references municipality(id),
      procedure_id text not null,
      -- Bumped on every save; a save or publish names the revision it saw, so two editors
      -- cannot silently overwrite each other.
      revision integer not null check (revision > 0),
      definition jsonb not null,
      sample_answers jsonb not null default '{}',
      based_on_version integer,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      updated_by uuid,
      updated_by_name text,
      primary key (municipality_id, procedure_id)
    );

    create table procedure_version (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      procedure_id text not null,
      version integer not null check (version > 0),
      format_version integer not null,
      content_hash char(64) not null,
      definition jsonb not null,
      title text not null,
      department_ref text not null,
      published_at timestamptz not null,
      published_by uuid,
      -- The publisher's name as it was then: this is a record, not a live reference.
      published_by_name text,
      primary key (municipality_id, id),
      unique (municipality_id, procedure_id, version)
    );

    create table navigator_rule_draft (
      municipality_id uuid primary key references municipality(id),
      revision integer not null check (revision > 0),
      rule_set jsonb not null,
      based_on_version integer,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      updated_by uuid,
      updated_by_name text
    );

    create table navigator_rule_version (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      version integer not null check (version > 0),
      content_hash char(64) not null,
      rule_set jsonb not null,
      published_at timestamptz not null,
      published_by uuid,
      published_by_name text,
      primary key (municipality_id, id),
      unique (municipality_id, version)
    );

    -- Published versions are never changed: cases made with them must print and evaluate the same
    -- for as long as they are kept. The content hash shows whether someone with DDL rights did anyway.
    create function published_version_immutable() returns trigger language plpgsql as $$
    begin
      raise exception '% is immutable: publish a new version instead', tg_table_name;
    end $$;
    create trigger procedure_version_immutable before update or delete on procedure_version
      for each row execute function published_version_immutable();
    create trigger navigator_rule_version_immutable before update or delete on navigator_rule_version
      for each row execute function published_version_immutable();
  `.execute(db);
}
