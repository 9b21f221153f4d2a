import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    name: 'e2e',
    include: ['**/*.e2e.test.ts'],
    // Each journey starts its own server and browser; running them one at a time keeps a 2-core
    // machine responsive and the timings meaningful.
    fileParallelism: false,
    testTimeout: 120_000,
    // expect.poll waits for what a user waits for (a page, an API answer). Its 1 s default is too
    // short on a loaded 2-CPU CI machine; a screen that never shows the thing still fails.
    expect: { poll: { timeout: 15_000, interval: 50 } },
    hookTimeout: 180_000,
  },
});
