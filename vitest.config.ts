import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests start real processes and servers; two cores cannot run many files at once.
    maxWorkers: 2,
    minWorkers: 1,
  },
});
