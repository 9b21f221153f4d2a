import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'device-sync',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
  },
});
