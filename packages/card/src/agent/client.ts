import { AgentRejectedError, AgentUnavailableError, CardRemovedError, ReaderBusyError, TransportClosedError } from '../errors';
import type { ProcedureRef } from '../profiles/procedure';
import { CardEventHub, type CardEventListener, type CardTransport, type TransmitOptions } from '../transport';
import {
  AGENT_CLOSE,
  AGENT_PROTOCOL,
  type AgentMessage,
  type AgentRequest,
  PAIRING_PREFIX,
  decodeApdu,
  encodeApdu,
  errorFromCode,
  parseAgentMessage,
} from './protocol';

/** The part of the standard WebSocket this client uses (browsers' WebSocket, or `ws` in Node tests). */
export interface WebSocketLike {
  readonly readyState: number;
  readonly protocol: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'close' | 'error' | 'message', listener: (event: { data?: unknown; code?: number }) => void): void;
}

export type WebSocketFactory = (url: string, protocols: string[]) => WebSocketLike;

export interface AgentClientOptions {
  /** e.g. ws://127.0.0.1:47800/ */
  readonly url: string;
  readonly pairingToken: string;
  readonly createWebSocket?: WebSocketFactory;
  readonly connectTimeoutMs?: number;
}

/** Close codes meaning "you are not paired": the person must pair this browser again. */
export const AGENT_UNAUTHORIZED_CLOSE = 4401;

type Pending = { resolve: (message: AgentMessage) => void; reject: (error: Error) => void };

/**
 * CardTransport for the browser: APDUs go to the local card-agent over WebSocket. Uses only the
 * standard WebSocket API, so it bundles for the web without Node modules.
 */
export class AgentCardTransport implements CardTransport {
  readonly #socket: WebSocketLike;
  readonly #events = new CardEventHub();
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed: Error | undefined;

  private constructor(socket: WebSocketLike) {
    this.#socket = socket;
    socket.addEventListener('message', (event) => this.#receive(event.data));
    socket.addEventListener('close', (event) => this.#fail(closeError(event.code, new TransportClosedError())));
  }

  static connect(options: AgentClientOptions): Promise<AgentCardTransport> {
    const create: WebSocketFactory =
      options.createWebSocket ?? ((url, protocols) => new WebSocket(url, protocols) as unknown as WebSocketLike);
    return new Promise<AgentCardTransport>((resolve, reject) => {
      let socket: WebSocketLike;
      try {
        socket = create(options.url, [AGENT_PROTOCOL, `${PAIRING_PREFIX}${options.pairingToken}`]);
      } catch (error) {
        reject(new AgentUnavailableError({ cause: error }));
        return;
      }
      const timer = setTimeout(() => {
        socket.close();
        reject(new AgentUnavailableError());
      }, options.connectTimeoutMs ?? 5000);
      socket.addEventListener('open', () => {
        clearTimeout(timer);
        if (socket.protocol !== AGENT_PROTOCOL) {
          socket.close();
          reject(new AgentUnavailableError());
          return;
        }
        const transport = new AgentCardTransport(socket);
        // The agent refuses an unpaired client right after the handshake; wait one status round trip
        // so that refusal surfaces here instead of on the first APDU.
        transport.status().then(
          () => resolve(transport),
          (error: unknown) => reject(error),
        );
      });
      socket.addEventListener('close', (event) => {
        clearTimeout(timer);
        reject(closeError(event.code, new AgentUnavailableError()));
      });
      // A refused handshake (foreign origin, agent not running) shows up as an error, then a close.
      socket.addEventListener('error', () => undefined);
    });
  }

  async transmit(apdu: Uint8Array, options: TransmitOptions = {}): Promise<Uint8Array> {
    const reply = await this.#request({ type: 'transmit', apdu: encodeApdu(apdu) }, options.signal);
    if (reply.type !== 'response') throw new TransportClosedError();
    return decodeApdu(reply.apdu);
  }

  /**
   * Declares the procedure this session serves. The agent unlocks the individual number files only
   * if the procedure is 個人番号利用事務 and on its own allow-list; returns whether it did.
   */
  async declarePurpose(procedure: ProcedureRef | null): Promise<boolean> {
    const reply = await this.#request({
      type: 'purpose',
      procedure: procedure === null ? null : { procedureId: procedure.id, individualNumberUse: procedure.individualNumberUse },
    });
    return reply.type === 'purpose' && reply.individualNumber;
  }

  async status(): Promise<{ reader: string | null; cardPresent: boolean }> {
    const reply = await this.#request({ type: 'status' });
    if (reply.type !== 'status') throw new TransportClosedError();
    return { reader: reply.reader, cardPresent: reply.cardPresent };
  }

  subscribe(listener: CardEventListener): () => void {
    return this.#events.subscribe(listener);
  }

  async close(): Promise<void> {
    this.#fail(new TransportClosedError());
    this.#socket.close(1000);
  }

  #request(body: DistributiveOmit<AgentRequest, 'id'>, signal?: AbortSignal): Promise<AgentMessage> {
    if (this.#closed !== undefined) return Promise.reject(this.#closed);
    const id = this.#nextId++;
    return new Promise<AgentMessage>((resolve, reject) => {
      this.#pending.set(id, {
        resolve: (message) => (message.type === 'error' ? reject(errorFromCode(message.code)) : resolve(message)),
        reject,
      });
      signal?.addEventListener('abort', () => this.#pending.delete(id), { once: true });
      this.#socket.send(JSON.stringify({ ...body, id }));
    });
  }

  #receive(data: unknown): void {
    const message = typeof data === 'string' ? parseAgentMessage(data) : undefined;
    if (message === undefined) {
      // An agent that speaks garbage is not one we can trust with the next APDU either.
      this.#fail(new TransportClosedError());
      this.#socket.close(AGENT_CLOSE.protocolError);
      return;
    }
    if (message.type === 'card') {
      if (message.event === 'removed') {
        for (const pending of this.#pending.values()) pending.reject(new CardRemovedError());
        this.#pending.clear();
        this.#events.emit({ type: 'removed' });
      } else {
        this.#events.emit({ type: 'inserted', atr: message.atr === undefined ? new Uint8Array(0) : decodeApdu(message.atr) });
      }
      return;
    }
    const pending = this.#pending.get(message.id);
    if (pending === undefined) return;
    this.#pending.delete(message.id);
    pending.resolve(message);
  }

  #fail(error: Error): void {
    if (this.#closed !== undefined) return;
    this.#closed = error;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
    this.#events.clear();
  }
}

/** Maps the agent's close codes to what the person should be told. */
function closeError(code: number | undefined, otherwise: Error): Error {
  if (code === AGENT_UNAUTHORIZED_CLOSE) return new AgentRejectedError('pairing token refused');
  if (code === AGENT_CLOSE.busy) return new ReaderBusyError();
  return otherwise;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
