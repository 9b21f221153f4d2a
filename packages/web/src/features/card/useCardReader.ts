import { useCallback, useEffect, useReducer, useRef, useState } from 'react';
import {
  AgentCardTransport,
  CardChannel,
  CardError,
  CardRemovedError,
  PinIncorrectError,
  PinLockedError,
  ReaderBusyError,
  TextAp,
} from '@madoguchi/card';
import type { AgentSettings } from './agentSettings';
import { describeCardProblem } from './cardMessages';
import { type CardReaderEvent, type CardReaderState, cardReaderReducer, initialCardReaderState } from './cardReaderState';

/** How often the page checks that the agent is still there (it has no other way to notice a crash). */
const HEARTBEAT_MS = 5000;
/** One APDU; a real card answers in well under a second. */
const APDU_TIMEOUT_MS = 10_000;
/** Codes that mean the connection to the agent, not the card, is gone. */
const CONNECTION_LOST: ReadonlySet<string> = new Set(['CARD_TRANSPORT_CLOSED', 'AGENT_UNAVAILABLE', 'AGENT_REJECTED']);

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One connection to the card agent and the card currently on its reader. Each card gets its own
 * channel and a generation number, so an answer that arrives after the card was removed or
 * replaced is dropped instead of being shown for the next card.
 */
class ReaderSession {
  readonly #settings: AgentSettings;
  readonly #dispatch: (event: CardReaderEvent) => void;
  readonly #demo: boolean;
  #transport: AgentCardTransport | undefined;
  #channel: CardChannel | undefined;
  #text: TextAp | undefined;
  #generation = 0;
  #verifying = false;
  #closed = false;
  #heartbeat: ReturnType<typeof setInterval> | undefined;

  constructor(settings: AgentSettings, dispatch: (event: CardReaderEvent) => void, demo: boolean) {
    this.#settings = settings;
    this.#dispatch = dispatch;
    this.#demo = demo;
  }

  #emit(event: CardReaderEvent): void {
    if (!this.#closed) this.#dispatch(event);
  }

