import type { Kysely } from 'kysely';
import { ageOn, formatWareki, parseDateQuery, todayInJapan, type IsoDate } from '@madoguchi/jp';
import type { Database } from '../../platform/db/schema';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { AppError, badRequest, notFound } from '../../platform/http/errors';
import { PgRegistry, insertHouseholds } from './pg-registry';
import { parseRegistryCsv } from './import';
import { CHANGE_KINDS, type AddressParts, type HouseholdRecord, type ResidentRecord, type ResidentStatus } from './types';

export interface RegistryDeps {
  db: Kysely<Database>;
  now: () => Date;
}

export interface ResidentSummary {
  id: string;
  name: string;
  kana: string;
  birthDate: string;
  birthDateWareki: string;
  age: number;
  sex: 'male' | 'female';
  status: ResidentStatus;
  address: string;
  householdId: string;
  relationship: string;
}

export const formatAddress = (a: AddressParts) => `${a.prefecture}${a.city}${a.town}${a.block}${a.building ? ` ${a.building}` : ''}`;

export function summarize(r: ResidentRecord, today: IsoDate): ResidentSummary {
  return {
    id: r.id,
    name: `${r.familyName} ${r.givenName}`,
    kana: `${r.familyNameKana} ${r.givenNameKana}`,
    birthDate: r.birthDate,
    birthDateWareki: formatWareki(r.birthDate as IsoDate),
    age: ageOn(r.birthDate as IsoDate, today),
    sex: r.sex,
    status: r.status,
    address: formatAddress(r.address),
    householdId: r.householdId,
    relationship: r.relationship,
  };
}

export interface SearchInput {
  q?: string | undefined;
  birth?: string | undefined;
  address?: string | undefined;
  householdId?: string | undefined;
  status?: ResidentStatus | undefined;
  limit: number;
  offset: number;
}

/** The purpose recorded with every read when the caller does not name a procedure. */
export const DEFAULT_PURPOSE = '住民情報照会';

export async function searchResidents(deps: RegistryDeps, staff: StaffPrincipal, input: SearchInput, requestId: string | null) {
  const q = input.q?.trim() || undefined;
  const address = input.address?.trim() || undefined;
  const birthText = input.birth?.trim() || undefined;
  if (!q && !address && !birthText && !input.householdId) {
    throw badRequest('QUERY_TOO_BROAD', '氏名・カナ、生年月日、住所のいずれかを入力して検索してください。');
  }
  let birth: { from: string; to: string } | undefined;
  if (birthText) {
    const parsed = parseDateQuery(birthText);
    if (!parsed.ok) throw badRequest('INVALID_DATE', parsed.message, [{ path: 'birth', message: parsed.message }]);
    birth = { from: parsed.value.from, to: parsed.value.to };
  }
  return deps.db.transaction().execute(async (trx) => {
    const registry = new PgRegistry(trx);
    const result = await registry.search(staff.municipalityId, { q, address, birth, householdId: input.householdId, status: input.status, limit: input.limit, offset: input.offset });
    await appendAudit(trx, {
      municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'resident.search', purpose: DEFAULT_PURPOSE, requestId,
      details: { criteria: { q, birth: birthText, address, householdId: input.householdId, status: input.status }, total: result.total, resultIds: result.items.map((r) => r.id) },
    }, deps.now());
    const today = todayInJapan(deps.now());
    return { items: result.items.map((r) => summarize(r, today)), total: result.total, totalIsLowerBound: result.totalIsLowerBound };
  });
}

