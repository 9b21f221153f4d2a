import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '.');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'pdf' ? [] : sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('browser safety', () => {
  it('keeps Node-only modules out of everything except src/pdf', () => {
    const offenders = sources(root).filter((file) => {
      const imports = [...readFileSync(file, 'utf8').matchAll(/^import[^;]*from '([^']+)'/gm)].map((m) => m[1] ?? '');
      return imports.some((i) => i.startsWith('node:') || i === 'fs' || i === 'path' || i.includes('/pdf/') || i === '@cantoo/pdf-lib' || i === 'fontkit');
    });
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
    expect(sources(root).length).toBeGreaterThan(20);
  });
});
