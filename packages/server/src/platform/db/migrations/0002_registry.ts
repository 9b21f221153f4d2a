import { sql, type Kysely } from 'kysely';

/** 住民記録: the stand-in for the city's core registry system. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table household (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      postal_code char(7) not null,
      prefecture text not null,
      city text not null,
      town text not null,
      block text not null,
      building text,
      householder_id uuid,
      created_at timestamptz not null default now(),
      primary key (municipality_id, id)
    );
    create index household_address on household (municipality_id, town, block);

    create table resident (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      household_id uuid not null,
      resident_record_code char(11) not null,
      family_name text not null,
      given_name text not null,
      family_name_kana text not null,
      given_name_kana text not null,
      -- Search keys: kana folded to one form (no spaces, katakana), so ﾔﾏﾀﾞ = やまだ = ヤマダ.
      -- Collation "C" makes one btree index serve both the prefix LIKE and the ORDER BY, and
      -- orders katakana in 五十音 order (code point order).
      kana_key text collate "C" not null,
      given_kana_key text collate "C" not null,
      name_key text collate "C" not null,
      birth_date date not null,
      sex text not null check (sex in ('male', 'female')),
      relationship text not null,
      status text not null check (status in ('active', 'moved_out', 'deceased')),
      resident_since date not null,
      moved_in_from text,
      left_on date,
      moved_out_to text,
      created_at timestamptz not null default now(),
      updated_at timestamptz not null default now(),
      primary key (municipality_id, id),
      unique (municipality_id, resident_record_code),
      foreign key (municipality_id, household_id) references household(municipality_id, id)
    );
    create index resident_kana_key on resident (municipality_id, kana_key, birth_date, id);
    create index resident_given_kana_key on resident (municipality_id, given_kana_key, birth_date, id);
    create index resident_name_key on resident (municipality_id, name_key, birth_date, id);
    create index resident_birth_date on resident (municipality_id, birth_date);
    create index resident_household on resident (municipality_id, household_id);

    create table residence_change (
      municipality_id uuid not null references municipality(id),
      id uuid not null,
      resident_id uuid not null,
      household_id uuid not null,
      kind text not null,
      effective_date date not null,
      recorded_at timestamptz not null default now(),
      recorded_by uuid,
      reason text not null,
      details jsonb not null default '{}',
      primary key (municipality_id, id),
      foreign key (municipality_id, resident_id) references resident(municipality_id, id)
    );
    create index residence_change_resident on residence_change (municipality_id, resident_id, effective_date);
  `.execute(db);
}
