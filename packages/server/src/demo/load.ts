import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/schema';
import { appendAudit } from '../platform/audit/audit';
import type { Role } from '../platform/auth/roles';
import { insertHouseholds } from '../modules/registry/pg-registry';
import type { NewHousehold } from '../modules/registry/types';
import { createStaff } from '../modules/staff/service';
import { seedProcedureCatalogue } from '../modules/procedures/service';
import { seedDemoQueue } from '../modules/queue/service';
import { seedDemoTaxi } from '../modules/taxi/demo';
import { seedDemoTaxiTerminal } from '../modules/taxi/terminal/demo';
import { seedDemoOutreach } from '../modules/outreach/demo';
import { applyPriorityTemplates } from '../modules/online/publications';
import { scheduleRetention } from '../modules/online/retention';
import { createMunicipality, listDepartments } from '../modules/tenancy/service';
import type { FieldCipher } from '../platform/crypto/field-encryption';
import { DEFAULT_REFERENCE_DATE, generateCity } from './generate';
import { OBANAZAWA, OISHIDA, type DemoHousehold, type DemoMunicipality } from './types';

export const DEMO_PASSWORD = 'madoguchi-demo';
export const DEMO_SEED = 20240201;

/**
 * The organisation of a small city hall, as data. The procedure catalogue's sections
 * (@madoguchi/procedures catalogue/departments.ts) are matched to these by name, and the desks agree.
 */
export const DEMO_DEPARTMENTS = [
  { code: 'shimin', name: '市民税務課', location: '1階 1・2番窓口' },
  { code: 'kenko', name: '健康増進課', location: '1階 4・5番窓口' },
  { code: 'fukushi', name: '福祉課', location: '1階 6番窓口' },
  { code: 'kodomo', name: 'こども未来課', location: '1階 7番窓口' },
  { code: 'gakko', name: '教育委員会 学校教育課', location: '2階 21番窓口' },
  { code: 'kankyo', name: '環境整備課', location: '2階 24番窓口' },
  { code: 'somu', name: '総務課', location: '3階' },
];

interface DemoStaff {
  loginId: string;
  displayName: string;
  roles: Role[];
  department: string;
}

const DEMO_TENANTS: { municipality: DemoMunicipality; population: number; staff: DemoStaff[] }[] = [
  {
    municipality: OBANAZAWA,
    population: 14_000,
    staff: [
      { loginId: 'clerk', displayName: '窓口 花子', roles: ['counter_staff'], department: 'shimin' },
      { loginId: 'reviewer', displayName: '審査 一郎', roles: ['department_reviewer'], department: 'kodomo' },
      // 国保・子ども医療費 (健康増進課): finds the counter's cases in its own inbox.
      { loginId: 'kokuho', displayName: '保険 次郎', roles: ['department_reviewer'], department: 'kenko' },
      { loginId: 'admin', displayName: '情報 管理', roles: ['municipality_admin'], department: 'somu' },
    ],
  },
  {
    municipality: OISHIDA,
    population: 600,
    staff: [{ loginId: 'clerk', displayName: '大石田 窓口', roles: ['counter_staff'], department: 'shimin' }],
  },
];

export const toNewHousehold = (h: DemoHousehold): NewHousehold => ({
  postalCode: h.address.postalCode,
  address: { prefecture: h.address.prefecture, city: h.address.city, town: h.address.town, block: h.address.block, building: h.address.building },
  members: h.members.map((m) => ({ ...m })),
});

export async function isDatabaseEmpty(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('municipality').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

/**
 * Loads the demo tenants: 尾花沢市 with about 14,000 fictional residents, and 大石田町 as a second
 * tenant. Deterministic: the same seed gives the same people on every machine.
 */
export async function loadDemoData(deps: { db: Kysely<Database>; cipher: FieldCipher; now: () => Date }, opts: { populationScale?: number } = {}) {
  const scale = opts.populationScale ?? 1;
  const summary: { municipality: string; code: string; residents: number; households: number }[] = [];
  for (const tenant of DEMO_TENANTS) {
    const m = await deps.db.transaction().execute((trx) =>
      createMunicipality(trx, { ...tenant.municipality, departments: DEMO_DEPARTMENTS }),
    );
    await seedProcedureCatalogue(deps, m.id);
    // 待たない窓口: 本庁舎1階 and the 移動市役所 with kiosks, slots and four weeks of history.
    if (tenant.municipality.localGovernmentCode === OBANAZAWA.localGovernmentCode) await seedDemoQueue(deps, m.id);
    // スマート申請: the 子育て procedures are online in the demo, as a city starting with the 重点計画 would.
    await applyPriorityTemplates(deps.db, m.id, deps.now());
    await scheduleRetention(deps.db, m.id, deps.now());
    const departments = await listDepartments(deps.db, m.id);
    for (const s of tenant.staff) {
      const dept = departments.find((d) => d.code === s.department);
      await createStaff(deps, null, m.id, { loginId: s.loginId, displayName: s.displayName, password: DEMO_PASSWORD, roles: s.roles, departmentIds: dept ? [dept.id] : [] });
    }
    // 移動市役所: five districts, forty stops, a published month of routes (planned by the demo admin).
    if (tenant.municipality.localGovernmentCode === OBANAZAWA.localGovernmentCode) await seedDemoOutreach(deps, m.id);
    const households: NewHousehold[] = [];
    for (const h of generateCity({ seed: DEMO_SEED, municipality: tenant.municipality, targetPopulation: Math.round(tenant.population * scale), referenceDate: DEFAULT_REFERENCE_DATE })) {
      households.push(toNewHousehold(h));
    }
    const counts = await deps.db.transaction().execute(async (trx) => {
      const c = await insertHouseholds(trx, m.id, households, { kind: 'import', reason: 'デモデータ', recordedBy: null });
      await appendAudit(trx, { municipalityId: m.id, actorStaffId: null, action: 'registry.import', details: { source: 'demo', ...c } }, deps.now());
      return c;
    });
    // 電子タクシー券: a 令和8年度 programme, three operators, elderly beneficiaries and the year's rides and claims.
    if (tenant.municipality.localGovernmentCode === OBANAZAWA.localGovernmentCode) await seedDemoTaxi(deps, m.id, DEMO_PASSWORD);
    // The in-taxi terminal: demo drivers (1001 / 1234) and a taxi device linked to a terminal.
    if (tenant.municipality.localGovernmentCode === OBANAZAWA.localGovernmentCode) await seedDemoTaxiTerminal(deps, m.id);
    summary.push({ municipality: m.name, code: m.localGovernmentCode, ...counts });
  }
  return summary;
}

export { DEMO_TENANTS };
