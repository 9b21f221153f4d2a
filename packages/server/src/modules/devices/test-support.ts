import type { OpenAPIHono } from '@hono/zod-openapi';
import { createMemoryOutboxStore, DeviceOutbox, httpSyncTransport, type DeviceKind, type SyncTransport } from '@madoguchi/device-sync';
import type { AppEnv } from '../../platform/http/context';

/**
 * Helpers for tests (this module's and the modules that register device event handlers): a
 * transport into the real app in-process, and a device enrolled through the real routes.
 */
export function inProcessTransport(app: OpenAPIHono<AppEnv>, opts: { beforeResponse?: (path: string) => void } = {}): SyncTransport {
  return httpSyncTransport('http://madoguchi.test', {
    fetch: async (input, init) => {
      const res = await app.request(String(input), init);
      opts.beforeResponse?.(String(input));
      return res;
    },
  });
}

export interface TestDevice {
  deviceId: string;
  outbox: DeviceOutbox;
  store: ReturnType<typeof createMemoryOutboxStore>;
  transport: SyncTransport;
}

/** Creates the device as the admin (cookie) and enrols it with a fresh key pair in a memory store. Pass the TestPlatform. */
export async function enrolTestDevice(
  platform: { app: OpenAPIHono<AppEnv>; clock?: { now: Date } }, adminCookie: string, input: { kind: DeviceKind; label: string },
  opts: { now?: () => number; batchSize?: number; transport?: SyncTransport } = {},
): Promise<TestDevice> {
  const { app } = platform;
  const res = await app.request('/api/devices', { method: 'POST', headers: { 'content-type': 'application/json', cookie: adminCookie }, body: JSON.stringify(input) });
  if (res.status !== 201) throw new Error(`create device: ${res.status} ${await res.text()}`);
  const { enrolment } = (await res.json()) as { enrolment: { deviceId: string; code: string } };
  const store = createMemoryOutboxStore();
  // The device's clock follows the platform's test clock unless the test gives it its own.
  const clock = platform.clock;
  const now = opts.now ?? (clock ? () => clock.now.getTime() : undefined);
  const outbox = new DeviceOutbox(store, { ...(now ? { now } : {}), ...(opts.batchSize ? { batchSize: opts.batchSize } : {}) });
  const transport = opts.transport ?? inProcessTransport(app);
  await outbox.enrol(transport, enrolment.code);
  return { deviceId: enrolment.deviceId, outbox, store, transport };
}
