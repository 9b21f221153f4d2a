import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'card',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['scripts/vitest-global-setup.mjs'],
  },
});
