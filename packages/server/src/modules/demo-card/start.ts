import type { Kysely } from 'kysely';
import { type DemoCardKeys, issueDemoCards } from '../../demo/cards';
import type { Database } from '../../platform/db/schema';
import type { Logger } from '../../platform/log';
import type { DemoCardReader } from './reader';

export type DemoCardAgentStart =
  | { ok: true; url: string; pairingToken: string; cards: number }
  | { ok: false; reason: string };

/**
 * Issues the demo cards from the registry and starts the card agent in front of them. A failure
 * (the port is taken, most likely by another madoguchi) leaves the rest of the demo running:
 * card reading is one screen of many.
 */
export async function startDemoCardAgent(
  reader: DemoCardReader,
  opts: { db: Kysely<Database>; keys: Promise<DemoCardKeys>; port: number; allowedOrigins: readonly string[]; logger: Logger },
): Promise<DemoCardAgentStart> {
  try {
    const cards = await issueDemoCards(opts.db, await opts.keys);
    reader.load(cards);
    const agent = await reader.startAgent({ port: opts.port, allowedOrigins: opts.allowedOrigins, logger: opts.logger });
    return { ok: true, ...agent, cards: cards.length };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const reason = code === 'EADDRINUSE' ? `port ${opts.port} is in use` : error instanceof Error ? error.message : 'unknown error';
    opts.logger.warn('demo card reader not started', { reason });
    return { ok: false, reason };
  }
}
