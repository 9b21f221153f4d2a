import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceOutbox, createMemoryOutboxStore } from '@madoguchi/device-sync';
import { createTestPlatform, type TestPlatform } from '../../../../test/support/platform';
import { loadDemoData } from '../../../demo/load';
import { reenrolDevice } from '../../devices/service';
import { inProcessTransport } from '../../devices/test-support';
import { TerminalEngine, memoryStorage } from '../../../../../web/src/features/taxi/terminal/logic/engine';
import { configureJpkiVerification } from '../../online/signing';
import { SimulatedJpkiRevocation } from '../../online/signing-demo';
import { DEMO_DRIVER, DEMO_TERMINAL_LABEL } from './demo';
import { createTestIssuers } from './test-support';

let p: TestPlatform;
beforeAll(async () => {
  p = await createTestPlatform({ start: new Date('2026-11-27T01:00:00Z') });
  await loadDemoData(p.services, { populationScale: 0.05 });
  // As main.ts does in the demo: the simulated JPKI CA (the list carries it for offline checks).
  configureJpkiVerification(p.services, new SimulatedJpkiRevocation(await createTestIssuers()).verification());
}, 300_000);
afterAll(() => p.close());

describe('the demo in-taxi terminal', () => {
  it('is a taxi device linked to a terminal: enrolled with a code from 端末の管理, it pulls the list and the demo driver signs in', async () => {
    const db = p.services.db;
    const m = await db.selectFrom('municipality').select('id').where('local_government_code', '=', '062120').executeTakeFirstOrThrow();
    const device = await db.selectFrom('device').select(['id', 'kind']).where('municipality_id', '=', m.id).where('label', '=', DEMO_TERMINAL_LABEL).executeTakeFirstOrThrow();
    expect(device.kind).toBe('taxi');
    const admin = await db.selectFrom('staff_user').select(['id', 'login_id', 'display_name']).where('municipality_id', '=', m.id).where('login_id', '=', 'admin').executeTakeFirstOrThrow();
    const code = await reenrolDevice(p.services, { id: admin.id, municipalityId: m.id, loginId: 'admin', displayName: admin.display_name, roles: ['municipality_admin'], departmentIds: [], totpEnabled: true, sessionTokenHash: '' }, device.id, null);

    const outbox = new DeviceOutbox(createMemoryOutboxStore(), { now: () => p.clock.now.getTime() });
    const engine = new TerminalEngine({ outbox, transport: inProcessTransport(p.app), storage: memoryStorage(), now: () => p.clock.now });
    await engine.enrol(code.code);
    const list = await engine.refreshList();
    if (!list.ok) throw new Error(list.message);
    expect(list.list.body.operatorName).toBe('尾花沢観光タクシー');
    expect(list.list.body.allow.length).toBeGreaterThan(5);
    expect(list.list.body.programme).toMatchObject({ rule: { kind: 'rate', percent: 50, maxYen: 1000 }, caps: { perDay: 2, perYear: 70 } });
    expect(await engine.signInDriver(DEMO_DRIVER.code, DEMO_DRIVER.pin)).toMatchObject({ code: '1001' });
    expect(await engine.signInDriver(DEMO_DRIVER.code, '9999')).toBeNull();
  });
});
