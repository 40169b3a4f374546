import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: run files in two forks so native modules (LanceDB, llama.cpp) stay isolated.
    pool: 'forks',
    maxWorkers: 2,
  },
});
