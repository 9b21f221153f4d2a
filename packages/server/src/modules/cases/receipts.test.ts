import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { createCase, submitCase, type CaseActor, type NewCase } from './service';

let p: TestPlatform;
let f: Fixtures;
const actors: Record<'a' | 'b', CaseActor> = {} as Record<'a' | 'b', CaseActor>;

const draft = (): NewCase => ({ procedureId: 'child-allowance', procedureVersion: 1, procedureHash: 'a'.repeat(64), channel: 'counter', answers: { note: 'テスト' } });
const numberOf = (receipt: string) => Number(receipt.split('-')[1]);

beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  for (const t of ['a', 'b'] as const) {
    const staff: StaffPrincipal = { id: f[t].staff.clerk!, municipalityId: f[t].municipalityId, loginId: 'clerk', displayName: 'clerk', roles: ['counter_staff'], departmentIds: [], totpEnabled: false, sessionTokenHash: '' };
    actors[t] = { kind: 'staff', staff };
  }
});
afterAll(() => p.close());

const db = () => p.services.db;
const now = () => p.services.now();
const submitNew = async (t: 'a' | 'b') => {
  const d = await createCase(db(), actors[t], draft(), now());
  return db().transaction().execute((trx) => submitCase(trx, actors[t], d.id, now()));
};

describe('受付番号 without a per-city lock', () => {
  it('continues from the counter a city already had for the year, and counts each city on its own', async () => {
    // A city that numbered receipts with the old counter row keeps counting from there.
    await db().insertInto('receipt_counter').values({ municipality_id: f.b.municipalityId, fiscal_year: 2026, last_number: 41 }).execute();
    expect((await submitNew('b')).receiptNumber).toBe('R8-000042');
    expect((await submitNew('a')).receiptNumber).toBe('R8-000001');
    expect((await submitNew('b')).receiptNumber).toBe('R8-000043');
  });

  it('gives parallel submissions distinct, increasing numbers; a failed submission leaves a gap, never a duplicate', async () => {
    const submitted = await Promise.all(Array.from({ length: 20 }, () => submitNew('a')));
    const numbers = submitted.map((s) => numberOf(s.receiptNumber!)).sort((x, y) => x - y);
    expect(new Set(numbers).size).toBe(20);
    expect(numbers[0]).toBe(2);
    expect(numbers[19]).toBe(21);
    // A submission that is rolled back after taking its number.
    const d = await createCase(db(), actors.a, draft(), now());
    await expect(db().transaction().execute(async (trx) => {
      await submitCase(trx, actors.a, d.id, now());
      throw new Error('rolled back');
    })).rejects.toThrow('rolled back');
    const after = await submitNew('a');
    expect(numberOf(after.receiptNumber!)).toBe(23);
    const all = await db().selectFrom('case_record').select('receipt_number').where('municipality_id', '=', f.a.municipalityId).where('receipt_number', 'is not', null).execute();
    expect(new Set(all.map((r) => r.receipt_number)).size).toBe(all.length);
  });
});
