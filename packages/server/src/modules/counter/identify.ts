import { ageOn, isIsoDate, todayInJapan, type IsoDate } from '@madoguchi/jp';
import { emptyMember, relationshipFromLabel } from '@madoguchi/procedures';
import { appendAudit } from '../../platform/audit/audit';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { badRequest } from '../../platform/http/errors';
import { findActiveByBirthAndAddress, findActiveByNameAndBirth, formatAddress, residentWithHousehold } from '../registry/service';
import { parseMoveData, type MoveData } from './imports';
import { nameKeyOf, plainAddress, splitName } from './names';
import type { Member, VisitState } from './model';
import { PURPOSE, updateVisitState, type CounterDeps, type VisitView } from './visits';

export interface CardMatch {
  kind: 'resident' | 'nameDiffers' | 'none';
  residentId: string | null;
  registryName: string | null;
}

const newMemberId = () => `m${crypto.randomUUID().slice(0, 8)}`;

/** The person on the card as the first member of the household, when none is entered yet. */
function memberFromCard(card: NonNullable<VisitState['identity']['card']>): Member {
  const { familyName, givenName } = splitName(card.name);
  return { ...emptyMember(newMemberId(), 'householder'), familyName, givenName, birthDate: card.birthDate, sex: card.sex, hasMyNumberCard: true };
}

/**
 * 本人確認 by the card: what the card says (name, address, birth date, sex — never the number) is
 * kept with the visit and matched to the registry. A record with the same birth date and address
 * but another name is not taken silently: staff see both names and decide.
 */
export async function identifyByCard(deps: CounterDeps, staff: StaffPrincipal, visitId: string, input: { revision: number; card: NonNullable<VisitState['identity']['card']> }, requestId: string | null): Promise<{ visit: VisitView; match: CardMatch }> {
  const card = { ...input.card, name: input.card.name.normalize('NFKC').trim(), address: plainAddress(input.card.address) };
  if (!isIsoDate(card.birthDate)) throw badRequest('CARD_BIRTH_DATE_INVALID', 'カードの生年月日を読み取れませんでした。もう一度読み取ってください。');
  return deps.db.transaction().execute(async (trx) => {
    const { familyName, givenName } = splitName(card.name);
    const exact = await findActiveByNameAndBirth(trx, staff.municipalityId, familyName, givenName, card.birthDate);
    const sameName = exact.find((r) => nameKeyOf(`${r.family_name}${r.given_name}`) === nameKeyOf(card.name));
    let match: CardMatch = { kind: 'none', residentId: null, registryName: null };
    if (sameName) match = { kind: 'resident', residentId: sameName.id, registryName: `${sameName.family_name} ${sameName.given_name}` };
    else {
      const near = await findActiveByBirthAndAddress(trx, staff.municipalityId, card.birthDate, card.address);
      const other = near.find((r) => nameKeyOf(`${r.family_name}${r.given_name}`) !== nameKeyOf(card.name));
      if (other) match = { kind: 'nameDiffers', residentId: other.id, registryName: `${other.family_name} ${other.given_name}` };
    }
    await appendAudit(trx, {
      municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'counter.identify', subjectType: 'counter_visit', subjectId: visitId, purpose: PURPOSE, requestId,
      details: { method: 'card', match: match.kind, residentIds: match.residentId ? [match.residentId] : [] },
    }, deps.now());
    let visit = await updateVisitState(deps, staff, trx, visitId, input.revision, (state) => {
      const members = state.household.members.length > 0 ? state.household.members : [memberFromCard(card)];
      return {
        ...state,
        identity: {
          ...state.identity, method: 'card', card, residentId: null,
          nameCheck: match.kind === 'nameDiffers' ? { cardName: card.name, registryName: match.registryName!, residentId: match.residentId!, decision: null } : null,
        },
        household: { ...state.household, members },
        prefill: {
          ...state.prefill,
          'shared:applicantName': { value: card.name, source: 'card' },
          'shared:identityDocuments': { value: ['myNumberCard'], source: 'card' },
          // Before a move-in the card still shows the previous address; otherwise the current one.
          ...(state.event === 'moveIn' || !state.event ? { 'shared:oldAddress': { value: { postalCode: '', address: card.address }, source: 'card' } } : {}),
        },
      };
    }, requestId);
    if (match.kind === 'resident') visit = await takeFromRegistry(deps, staff, trx, visit, match.residentId!, 'card', requestId);
    return { visit, match };
  });
}

