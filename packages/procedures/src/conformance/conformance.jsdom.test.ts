// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { conformanceCases } from './cases';
import { runConformanceCase } from './run';

describe('conformance table (browser-like jsdom)', () => {
  it('really runs in a DOM environment', () => {
    expect(typeof window).toBe('object');
    expect(typeof document.createElement).toBe('function');
  });
  it.each(conformanceCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(runConformanceCase(c)).toEqual([]);
  });
});
