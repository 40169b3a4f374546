import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // No test reads the managed policy of the machine it runs on (/etc/genten, the registry…).
    setupFiles: ['tests/helpers/no-machine-policy.mjs'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: run files in two forks so native modules (LanceDB, llama.cpp) stay isolated.
    pool: 'forks',
    maxWorkers: 2,
  },
});
