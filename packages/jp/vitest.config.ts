import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'jp',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
