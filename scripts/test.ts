/**
 * `npm test`: builds the web app (the browser tests serve it), runs every vitest project, and ends
 * with the plain line `N passed, N failed` that CI reads.
 *
 *   npm test                       all projects on the embedded database (PGlite)
 *   npm test -- --project server   one project (any vitest arguments pass through)
 *   TEST_DATABASE_URL=postgres://… npm test -- --project server --project e2e
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const wantsE2e = args.length === 0 || args.some((a, i) => a === 'e2e' && args[i - 1] === '--project');

if (wantsE2e) {
  const build = spawnSync('npm', ['run', 'build', '-w', 'packages/web'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

mkdirSync(path.join(root, '.tmp'), { recursive: true });
const report = path.join(root, '.tmp', `vitest-${process.pid}.json`);
const run = spawnSync(
  path.join(root, 'node_modules/.bin/vitest'),
  ['run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...args],
  { cwd: root, stdio: 'inherit', env: process.env },
);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number; numFailedTestSuites: number };
  passed = json.numPassedTests;
  failed = json.numFailedTests + json.numFailedTestSuites;
  skipped = json.numPendingTests + json.numTodoTests;
}
const status = run.status ?? 1;
if (status !== 0 && failed === 0) failed = 1; // a crash before any test result still counts as a failure
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(status !== 0 ? status : passed === 0 ? 1 : 0);
