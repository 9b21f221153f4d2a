import { sql, type Kysely } from 'kysely';

/**
 * Departments are retired rather than deleted: staff, procedure sections and past cases refer to
 * them, and a retired 課 must still be shown by name in those records. `retired_at` is the flag
 * (null = in use) and also says since when, which the admin screen shows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    alter table department add column retired_at timestamptz;
    -- Two 課 in use with one name would be indistinguishable on every screen and printed guide; the
    -- procedure catalogue also matches its sections to departments by name. A retired name may return.
    create unique index department_active_name on department (municipality_id, name) where retired_at is null;
  `.execute(db);
}
