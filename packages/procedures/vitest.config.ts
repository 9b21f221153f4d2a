import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'procedures',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
