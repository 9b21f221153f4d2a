import { randomUUID } from 'node:crypto';
import { sql, type Insertable, type Kysely, type Selectable, type Transaction } from 'kysely';
import { foldKanaForSearch, normalizeName } from '@madoguchi/jp';
import type { Database, HouseholdTable, ResidenceChangeTable, ResidentTable } from '../../platform/db/schema';
import type {
  ChangeKind, HouseholdRecord, NewHousehold, RegistryAdapter, ResidenceChangeRecord, ResidentRecord, SearchCriteria,
} from './types';

type Db = Kysely<Database> | Transaction<Database>;

/** LIKE patterns are built from user text: its own % and _ must match literally. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Kana-only text searches the reading; anything with kanji searches the written name. */
const isKanaOnly = (text: string) => /^[\p{Script=Hiragana}\p{Script=Katakana}ー・\s]+$/u.test(text);

/** Counting stops here: "1,000件以上" is all a person needs to know to narrow the search. */
export const COUNT_CAP = 1000;

export const nameKey = (family: string, given: string) => normalizeName(`${family}${given}`).replace(/\s+/g, '');

function toRecord(r: Selectable<ResidentTable> & Pick<Selectable<HouseholdTable>, 'postal_code' | 'prefecture' | 'city' | 'town' | 'block' | 'building'>): ResidentRecord {
  return {
    id: r.id,
    householdId: r.household_id,
    residentRecordCode: r.resident_record_code,
    familyName: r.family_name,
    givenName: r.given_name,
    familyNameKana: r.family_name_kana,
    givenNameKana: r.given_name_kana,
    birthDate: r.birth_date,
    sex: r.sex,
    relationship: r.relationship,
    status: r.status,
    residentSince: r.resident_since,
    movedInFrom: r.moved_in_from,
    postalCode: r.postal_code,
    address: { prefecture: r.prefecture, city: r.city, town: r.town, block: r.block, building: r.building },
  };
}

export class PgRegistry implements RegistryAdapter {
  constructor(private readonly db: Db) {}

  private residentsWithAddress(municipalityId: string) {
    return this.db
      .selectFrom('resident as r')
      .innerJoin('household as h', (j) => j.onRef('h.municipality_id', '=', 'r.municipality_id').onRef('h.id', '=', 'r.household_id'))
      .selectAll('r')
      .select(['h.postal_code', 'h.prefecture', 'h.city', 'h.town', 'h.block', 'h.building'])
      .where('r.municipality_id', '=', municipalityId);
  }

  /** Every criterion except the name, which decides the index each branch walks. */
  private filtered(municipalityId: string, c: SearchCriteria) {
    let query = this.db
      .selectFrom('resident as r')
      .innerJoin('household as h', (j) => j.onRef('h.municipality_id', '=', 'r.municipality_id').onRef('h.id', '=', 'r.household_id'))
      .where('r.municipality_id', '=', municipalityId);
    if (c.birth) query = query.where('r.birth_date', '>=', c.birth.from).where('r.birth_date', '<=', c.birth.to);
    if (c.address) {
      const pattern = '%' + escapeLike(normalizeName(c.address).replace(/\s+/g, '')) + '%';
      query = query.where(sql<string>`h.town || h.block || coalesce(h.building, '')`, 'like', pattern);
    }
    if (c.householdId) query = query.where('r.household_id', '=', c.householdId);
    if (c.status) query = query.where('r.status', '=', c.status);
    return query;
  }

  /**
   * Name searches walk an index in order and stop after one page, so a common prefix (サト in a
   * city of a million) costs the same as a rare one. Kana matches the full reading first (family
   * name onwards), then given-name readings; text with kanji matches the written name. The total
   * is counted up to COUNT_CAP and reported as a lower bound beyond it.
   */
  async search(municipalityId: string, c: SearchCriteria) {
    const window = c.offset + c.limit;
    const text = c.q ? normalizeName(c.q) : '';
    type Key = 'r.kana_key' | 'r.given_kana_key' | 'r.name_key';
    let branches: { key: Key; rank: number; exclude?: Key }[] = [];
    let pattern = '';
    if (text && isKanaOnly(text)) {
      pattern = escapeLike(foldKanaForSearch(text)) + '%';
      branches = [{ key: 'r.kana_key', rank: 0 }, { key: 'r.given_kana_key', rank: 1, exclude: 'r.kana_key' }];
    } else if (text) {
      pattern = escapeLike(text.replace(/\s+/g, '')) + '%';
      branches = [{ key: 'r.name_key', rank: 0 }];
    }
    const page = branches.length === 0
      ? this.filtered(municipalityId, c).select(['r.id', sql<number>`0`.as('rank'), 'r.kana_key as sort_key', 'r.birth_date'])
          .orderBy('r.kana_key').orderBy('r.birth_date').orderBy('r.id').limit(c.limit).offset(c.offset)
      : null;
    let ids: string[];
    if (page) {
      ids = (await page.execute()).map((r) => r.id);
    } else {
      const parts = branches.map((b) => {
        let q = this.filtered(municipalityId, c).where(b.key, 'like', pattern);
        if (b.exclude) q = q.where(b.exclude, 'not like', pattern);
        return q.select(['r.id', sql<number>`${sql.lit(b.rank)}`.as('rank'), sql<string>`${sql.ref(b.key)}`.as('sort_key'), 'r.birth_date'])
          .orderBy(b.key).orderBy('r.birth_date').orderBy('r.id').limit(window);
      });
      const union = parts.map((q) => sql`(${q})`).reduce((a, b) => sql`${a} union all ${b}`);
      const rows = await sql<{ id: string }>`select id from (${union}) hits order by rank, sort_key, birth_date, id limit ${c.limit} offset ${c.offset}`.execute(this.db);
      ids = rows.rows.map((r) => r.id);
    }
    const counted = this.filtered(municipalityId, c).select(sql<number>`1`.as('one')).limit(COUNT_CAP + 1);
    const countQuery = branches.length === 0
      ? counted
      : counted.where((eb) => eb.or(branches.map((b) => eb(b.key, 'like', pattern))));
    const countRow = await sql<{ n: string }>`select count(*) as n from (${countQuery}) t`.execute(this.db);
    const total = Number(countRow.rows[0]?.n ?? 0);
    if (ids.length === 0) return { items: [], total: Math.min(total, COUNT_CAP), totalIsLowerBound: total > COUNT_CAP };
    const records = await this.residentsWithAddress(municipalityId).where('r.id', 'in', ids).execute();
    const byId = new Map(records.map((r) => [r.id, toRecord(r)]));
    return { items: ids.map((id) => byId.get(id)!).filter(Boolean), total: Math.min(total, COUNT_CAP), totalIsLowerBound: total > COUNT_CAP };
  }

