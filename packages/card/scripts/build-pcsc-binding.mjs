// Builds the `smartcard` N-API addon when it is missing. npm 11 does not run its install script
// unless the root package.json allows it, and node-gyp would try to download Node headers; the
// headers that come with the system Node (/usr/include/node) are used instead, offline.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
// The package's exports hide package.json, so walk up from its entry point.
let packageDir = dirname(require.resolve('smartcard'));
while (!existsSync(join(packageDir, 'binding.gyp'))) packageDir = dirname(packageDir);
const addon = join(packageDir, 'build', 'Release', 'smartcard_napi.node');
if (existsSync(addon) && !process.argv.includes('--force')) {
  console.log(`smartcard addon present: ${addon}`);
  process.exit(0);
}
const nodedir = dirname(dirname(process.execPath));
if (!existsSync(join(nodedir, 'include', 'node', 'node_api.h'))) {
  console.error(`Node headers not found under ${nodedir}/include/node; install them (Debian: libnode-dev or nodejs headers).`);
  process.exit(1);
}
// npm ships node-gyp; npm scripts say where, otherwise it sits in the global npm install.
const nodeGyp =
  process.env.npm_config_node_gyp ??
  join(execFileSync('npm', ['root', '-g'], { encoding: 'utf8' }).trim(), 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js');
execFileSync(process.execPath, [nodeGyp, 'rebuild', `--nodedir=${nodedir}`], { cwd: packageDir, stdio: 'inherit' });
console.log(`built ${addon}`);
