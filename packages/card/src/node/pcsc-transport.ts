import {
  CardError,
  CardNotPresentError,
  CardRemovedError,
  CardTimeoutError,
  ReaderBusyError,
  ReaderNotFoundError,
  TransportClosedError,
} from '../errors';
import { CardEventHub, type CardEventListener, type CardTransport, type TransmitOptions } from '../transport';

type Binding = typeof import('smartcard');
type PcscContext = InstanceType<Binding['Context']>;
type PcscCard = Awaited<ReturnType<ReturnType<PcscContext['listReaders']>[number]['connect']>>;
type PcscMonitor = InstanceType<Binding['ReaderMonitor']>;

export interface PcscTransportOptions {
  /** Picks the reader; the first reader pcscd lists by default. */
  readonly reader?: string | ((name: string) => boolean);
  /** Exclusive by default: nobody else may send APDUs between our VERIFY and our READ. */
  readonly shareMode?: 'exclusive' | 'shared';
}

/** pcsc-lite return codes we turn into typed errors (pcsclite.h). */
const SCARD = {
  E_NO_SMARTCARD: 0x8010000c,
  E_SHARING_VIOLATION: 0x8010000b,
  E_NO_SERVICE: 0x8010001d,
  E_NO_READERS_AVAILABLE: 0x8010002e,
  E_UNKNOWN_READER: 0x80100009,
  E_READER_UNAVAILABLE: 0x80100017,
  E_TIMEOUT: 0x8010000a,
  W_REMOVED_CARD: 0x80100069,
  W_RESET_CARD: 0x80100068,
  W_UNRESPONSIVE_CARD: 0x80100066,
  W_UNPOWERED_CARD: 0x80100067,
  E_NOT_TRANSACTED: 0x80100016,
} as const;

/**
 * Maps a failure from the binding onto our errors. The binding reports some failures with a
 * pcsc-lite code and others only with pcsc_stringify_error's text, so both are looked at.
 */
export function pcscError(error: unknown): CardError {
  if (error instanceof CardError) return error;
  const code = typeof (error as { code?: unknown })?.code === 'number' ? ((error as { code: number }).code >>> 0) : undefined;
  const message = error instanceof Error ? error.message : String(error);
  const is = (c: number, text: RegExp) => code === c || text.test(message);
  // NOT_TRANSACTED: the reader lost the card mid-command — on a contactless reader, the card left the field.
  if (
    is(SCARD.W_REMOVED_CARD, /card was removed/i) ||
    is(SCARD.W_RESET_CARD, /card was reset/i) ||
    is(SCARD.E_NOT_TRANSACTED, /transaction failed/i)
  ) {
    return new CardRemovedError({ cause: error });
  }
  if (is(SCARD.E_NO_SMARTCARD, /no smart ?card (inserted|present)/i) || is(SCARD.W_UNPOWERED_CARD, /unpowered/i)) return new CardNotPresentError({ cause: error });
  if (is(SCARD.E_SHARING_VIOLATION, /sharing violation/i)) return new ReaderBusyError({ cause: error });
  if (is(SCARD.E_TIMEOUT, /timeout/i) || is(SCARD.W_UNRESPONSIVE_CARD, /unresponsive/i)) return new CardTimeoutError({ cause: error });
  if (
    is(SCARD.E_NO_SERVICE, /service not (available|running)/i) ||
    is(SCARD.E_NO_READERS_AVAILABLE, /cannot find a smart ?card reader|no readers/i) ||
    is(SCARD.E_UNKNOWN_READER, /unknown reader/i) ||
    is(SCARD.E_READER_UNAVAILABLE, /reader is unavailable/i)
  ) {
    return new ReaderNotFoundError({ cause: error });
  }
  return new CardError('CARD_TRANSPORT_CLOSED', new TransportClosedError().message, { cause: error });
}

/**
 * The real reader path: pcscd through the `smartcard` N-API binding (ABI-stable across Node
 * majors, builds against libpcsclite). The binding is loaded on open(), so code that only needs
 * verification never loads native code.
 */
export class PcscTransport implements CardTransport {
  readonly readerName: string;
  readonly #binding: Binding;
  readonly #context: PcscContext;
  readonly #monitor: PcscMonitor;
  readonly #events = new CardEventHub();
  readonly #shareMode: number;
  #card: PcscCard | undefined;
  #closed = false;
  /** The transmit on the wire, if any: a synchronous disconnect must not race it (pcscd holds the reader). */
  #inflight: Promise<unknown> | undefined;