  async getResident(municipalityId: string, id: string) {
    const row = await this.residentsWithAddress(municipalityId).where('r.id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  async getHousehold(municipalityId: string, id: string): Promise<HouseholdRecord | null> {
    const h = await this.db.selectFrom('household').selectAll().where('municipality_id', '=', municipalityId).where('id', '=', id).executeTakeFirst();
    if (!h) return null;
    return {
      id: h.id,
      postalCode: h.postal_code,
      address: { prefecture: h.prefecture, city: h.city, town: h.town, block: h.block, building: h.building },
      householderId: h.householder_id,
    };
  }

  async listHouseholdMembers(municipalityId: string, householdId: string) {
    const rows = await this.residentsWithAddress(municipalityId)
      .where('r.household_id', '=', householdId)
      .orderBy(sql`r.relationship = '世帯主'`, 'desc')
      .orderBy('r.birth_date')
      .execute();
    return rows.map(toRecord);
  }

  async history(municipalityId: string, residentId: string): Promise<ResidenceChangeRecord[]> {
    const rows = await this.db
      .selectFrom('residence_change')
      .select(['id', 'kind', 'effective_date', 'recorded_at', 'reason', 'details'])
      .where('municipality_id', '=', municipalityId)
      .where('resident_id', '=', residentId)
      .orderBy('effective_date', 'desc')
      .orderBy('recorded_at', 'desc')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as ChangeKind,
      effectiveDate: r.effective_date,
      recordedAt: new Date(r.recorded_at).toISOString(),
      reason: r.reason,
      details: (r.details ?? {}) as Record<string, unknown>,
    }));
  }
}

export interface InsertChange {
  kind: ChangeKind;
  reason: string;
  recordedBy: string | null;
  /** When absent, each resident's residentSince is the change's effective date. */
  effectiveDate?: string;
}

/**
 * Writes new households with their members and one change-history event per resident, in multi-row
 * statements (the demo city is 14,000 people; the benchmark city a million).
 */
export async function insertHouseholds(db: Db, municipalityId: string, households: readonly NewHousehold[], change: InsertChange): Promise<{ households: number; residents: number }> {
  const householdRows: Insertable<HouseholdTable>[] = [];
  const residentRows: Insertable<ResidentTable>[] = [];
  const changeRows: Insertable<ResidenceChangeTable>[] = [];
  for (const h of households) {
    const householdId = randomUUID();
    const memberIds = h.members.map(() => randomUUID());
    householdRows.push({
      municipality_id: municipalityId, id: householdId, postal_code: h.postalCode, prefecture: h.address.prefecture,
      city: h.address.city, town: h.address.town, block: h.address.block, building: h.address.building,
      householder_id: memberIds[0] ?? null,
    });
    h.members.forEach((m, i) => {
      const id = memberIds[i]!;
      residentRows.push({
        municipality_id: municipalityId, id, household_id: householdId, resident_record_code: m.residentRecordCode,
        family_name: m.familyName, given_name: m.givenName, family_name_kana: m.familyNameKana, given_name_kana: m.givenNameKana,
        kana_key: foldKanaForSearch(m.familyNameKana + m.givenNameKana), given_kana_key: foldKanaForSearch(m.givenNameKana),
        name_key: nameKey(m.familyName, m.givenName), birth_date: m.birthDate, sex: m.sex, relationship: m.relationship,
        status: 'active', resident_since: m.residentSince, moved_in_from: m.movedInFrom, left_on: null, moved_out_to: null,
      });
      changeRows.push({
        municipality_id: municipalityId, id: randomUUID(), resident_id: id, household_id: householdId, kind: change.kind,
        effective_date: change.effectiveDate ?? m.residentSince, recorded_by: change.recordedBy,
        reason: change.reason, details: JSON.stringify(m.movedInFrom ? { from: m.movedInFrom } : {}),
      });
    });
  }
  for (const batch of chunks(householdRows, 1000)) await db.insertInto('household').values(batch).execute();
  for (const batch of chunks(residentRows, 500)) await db.insertInto('resident').values(batch).execute();
  for (const batch of chunks(changeRows, 1000)) await db.insertInto('residence_change').values(batch).execute();
  return { households: householdRows.length, residents: residentRows.length };
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}
