import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  AGENT_CLOSE,
  AGENT_PROTOCOL,
  type AgentMessage,
  type AgentRequest,
  ApduPolicy,
  CardError,
  type CardErrorCode,
  CardProtocolError,
  CardTimeoutError,
  type CardTransport,
  MAX_AGENT_MESSAGE_BYTES,
  PAIRING_PREFIX,
  decodeApdu,
  encodeApdu,
  parseAgentRequest,
} from '@madoguchi/card';
import { type WebSocket, WebSocketServer } from 'ws';

/** Close code for a client that is not paired (see AGENT_UNAUTHORIZED_CLOSE in the client). */
const UNAUTHORIZED_CLOSE = 4401;

/** What the agent writes to its log: decisions and codes, never APDUs, PINs or card data. */
export type AgentLogEvent =
  | { readonly type: 'rejected'; readonly reason: 'origin' | 'host' | 'protocol' | 'token'; readonly origin: string | undefined }
  | { readonly type: 'session'; readonly event: 'opened' | 'closed' | 'busy' }
  | { readonly type: 'denied'; readonly reason: 'command' | 'individualNumber' }
  | { readonly type: 'purpose'; readonly procedureId: string | null; readonly individualNumber: boolean }
  | { readonly type: 'error'; readonly code: CardErrorCode };

export interface ReaderTransport extends CardTransport {
  readonly readerName?: string;
  cardPresent?(): boolean;
  /** Power-cycles the card between sessions, so a PIN verified in one is not usable in the next. */
  reset?(): Promise<void>;
}

export interface CardAgentOptions {
  /** Opens the reader; called lazily and again after the reader went away. */
  readonly openTransport: () => Promise<ReaderTransport>;
  /** Web origins allowed to connect, e.g. https://madoguchi.city.example.lg.jp */
  readonly allowedOrigins: readonly string[];
  /** Shared secret set up when this PC was paired with the web app. */
  readonly pairingToken: string;
  /** Procedure ids this counter may read the individual number for (個人番号利用事務 only). */
  readonly individualNumberProcedures: Iterable<string>;
  /** 0 picks a free port (tests). */
  readonly port?: number;
  readonly apduTimeoutMs?: number;
  readonly log?: (event: AgentLogEvent) => void;
}

export interface RunningCardAgent {
  readonly port: number;
  readonly url: string;
  close(): Promise<void>;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function tokenMatches(offered: string | undefined, expected: string): boolean {
  // Compare digests so the comparison takes the same time whatever the lengths.
  return offered !== undefined && timingSafeEqual(digest(offered), digest(expected));
}

function offeredProtocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  return (typeof header === 'string' ? header : '').split(',').map((p) => p.trim()).filter((p) => p.length > 0);
}

/**
 * The card-agent: exposes one card reader to the city's web app on 127.0.0.1. Only pages from the
 * allowed origins get a WebSocket at all; only a paired page (pairing token) gets to talk; one
 * session at a time holds the reader; every APDU passes an allow-list (ApduPolicy), and the
 * individual number files open only for a declared 個人番号利用事務 procedure on this agent's list.
 */
