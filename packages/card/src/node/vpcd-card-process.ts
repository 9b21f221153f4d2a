import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SimulatedApplication, SimulatedCard } from '../sim/card';
import type { VpcdCardOptions } from './vpcd-card';

type ChildCommand =
  | { readonly type: 'init'; readonly applications: readonly SimulatedApplication[]; readonly atr: Uint8Array; readonly options: VpcdCardOptions }
  | { readonly type: 'insert' | 'remove' };

export type VpcdChildRequest = ChildCommand & { readonly id: number };

export type VpcdChildReply = { readonly id: number; readonly ok: true } | { readonly id: number; readonly ok: false; readonly error: string };

/**
 * Runs a simulated card on the vpcd reader from a separate process. A card in the same thread as
 * the PC/SC client can deadlock: synchronous pcsc-lite calls (disconnect, list readers) wait for
 * pcscd, which waits for the card to answer. A real card never shares our thread; this one doesn't
 * either. The card is copied (its data and keys are plain data), so PIN counters start fresh.
 */
export class VpcdCardProcess {
  readonly #child: ChildProcess;
  readonly #pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  #nextId = 1;

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.on('message', (raw: unknown) => {
      const message = raw as VpcdChildReply;
      const waiter = this.#pending.get(message.id);
      if (waiter === undefined) return;
      this.#pending.delete(message.id);
      if (message.ok) waiter.resolve();
      else waiter.reject(new Error(`virtual card: ${message.error}`));
    });
    child.on('exit', () => {
      for (const waiter of this.#pending.values()) waiter.reject(new Error('virtual card process exited'));
      this.#pending.clear();
    });
  }

  static async start(card: SimulatedCard, options: VpcdCardOptions = {}): Promise<VpcdCardProcess> {
    const script = fileURLToPath(new URL('./vpcd-card-child.ts', import.meta.url));
    const child = fork(script, [], { execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const process = new VpcdCardProcess(child);
    await process.#request({ type: 'init', applications: card.applications, atr: card.atr, options });
    return process;
  }

  insert(): Promise<void> {
    return this.#request({ type: 'insert' });
  }

  remove(): Promise<void> {
    return this.#request({ type: 'remove' });
  }

  async stop(): Promise<void> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.#child.once('exit', resolve));
    this.#child.disconnect();
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }

  #request(body: ChildCommand): Promise<void> {
    const id = this.#nextId++;
    return new Promise<void>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#child.send({ ...body, id });
    });
  }
}
