// Builds the `smartcard` N-API addon when it is missing. npm 11 does not run its install script
// unless the root package.json allows it, and node-gyp would try to download Node headers; the
// headers that come with the system Node (/usr/include/node) are used instead, offline.
// Safe to run concurrently (vitest global setups of card and card-agent): a lock directory
// serialises builders, and the second one finds the addon built.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// The package's exports hide package.json, so walk up from its entry point.
let packageDir = dirname(require.resolve('smartcard'));
while (!existsSync(join(packageDir, 'binding.gyp'))) packageDir = dirname(packageDir);
const addon = join(packageDir, 'build', 'Release', 'smartcard_napi.node');
const force = process.argv.includes('--force');

export function buildPcscBinding() {
  if (existsSync(addon) && !force) return addon;
  const lock = join(packageDir, '.build-lock');
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      execFileSync('sleep', ['0.5']);
    }
  }
  try {
    if (existsSync(addon) && !force) return addon;
    const nodedir = dirname(dirname(process.execPath));
    if (!existsSync(join(nodedir, 'include', 'node', 'node_api.h'))) {
      throw new Error(`Node headers not found under ${nodedir}/include/node`);
    }
    // npm ships node-gyp; npm scripts say where, otherwise it sits in the global npm install.
    const nodeGyp =
      process.env.npm_config_node_gyp ??
      join(execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim(), 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
    execFileSync(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodedir}`], { cwd: packageDir, stdio: 'inherit' });
    return addon;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].split('/').pop() ?? '')) {
  console.log(`smartcard addon: ${buildPcscBinding()}`);
}