  private constructor(binding: Binding, context: PcscContext, readerName: string, shareMode: number) {
    this.#binding = binding;
    this.#context = context;
    this.readerName = readerName;
    this.#shareMode = shareMode;
    this.#monitor = new binding.ReaderMonitor();
    this.#monitor.start((event) => {
      if (event.reader !== this.readerName) return;
      if (event.type === 'card-inserted') this.#events.emit({ type: 'inserted', atr: new Uint8Array(event.atr ?? []) });
      if (event.type === 'card-removed' || event.type === 'reader-detached') {
        this.#dropCard();
        this.#events.emit({ type: 'removed' });
      }
    });
  }

  static async open(options: PcscTransportOptions = {}): Promise<PcscTransport> {
    let binding: Binding;
    try {
      binding = await import('smartcard');
    } catch (error) {
      throw new ReaderNotFoundError({ cause: error });
    }
    let context: PcscContext;
    try {
      context = new binding.Context();
    } catch (error) {
      throw pcscError(error);
    }
    try {
      const names = context.listReaders().map((r) => r.name);
      const wanted = options.reader;
      const name =
        wanted === undefined ? names[0] : typeof wanted === 'string' ? names.find((n) => n === wanted) : names.find((n) => wanted(n));
      if (name === undefined) throw new ReaderNotFoundError();
      const share = options.shareMode === 'shared' ? binding.SCARD_SHARE_SHARED : binding.SCARD_SHARE_EXCLUSIVE;
      return new PcscTransport(binding, context, name, share);
    } catch (error) {
      context.close();
      throw pcscError(error);
    }
  }

  /** Readers pcscd knows about, for a settings screen. */
  static async listReaders(): Promise<string[]> {
    const binding = await import('smartcard');
    const context = new binding.Context();
    try {
      return context.listReaders().map((r) => r.name);
    } catch (error) {
      throw pcscError(error);
    } finally {
      context.close();
    }
  }

  /** Whether pcscd currently sees a card in our reader. */
  cardPresent(): boolean {
    const reader = this.#context.listReaders().find((r) => r.name === this.readerName);
    return reader !== undefined && (reader.state & this.#binding.SCARD_STATE_PRESENT) !== 0;
  }

  /** Resolves once a card is on the reader ("カードを置いてください" screens wait here). */
  async waitForCard(timeoutMs: number): Promise<void> {
    if (this.cardPresent()) return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        unsubscribe();
        clearInterval(poll);
        reject(new CardNotPresentError());
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        clearInterval(poll);
        unsubscribe();
        resolve();
      };
      const unsubscribe = this.subscribe((event) => {
        if (event.type === 'inserted') done();
      });
      // The monitor thread may have reported the insertion before we subscribed.
      const poll = setInterval(() => {
        if (this.cardPresent()) done();
      }, 100);
    });
  }

  async #connect(): Promise<PcscCard> {
    if (this.#card?.connected) return this.#card;
    const reader = this.#context.listReaders().find((r) => r.name === this.readerName);
    if (reader === undefined) throw new ReaderNotFoundError();
    this.#card = await reader.connect(this.#shareMode, this.#binding.SCARD_PROTOCOL_T0 | this.#binding.SCARD_PROTOCOL_T1);
    return this.#card;
  }

  /** Disconnects now, or as soon as the command on the wire has finished. */
  #dropCard(disposition: 'leave' | 'reset' = 'leave'): void {
    const card = this.#card;
    this.#card = undefined;
    if (card === undefined) return;
    const disconnect = () => {
      try {
        if (card.connected) {
          card.disconnect(disposition === 'reset' ? this.#binding.SCARD_RESET_CARD : this.#binding.SCARD_LEAVE_CARD);
        }
      } catch {
        // Already gone with the card.
      }
    };
    if (this.#inflight === undefined) disconnect();
    else void this.#inflight.finally(disconnect);
  }

  async transmit(apdu: Uint8Array, options: TransmitOptions = {}): Promise<Uint8Array> {
    if (this.#closed) throw new TransportClosedError();
    if (this.#inflight !== undefined) await this.#inflight.catch(() => undefined);
    try {
      const card = await this.#connect();
      // A caller that gave up (timeout) gets a reset card next time, so the next command starts clean.
      const onAbort = () => {
        if (this.#card === card) this.#dropCard('reset');
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const sending = card.transmit(Buffer.from(apdu), { maxRecvLength: 258 });
      this.#inflight = sending;
      try {
        return new Uint8Array(await sending);
      } finally {
        if (this.#inflight === sending) this.#inflight = undefined;
        options.signal?.removeEventListener('abort', onAbort);
      }
    } catch (error) {
      const mapped = pcscError(error);
      if (mapped instanceof CardRemovedError || mapped instanceof CardNotPresentError) this.#dropCard();
      throw mapped;
    }
  }

  subscribe(listener: CardEventListener): () => void {
    return this.#events.subscribe(listener);
  }

  /**
   * Resets the card (SCARD_RESET_CARD) so no verified PIN outlives the session that entered it;
   * the next command reconnects.
   */
  async reset(): Promise<void> {
    if (this.#inflight !== undefined) await this.#inflight.catch(() => undefined);
    this.#dropCard('reset');
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#inflight !== undefined) await this.#inflight.catch(() => undefined);
    this.#monitor.stop();
    this.#dropCard('reset');
    this.#events.clear();
    this.#context.close();
  }
}
