import type { Services } from '../../platform/http/context';
import { promoteDueBookings, sendDueReminders } from './reservations';
import { queueRuntime } from './runtime';

/**
 * What other parts of the server use from the queue module: the demo seed and the background
 * work main.ts starts. Screens use the routes.
 */
export { DEMO_KIOSK_TOKENS, seedDemoQueue } from './demo';
export { queueRuntime } from './runtime';

export const REMINDER_INTERVAL_MS = 5 * 60_000;
export const PROMOTE_INTERVAL_MS = 30_000;

/**
 * Background work: reservation reminders every few minutes, and bookings whose time has come moved
 * into the queue every half minute. Both claim their rows with a conditional UPDATE, so running
 * this in every process is safe.
 */
export function startQueueBackground(services: Services): () => void {
  const deps = () => queueRuntime(services).deps();
  const failed = (what: string) => (error: unknown) => services.logger.error(what, { errorName: error instanceof Error ? error.name : 'unknown' });
  const remind = () => void sendDueReminders(deps()).catch(failed('reservation reminders failed'));
  const promote = () => void promoteDueBookings(deps()).catch(failed('booking promotion failed'));
  const timers = [setInterval(remind, REMINDER_INTERVAL_MS), setInterval(promote, PROMOTE_INTERVAL_MS)];
  for (const t of timers) t.unref();
  remind();
  promote();
  return () => timers.forEach((t) => clearInterval(t));
}
