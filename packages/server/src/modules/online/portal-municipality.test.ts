import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPlatform, type TestPlatform } from '../../../test/support/platform';
import { createMunicipality } from '../tenancy/service';
import { municipalityByCode } from './portal-municipality';
import { portalMunicipality } from './accounts';

let p1: TestPlatform;
let p2: TestPlatform;

beforeAll(async () => {
  p1 = await createTestPlatform();
  p2 = await createTestPlatform();
});
afterAll(async () => {
  await p1.close();
  await p2.close();
});

describe('portal city by 地方公共団体コード (cached)', () => {
  it('keeps each database its own city under the same code, and finds a city set up after a miss at once', async () => {
    const a1 = await p1.services.db.transaction().execute((trx) => createMunicipality(trx, { localGovernmentCode: '062120', name: '寒河江市', prefecture: '山形県' }));
    const a2 = await p2.services.db.transaction().execute((trx) => createMunicipality(trx, { localGovernmentCode: '062120', name: '寒河江市（別の環境）', prefecture: '山形県' }));
    expect((await municipalityByCode(p1.services.db, '062120'))!.id).toBe(a1.id);
    expect((await municipalityByCode(p2.services.db, '062120'))!.id).toBe(a2.id);
    expect((await portalMunicipality(p1.services.db, '062120')).name).toBe('寒河江市');
    expect((await portalMunicipality(p2.services.db, '062120')).name).toBe('寒河江市（別の環境）');

    // Not found is not kept: a city set up afterwards is found on the next request.
    expect(await municipalityByCode(p1.services.db, '131016')).toBeNull();
    await expect(portalMunicipality(p1.services.db, '131016')).rejects.toMatchObject({ code: 'PORTAL_MUNICIPALITY_NOT_FOUND' });
    const c = await p1.services.db.transaction().execute((trx) => createMunicipality(trx, { localGovernmentCode: '131016', name: '千代田区', prefecture: '東京都' }));
    expect((await municipalityByCode(p1.services.db, '131016'))!.id).toBe(c.id);
    expect(await municipalityByCode(p2.services.db, '131016')).toBeNull();
  });
});
