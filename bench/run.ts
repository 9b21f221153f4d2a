/** npm run bench -- <name> runs bench/<name>.ts; without a name, lists them. */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';

const dir = import.meta.dirname;
const available = readdirSync(dir).filter((f) => f.endsWith('.ts') && f !== 'run.ts').map((f) => f.replace(/\.ts$/, ''));
const wanted = process.argv.slice(2);
if (wanted.length === 0) {
  console.log(`benchmarks: ${available.join(', ')}\nusage: npm run bench -- <name> [<name>…]`);
  process.exit(0);
}
for (const name of wanted) {
  if (!available.includes(name)) {
    console.error(`unknown benchmark: ${name} (have: ${available.join(', ')})`);
    process.exit(2);
  }
  const r = spawnSync(process.execPath, ['--import', 'tsx', path.join(dir, `${name}.ts`)], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
