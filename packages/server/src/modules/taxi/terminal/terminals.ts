import type { Kysely, Transaction } from 'kysely';
import { todayInJapan } from '@madoguchi/jp';
import type { Database } from '../../../platform/db/schema';
import { AppError } from '../../../platform/http/errors';

type Db = Kysely<Database> | Transaction<Database>;

/** The authenticated device (devices module: requireDevice). */
export interface TerminalIdentity {
  municipalityId: string;
  deviceId: string;
}

export async function terminalOfDevice(db: Db, device: TerminalIdentity) {
  const terminal = await db.selectFrom('taxi_terminal').selectAll()
    .where('municipality_id', '=', device.municipalityId).where('device_id', '=', device.deviceId).executeTakeFirst();
  if (!terminal || !terminal.active) {
    throw new AppError(403, 'TAXI_TERMINAL_UNKNOWN', 'この端末はタクシー端末として登録されていません。営業所から市役所の担当課に連絡してください。');
  }
  return terminal;
}

/** The active programme the terminal's operator takes part in today, and its rule version in force now. */
export async function currentProgramme(db: Db, municipalityId: string, operatorId: string, now: Date) {
  const today = todayInJapan(now);
  const programme = await db.selectFrom('taxi_programme as p')
    .innerJoin('taxi_programme_operator as po', (j) => j.onRef('po.municipality_id', '=', 'p.municipality_id').onRef('po.programme_id', '=', 'p.id'))
    .select(['p.id', 'p.name', 'p.fiscal_year'])
    .where('p.municipality_id', '=', municipalityId).where('po.operator_id', '=', operatorId)
    .where('p.status', '=', 'active').where('p.starts_on', '<=', today).where('p.ends_on', '>=', today)
    .where('po.joined_on', '<=', today)
    .where((eb) => eb.or([eb('po.left_on', 'is', null), eb('po.left_on', '>', today)]))
    .orderBy('p.starts_on', 'desc').limit(1).executeTakeFirst();
  if (!programme) {
    throw new AppError(404, 'TAXI_NO_PROGRAMME', '今日この事業者が使える電子タクシー券の制度がありません。営業所に確認してください。');
  }
  const version = await db.selectFrom('taxi_rule_version').select(['id', 'version', 'rules'])
    .where('municipality_id', '=', municipalityId).where('programme_id', '=', programme.id).where('effective_from', '<=', now)
    .orderBy('version', 'desc').limit(1).executeTakeFirst();
  if (!version) throw new AppError(404, 'TAXI_NO_PROGRAMME', '制度の規則がまだ公開されていません。営業所に確認してください。');
  return { programme, version };
}