export async function getResidentDetail(deps: RegistryDeps, staff: StaffPrincipal, id: string, purpose: string | undefined, requestId: string | null) {
  return deps.db.transaction().execute(async (trx) => {
    const registry = new PgRegistry(trx);
    const r = await registry.getResident(staff.municipalityId, id);
    if (!r) throw notFound('RESIDENT_NOT_FOUND', '該当する住民が見つかりません。検索からやり直してください。');
    const [household, members, history] = await Promise.all([
      registry.getHousehold(staff.municipalityId, r.householdId),
      registry.listHouseholdMembers(staff.municipalityId, r.householdId),
      registry.history(staff.municipalityId, r.id),
    ]);
    await appendAudit(trx, {
      municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'resident.read', subjectType: 'resident', subjectId: r.id,
      purpose: purpose ?? DEFAULT_PURPOSE, requestId, details: { householdMemberIds: members.map((m) => m.id) },
    }, deps.now());
    const today = todayInJapan(deps.now());
    return {
      resident: {
        ...summarize(r, today),
        familyName: r.familyName, givenName: r.givenName, familyNameKana: r.familyNameKana, givenNameKana: r.givenNameKana,
        residentRecordCode: r.residentRecordCode, residentSince: r.residentSince, movedInFrom: r.movedInFrom, postalCode: r.postalCode, addressParts: r.address,
      },
      household: householdView(household!, members, today),
      history: history.map((h) => ({
        ...h,
        kindLabel: CHANGE_KINDS[h.kind] ?? h.kind,
        effectiveDateWareki: formatWareki(h.effectiveDate as IsoDate),
      })),
    };
  });
}

function householdView(h: HouseholdRecord, members: ResidentRecord[], today: IsoDate) {
  return { id: h.id, address: formatAddress(h.address), postalCode: h.postalCode, householderId: h.householderId, members: members.map((m) => summarize(m, today)) };
}

export async function getHouseholdDetail(deps: RegistryDeps, staff: StaffPrincipal, id: string, requestId: string | null) {
  return deps.db.transaction().execute(async (trx) => {
    const registry = new PgRegistry(trx);
    const h = await registry.getHousehold(staff.municipalityId, id);
    if (!h) throw notFound('HOUSEHOLD_NOT_FOUND', '該当する世帯が見つかりません。検索からやり直してください。');
    const members = await registry.listHouseholdMembers(staff.municipalityId, id);
    await appendAudit(trx, {
      municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'household.read', subjectType: 'household', subjectId: id,
      purpose: DEFAULT_PURPOSE, requestId, details: { memberIds: members.map((m) => m.id) },
    }, deps.now());
    return householdView(h, members, todayInJapan(deps.now()));
  });
}

/** All rows are checked first; only a file without a single error is written, in one transaction. */
export async function importRegistryCsv(deps: RegistryDeps, staff: StaffPrincipal, bytes: Uint8Array, dryRun: boolean, requestId: string | null) {
  const parsed = await parseRegistryCsv(deps.db, staff.municipalityId, bytes);
  if (parsed.errors.length > 0) {
    throw new AppError(422, 'IMPORT_ROWS_INVALID', `取り込めない行が${parsed.errors.length}件あります。一覧の内容を直してから、もう一度取り込んでください（まだ何も取り込んでいません）。`, parsed.errors.slice(0, 500));
  }
  const residents = parsed.households.reduce((n, h) => n + h.members.length, 0);
  if (dryRun) return { dryRun: true, imported: residents, households: parsed.households.length, encoding: parsed.encoding };
  await deps.db.transaction().execute(async (trx) => {
    await insertHouseholds(trx, staff.municipalityId, parsed.households, { kind: 'import', reason: 'CSV取込', recordedBy: staff.id });
    await appendAudit(trx, {
      municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'registry.import', requestId,
      details: { residents, households: parsed.households.length, encoding: parsed.encoding },
    }, deps.now());
  });
  return { dryRun: false, imported: residents, households: parsed.households.length, encoding: parsed.encoding };
}

export {
  addressInMunicipality, applyCorrection, applyHouseholdChange, applyMoveIn, applyMoveOut, applyMoveWithin,
  findActiveByBirthAndAddress, findActiveByNameAndBirth, residentWithHousehold,
} from './changes';
export { CsvSyntaxError, decodeCsvBytes, parseCsv } from './csv';
export type { AddressInput, ChangeContext, ChangeResult, CorrectionInput, HouseholdChangeInput, Municipal, MoveInInput, MoveOutInput, MoveWithinInput, NewPerson } from './changes';
