import type { SyncTransport } from '@madoguchi/device-sync';
import type { TestPlatform } from '../../../../test/support/platform';
import { inProcessTransport } from '../../devices/test-support';
// The terminal's own code (the page runs the same engine in the browser).
import { TerminalEngine, memoryStorage } from '../../../../../web/src/features/taxi/terminal/logic/engine';
import type { TestDevice } from '../../devices/test-support';

/** A transport into the app in-process that can lose its connection (the taxi drives out of coverage). */
export function switchableTransport(p: TestPlatform): SyncTransport & { online: boolean } {
  const inner = inProcessTransport(p.app);
  const offline = () => Promise.reject(new TypeError('fetch failed (simulated: no signal)'));
  const t = {
    online: true,
    enrol: (req: Parameters<SyncTransport['enrol']>[0]) => (t.online ? inner.enrol(req) : offline()),
    push: (req: Parameters<SyncTransport['push']>[0], auth: Parameters<SyncTransport['push']>[1]) => (t.online ? inner.push(req, auth) : offline()),
    request: <T,>(method: string, path: string, body: unknown, auth: Parameters<SyncTransport['request']>[3]) => (t.online ? inner.request<T>(method, path, body, auth) : offline()),
  };
  return t as SyncTransport & { online: boolean };
}

/** The terminal engine on an enrolled test device, with the platform's clock. */
export function simulatedTerminal(p: TestPlatform, device: TestDevice) {
  const transport = switchableTransport(p);
  const engine = new TerminalEngine({ outbox: device.outbox, transport, storage: memoryStorage(), now: () => p.clock.now, onlineTimeoutMs: 20_000 });
  return { engine, transport };
}
