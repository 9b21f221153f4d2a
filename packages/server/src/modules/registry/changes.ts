import { randomInt, randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { foldKanaForSearch, isIsoDate, normalizeName } from '@madoguchi/jp';
import type { Database } from '../../platform/db/schema';
import { AppError } from '../../platform/http/errors';
import { PgRegistry, nameKey } from './pg-registry';
import type { AddressParts, ChangeKind, Sex } from './types';

/**
 * 異動: the registry changes a counter visit makes. Each function checks what the paper process
 * checks (dates, who is resident, which household), writes the change and one residence_change
 * event per person, and returns what it did. They take the caller's transaction and throw
 * AppError on any problem, so a failed check anywhere leaves the registry as it was.
 */

type Trx = Transaction<Database> | Kysely<Database>;

export interface Municipal {
  municipalityId: string;
  prefecture: string;
  name: string;
}

export interface ChangeContext {
  /** Today in Japan (YYYY-MM-DD): dates are checked against it. */
  today: string;
  recordedBy: string | null;
  /** Shown in the history, e.g. 「転入届（書かない窓口）」. */
  reason: string;
  /** The visit that made the change, kept in each event's details. */
  visitId?: string | null;
}

export interface NewPerson {
  familyName: string;
  givenName: string;
  familyNameKana: string;
  givenNameKana: string;
  birthDate: string;
  sex: Sex;
  /** 続柄 as the registry writes it: 世帯主, 妻, 子 … */
  relationship: string;
}

export interface AddressInput {
  postalCode: string;
  /** 「山形県尾花沢市若葉町一丁目5番8号」 */
  address: string;
  building?: string | null;
}

export interface ChangeResult {
  householdIds: string[];
  residentIds: string[];
  changeIds: string[];
}

const fail = (status: 400 | 404 | 409 | 422, code: string, message: string, details: { path: string; message: string }[] = []) => new AppError(status, code, message, details);

function assertDate(date: string, path: string): void {
  if (!isIsoDate(date)) throw fail(400, 'REGISTRY_DATE_INVALID', '日付の形式が正しくありません。YYYY-MM-DD または和暦で入力してください。', [{ path, message: '日付を確かめてください。' }]);
}

function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** 住民票コード: 10 random digits and a modulus-11 check digit (weights 2…7 from the right). */
function newResidentRecordCode(): string {
  const body = String(randomInt(0, 1_000_000_000)).padStart(9, '0') + String(randomInt(0, 10));
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += (body.charCodeAt(body.length - 1 - i) - 48) * ((i % 6) + 2);
  const r = sum % 11;
  return body + String(r <= 1 ? 0 : 11 - r);
}

/**
 * Splits an address in this municipality into the registry's parts. The 町名 ends where the 番地
 * begins (the first digit); an address in another municipality, or without a 番地, is refused.
 */
export function addressInMunicipality(m: Municipal, input: AddressInput, path: string): { postalCode: string; parts: AddressParts } {
  const postal = input.postalCode.normalize('NFKC').replace(/[^\d]/g, '');
  if (!/^\d{7}$/.test(postal)) throw fail(400, 'REGISTRY_POSTAL_CODE', '郵便番号は7桁の数字で入力してください。', [{ path: `${path}.postalCode`, message: '郵便番号を確かめてください。' }]);
  const text = input.address.normalize('NFKC').replace(/\s+/g, '');
  const afterPrefecture = text.startsWith(m.prefecture) ? text.slice(m.prefecture.length) : text;
  const city = new RegExp(`^([^市区町村]{1,6}郡)?${m.name}`).exec(afterPrefecture);
  if (!city) {
    throw fail(422, 'REGISTRY_ADDRESS_OUTSIDE', `この住所は${m.name}の住所ではありません。${m.name}内の住所（${m.prefecture}${m.name}から）を入力してください。`, [{ path, message: `${m.name}内の住所を入力してください。` }]);
  }
  const rest = afterPrefecture.slice(city[0].length);
  const firstDigit = rest.search(/\d/);
  if (firstDigit <= 0) throw fail(422, 'REGISTRY_ADDRESS_BLOCK', '住所の町名と番地（例: 若葉町一丁目5番8号）まで入力してください。', [{ path, message: '番地まで入力してください。' }]);
  const building = input.building?.normalize('NFKC').trim() || null;
  return { postalCode: postal, parts: { prefecture: m.prefecture, city: city[0], town: rest.slice(0, firstDigit), block: rest.slice(firstDigit), building } };
}

const addressText = (p: AddressParts) => `${p.prefecture}${p.city}${p.town}${p.block}${p.building ? ` ${p.building}` : ''}`;

async function insertChange(db: Trx, m: string, c: { residentId: string; householdId: string; kind: ChangeKind; effectiveDate: string; ctx: ChangeContext; details: Record<string, unknown> }, now: Date): Promise<string> {
  const id = randomUUID();
  await db.insertInto('residence_change').values({
    municipality_id: m, id, resident_id: c.residentId, household_id: c.householdId, kind: c.kind, effective_date: c.effectiveDate,
    recorded_at: now, recorded_by: c.ctx.recordedBy, reason: c.ctx.reason,
    details: JSON.stringify({ ...c.details, ...(c.ctx.visitId ? { visitId: c.ctx.visitId } : {}) }),
  }).execute();
  return id;
}

async function activeResidents(db: Trx, m: string, ids: readonly string[]) {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('resident').selectAll().where('municipality_id', '=', m).where('id', 'in', [...ids]).forUpdate().execute();
  for (const id of ids) {
    const r = rows.find((x) => x.id === id);
    if (!r) throw fail(404, 'RESIDENT_NOT_FOUND', '該当する住民が見つかりません。検索からやり直してください。');
    if (r.status !== 'active') throw fail(409, 'REGISTRY_NOT_RESIDENT', `${r.family_name} ${r.given_name}さんは現在この市の住民ではありません（転出・死亡）。住民記録を確かめてください。`);
  }
  return ids.map((id) => rows.find((x) => x.id === id)!);
}

export interface MoveInInput {
  effectiveDate: string;
  /** 転出証明書・転入予約の転出（予定）日. */
  previousMoveOutDate?: string | null;
  /** The previous address, as text (it is in another municipality). */
  from: string;
  address: AddressInput;
  /** The first member with 続柄「世帯主」 heads the new household, else the first member. */
  members: NewPerson[];
}

/** 転入: a new household at an address in the city, with its members as new residents. */
export async function applyMoveIn(db: Trx, m: Municipal, input: MoveInInput, ctx: ChangeContext, now: Date): Promise<ChangeResult> {
  assertDate(input.effectiveDate, 'effectiveDate');
  if (input.effectiveDate > ctx.today) {
    throw fail(422, 'REGISTRY_DATE_IN_FUTURE', '転入日が今日より後になっています。転入の届出は住み始めてからです。住み始めた日を入力してください。', [{ path: 'effectiveDate', message: '今日以前の日にしてください。' }]);
  }
  if (input.previousMoveOutDate) {
    assertDate(input.previousMoveOutDate, 'previousMoveOutDate');
    if (input.effectiveDate < input.previousMoveOutDate) {
      throw fail(422, 'REGISTRY_MOVE_IN_BEFORE_MOVE_OUT', '転入日が前の住所地の転出日より前になっています。転出証明書の転出（予定）日と、住み始めた日を確かめてください。', [{ path: 'effectiveDate', message: '転出日以後の日にしてください。' }]);
    }
  }
  if (input.members.length === 0) throw fail(422, 'REGISTRY_NO_MEMBERS', '転入する人がいません。異動する人を1人以上入力してください。');
  const { postalCode, parts } = addressInMunicipality(m, input.address, 'address');
  for (const [i, p] of input.members.entries()) {
    assertDate(p.birthDate, `members.${i}.birthDate`);
    if (p.birthDate > input.effectiveDate) throw fail(422, 'REGISTRY_BIRTH_AFTER_MOVE', `${p.familyName} ${p.givenName}さんの生年月日が転入日より後です。生年月日を確かめてください（転入後に生まれた子は出生届で届け出ます）。`);
  }
  // Someone already living here cannot move in: that is a 転居 (or a duplicate entry).
  const already = await db.selectFrom('resident').select(['family_name', 'given_name', 'birth_date'])
    .where('municipality_id', '=', m.municipalityId).where('status', '=', 'active')
    .where((eb) => eb.or(input.members.map((p) => eb.and([eb('name_key', '=', nameKey(p.familyName, p.givenName)), eb('birth_date', '=', p.birthDate)]))))
    .execute();
  if (already.length > 0) {
    const names = already.map((r) => `${r.family_name} ${r.given_name}`).join('、');
    throw fail(409, 'REGISTRY_ALREADY_RESIDENT', `${names}さんは、すでに${m.name}の住民として記録されています。市内での引っ越しなら「転居」で受け付けてください。別人の場合は住民記録を確かめてから届け出てください。`,
      already.map((r) => ({ path: 'members', message: `${r.family_name} ${r.given_name}（${r.birth_date}）は住民です。` })));
  }

  const householdId = randomUUID();
  const headIndex = Math.max(0, input.members.findIndex((p) => p.relationship === '世帯主'));
  const ids = input.members.map(() => randomUUID());
  await db.insertInto('household').values({
    municipality_id: m.municipalityId, id: householdId, postal_code: postalCode, prefecture: parts.prefecture, city: parts.city,
    town: parts.town, block: parts.block, building: parts.building, householder_id: ids[headIndex]!,
  }).execute();
  const changeIds: string[] = [];
  for (const [i, p] of input.members.entries()) {
    await db.insertInto('resident').values({
      municipality_id: m.municipalityId, id: ids[i]!, household_id: householdId, resident_record_code: newResidentRecordCode(),
      family_name: p.familyName.trim(), given_name: p.givenName.trim(), family_name_kana: p.familyNameKana.trim(), given_name_kana: p.givenNameKana.trim(),
      kana_key: foldKanaForSearch(p.familyNameKana + p.givenNameKana), given_kana_key: foldKanaForSearch(p.givenNameKana),
      name_key: nameKey(p.familyName, p.givenName), birth_date: p.birthDate, sex: p.sex,
      relationship: i === headIndex ? '世帯主' : p.relationship, status: 'active', resident_since: input.effectiveDate,
      moved_in_from: input.from, left_on: null, moved_out_to: null,
    }).execute();
    changeIds.push(await insertChange(db, m.municipalityId, {
      residentId: ids[i]!, householdId, kind: 'move_in', effectiveDate: input.effectiveDate, ctx,
      details: { from: input.from, to: addressText(parts), ...(input.previousMoveOutDate ? { previousMoveOutDate: input.previousMoveOutDate } : {}) },
    }, now));
  }
  return { householdIds: [householdId], residentIds: ids, changeIds };
}

export interface MoveWithinInput {
  effectiveDate: string;
  residentIds: string[];
  address: AddressInput;
  /** When the householder moves and others stay behind: who heads the household that stays. */
  remainingHouseholderId?: string | null;
}

/**
 * 転居: the moving people take the new address. If the whole household moves, the household moves;
 * if part of it moves, the movers form a new household at the new address.
 */
export async function applyMoveWithin(db: Trx, m: Municipal, input: MoveWithinInput, ctx: ChangeContext, now: Date): Promise<ChangeResult> {
  assertDate(input.effectiveDate, 'effectiveDate');
  if (input.effectiveDate > ctx.today) throw fail(422, 'REGISTRY_DATE_IN_FUTURE', '転居日が今日より後になっています。転居の届出は住み始めてからです。住み始めた日を入力してください。', [{ path: 'effectiveDate', message: '今日以前の日にしてください。' }]);
  const movers = await activeResidents(db, m.municipalityId, input.residentIds);
  if (movers.length === 0) throw fail(422, 'REGISTRY_NO_MEMBERS', '転居する人がいません。異動する人を1人以上選んでください。');
  const householdIds = [...new Set(movers.map((r) => r.household_id))];
  if (householdIds.length !== 1) throw fail(422, 'REGISTRY_MIXED_HOUSEHOLDS', '別々の世帯の人を一度に転居させることはできません。世帯ごとに届け出てください。');
  const oldHouseholdId = householdIds[0]!;
  const old = await db.selectFrom('household').selectAll().where('municipality_id', '=', m.municipalityId).where('id', '=', oldHouseholdId).forUpdate().executeTakeFirstOrThrow();
  const { postalCode, parts } = addressInMunicipality(m, input.address, 'address');
  const oldParts: AddressParts = { prefecture: old.prefecture, city: old.city, town: old.town, block: old.block, building: old.building };
  if (addressText(oldParts).replace(/\s/g, '') === addressText(parts).replace(/\s/g, '')) {
    throw fail(422, 'REGISTRY_SAME_ADDRESS', '新しい住所が今の住所と同じです。住所を確かめてください。世帯だけが変わる場合は「世帯変更」で受け付けてください。', [{ path: 'address', message: '今と違う住所にしてください。' }]);
  }
  const everyone = await db.selectFrom('resident').select(['id', 'relationship']).where('municipality_id', '=', m.municipalityId).where('household_id', '=', oldHouseholdId).where('status', '=', 'active').execute();
  const staying = everyone.filter((r) => !input.residentIds.includes(r.id));
  let targetHouseholdId = oldHouseholdId;
  if (staying.length === 0) {
    await db.updateTable('household').set({ postal_code: postalCode, prefecture: parts.prefecture, city: parts.city, town: parts.town, block: parts.block, building: parts.building })
      .where('municipality_id', '=', m.municipalityId).where('id', '=', oldHouseholdId).execute();
  } else {
    targetHouseholdId = randomUUID();
    const head = movers.find((r) => r.id === old.householder_id) ?? movers.find((r) => r.relationship === '世帯主') ?? movers[0]!;
    await db.insertInto('household').values({
      municipality_id: m.municipalityId, id: targetHouseholdId, postal_code: postalCode, prefecture: parts.prefecture, city: parts.city,
      town: parts.town, block: parts.block, building: parts.building, householder_id: head.id,
    }).execute();
    await db.updateTable('resident').set({ household_id: targetHouseholdId, updated_at: now }).where('municipality_id', '=', m.municipalityId).where('id', 'in', input.residentIds).execute();
    await db.updateTable('resident').set({ relationship: '世帯主' }).where('municipality_id', '=', m.municipalityId).where('id', '=', head.id).execute();
    if (old.householder_id && input.residentIds.includes(old.householder_id)) await setHouseholder(db, m.municipalityId, oldHouseholdId, staying.map((r) => r.id), input.remainingHouseholderId ?? null, now);
  }
  const changeIds: string[] = [];
  for (const r of movers) {
    changeIds.push(await insertChange(db, m.municipalityId, {
      residentId: r.id, householdId: targetHouseholdId, kind: 'move_within', effectiveDate: input.effectiveDate, ctx,
      details: { from: addressText(oldParts), to: addressText(parts), ...(targetHouseholdId !== oldHouseholdId ? { fromHousehold: oldHouseholdId } : {}) },
    }, now));
  }
  return { householdIds: [targetHouseholdId], residentIds: movers.map((r) => r.id), changeIds };
}

/** The householder leaves a household others stay in: one of them must be named. */
async function setHouseholder(db: Trx, m: string, householdId: string, stayingIds: string[], chosen: string | null, now: Date): Promise<void> {
  if (!chosen || !stayingIds.includes(chosen)) {
    throw fail(422, 'REGISTRY_HOUSEHOLDER_REQUIRED', '世帯主が世帯を離れます。残る世帯員の中から新しい世帯主を選んでください。', [{ path: 'remainingHouseholderId', message: '新しい世帯主を選んでください。' }]);
  }
  await db.updateTable('household').set({ householder_id: chosen }).where('municipality_id', '=', m).where('id', '=', householdId).execute();
  await db.updateTable('resident').set({ relationship: '世帯主', updated_at: now }).where('municipality_id', '=', m).where('id', '=', chosen).execute();
}

export interface MoveOutInput {
  /** 転出（予定）日: up to 14 days ahead, or a day already past. */
  effectiveDate: string;
  residentIds: string[];
  /** The destination, as text. */
  destination: string;
  remainingHouseholderId?: string | null;
}

/** 転出: the people leave the city; they stay in the registry as 除票 (status moved_out). */
export async function applyMoveOut(db: Trx, m: Municipal, input: MoveOutInput, ctx: ChangeContext, now: Date): Promise<ChangeResult> {
  assertDate(input.effectiveDate, 'effectiveDate');
  if (input.effectiveDate > addDays(ctx.today, 14)) {
    throw fail(422, 'REGISTRY_MOVE_OUT_TOO_EARLY', '転出の届出は、引っ越す日のおおむね14日前からです。引っ越す日が近づいてから届け出てください。', [{ path: 'effectiveDate', message: '14日以内の日にしてください。' }]);
  }
  if (!input.destination.trim()) throw fail(400, 'REGISTRY_DESTINATION_REQUIRED', '転出先の住所を入力してください。', [{ path: 'destination', message: '転出先の住所を入力してください。' }]);
  const movers = await activeResidents(db, m.municipalityId, input.residentIds);
  if (movers.length === 0) throw fail(422, 'REGISTRY_NO_MEMBERS', '転出する人がいません。異動する人を1人以上選んでください。');
  const changeIds: string[] = [];
  for (const householdId of new Set(movers.map((r) => r.household_id))) {
    const h = await db.selectFrom('household').select('householder_id').where('municipality_id', '=', m.municipalityId).where('id', '=', householdId).forUpdate().executeTakeFirstOrThrow();
    const staying = (await db.selectFrom('resident').select('id').where('municipality_id', '=', m.municipalityId).where('household_id', '=', householdId).where('status', '=', 'active').execute())
      .map((r) => r.id).filter((id) => !input.residentIds.includes(id));
    if (staying.length > 0 && h.householder_id && input.residentIds.includes(h.householder_id)) {
      await setHouseholder(db, m.municipalityId, householdId, staying, input.remainingHouseholderId ?? null, now);
    }
  }
  await db.updateTable('resident').set({ status: 'moved_out', left_on: input.effectiveDate, moved_out_to: input.destination.trim(), updated_at: now })
    .where('municipality_id', '=', m.municipalityId).where('id', 'in', input.residentIds).execute();
  for (const r of movers) {
    changeIds.push(await insertChange(db, m.municipalityId, {
      residentId: r.id, householdId: r.household_id, kind: 'move_out', effectiveDate: input.effectiveDate, ctx, details: { to: input.destination.trim() },
    }, now));
  }
  return { householdIds: [...new Set(movers.map((r) => r.household_id))], residentIds: movers.map((r) => r.id), changeIds };
}

export type HouseholdChangeInput =
  /** 世帯主変更: another member heads the household; 続柄 are restated for those whose relation changes. */
  | { kind: 'householder'; effectiveDate: string; householdId: string; newHouseholderId: string; relationships: Record<string, string> }
  /** 世帯分離: some members form a new household at the same address. */
  | { kind: 'split'; effectiveDate: string; householdId: string; residentIds: string[]; newHouseholderId: string; relationships: Record<string, string>; remainingHouseholderId?: string | null }
  /** 世帯合併: every member of one household joins another at the same address. */
  | { kind: 'merge'; effectiveDate: string; householdId: string; intoHouseholdId: string; relationships: Record<string, string> };

export async function applyHouseholdChange(db: Trx, m: Municipal, input: HouseholdChangeInput, ctx: ChangeContext, now: Date): Promise<ChangeResult> {
  assertDate(input.effectiveDate, 'effectiveDate');
  if (input.effectiveDate > ctx.today) throw fail(422, 'REGISTRY_DATE_IN_FUTURE', '世帯変更の日が今日より後になっています。変更があった日を入力してください。', [{ path: 'effectiveDate', message: '今日以前の日にしてください。' }]);
  const mid = m.municipalityId;
  const members = await db.selectFrom('resident').selectAll().where('municipality_id', '=', mid).where('household_id', '=', input.householdId).where('status', '=', 'active').forUpdate().execute();
  if (members.length === 0) throw fail(404, 'HOUSEHOLD_NOT_FOUND', '該当する世帯が見つかりません。検索からやり直してください。');
  const relate = async (ids: string[]) => {
    for (const [id, relationship] of Object.entries(input.relationships)) {
      if (!ids.includes(id) || !relationship.trim()) continue;
      await db.updateTable('resident').set({ relationship: relationship.trim(), updated_at: now }).where('municipality_id', '=', mid).where('id', '=', id).execute();
    }
  };
  const changed: { residentId: string; householdId: string; details: Record<string, unknown> }[] = [];
  const householdIds: string[] = [input.householdId];
  if (input.kind === 'householder') {
    if (!members.some((r) => r.id === input.newHouseholderId)) throw fail(422, 'REGISTRY_NOT_IN_HOUSEHOLD', '新しい世帯主はこの世帯の人から選んでください。');
    await relate(members.map((r) => r.id));
    await setHouseholder(db, mid, input.householdId, members.map((r) => r.id), input.newHouseholderId, now);
    for (const r of members) changed.push({ residentId: r.id, householdId: input.householdId, details: { change: 'householder', newHouseholderId: input.newHouseholderId } });
  } else if (input.kind === 'split') {
    const leaving = members.filter((r) => input.residentIds.includes(r.id));
    if (leaving.length === 0 || leaving.length === members.length) throw fail(422, 'REGISTRY_SPLIT_INVALID', '世帯分離では、新しい世帯に移る人を選んでください（全員は選べません）。');
    if (!leaving.some((r) => r.id === input.newHouseholderId)) throw fail(422, 'REGISTRY_NOT_IN_HOUSEHOLD', '新しい世帯の世帯主は、移る人の中から選んでください。');
    const h = await db.selectFrom('household').selectAll().where('municipality_id', '=', mid).where('id', '=', input.householdId).executeTakeFirstOrThrow();
    const newId = randomUUID();
    householdIds.push(newId);
    await db.insertInto('household').values({ municipality_id: mid, id: newId, postal_code: h.postal_code, prefecture: h.prefecture, city: h.city, town: h.town, block: h.block, building: h.building, householder_id: input.newHouseholderId }).execute();
    await db.updateTable('resident').set({ household_id: newId, updated_at: now }).where('municipality_id', '=', mid).where('id', 'in', input.residentIds).execute();
    await relate(members.map((r) => r.id));
    await db.updateTable('resident').set({ relationship: '世帯主' }).where('municipality_id', '=', mid).where('id', '=', input.newHouseholderId).execute();
    if (h.householder_id && input.residentIds.includes(h.householder_id)) {
      await setHouseholder(db, mid, input.householdId, members.filter((r) => !input.residentIds.includes(r.id)).map((r) => r.id), input.remainingHouseholderId ?? null, now);
    }
    for (const r of leaving) changed.push({ residentId: r.id, householdId: newId, details: { change: 'split', fromHousehold: input.householdId } });
  } else {
    if (input.intoHouseholdId === input.householdId) throw fail(422, 'REGISTRY_MERGE_INVALID', '合併先には別の世帯を選んでください。');
    const into = await db.selectFrom('household').selectAll().where('municipality_id', '=', mid).where('id', '=', input.intoHouseholdId).forUpdate().executeTakeFirst();
    const from = await db.selectFrom('household').selectAll().where('municipality_id', '=', mid).where('id', '=', input.householdId).executeTakeFirstOrThrow();
    if (!into) throw fail(404, 'HOUSEHOLD_NOT_FOUND', '合併先の世帯が見つかりません。検索からやり直してください。');
    const same = (a: typeof into) => `${a.town}${a.block}${a.building ?? ''}`;
    if (same(into) !== same(from)) throw fail(422, 'REGISTRY_MERGE_ADDRESS', '世帯合併は同じ住所の世帯どうしでできます。住所が違う場合は転居として受け付けてください。');
    householdIds.push(input.intoHouseholdId);
    await db.updateTable('resident').set({ household_id: input.intoHouseholdId, updated_at: now }).where('municipality_id', '=', mid).where('household_id', '=', input.householdId).where('status', '=', 'active').execute();
    await db.updateTable('household').set({ householder_id: null }).where('municipality_id', '=', mid).where('id', '=', input.householdId).execute();
    const ids = members.map((r) => r.id);
    await relate(ids);
    for (const id of ids) {
      if (!input.relationships[id]?.trim()) throw fail(422, 'REGISTRY_RELATIONSHIP_REQUIRED', '合併で移る人の、新しい世帯主との続柄を入力してください。', [{ path: `relationships.${id}`, message: '続柄を入力してください。' }]);
    }
    for (const r of members) changed.push({ residentId: r.id, householdId: input.intoHouseholdId, details: { change: 'merge', fromHousehold: input.householdId } });
  }
  const changeIds: string[] = [];
  for (const c of changed) {
    changeIds.push(await insertChange(db, mid, { residentId: c.residentId, householdId: c.householdId, kind: 'household_change', effectiveDate: input.effectiveDate, ctx, details: c.details }, now));
  }
  return { householdIds, residentIds: changed.map((c) => c.residentId), changeIds };
}

export interface CorrectionInput {
  residentId: string;
  /** The day the corrected fact held from (often the original change's date). */
  effectiveDate: string;
  change: Partial<Pick<NewPerson, 'familyName' | 'givenName' | 'familyNameKana' | 'givenNameKana' | 'birthDate' | 'sex' | 'relationship'>> & { residentSince?: string };
}

/**
 * 職権修正 / 訂正: a recorded change is never edited; a correction is a new event that says what
 * was and what is, so the history shows both.
 */
export async function applyCorrection(db: Trx, m: Municipal, input: CorrectionInput, ctx: ChangeContext, now: Date): Promise<ChangeResult> {
  assertDate(input.effectiveDate, 'effectiveDate');
  const [r] = await db.selectFrom('resident').selectAll().where('municipality_id', '=', m.municipalityId).where('id', '=', input.residentId).forUpdate().execute();
  if (!r) throw fail(404, 'RESIDENT_NOT_FOUND', '該当する住民が見つかりません。検索からやり直してください。');
  const c = input.change;
  if (c.birthDate !== undefined) assertDate(c.birthDate, 'change.birthDate');
  if (c.residentSince !== undefined) assertDate(c.residentSince, 'change.residentSince');
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  const next = {
    family_name: c.familyName?.trim() ?? r.family_name, given_name: c.givenName?.trim() ?? r.given_name,
    family_name_kana: c.familyNameKana?.trim() ?? r.family_name_kana, given_name_kana: c.givenNameKana?.trim() ?? r.given_name_kana,
    birth_date: c.birthDate ?? r.birth_date, sex: c.sex ?? r.sex, relationship: c.relationship?.trim() ?? r.relationship, resident_since: c.residentSince ?? r.resident_since,
  };
  for (const key of Object.keys(next) as (keyof typeof next)[]) {
    if (next[key] !== r[key]) {
      before[key] = r[key];
      after[key] = next[key];
    }
  }
  if (Object.keys(after).length === 0) throw fail(422, 'REGISTRY_NOTHING_TO_CORRECT', '訂正する内容が今の記録と同じです。直す項目を入力してください。');
  await db.updateTable('resident').set({
    ...next,
    kana_key: foldKanaForSearch(next.family_name_kana + next.given_name_kana), given_kana_key: foldKanaForSearch(next.given_name_kana),
    name_key: nameKey(next.family_name, next.given_name), updated_at: now,
  }).where('municipality_id', '=', m.municipalityId).where('id', '=', r.id).execute();
  const changeId = await insertChange(db, m.municipalityId, { residentId: r.id, householdId: r.household_id, kind: 'correction', effectiveDate: input.effectiveDate, ctx, details: { before, after } }, now);
  return { householdIds: [r.household_id], residentIds: [r.id], changeIds: [changeId] };
}

/** Active residents with this name and birth date: for "already resident" and the card check. */
export async function findActiveByNameAndBirth(db: Trx, municipalityId: string, familyName: string, givenName: string, birthDate: string) {
  return db.selectFrom('resident').select(['id', 'family_name', 'given_name', 'birth_date', 'household_id'])
    .where('municipality_id', '=', municipalityId).where('status', '=', 'active')
    .where('name_key', '=', nameKey(familyName, givenName)).where('birth_date', '=', birthDate).execute();
}

/**
 * Residents born that day whose address matches the card's, whatever the name: to catch a card whose
 * name differs from the registry (旧字体, a recent marriage) and show both to staff.
 */
export async function findActiveByBirthAndAddress(db: Trx, municipalityId: string, birthDate: string, address: string) {
  const folded = normalizeName(address).replace(/\s+/g, '');
  const rows = await db.selectFrom('resident as r')
    .innerJoin('household as h', (j) => j.onRef('h.municipality_id', '=', 'r.municipality_id').onRef('h.id', '=', 'r.household_id'))
    .select(['r.id', 'r.family_name', 'r.given_name', 'r.birth_date', 'r.household_id', sql<string>`h.prefecture || h.city || h.town || h.block`.as('address')])
    .where('r.municipality_id', '=', municipalityId).where('r.status', '=', 'active').where('r.birth_date', '=', birthDate).execute();
  return rows.filter((r) => folded.startsWith(normalizeName(r.address).replace(/\s+/g, '')) || normalizeName(r.address).replace(/\s+/g, '').startsWith(folded));
}

/** A resident with their household and its members, for a visit's prefill. The caller audits the read. */
export async function residentWithHousehold(db: Trx, municipalityId: string, residentId: string) {
  const registry = new PgRegistry(db);
  const resident = await registry.getResident(municipalityId, residentId);
  if (!resident) return null;
  const household = (await registry.getHousehold(municipalityId, resident.householdId))!;
  const members = (await registry.listHouseholdMembers(municipalityId, resident.householdId)).filter((r) => r.status === 'active');
  return { resident, household, members };
}
