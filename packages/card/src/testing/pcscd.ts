import { type ChildProcess, spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';

/**
 * pcscd and the vpcd slot are machine-wide (one socket, one TCP port), so test files that use
 * them — in this package and in card-agent — take this lock first and run one at a time.
 */
const LOCK_DIR = '/tmp/madoguchi-pcsc.lock';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export async function acquirePcscLock(timeoutMs = 120_000): Promise<() => Promise<void>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await mkdir(LOCK_DIR);
      await writeFile(`${LOCK_DIR}/pid`, String(process.pid));
      return () => rm(LOCK_DIR, { recursive: true, force: true });
    } catch {
      const owner = Number(await readFile(`${LOCK_DIR}/pid`, 'utf8').catch(() => '0'));
      if (owner > 0 && !alive(owner)) await rm(LOCK_DIR, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error('timed out waiting for the pcscd test lock');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

async function pcscdAnswers(): Promise<boolean> {
  const binding = await import('smartcard');
  try {
    const context = new binding.Context();
    context.close();
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts pcscd in the foreground (it loads the vpcd driver from /etc/reader.conf.d), or reuses
 * one that is already running. Throws when pcscd cannot be started: such tests fail, never skip.
 */
export async function startPcscd(): Promise<{ stop(): Promise<void> }> {
  if (await pcscdAnswers()) return { stop: async () => undefined };
  const child: ChildProcess = spawn('pcscd', ['--foreground'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const spawnError = new Promise<never>((_, reject) => child.once('error', reject));
  const deadline = Date.now() + 10_000;
  while (!(await Promise.race([pcscdAnswers(), spawnError]))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`pcscd did not start (exit ${child.exitCode}): ${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The first vpcd slot (port 35963): "Virtual PCD 00 00". */
export const isFirstVirtualSlot = (name: string): boolean => /^Virtual PCD \d+ 00$/.test(name);

async function slotPresent(): Promise<boolean> {
  const binding = await import('smartcard');
  const context = new binding.Context();
  try {
    const reader = context.listReaders().find((r) => isFirstVirtualSlot(r.name));
    if (reader === undefined) throw new Error('vpcd slot missing: is vsmartcard-vpcd installed?');
    return (reader.state & binding.SCARD_STATE_PRESENT) !== 0;
  } finally {
    context.close();
  }
}

async function until(predicate: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * vpcd only takes a new virtual card after pcscd has seen the old one leave, as with a person who
 * lifts one card before putting down the next; these keep tests from swapping cards faster.
 */
export async function insertCard(vpcd: { insert(): Promise<void> }): Promise<void> {
  await until(async () => !(await slotPresent()), 'the previous card to be gone');
  await vpcd.insert();
  await until(slotPresent, 'pcscd to see the card');
}

export async function removeCard(vpcd: { remove(): Promise<void> }): Promise<void> {
  await vpcd.remove();
  await until(async () => !(await slotPresent()), 'pcscd to see the card leave');
}
