import type { Kysely } from 'kysely';
import { catalogue, publish, publishRuleSet } from '@madoguchi/procedures';
import type { Database } from '../../platform/db/schema';
import { appendAudit } from '../../platform/audit/audit';
import { AppError } from '../../platform/http/errors';
import { getMunicipality, listDepartments } from '../tenancy/service';
import { matchCatalogueDepartments } from './departments';
import { insertRuleSetVersion } from './navigator-store';
import { insertVersion } from './store';

export interface CatalogueSeedResult {
  /** false when the municipality already had a catalogue; nothing was changed then. */
  seeded: boolean;
  procedures: number;
  rules: number;
}

/** The shipped texts are written for this city; another municipality gets its own name in them. */
const SHIPPED_MUNICIPALITY = catalogue.navigatorRules.municipality.name;

function renameMunicipality<T>(value: T, name: string): T {
  if (name === SHIPPED_MUNICIPALITY) return value;
  return JSON.parse(JSON.stringify(value).replaceAll(SHIPPED_MUNICIPALITY, name)) as T;
}

/**
 * Gives a municipality without a catalogue the shipped one: every procedure as published version 1,
 * the navigator rules as version 1, and the catalogue's department references resolved to the
 * municipality's departments (by name, else by code). Refuses, changing nothing, when a department
 * the catalogue needs is missing. Runs in its own transaction.
 */
export async function seedProcedureCatalogue(deps: { db: Kysely<Database>; now: () => Date }, municipalityId: string): Promise<CatalogueSeedResult> {
  const now = deps.now();
  return deps.db.transaction().execute(async (trx) => {
    for (const table of ['procedure_version', 'procedure_draft', 'navigator_rule_version'] as const) {
      const any = await trx.selectFrom(table).select('municipality_id').where('municipality_id', '=', municipalityId).limit(1).executeTakeFirst();
      if (any) return { seeded: false, procedures: 0, rules: 0 };
    }

    const municipality = await getMunicipality(trx, municipalityId);
    const match = matchCatalogueDepartments(catalogue.departments, await listDepartments(trx, municipalityId));
    if (match.missing.length > 0) {
      const names = [...new Set(match.missing.map((d) => d.name))].join('・');
      throw new AppError(422, 'CATALOGUE_DEPARTMENTS_MISSING', `手続きカタログの担当課（${names}）がこの自治体の課にありません。課を登録してから、もう一度カタログを登録してください。`);
    }
    for (const { catalogue: c, department } of match.matched) {
      await trx
        .insertInto('procedure_department')
        .values({ municipality_id: municipalityId, ref: c.id, department_id: department.id, section: c.section, floor: c.floor, desk: c.desk, phone: c.phone })
        .onConflict((oc) => oc.columns(['municipality_id', 'ref']).doNothing())
        .execute();
    }

    const publishedAt = now.toISOString();
    const departmentIds = match.matched.map((x) => x.catalogue.id);
    for (const shipped of catalogue.procedures) {
      const result = publish(renameMunicipality(shipped, municipality.name), [], { publishedAt, departmentIds });
      // catalogue.test.ts in the package pins the shipped definitions' validity; this is a broken build.
      if (!result.ok) throw new Error(`shipped procedure ${shipped.id} does not publish: ${result.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
      await insertVersion(trx, municipalityId, result.version, null);
    }
    const ruleSet = renameMunicipality({ ...catalogue.navigatorRules, municipality: { name: municipality.name, prefecture: municipality.prefecture } }, municipality.name);
    const rules = publishRuleSet(ruleSet, [], catalogue.procedures.map((p) => p.id), { publishedAt });
    if (!rules.ok) throw new Error(`shipped navigator rules do not publish: ${rules.issues.map((i) => `${i.path} ${i.message}`).join('; ')}`);
    await insertRuleSetVersion(trx, municipalityId, rules.published, null);

    await appendAudit(trx, {
      municipalityId, actorStaffId: null, action: 'procedure.catalogue_seed', subjectType: 'procedure_catalogue',
      details: { source: 'shipped', procedures: catalogue.procedures.length, rules: ruleSet.rules.length, departments: departmentIds },
    }, now);
    return { seeded: true, procedures: catalogue.procedures.length, rules: ruleSet.rules.length };
  });
}
