import type { Transaction } from 'kysely';
import { EVENT_KIND, type DeviceKind } from '@madoguchi/device-sync';
import type { Database } from '../../platform/db/schema';
import type { Services } from '../../platform/http/context';

/** What a handler is told about the event it applies. */
export interface DeviceEventContext {
  services: Services;
  municipalityId: string;
  deviceId: string;
  deviceKind: DeviceKind;
  deviceLabel: string;
  event: {
    opId: string;
    seq: number;
    kind: string;
    payload: unknown;
    /** The device's clock: recorded, never trusted for ordering. */
    deviceTime: string;
    hash: string;
  };
  /** The server's clock when the event was stored (the time to use). */
  receivedAt: Date;
  /** The device's measured clock skew at this push (device − server, ms), when known. */
  clockSkewMs: number | null;
}

export type DeviceEventOutcome =
  | { status: 'accepted'; result: unknown }
  /** A business conflict (the resident moved meanwhile, a duplicate application): stored, acknowledged, listed for review. */
  | { status: 'conflict'; reason: string; details: unknown };

/**
 * Applies one event. Runs INSIDE the transaction that stores the event: the handler's writes and
 * the event row commit together or not at all. Throw an AppError for a payload the module refuses
 * (the event is then stored as 'rejected' with the error, without the handler's writes); any other
 * exception rolls everything back and the device retries later.
 */
export type DeviceEventHandler = (trx: Transaction<Database>, ctx: DeviceEventContext) => Promise<DeviceEventOutcome>;

interface Registration {
  handler: DeviceEventHandler;
  deviceKinds: readonly DeviceKind[] | null;
}

const handlers = new Map<string, Registration>();

/**
 * Registers the handler of an event kind ('outreach.case_submitted', 'taxi.ride'). Kinds are
 * namespaced by the owning module. Registering a kind again replaces the handler (modules register
 * when they are mounted, and tests mount several platforms). `deviceKinds` limits which devices may
 * send the kind (e.g. ['taxi']); by default 'outreach.*' is for vehicle tablets and 'taxi.*' for taxi terminals.
 */
export function registerDeviceEventHandler(kind: string, handler: DeviceEventHandler, opts: { deviceKinds?: readonly DeviceKind[] } = {}): void {
  if (!EVENT_KIND.test(kind)) throw new Error(`device event kind must be namespaced like 'outreach.case_submitted': ${kind}`);
  const byPrefix: readonly DeviceKind[] | null = kind.startsWith('outreach.') ? ['vehicle'] : kind.startsWith('taxi.') ? ['taxi'] : null;
  handlers.set(kind, { handler, deviceKinds: opts.deviceKinds ?? byPrefix });
}

export function deviceEventHandler(kind: string): Registration | undefined {
  return handlers.get(kind);
}

export function registeredDeviceEventKinds(): string[] {
  return [...handlers.keys()].sort();
}

/** What a module is told when an admin revokes a device, inside the revoking transaction. */
export interface DeviceRevokedContext {
  municipalityId: string;
  deviceId: string;
  deviceKind: DeviceKind;
  now: Date;
}

/** Returns what it did, for the revocation's audit entry (no personal data). */
export type DeviceRevokedHook = (trx: Transaction<Database>, ctx: DeviceRevokedContext) => Promise<unknown>;

const revokedHooks = new Map<string, DeviceRevokedHook>();

/**
 * Lets a module clean up what a device holds a claim to when it is revoked (the vehicle tablet's
 * data key). Hooks run in the transaction that revokes the device, so both happen or neither does.
 * Registering a name again replaces the hook (modules register when they are mounted).
 */
export function onDeviceRevoked(name: string, hook: DeviceRevokedHook): void {
  revokedHooks.set(name, hook);
}

export async function runDeviceRevokedHooks(trx: Transaction<Database>, ctx: DeviceRevokedContext): Promise<Record<string, unknown>> {
  const done: Record<string, unknown> = {};
  for (const [name, hook] of revokedHooks) done[name] = await hook(trx, ctx);
  return done;
}
