import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import type { StaffPrincipal } from '../../platform/auth/roles';
import { createCase, ensureReceiptSequence, submitCase, type CaseActor } from './service';

let p: TestPlatform;
let f: Fixtures;
const actors: Record<'a' | 'b', CaseActor> = {} as Record<'a' | 'b', CaseActor>;

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
  const d = await createCase(db(), actors[t], { procedureId: 'child-allowance', procedureVersion: 1, procedureHash: 'a'.repeat(64), channel: 'counter', answers: {} }, now());
  return db().transaction().execute((trx) => submitCase(trx, actors[t], d.id, now()));
};
const sequences = async () => (await sql<{ relname: string }>`select relname from pg_class where relkind = 'S' and relname like 'receipt_no_%'`.execute(db())).rows.length;

describe('the receipt sequence made ahead of the submitting transaction', () => {
  it('is created once, continues from the old counter row, and the submission takes its number in the update', async () => {
    await db().insertInto('receipt_counter').values({ municipality_id: f.b.municipalityId, fiscal_year: 2026, last_number: 41 }).execute();
    const before = await sequences();
    await ensureReceiptSequence(db(), f.b.municipalityId, now());
    await ensureReceiptSequence(db(), f.b.municipalityId, now());
    expect(await sequences()).toBe(before + 1);
    expect((await submitNew('b')).receiptNumber).toBe('R8-000042');
    expect((await submitNew('b')).receiptNumber).toBe('R8-000043');
    // A city whose sequence was not made ahead still gets its first number (created in the submission).
    expect((await submitNew('a')).receiptNumber).toBe('R8-000001');
    await ensureReceiptSequence(db(), f.a.municipalityId, now());
    expect((await submitNew('a')).receiptNumber).toBe('R8-000002');
    expect(await sequences()).toBe(before + 2);
  });
});
