/**
 * What every way of reaching a card has in common: the simulated card in-process, PC/SC through
 * pcscd, and the browser's WebSocket to the card-agent. Profiles only ever see this interface.
 */
export type CardEvent =
  | { readonly type: 'inserted'; readonly atr: Uint8Array }
  | { readonly type: 'removed' };

export type CardEventListener = (event: CardEvent) => void;

export interface TransmitOptions {
  /** Aborted when the caller gives up (timeout); the transport should stop waiting. */
  readonly signal?: AbortSignal;
}

export interface CardTransport {
  /** Sends one command APDU and resolves with the raw response (data + SW1 SW2). */
  transmit(apdu: Uint8Array, options?: TransmitOptions): Promise<Uint8Array>;
  /** Card inserted/removed notifications; returns an unsubscribe function. */
  subscribe(listener: CardEventListener): () => void;
  close(): Promise<void>;
}

/** Keeps listener bookkeeping out of each transport. */
export class CardEventHub {
  readonly #listeners = new Set<CardEventListener>();

  subscribe(listener: CardEventListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  emit(event: CardEvent): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(event);
      } catch {
        // A failing listener must not stop others from learning that the card went away.
      }
    }
  }

  clear(): void {
    this.#listeners.clear();
  }
}
