import type { Services } from '../../platform/http/context';
import { sendDueReminders } from './reservations';
import { queueRuntime } from './runtime';

/**
 * What other parts of the server use from the queue module: the demo seed and the background
 * work main.ts starts. Screens use the routes.
 */
export { DEMO_KIOSK_TOKENS, seedDemoQueue } from './demo';
export { queueRuntime } from './runtime';

export const REMINDER_INTERVAL_MS = 5 * 60_000;

/**
 * Sends reservation reminders every few minutes. The claim on each booking (reminder_mail) keeps two
 * processes from sending the same reminder, so this may run in every process.
 */
export function startQueueBackground(services: Services): () => void {
  const deps = queueRuntime(services).deps();
  const tick = () => {
    sendDueReminders(deps).catch((error: unknown) => services.logger.error('reservation reminders failed', { errorName: error instanceof Error ? error.name : 'unknown' }));
  };
  const timer = setInterval(tick, REMINDER_INTERVAL_MS);
  timer.unref();
  tick();
  return () => clearInterval(timer);
}
