import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface ThrowawayPostgres {
  url: string;
  stop(): void;
}

/**
 * A PostgreSQL 15 server in a temporary directory on a high port, for benchmarks, unless
 * BENCH_DATABASE_URL names one. initdb refuses root, so it runs as the `postgres` user.
 */
export function startPostgres(port = 55433): ThrowawayPostgres {
  if (process.env.BENCH_DATABASE_URL) return { url: process.env.BENCH_DATABASE_URL, stop: () => {} };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'madoguchi-bench-pg-'));
  const asPostgres = (cmd: string) => {
    const isRoot = process.getuid?.() === 0;
    const r = isRoot ? spawnSync('su', ['postgres', '-c', cmd], { encoding: 'utf8' }) : spawnSync('sh', ['-c', cmd], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd}\n${r.stdout}\n${r.stderr}`);
  };
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString().trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString().trim());
    chownSync(dir, uid, gid);
  }
  asPostgres(`${PG_BIN}/initdb -D ${dir}/data -U app --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null`);
  asPostgres(`${PG_BIN}/pg_ctl -D ${dir}/data -l ${dir}/log -o "-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c shared_buffers=512MB" -w start >/dev/null`);
  return {
    url: `postgres://app@127.0.0.1:${port}/postgres`,
    stop() {
      try {
        asPostgres(`${PG_BIN}/pg_ctl -D ${dir}/data -m fast stop >/dev/null`);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
