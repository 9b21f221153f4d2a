import { describe, expect, it } from 'vitest';
import { conformanceCases } from './cases';
import { runConformanceCase } from './run';

describe('conformance table (Node)', () => {
  it.each(conformanceCases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(runConformanceCase(c)).toEqual([]);
  });
});