  #problem(error: unknown) {
    return describeCardProblem(error, { demo: this.#demo });
  }

  async open(): Promise<void> {
    this.#emit({ type: 'connecting' });
    let transport: AgentCardTransport | undefined;
    for (let attempt = 0; transport === undefined; attempt++) {
      try {
        transport = await AgentCardTransport.connect({ url: this.#settings.url, pairingToken: this.#settings.pairingToken });
      } catch (error) {
        // A page closed a moment ago may still hold the reader while the agent resets the card.
        if (error instanceof ReaderBusyError && attempt < 2 && !this.#closed) {
          await sleep(500);
          continue;
        }
        this.#emit({ type: 'connectionFailed', problem: this.#problem(error) });
        return;
      }
    }
    if (this.#closed) {
      await transport.close();
      return;
    }
    this.#transport = transport;
    let status: { reader: string | null; cardPresent: boolean };
    try {
      status = await transport.status();
    } catch (error) {
      this.#lost(error);
      return;
    }
    this.#emit({ type: 'connected', readerName: status.reader });
    transport.subscribe((event) => {
      if (event.type === 'inserted') void this.#cardInserted();
      else this.#cardRemoved();
    });
    // The agent only announces cards put on the reader during this session.
    if (status.cardPresent) void this.#cardInserted();
    this.#heartbeat = setInterval(() => {
      transport.status().catch((error: unknown) => this.#lost(error));
    }, HEARTBEAT_MS);
  }

  /** One VERIFY per call, never repeated: each wrong PIN costs the resident one of three tries. */
  async verifyPin(pin: string): Promise<void> {
    const text = this.#text;
    if (text === undefined || this.#verifying) return;
    const generation = this.#generation;
    this.#verifying = true;
    this.#emit({ type: 'verifyStarted' });
    try {
      await text.verifyPin(pin);
    } catch (error) {
      if (generation !== this.#generation) return;
      if (error instanceof PinIncorrectError) this.#emit({ type: 'pinIncorrect', triesLeft: error.triesLeft, problem: this.#problem(error) });
      else if (error instanceof PinLockedError) this.#emit({ type: 'pinLocked', problem: this.#problem(error) });
      else this.#failed(generation, error);
      return;
    } finally {
      this.#verifying = false;
    }
    if (generation !== this.#generation) return;
    this.#emit({ type: 'verified' });
    await this.#readAttributes(text, generation);
  }

  close(): void {
    this.#closed = true;
    clearInterval(this.#heartbeat);
    this.#channel?.detach();
    // Closing releases the reader for the next page; the agent resets the card so this page's PIN is not left in force.
    void this.#transport?.close();
  }

  async #cardInserted(): Promise<void> {
    const transport = this.#transport;
    if (transport === undefined) return;
    const generation = ++this.#generation;
    this.#channel?.detach();
    const channel = new CardChannel(transport, { timeoutMs: APDU_TIMEOUT_MS });
    const text = new TextAp(channel);
    this.#channel = channel;
    this.#text = text;
    this.#emit({ type: 'cardInserted' });
    try {
      const status = await text.readPinStatus();
      if (generation !== this.#generation) return;
      this.#emit({ type: 'pinStatus', status });
      if (status.state === 'verified') await this.#readAttributes(text, generation);
    } catch (error) {
      this.#failed(generation, error);
    }
  }

  #cardRemoved(): void {
    this.#generation++;
    this.#channel?.detach();
    this.#channel = undefined;
    this.#text = undefined;
    this.#emit({ type: 'cardRemoved', problem: this.#problem(new CardRemovedError()) });
  }

  async #readAttributes(text: TextAp, generation: number): Promise<void> {
    try {
      const attributes = await text.readAttributes();
      if (generation === this.#generation) this.#emit({ type: 'attributesRead', attributes });
    } catch (error) {
      this.#failed(generation, error);
    }
  }

  #failed(generation: number, error: unknown): void {
    if (generation !== this.#generation) return;
    if (error instanceof CardError && CONNECTION_LOST.has(error.code)) {
      this.#lost(error);
      return;
    }
    if (error instanceof CardError && (error.code === 'CARD_REMOVED' || error.code === 'CARD_NOT_PRESENT')) {
      this.#cardRemoved();
      return;
    }
    this.#emit({ type: 'cardFailed', problem: this.#problem(error) });
  }

  #lost(error: unknown): void {
    // A status answer cut short by a card removal is not a lost connection.
    if (error instanceof CardError && !CONNECTION_LOST.has(error.code)) return;
    clearInterval(this.#heartbeat);
    this.#generation++;
    this.#channel?.detach();
    this.#text = undefined;
    this.#emit({ type: 'connectionFailed', problem: this.#problem(error) });
  }
}

export interface CardReader {
  state: CardReaderState;
  /** Connects again (after a failure, or with new settings already saved). */
  reconnect: () => void;
  verifyPin: (pin: string) => void;
  /** Takes the attributes off the screen (and out of memory); the card must be put on again to read it again. */
  clear: (reason: 'timeout' | 'done') => void;
}

/** The card reader as the page sees it: connected while the page is open, closed when it is left. */
export function useCardReader(settings: AgentSettings | null, options: { demo: boolean }): CardReader {
  const [state, dispatch] = useReducer(cardReaderReducer, initialCardReaderState);
  const session = useRef<ReaderSession | null>(null);
  const [attempt, setAttempt] = useState(0);
  const url = settings?.url;
  const pairingToken = settings?.pairingToken;

  useEffect(() => {
    if (url === undefined || pairingToken === undefined) return undefined;
    const current = new ReaderSession({ url, pairingToken }, dispatch, options.demo);
    session.current = current;
    void current.open();
    return () => {
      current.close();
      if (session.current === current) session.current = null;
      dispatch({ type: 'disconnected' });
    };
  }, [url, pairingToken, attempt, options.demo]);

  return {
    state,
    reconnect: useCallback(() => setAttempt((n) => n + 1), []),
    verifyPin: useCallback((pin: string) => void session.current?.verifyPin(pin), []),
    clear: useCallback((reason: 'timeout' | 'done') => dispatch({ type: 'clear', reason }), []),
  };
}
