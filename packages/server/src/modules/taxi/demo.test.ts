import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call } from '../../../test/support/fixtures';
import { DEMO_PASSWORD, loadDemoData } from '../../demo/load';
import { DEMO_TAXI_OPERATOR_LOGIN } from './demo';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform({ start: new Date('2026-11-27T01:00:00Z') });
  await loadDemoData(p.services, { populationScale: 0.05 });
});
afterAll(() => p.close());

describe('taxi demo data', () => {
  it('has the 令和8年度 programme, three operators, elderly beneficiaries, and claims equal to their accepted rides', async () => {
    const db = p.services.db;
    const programme = await db.selectFrom('taxi_programme').selectAll().executeTakeFirstOrThrow();
    expect(programme).toMatchObject({ fiscal_year: 2026, status: 'active' });
    expect(await db.selectFrom('taxi_operator').select('id').execute()).toHaveLength(3);
    const beneficiaries = await db.selectFrom('taxi_beneficiary').select('id').execute();
    expect(beneficiaries.length).toBeGreaterThan(5);
    const claims = await db.selectFrom('taxi_claim').selectAll().execute();
    expect(claims.some((c) => c.status === 'paid')).toBe(true);
    expect(claims.filter((c) => c.status === 'submitted')).toHaveLength(1);
    for (const c of claims) {
      const sum = await db.selectFrom('taxi_claim_line').select([sql<string>`count(*)`.as('n'), sql<string>`coalesce(sum(subsidy_yen), 0)`.as('s')]).where('claim_id', '=', c.id).executeTakeFirstOrThrow();
      expect([Number(sum.n), Number(sum.s)]).toEqual([c.ride_count, Number(c.subsidy_total_yen)]);
    }
    // No beneficiary goes beyond 2 accepted rides a day.
    const perDay = await sql<{ n: string }>`select count(*) as n from taxi_ride where status = 'accepted' group by beneficiary_id, ((boarded_at at time zone 'UTC') + interval '9 hours')::date order by 1 desc limit 1`.execute(db);
    expect(Number(perDay.rows[0]!.n)).toBeLessThanOrEqual(2);
  });

  it('the operator office logs in and sees its own rides and claims', async () => {
    const res = await p.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ municipalityCode: '062120', loginId: DEMO_TAXI_OPERATOR_LOGIN, password: DEMO_PASSWORD }) });
    expect(res.status).toBe(200);
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const me = (await call(p, 'GET', '/api/taxi/operator/me', { cookie })).body as { operator: { name: string } };
    expect(me.operator.name).toBe('尾花沢観光タクシー');
    const claims = (await call(p, 'GET', '/api/taxi/operator/claims', { cookie })).body as { claims: { operatorName: string; month: string }[] };
    expect(claims.claims.length).toBeGreaterThan(0);
    expect(claims.claims.every((c) => c.operatorName === '尾花沢観光タクシー')).toBe(true);
    // Last month's claim is left for the office to make.
    expect(claims.claims.some((c) => c.month === '2026-10')).toBe(false);
  });
});
