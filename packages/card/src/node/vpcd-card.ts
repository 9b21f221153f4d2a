import { type Socket, connect } from 'node:net';
import type { SimulatedCard } from '../sim/card';

/** vpcd's default port for the first virtual slot (/etc/reader.conf.d/vpcd: CHANNELID 0x8C7B). */
export const VPCD_DEFAULT_PORT = 35963;

const CONTROL = { powerOff: 0x00, powerOn: 0x01, reset: 0x02, getAtr: 0x04 } as const;

export interface VpcdCardOptions {
  readonly host?: string;
  readonly port?: number;
  /** How long to keep retrying while pcscd has not opened the vpcd port yet. */
  readonly connectTimeoutMs?: number;
}

/**
 * Puts a simulated card into vsmartcard's virtual reader: connects to vpcd (loaded by pcscd) as a
 * virtual ICC and answers its frames — 2-byte big-endian length, then either a 1-byte control
 * code (power off/on, reset, get ATR) or an APDU to answer. Connected = card inserted;
 * disconnected = card removed. Everything from pcscd upward is the real PC/SC stack.
 */
export class VpcdCard {
  readonly #card: SimulatedCard;
  readonly #options: VpcdCardOptions;
  #socket: Socket | undefined;
  #buffer = Buffer.alloc(0);

  constructor(card: SimulatedCard, options: VpcdCardOptions = {}) {
    this.#card = card;
    this.#options = options;
  }

  get inserted(): boolean {
    return this.#socket !== undefined && !this.#socket.destroyed;
  }

  async insert(): Promise<void> {
    if (this.inserted) return;
    const deadline = Date.now() + (this.#options.connectTimeoutMs ?? 10_000);
    for (;;) {
      try {
        this.#socket = await this.#connectOnce();
        break;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    this.#card.reset();
    this.#socket.on('data', (chunk: Buffer) => this.#receive(chunk));
    this.#socket.on('close', () => {
      this.#socket = undefined;
    });
    this.#socket.on('error', () => undefined);
  }

  async remove(): Promise<void> {
    const socket = this.#socket;
    if (socket === undefined) return;
    this.#socket = undefined;
    this.#buffer = Buffer.alloc(0);
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }

  #connectOnce(): Promise<Socket> {
    return new Promise<Socket>((resolve, reject) => {
      const socket = connect({ host: this.#options.host ?? '127.0.0.1', port: this.#options.port ?? VPCD_DEFAULT_PORT });
      socket.setNoDelay(true);
      socket.once('connect', () => {
        socket.removeAllListeners('error');
        resolve(socket);
      });
      socket.once('error', reject);
    });
  }

  #receive(chunk: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    while (this.#buffer.length >= 2) {
      const length = this.#buffer.readUInt16BE(0);
      if (this.#buffer.length < 2 + length) return;
      const payload = this.#buffer.subarray(2, 2 + length);
      this.#buffer = this.#buffer.subarray(2 + length);
      this.#handle(new Uint8Array(payload));
    }
  }

  #handle(payload: Uint8Array): void {
    if (payload.length === 1) {
      switch (payload[0]) {
        case CONTROL.powerOff:
        case CONTROL.powerOn:
        case CONTROL.reset:
          this.#card.reset();
          return;
        case CONTROL.getAtr:
          this.#send(this.#card.atr);
          return;
        default:
          return;
      }
    }
    this.#send(this.#card.process(payload));
  }

  #send(bytes: Uint8Array): void {
    const frame = Buffer.alloc(2 + bytes.length);
    frame.writeUInt16BE(bytes.length, 0);
    frame.set(bytes, 2);
    this.#socket?.write(frame);
  }
}
