import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Transaction } from 'kysely';
import type { Database } from '../../platform/db/schema';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { AppError } from '../../platform/http/errors';
import {
  applyCorrection, applyHouseholdChange, applyMoveIn, applyMoveOut, applyMoveWithin, type ChangeContext, type Municipal, type NewPerson,
} from './changes';

let p: TestPlatform;
let f: Fixtures;
let city: Municipal;
const ctx: ChangeContext = { today: '2026-11-27', recordedBy: null, reason: 'テスト' };

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  city = { municipalityId: f.a.municipalityId, prefecture: '山形県', name: '尾花沢市' };
});
afterAll(() => p.close());

const person = (given: string, givenKana: string, birthDate: string, relationship: string, sex: 'male' | 'female' = 'female'): NewPerson =>
  ({ familyName: '尾花', givenName: given, familyNameKana: 'オバナ', givenNameKana: givenKana, birthDate, sex, relationship });

const ADDRESS = { postalCode: '999-4221', address: '山形県尾花沢市若葉町一丁目5番8号', building: 'コーポ若葉 201' };

const tx = <T>(work: (trx: Transaction<Database>) => Promise<T>): Promise<T> => p.services.db.transaction().execute(work);

async function refused(work: () => Promise<unknown>): Promise<AppError> {
  try {
    await work();
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

const counts = async () => {
  const db = p.services.db;
  const m = f.a.municipalityId;
  const [r, h, c] = await Promise.all([
    db.selectFrom('resident').select((eb) => eb.fn.countAll<string>().as('n')).where('municipality_id', '=', m).executeTakeFirstOrThrow(),
    db.selectFrom('household').select((eb) => eb.fn.countAll<string>().as('n')).where('municipality_id', '=', m).executeTakeFirstOrThrow(),
    db.selectFrom('residence_change').select((eb) => eb.fn.countAll<string>().as('n')).where('municipality_id', '=', m).executeTakeFirstOrThrow(),
  ]);
  return { residents: Number(r.n), households: Number(h.n), changes: Number(c.n) };
};

describe('転入', () => {
  it('makes a household with its members and a move_in event each', async () => {
    const result = await tx((trx) => applyMoveIn(trx, city, {
      effectiveDate: '2026-11-20', previousMoveOutDate: '2026-11-15', from: '埼玉県さいたま市浦和区高砂三丁目1番1号', address: ADDRESS,
      members: [person('健一', 'ケンイチ', '1985-07-14', '世帯主', 'male'), person('美咲', 'ミサキ', '1988-02-03', '妻'), person('蒼', 'アオイ', '2023-09-21', '子', 'male')],
    }, ctx, p.services.now()));
    expect(result.residentIds).toHaveLength(3);
    const h = await p.services.db.selectFrom('household').selectAll().where('municipality_id', '=', city.municipalityId).where('id', '=', result.householdIds[0]!).executeTakeFirstOrThrow();
    expect({ town: h.town, block: h.block, building: h.building, city: h.city, postal: h.postal_code, head: h.householder_id }).toEqual({ town: '若葉町一丁目', block: '5番8号', building: 'コーポ若葉 201', city: '尾花沢市', postal: '9994221', head: result.residentIds[0] });
    const events = await p.services.db.selectFrom('residence_change').selectAll().where('municipality_id', '=', city.municipalityId).where('id', 'in', result.changeIds).execute();
    expect(events.map((e) => [e.kind, e.effective_date])).toEqual([['move_in', '2026-11-20'], ['move_in', '2026-11-20'], ['move_in', '2026-11-20']]);
    const codes = await p.services.db.selectFrom('resident').select('resident_record_code').where('municipality_id', '=', city.municipalityId).where('id', 'in', result.residentIds).execute();
    expect(codes.every((c) => /^\d{11}$/.test(c.resident_record_code))).toBe(true);
  });

  it('refuses a person already resident, a future date, a move-in before the move-out and an address outside the city — changing nothing', async () => {
    const before = await counts();
    const base = { effectiveDate: '2026-11-20', from: '宮城県仙台市', address: ADDRESS, members: [person('花子', 'ハナコ', '1972-07-15', '世帯主')] };
    const already = await refused(() => tx((trx) => applyMoveIn(trx, city, { ...base, members: [{ ...base.members[0]!, familyName: '山田', familyNameKana: 'ヤマダ' }] }, ctx, p.services.now())));
    expect(already.code).toBe('REGISTRY_ALREADY_RESIDENT');
    expect((await refused(() => tx((trx) => applyMoveIn(trx, city, { ...base, effectiveDate: '2026-11-28' }, ctx, p.services.now())))).code).toBe('REGISTRY_DATE_IN_FUTURE');
    expect((await refused(() => tx((trx) => applyMoveIn(trx, city, { ...base, previousMoveOutDate: '2026-11-21' }, ctx, p.services.now())))).code).toBe('REGISTRY_MOVE_IN_BEFORE_MOVE_OUT');
    expect((await refused(() => tx((trx) => applyMoveIn(trx, city, { ...base, address: { postalCode: '9994111', address: '山形県北村山郡大石田町大字大石田123番地' } }, ctx, p.services.now())))).code).toBe('REGISTRY_ADDRESS_OUTSIDE');
    expect((await refused(() => tx((trx) => applyMoveIn(trx, city, { ...base, address: { postalCode: '9994221', address: '山形県尾花沢市若葉町' } }, ctx, p.services.now())))).code).toBe('REGISTRY_ADDRESS_BLOCK');
    expect(await counts()).toEqual(before);
  });
});

describe('転居・転出・世帯変更・訂正', () => {
  it('moves part of a household to a new household and asks who heads the rest', async () => {
    const need = await refused(() => tx((trx) => applyMoveWithin(trx, city, { effectiveDate: '2026-11-25', residentIds: [f.residents.taro], address: ADDRESS }, ctx, p.services.now())));
    expect(need.code).toBe('REGISTRY_HOUSEHOLDER_REQUIRED');
    const moved = await tx((trx) => applyMoveWithin(trx, city, { effectiveDate: '2026-11-25', residentIds: [f.residents.taro], address: { postalCode: '9994221', address: '山形県尾花沢市新町一丁目1番1号' }, remainingHouseholderId: f.residents.hanako }, ctx, p.services.now()));
    expect(moved.householdIds[0]).not.toBe(f.households.yamada);
    const old = await p.services.db.selectFrom('household').select('householder_id').where('municipality_id', '=', city.municipalityId).where('id', '=', f.households.yamada).executeTakeFirstOrThrow();
    expect(old.householder_id).toBe(f.residents.hanako);
  });

  it('refuses a 転居 to the same address', async () => {
    const e = await refused(() => tx((trx) => applyMoveWithin(trx, city, { effectiveDate: '2026-11-25', residentIds: [f.residents.masako], address: { postalCode: '9994222', address: '山形県尾花沢市新町二丁目5番1号', building: 'コーポ新町 101' } }, ctx, p.services.now())));
    expect(e.code).toBe('REGISTRY_SAME_ADDRESS');
  });

  it('merges the moved-out father back, then splits him off again, then changes the householder', async () => {
    const taro = await p.services.db.selectFrom('resident').select('household_id').where('municipality_id', '=', city.municipalityId).where('id', '=', f.residents.taro).executeTakeFirstOrThrow();
    const refusedMerge = await refused(() => tx((trx) => applyHouseholdChange(trx, city, { kind: 'merge', effectiveDate: '2026-11-26', householdId: taro.household_id, intoHouseholdId: f.households.yamada, relationships: { [f.residents.taro]: '夫' } }, ctx, p.services.now())));
    expect(refusedMerge.code).toBe('REGISTRY_MERGE_ADDRESS');
    const split = await tx((trx) => applyHouseholdChange(trx, city, { kind: 'split', effectiveDate: '2026-11-26', householdId: f.households.yamada, residentIds: [f.residents.ichiro], newHouseholderId: f.residents.ichiro, relationships: {} }, ctx, p.services.now()));
    expect(split.householdIds).toHaveLength(2);
    const changed = await tx((trx) => applyHouseholdChange(trx, city, { kind: 'householder', effectiveDate: '2026-11-26', householdId: split.householdIds[1]!, newHouseholderId: f.residents.ichiro, relationships: {} }, ctx, p.services.now()));
    expect(changed.changeIds).toHaveLength(1);
  });

  it('moves out with a destination; the person stays as 除票', async () => {
    const tooEarly = await refused(() => tx((trx) => applyMoveOut(trx, city, { effectiveDate: '2026-12-31', residentIds: [f.residents.masako], destination: '宮城県仙台市青葉区' }, ctx, p.services.now())));
    expect(tooEarly.code).toBe('REGISTRY_MOVE_OUT_TOO_EARLY');
    await tx((trx) => applyMoveOut(trx, city, { effectiveDate: '2026-12-05', residentIds: [f.residents.masako], destination: '宮城県仙台市青葉区一番町1番1号' }, ctx, p.services.now()));
    const r = await p.services.db.selectFrom('resident').selectAll().where('municipality_id', '=', city.municipalityId).where('id', '=', f.residents.masako).executeTakeFirstOrThrow();
    expect([r.status, r.left_on, r.moved_out_to]).toEqual(['moved_out', '2026-12-05', '宮城県仙台市青葉区一番町1番1号']);
    const again = await refused(() => tx((trx) => applyMoveOut(trx, city, { effectiveDate: '2026-12-05', residentIds: [f.residents.masako], destination: 'x' }, ctx, p.services.now())));
    expect(again.code).toBe('REGISTRY_NOT_RESIDENT');
  });

  it('corrects by a new event that keeps what was', async () => {
    const result = await tx((trx) => applyCorrection(trx, city, { residentId: f.residents.hanako, effectiveDate: '2026-11-27', change: { givenNameKana: 'ハナ' } }, ctx, p.services.now()));
    const e = await p.services.db.selectFrom('residence_change').selectAll().where('municipality_id', '=', city.municipalityId).where('id', '=', result.changeIds[0]!).executeTakeFirstOrThrow();
    expect(e.kind).toBe('correction');
    expect(e.details).toEqual({ before: { given_name_kana: 'ハナコ' }, after: { given_name_kana: 'ハナ' } });
  });
});
