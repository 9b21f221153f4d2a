import { CardNotPresentError, CardRemovedError, TransportClosedError } from '../errors';
import { CardEventHub, type CardEventListener, type CardTransport, type TransmitOptions } from '../transport';
import type { SimulatedCard } from './card';

/**
 * Puts a simulated card "on the reader" in the same process: the demo and unit tests use it where
 * a physical reader would be. Insert and remove it to exercise the removal paths.
 */
export class SimulatedCardTransport implements CardTransport {
  readonly #events = new CardEventHub();
  #card: SimulatedCard | undefined;
  #closed = false;
  #pending = new Set<(error: Error) => void>();
  readonly #latencyMs: number;

  constructor(card?: SimulatedCard, options: { latencyMs?: number } = {}) {
    this.#latencyMs = options.latencyMs ?? 0;
    if (card !== undefined) this.insert(card);
  }

  get card(): SimulatedCard | undefined {
    return this.#card;
  }

  cardPresent(): boolean {
    return this.#card !== undefined;
  }

  /** Power-cycles the card: selection and PIN verification are gone, as after a reader reset. */
  async reset(): Promise<void> {
    this.#card?.reset();
  }

  insert(card: SimulatedCard): void {
    if (this.#card !== undefined) this.remove();
    card.reset();
    this.#card = card;
    this.#events.emit({ type: 'inserted', atr: card.atr });
  }

  remove(): void {
    if (this.#card === undefined) return;
    this.#card = undefined;
    for (const fail of this.#pending) fail(new CardRemovedError());
    this.#pending.clear();
    this.#events.emit({ type: 'removed' });
  }

  async transmit(apdu: Uint8Array, options: TransmitOptions = {}): Promise<Uint8Array> {
    if (this.#closed) throw new TransportClosedError();
    const card = this.#card;
    if (card === undefined) throw new CardNotPresentError();
    if (this.#latencyMs === 0) return card.process(apdu);
    return new Promise<Uint8Array>((resolve, reject) => {
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(error);
      };
      const timer = setTimeout(() => {
        this.#pending.delete(fail);
        if (this.#card !== card) reject(new CardRemovedError());
        else resolve(card.process(apdu));
      }, this.#latencyMs);
      this.#pending.add(fail);
      options.signal?.addEventListener('abort', () => {
        this.#pending.delete(fail);
        clearTimeout(timer);
      });
    });
  }

  subscribe(listener: CardEventListener): () => void {
    return this.#events.subscribe(listener);
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#events.clear();
  }
}
