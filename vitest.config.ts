import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // Integration tests start real servers on random ports; keep them isolated per file.
    pool: 'forks',
    // One PostgreSQL server for the run (TEST_POSTGRES_URL, or a throwaway cluster it starts).
    globalSetup: ['test/support/postgres-global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
