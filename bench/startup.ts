/**
 * Start time of the platform (`node packages/server/src/main.ts`, what `npm start` runs after the
 * web build) until /api/health answers: on a fresh data directory (initdb + migrations + demo data)
 * and on the existing one. Five runs each on the existing directory.
 *
 *   npm run bench -- startup
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { report, summarize } from './support/table';

const root = path.resolve(import.meta.dirname, '..');

async function timeToHealthy(dataDir: string, port: number): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'packages/server/src/main.ts'], {
    cwd: root, env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', MADOGUCHI_DATA_DIR: dataDir }, stdio: 'ignore',
  });
  try {
    for (;;) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/health`);
        if (r.ok) return performance.now() - started;
      } catch {
        /* not yet */
      }
      if (child.exitCode !== null) throw new Error('server exited');
      await new Promise((r) => setTimeout(r, 20));
    }
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-startup-'));
try {
  const fresh = await timeToHealthy(dir, 3901);
  const existing: number[] = [];
  for (let i = 0; i < 5; i++) existing.push(await timeToHealthy(dir, 3902 + i));
  const e = summarize(existing);
  report('startup', [
    { data_directory: 'fresh (initdb, migrations, 14,000-resident demo city)', runs: 1, p50_ms: fresh, max_ms: fresh },
    { data_directory: 'existing', runs: e.n, p50_ms: e.p50, max_ms: e.max },
  ]);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
