import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'card-agent',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['../card/scripts/vitest-global-setup.mjs'],
  },
});
