/**
 * npm run audit:verify — recomputes every tenant's audit hash chain and exits 1 if any is broken.
 * With the embedded database, stop the server first (PGlite allows one process at a time).
 */
import { loadConfig } from '../platform/config';
import { openDatabase } from '../platform/db/database';
import { chainPendingAudit, verifyAuditChain } from '../platform/audit/audit';

const config = loadConfig();
const handle = await openDatabase(config.database);
let broken = 0;
try {
  const tenants = await handle.db.selectFrom('municipality').select(['id', 'name', 'local_government_code']).orderBy('local_government_code').execute();
  // Events a stopped server left pending are linked first, so they are verified too.
  const linked = await chainPendingAudit(handle.db);
  if (linked > 0) console.log(`連結待ちの記録${linked}件を鎖につなぎました / linked ${linked} pending events`);
  for (const t of tenants) {
    const r = await verifyAuditChain(handle.db, t.id);
    if (r.pending > 0) console.log(`     ${t.local_government_code} ${t.name}: 連結待ち${r.pending}件（最古 ${r.oldestPendingAt}） / ${r.pending} events not yet chained`);
    if (r.ok) {
      console.log(`OK   ${t.local_government_code} ${t.name}: ${r.checked}件の記録を検証しました / ${r.checked} events verified`);
    } else {
      broken++;
      console.log(`NG   ${t.local_government_code} ${t.name}: 連番${r.firstBrokenSeq}で不整合 / chain broken at seq ${r.firstBrokenSeq}: ${r.reason}`);
    }
  }
} finally {
  await handle.close();
}
process.exit(broken > 0 ? 1 : 0);
