import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { DatabaseHandle } from './database';
import { createTestDatabase } from '../../../test/support/db';

/**
 * The rule that lets the schema be distributed by tenant (Citus): every table with a
 * municipality_id has it first in its primary key and in every unique key. A new table that breaks
 * the rule fails here.
 */
let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(() => handle.close());

const NOT_TENANT_SCOPED = new Set(['municipality', 'kysely_migration', 'kysely_migration_lock']);

describe('tenant-leading keys', () => {
  it('every table except the tenant table itself is tenant-scoped', async () => {
    const { rows } = await sql<{ table_name: string; has_tenant: boolean }>`
      select c.relname as table_name,
             exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'municipality_id' and not a.attisdropped) as has_tenant
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind = 'r'`.execute(handle.db);
    expect(rows.length).toBeGreaterThan(5);
    const unscoped = rows.filter((r) => !r.has_tenant && !NOT_TENANT_SCOPED.has(r.table_name)).map((r) => r.table_name);
    expect(unscoped).toEqual([]);
  });

  it('municipality_id leads every primary and unique key', async () => {
    const { rows } = await sql<{ table_name: string; index_name: string; first_column: string }>`
      select t.relname as table_name, i.relname as index_name, a.attname as first_column
      from pg_index x
      join pg_class t on t.oid = x.indrelid
      join pg_class i on i.oid = x.indexrelid
      join pg_namespace n on n.oid = t.relnamespace
      join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
      where n.nspname = 'public' and (x.indisunique or x.indisprimary)`.execute(handle.db);
    const scoped = rows.filter((r) => !NOT_TENANT_SCOPED.has(r.table_name));
    expect(scoped.length).toBeGreaterThan(8);
    const offenders = scoped.filter((r) => r.first_column !== 'municipality_id').map((r) => `${r.table_name}.${r.index_name}`);
    expect(offenders).toEqual([]);
  });

  it('ids are UUIDs, not serials', async () => {
    const { rows } = await sql<{ table_name: string; column_name: string }>`
      select table_name, column_name from information_schema.columns
      where table_schema = 'public' and column_default like 'nextval%'`.execute(handle.db);
    expect(rows.filter((r) => !NOT_TENANT_SCOPED.has(r.table_name))).toEqual([]);
  });
});