/** Staff decided about a card whose name differs from the registry: the same person (use the record) or not. */
export async function decideNameCheck(deps: CounterDeps, staff: StaffPrincipal, visitId: string, input: { revision: number; decision: 'same' | 'different' }, requestId: string | null): Promise<VisitView> {
  return deps.db.transaction().execute(async (trx) => {
    let residentId: string | null = null;
    let visit = await updateVisitState(deps, staff, trx, visitId, input.revision, (state) => {
      if (!state.identity.nameCheck) throw badRequest('VISIT_NO_NAME_CHECK', '確かめる氏名の違いはありません。画面を読み込み直してください。');
      residentId = input.decision === 'same' ? state.identity.nameCheck.residentId : null;
      return { ...state, identity: { ...state.identity, nameCheck: { ...state.identity.nameCheck, decision: input.decision } } };
    }, requestId);
    if (residentId) visit = await takeFromRegistry(deps, staff, trx, visit, residentId, 'registry', requestId);
    return visit;
  });
}

/** 本人確認 by registry search: the resident and their household fill the visit. */
export async function identifyByResident(deps: CounterDeps, staff: StaffPrincipal, visitId: string, input: { revision: number; residentId: string }, requestId: string | null): Promise<VisitView> {
  return deps.db.transaction().execute(async (trx) => {
    const visit = await updateVisitState(deps, staff, trx, visitId, input.revision, (state) => ({ ...state, identity: { ...state.identity, method: state.identity.method ?? 'registry' } }), requestId);
    return takeFromRegistry(deps, staff, trx, visit, input.residentId, 'registry', requestId);
  });
}

async function takeFromRegistry(deps: CounterDeps, staff: StaffPrincipal, trx: Parameters<typeof updateVisitState>[2], visit: VisitView, residentId: string, method: 'card' | 'registry', requestId: string | null): Promise<VisitView> {
  const found = await residentWithHousehold(trx, staff.municipalityId, residentId);
  if (!found || found.resident.status !== 'active') {
    throw badRequest('RESIDENT_NOT_ACTIVE', 'この方は現在この市の住民として記録されていません（転出・死亡）。転入として受け付けるか、住民記録を確かめてください。');
  }
  await appendAudit(trx, {
    municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'resident.read', subjectType: 'resident', subjectId: residentId, purpose: PURPOSE, requestId,
    details: { householdMemberIds: found.members.map((m) => m.id), visitId: visit.id },
  }, deps.now());
  const today = todayInJapan(deps.now());
  const members: Member[] = found.members.map((r) => ({
    ...emptyMember(newMemberId(), relationshipFromLabel(r.relationship)),
    residentId: r.id, familyName: r.familyName, givenName: r.givenName, familyNameKana: r.familyNameKana, givenNameKana: r.givenNameKana,
    birthDate: r.birthDate, sex: r.sex,
    // Everyone moves unless staff untick; 75+ are in 後期高齢者医療 by law.
    healthInsurance: ageOn(r.birthDate as IsoDate, today) >= 75 ? 'lateElderly' : 'unknown',
  }));
  const h = found.household;
  const addressValue = { postalCode: h.postalCode, address: formatAddress({ ...h.address, building: null }), ...(h.address.building ? { building: h.address.building } : {}) };
  return updateVisitState(deps, staff, trx, visit.id, visit.revision, (state) => ({
    ...state,
    identity: { ...state.identity, method: state.identity.method === 'card' ? 'card' : method, residentId },
    household: { ...state.household, members },
    prefill: {
      ...state.prefill,
      'shared:applicantName': { value: `${found.resident.familyName} ${found.resident.givenName}`, source: 'registry' },
      'shared:applicantKana': { value: `${found.resident.familyNameKana} ${found.resident.givenNameKana}`, source: 'registry' },
      'shared:oldAddress': { value: addressValue, source: 'registry' },
    },
  }), requestId);
}

