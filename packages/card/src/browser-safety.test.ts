import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The browser bundles `@madoguchi/card` and `@madoguchi/card/sim`: walk their import graphs and
 * make sure nothing Node-only (node:*, ws, smartcard) is reachable from them.
 */
const here = dirname(fileURLToPath(import.meta.url));
const NODE_ONLY = /^(node:|ws$|smartcard$|fs$|net$|child_process$|crypto$)/;

function reachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^(?:import|export)\s[^'"]*?from\s+'([^']+)'/gm)) {
      const specifier = match[1] ?? '';
      if (specifier.startsWith('.')) visit(`${resolve(dirname(file), specifier)}.ts`.replace(/\.ts\.ts$/, '.ts'));
      else packages.add(specifier);
    }
  };
  visit(entry);
  return { files, packages };
}

describe('browser-safe entry points', () => {
  for (const entry of ['index.ts', 'sim/index.ts']) {
    it(`${entry} reaches no Node-only module`, () => {
      const { files, packages } = reachable(join(here, entry));
      expect(files.size).toBeGreaterThan(5);
      expect([...packages].filter((p) => NODE_ONLY.test(p))).toEqual([]);
      expect([...files].filter((f) => f.includes('/node/') || f.includes('/verify/') || f.includes('/testing/'))).toEqual([]);
    });
  }

  it('the node entry does reach the Node-only parts (the walk sees them)', () => {
    const { packages } = reachable(join(here, 'node/index.ts'));
    expect([...packages].some((p) => NODE_ONLY.test(p))).toBe(true);
  });
});
