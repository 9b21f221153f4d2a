import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { call, loginAs, seedFixtures, type Fixtures } from '../../../test/support/fixtures';
import { OBANAZAWA_TOWNS } from '../../demo/tables/towns';
import { seedProcedureCatalogue } from '../procedures/service';
import { seedQueueFixture } from '../queue/test-support';
import { seedDemoOutreach } from './demo';

/** The demo 移動市役所: five districts of real 大字, forty stops, a published month, past service. */
let p: TestPlatform;
let f: Fixtures;
beforeAll(async () => {
  p = await createTestPlatform();
  f = await seedFixtures(p);
  await seedProcedureCatalogue(p.services, f.a.municipalityId);
  await seedQueueFixture(p, f.a);
});
afterAll(() => p.close());

describe('demo outreach', () => {
  it('plans five districts of real 大字 with eight stops each and publishes a month of weekday routes', async () => {
    const result = await seedDemoOutreach(p.services, f.a.municipalityId);
    expect(result).toMatchObject({ districts: 5, stops: 40 });
    expect(result.routes).toBeGreaterThanOrEqual(20);
    expect(result.served).toBeGreaterThan(0);
    const clerk = await loginAs(p, f.a, 'clerk');
    const plan = (await call(p, 'GET', '/api/outreach/plan', { cookie: clerk })).body as { districts: { name: string; areas: string[] }[]; stops: { code: string }[] };
    expect(plan.districts.map((d) => d.name)).toEqual(['尾花沢地区', '福原地区', '宮沢地区', '玉野地区', '常盤地区']);
    const towns = new Set(OBANAZAWA_TOWNS.towns.map((t) => t.name));
    for (const d of plan.districts) for (const a of d.areas) expect(towns.has(a.replace(/^大字/, '')), a).toBe(true);
    expect(new Set(plan.stops.map((s) => s.code)).size).toBe(40);
    const schedule = (await call(p, 'GET', `/api/public/${f.a.code}/outreach/schedule?month=2026-12`)).body as { monthPublished: boolean; days: { stops: unknown[] }[] };
    expect(schedule.monthPublished).toBe(true);
    expect(schedule.days.length).toBeGreaterThanOrEqual(18);
    const stats = (await call(p, 'GET', '/api/outreach/stats?from=2026-11-01&to=2026-11-30', { cookie: clerk })).body as { total: { residents: number }; byProcedure: { title: string }[] };
    expect(stats.total.residents).toBeGreaterThan(0);
    expect(stats.byProcedure.map((x) => x.title)).toContain('印鑑登録申請');
  });
});