/**
 * Imports the national moving service's 転入予約 or the previous city's 転出証明書 data (the
 * documented CSV/JSON of imports.ts): the household, the previous address, the move-out date.
 */
export async function importMoveData(deps: CounterDeps, staff: StaffPrincipal, visitId: string, input: { revision: number; format: 'json' | 'csv'; content: string }, requestId: string | null): Promise<{ visit: VisitView; warnings: string[] }> {
  const data = parseMoveData(input.format, input.content);
  return deps.db.transaction().execute(async (trx) => {
    await appendAudit(trx, {
      municipalityId: staff.municipalityId, actorStaffId: staff.id, action: 'counter.import', subjectType: 'counter_visit', subjectId: visitId, purpose: PURPOSE, requestId,
      details: { kind: data.kind, members: data.members.length, droppedColumns: data.dropped },
    }, deps.now());
    const visit = await updateVisitState(deps, staff, trx, visitId, input.revision, (state) => applyMoveData(state, data), requestId);
    return { visit, warnings: data.warnings };
  });
}

export function applyMoveData(state: VisitState, data: MoveData): VisitState {
  const byKey = new Map(state.household.members.map((m) => [nameKeyOf(`${m.familyName}${m.givenName}`) + m.birthDate, m]));
  const members: Member[] = data.members.map((p, i) => {
    const existing = byKey.get(nameKeyOf(`${p.familyName}${p.givenName}`) + p.birthDate);
    return {
      ...(existing ?? emptyMember(newMemberId(), i === 0 ? 'householder' : 'other')),
      familyName: p.familyName, givenName: p.givenName, familyNameKana: p.familyNameKana, givenNameKana: p.givenNameKana,
      birthDate: p.birthDate, sex: p.sex, relationship: relationshipFromLabel(p.relationship), moving: true,
      healthInsurance: p.healthInsurance, pensionCategory: p.pensionCategory,
      hasMyNumberCard: p.myNumberCard ?? existing?.hasMyNumberCard ?? false,
    };
  });
  const prefill: VisitState['prefill'] = { ...state.prefill };
  if (data.previousAddress) prefill['shared:oldAddress'] = { value: data.previousAddress, source: 'import' };
  if (data.newAddress) prefill['shared:newAddress'] = { value: data.newAddress, source: 'import' };
  if (data.moveOutDate) prefill['shared:previousMoveOutDate'] = { value: data.moveOutDate, source: 'import' };
  if (data.plannedMoveInDate) prefill['shared:eventDate'] = { value: data.plannedMoveInDate, source: 'import' };
  if (data.phone) prefill['shared:applicantPhone'] = { value: data.phone, source: 'import' };
  const head = members.find((m) => m.relationship === 'householder') ?? members[0];
  if (head && !prefill['shared:applicantName']) prefill['shared:applicantName'] = { value: `${head.familyName} ${head.givenName}`, source: 'import' };
  if (head && (!prefill['shared:applicantKana'] || prefill['shared:applicantKana'].source !== 'registry')) prefill['shared:applicantKana'] = { value: `${head.familyNameKana} ${head.givenNameKana}`, source: 'import' };
  return {
    ...state,
    event: state.event ?? 'moveIn',
    identity: { ...state.identity, method: state.identity.method ?? 'import', importKind: data.kind },
    household: { ...state.household, members, receivesChildAllowance: state.household.receivesChildAllowance },
    moveInBasis: data.kind === 'moveInReservation' ? 'onlineReservation' : 'certificate',
    prefill,
  };
}