export async function startCardAgent(options: CardAgentOptions): Promise<RunningCardAgent> {
  const log = options.log ?? (() => undefined);
  const allowedOrigins = new Set(options.allowedOrigins);
  const individualNumberProcedures = new Set(options.individualNumberProcedures);
  if (options.pairingToken.length < 16) throw new RangeError('pairing token must be at least 16 characters');
  const authorised = new WeakMap<IncomingMessage, boolean>();
  let port = 0;

  const server = new WebSocketServer({
    host: '127.0.0.1',
    port: options.port ?? 0,
    maxPayload: MAX_AGENT_MESSAGE_BYTES,
    verifyClient: (info, done) => {
      const origin = info.origin;
      if (origin === undefined || !allowedOrigins.has(origin)) {
        log({ type: 'rejected', reason: 'origin', origin });
        done(false, 403, 'Forbidden');
        return;
      }
      // A DNS-rebinding page would arrive with its own host name; only loopback names are ours.
      const host = info.req.headers.host ?? '';
      if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
        log({ type: 'rejected', reason: 'host', origin });
        done(false, 403, 'Forbidden');
        return;
      }
      const protocols = offeredProtocols(info.req);
      if (!protocols.includes(AGENT_PROTOCOL)) {
        log({ type: 'rejected', reason: 'protocol', origin });
        done(false, 400, 'Bad Request');
        return;
      }
      const token = protocols.find((p) => p.startsWith(PAIRING_PREFIX))?.slice(PAIRING_PREFIX.length);
      authorised.set(info.req, tokenMatches(token, options.pairingToken));
      done(true);
    },
    handleProtocols: (protocols) => (protocols.has(AGENT_PROTOCOL) ? AGENT_PROTOCOL : false),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  port = (server.address() as AddressInfo).port;

  let transport: ReaderTransport | undefined;
  let unsubscribe: (() => void) | undefined;
  let active: Session | undefined;
  let queue: Promise<unknown> = Promise.resolve();

  async function reader(): Promise<ReaderTransport> {
    if (transport !== undefined) return transport;
    const opened = await options.openTransport();
    transport = opened;
    unsubscribe = opened.subscribe((event) => {
      active?.cardEvent(event.type, event.type === 'inserted' ? event.atr : undefined);
    });
    return opened;
  }

  async function dropReader(): Promise<void> {
    const current = transport;
    transport = undefined;
    unsubscribe?.();
    unsubscribe = undefined;
    await current?.close().catch(() => undefined);
  }

  /** One APDU at a time, whatever the client sends, so nothing interleaves with a VERIFY. */
  function serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  }

  class Session {
    readonly policy = new ApduPolicy();
    individualNumber = false;

    constructor(readonly socket: WebSocket) {}

    send(message: AgentMessage): void {
      if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(message));
    }

    cardEvent(event: 'inserted' | 'removed', atr: Uint8Array | undefined): void {
      // A different card may come next: the grant and the selection end with this one.
      this.policy.reset();
      if (event === 'removed') this.individualNumber = false;
      this.send(atr === undefined ? { type: 'card', event } : { type: 'card', event, atr: encodeApdu(atr) });
    }

    async handle(request: AgentRequest): Promise<void> {
      switch (request.type) {
        case 'status': {
          let name: string | null = null;
          let present = false;
          try {
            const r = await reader();
            name = r.readerName ?? null;
            present = r.cardPresent?.() ?? true;
          } catch {
            // No reader: report it as such; the web app shows "カードリーダーが見つかりません".
          }
          this.send({ id: request.id, type: 'status', reader: name, cardPresent: present });
          return;
        }
        case 'purpose': {
          const procedure = request.procedure;
          this.individualNumber = procedure !== null && procedure.individualNumberUse && individualNumberProcedures.has(procedure.procedureId);
          log({ type: 'purpose', procedureId: procedure?.procedureId ?? null, individualNumber: this.individualNumber });
          this.send({ id: request.id, type: 'purpose', individualNumber: this.individualNumber });
          return;
        }
        case 'transmit':
          await this.transmit(request.id, decodeApdu(request.apdu));
          return;
      }
    }

    async transmit(id: number, apdu: Uint8Array): Promise<void> {
      const decision = this.policy.decide(apdu, this.individualNumber);
      if (decision !== 'allow') {
        log({ type: 'denied', reason: decision === 'denyIndividualNumber' ? 'individualNumber' : 'command' });
        this.send({ id, type: 'error', code: decision === 'denyIndividualNumber' ? 'CARD_INDIVIDUAL_NUMBER_NOT_PERMITTED' : 'AGENT_COMMAND_DENIED' });
        return;
      }
      try {
        const response = await serialised(async () => {
          const r = await reader();
          return withTimeout(r.transmit(apdu), options.apduTimeoutMs ?? 10_000);
        });
        if (response.length < 2 || response.length > 258) throw new CardProtocolError(`response of ${response.length} bytes`);
        this.policy.observe(((response[response.length - 2] ?? 0) << 8) | (response[response.length - 1] ?? 0));
        this.send({ id, type: 'response', apdu: encodeApdu(response) });
      } catch (error) {
        const code: CardErrorCode = error instanceof CardError ? error.code : 'CARD_TRANSPORT_CLOSED';
        if (code === 'CARD_READER_NOT_FOUND' || code === 'CARD_TRANSPORT_CLOSED') await dropReader();
        this.policy.reset();
        log({ type: 'error', code });
        this.send({ id, type: 'error', code });
      }
    }
  }

  server.on('connection', (socket, request) => {
    if (authorised.get(request) !== true) {
      log({ type: 'rejected', reason: 'token', origin: request.headers.origin });
      socket.close(UNAUTHORIZED_CLOSE, 'pairing required');
      return;
    }
    if (active !== undefined) {
      log({ type: 'session', event: 'busy' });
      socket.close(AGENT_CLOSE.busy, 'reader busy');
      return;
    }
    const session = new Session(socket);
    active = session;
    log({ type: 'session', event: 'opened' });
    socket.on('message', (data, isBinary) => {
      const request = isBinary ? undefined : parseAgentRequest(data.toString());
      if (request === undefined) {
        socket.close(AGENT_CLOSE.protocolError, 'malformed request');
        return;
      }
      void session.handle(request);
    });
    socket.on('close', () => {
      log({ type: 'session', event: 'closed' });
      // The next page must not find this page's VERIFY still in force on the card.
      void serialised(async () => {
        await transport?.reset?.().catch(() => undefined);
      }).finally(() => {
        if (active === session) active = undefined;
      });
    });
    socket.on('error', () => socket.terminate());
  });

  return {
    port,
    url: `ws://127.0.0.1:${port}/`,
    async close() {
      for (const client of server.clients) client.close(AGENT_CLOSE.shuttingDown, 'agent stopping');
      await new Promise<void>((resolve) => server.close(() => resolve()));
      for (const client of server.clients) client.terminate();
      await dropReader();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new CardTimeoutError()), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
