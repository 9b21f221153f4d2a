import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // One migrated template database is built once; each test file clones it (see test/support/db.ts).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    // expect.poll waits for mail and background work; 1 s (the default) is short on a loaded CI machine.
    expect: { poll: { timeout: 10_000, interval: 50 } },
    hookTimeout: 120_000,
  },
});
