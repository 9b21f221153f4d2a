import { defineConfig } from 'vitest/config';

// Each package owns its vitest config; the root only lists them so `vitest run` runs them all.
export default defineConfig({
  test: {
    projects: ['packages/*/vitest.config.ts', 'e2e/vitest.config.ts'],
  },
});
