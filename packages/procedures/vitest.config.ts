import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'procedures',
    // The default 5 s is for a quiet machine; CI runs every project at once on 2 CPUs. A hang still fails.
    testTimeout: 20_000,
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
