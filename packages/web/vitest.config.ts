import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [react()],
  test: {
    name: 'web',
    // The default 5 s is for a quiet machine; CI runs every project at once on 2 CPUs. A hang still fails.
    testTimeout: 20_000,
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    // jsdom for everything: component tests need the DOM, and the API client tests only need
    // Node's fetch, which jsdom leaves in place.
    environment: 'jsdom',
    setupFiles: ['src/testing/setup.ts'],
  },
});
