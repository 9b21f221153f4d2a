import { sql, type Kysely } from 'kysely';

/**
 * Departments are retired rather than deleted: staff, procedure sections and past cases refer to
 * them, and a retired 課 must still be shown by name in those records. `retired_at` is the flag
 * (null = in use) and also says since when, which the admin screen shows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter table department add column retired_at timestamptz`.execute(db);
}
