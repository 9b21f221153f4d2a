import { type ReaderTransport, type RunningCardAgent, createPairingToken, startCardAgent } from '@madoguchi/card-agent';
import { SimulatedCardTransport } from '@madoguchi/card/sim';
import type { IssuedDemoCard } from '../../demo/cards';
import { notFound } from '../../platform/http/errors';
import type { Logger } from '../../platform/log';

export const DEMO_READER_NAME = 'madoguchi デモ用カードリーダー（シミュレーション）';

/** What one city's staff may see of the demo reader: only their own residents' cards. */
export interface DemoCardReaderView {
  agentUrl: string | null;
  pairingToken: string | null;
  insertedCardId: string | null;
  cards: { id: string; label: string; note: string; residentId: string | null }[];
}

export interface DemoAgentOptions {
  /** 0 picks a free port (tests). */
  port: number;
  /** The server's own origins: only its pages may talk to the agent. */
  allowedOrigins: readonly string[];
  logger: Logger;
}

/**
 * The demo's card reader: one simulated reader slot, a few simulated cards to put on it, and the
 * real card agent in front of it, so the browser reads the cards exactly as it would read a
 * physical card on a counter PC. Exists only in demo mode, in the server's process.
 */
export class DemoCardReader {
  // One slot for the whole demo, as one reader on one counter PC. Never closed while the agent
  // runs: the agent closes its transport when it drops a reader, so it gets a view (below).
  readonly #slot = new SimulatedCardTransport();
  #cards: IssuedDemoCard[] = [];
  #inserted: IssuedDemoCard | undefined;
  #agent: { running: RunningCardAgent; pairingToken: string } | undefined;

  load(cards: IssuedDemoCard[]): void {
    this.#cards = cards;
  }

  async startAgent(options: DemoAgentOptions): Promise<{ url: string; pairingToken: string }> {
    const pairingToken = createPairingToken();
    const running = await startCardAgent({
      openTransport: async () => this.#readerTransport(),
      allowedOrigins: options.allowedOrigins,
      pairingToken,
      // The demo has no 個人番号利用事務 counter: the individual number never leaves the cards.
      individualNumberProcedures: [],
      port: options.port,
      log: (event) => options.logger.info('card agent', { ...event }),
    });
    this.#agent = { running, pairingToken };
    return { url: running.url, pairingToken };
  }

  view(municipalityId: string): DemoCardReaderView {
    const own = this.#cards.filter((c) => c.municipalityId === municipalityId);
    return {
      agentUrl: this.#agent?.running.url ?? null,
      pairingToken: this.#agent?.pairingToken ?? null,
      insertedCardId: this.#inserted?.municipalityId === municipalityId ? this.#inserted.id : null,
      cards: own.map(({ id, label, note, residentId }) => ({ id, label, note, residentId })),
    };
  }

  /** Puts the card on the reader, taking off whatever card was there (the agent reports both). */
  insert(municipalityId: string, cardId: string): void {
    const entry = this.#cards.find((c) => c.id === cardId && c.municipalityId === municipalityId);
    if (!entry) throw notFound('DEMO_CARD_NOT_FOUND', 'このデモ用カードはありません。画面を読み込み直して、一覧からカードを選んでください。');
    this.#inserted = entry;
    this.#slot.insert(entry.card);
  }

  /** Takes this city's card off the reader; a card another city's staff put there stays. */
  remove(municipalityId: string): void {
    if (this.#inserted?.municipalityId !== municipalityId) return;
    this.#inserted = undefined;
    this.#slot.remove();
  }

  residentIdsVisibleTo(municipalityId: string): string[] {
    return this.#cards.flatMap((c) => (c.municipalityId === municipalityId && c.residentId !== null ? [c.residentId] : []));
  }

  async close(): Promise<void> {
    await this.#agent?.running.close();
    this.#agent = undefined;
    await this.#slot.close();
  }

  #readerTransport(): ReaderTransport {
    const slot = this.#slot;
    const unsubscribers = new Set<() => void>();
    return {
      readerName: DEMO_READER_NAME,
      transmit: (apdu, options) => slot.transmit(apdu, options),
      subscribe: (listener) => {
        const unsubscribe = slot.subscribe(listener);
        unsubscribers.add(unsubscribe);
        return () => {
          unsubscribers.delete(unsubscribe);
          unsubscribe();
        };
      },
      cardPresent: () => slot.cardPresent(),
      reset: () => slot.reset(),
      close: async () => {
        for (const unsubscribe of unsubscribers) unsubscribe();
        unsubscribers.clear();
      },
    };
  }
}
