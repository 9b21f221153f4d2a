import type { TestPlatform } from '../../../../test/support/platform';
import type { Fixtures } from '../../../../test/support/fixtures';
import { seedTaxiWorld } from './test-support';

/**
 * The taxi terminal's routes for the tenant-isolation test: city A's administrator aims the driver
 * routes at city B's operator, and calls the device routes (which take the city from the device's
 * signature, never from a staff session: 401).
 */
export interface TaxiTerminalIsolationIds {
  operatorId: string;
  driverId: string;
  leakIds: string[];
}

export async function seedTaxiTerminalForIsolation(p: TestPlatform, f: Fixtures): Promise<TaxiTerminalIsolationIds> {
  const world = await seedTaxiWorld(p, f.b);
  const driver = await p.services.db.selectFrom('taxi_driver').select('id').where('municipality_id', '=', f.b.municipalityId).executeTakeFirstOrThrow();
  return { operatorId: world.operatorId, driverId: driver.id, leakIds: [world.operatorId, world.programmeId, driver.id] };
}

export function taxiTerminalIsolationCases(b: TaxiTerminalIsolationIds) {
  return {
    'GET /taxi/terminal/list': [{ method: 'GET', path: '/api/taxi/terminal/list' }],
    'POST /taxi/terminal/boarding': [{ method: 'POST', path: '/api/taxi/terminal/boarding', body: { certificate: 'A'.repeat(400) } }],
    'GET /taxi/operators/{operatorId}/drivers': [{ method: 'GET', path: `/api/taxi/operators/${b.operatorId}/drivers` }],
    'POST /taxi/operators/{operatorId}/drivers': [{ method: 'POST', path: `/api/taxi/operators/${b.operatorId}/drivers`, body: { code: '9999', name: '侵入者', pin: '1234' } }],
    'PATCH /taxi/operators/{operatorId}/drivers/{driverId}': [{ method: 'PATCH', path: `/api/taxi/operators/${b.operatorId}/drivers/${b.driverId}`, body: { active: false } }],
  };
}
