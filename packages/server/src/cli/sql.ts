/**
 * npm run db:sql -- "select …" — runs one SQL statement against the configured database and prints
 * the rows. For operators (and for trying the audit verification after editing a row by hand).
 * With the embedded database, stop the server first.
 */
import { sql } from 'kysely';
import { loadConfig } from '../platform/config';
import { openDatabase } from '../platform/db/database';

const statement = process.argv.slice(2).join(' ').trim();
if (!statement) {
  console.error('使い方 / usage: npm run db:sql -- "SQL"');
  process.exit(2);
}
const handle = await openDatabase(loadConfig().database);
try {
  const result = await sql.raw(statement).execute(handle.db);
  if (result.rows.length > 0) console.table(result.rows);
  else console.log(`OK (${result.numAffectedRows ?? 0n} rows affected)`);
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
} finally {
  await handle.close();
}
