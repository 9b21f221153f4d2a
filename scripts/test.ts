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

interface AssertionResult { fullName: string; status: string; failureMessages?: string[] }
interface FileResult { name: string; status: string; message?: string; assertionResults: AssertionResult[] }
interface Report { numPassedTests: number; numPendingTests: number; numTodoTests: number; testResults: FileResult[] }

let passed = 0;
let failed = 0;
let skipped = 0;
const failures: string[] = [];
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8')) as Report;
  passed = json.numPassedTests;
  skipped = json.numPendingTests + json.numTodoTests;
  failures.push(...describeFailures(json));
  // A failed test counts once; a file counts only when it failed outside its tests (an import error).
  failed = failures.length;
}
const status = run.status ?? 1;
if (status !== 0 && failed === 0) failed = 1; // a crash before any test result still counts as a failure
// CI keeps only the end of the log, so the failures are repeated here, next to the count.
if (failures.length > 0) console.log(['', 'Failed:', ...failures, ''].join('\n'));
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(status !== 0 ? status : passed === 0 ? 1 : 0);

/** One line per failed test or file: where, which test, and the first line of the error. */
function describeFailures(json: Report): string[] {
  const lines: string[] = [];
  for (const file of json.testResults) {
    const where = path.relative(root, file.name);
    const failedTests = file.assertionResults.filter((a) => a.status === 'failed');
    for (const test of failedTests) lines.push(`  ✗ ${where} > ${test.fullName}: ${firstLine(test.failureMessages?.[0])}`);
    if (file.status === 'failed' && failedTests.length === 0) lines.push(`  ✗ ${where}: ${firstLine(file.message)}`);
  }
  return lines;
}

function firstLine(text: string | undefined): string {
  // Terminal colours are stripped: the line is read in a plain CI log.
  const line = (text ?? '').replace(/\u001b\[[0-9;]*m/g, '').split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > 300 ? `${line.slice(0, 300)}…` : line;
}
