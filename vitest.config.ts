import { defineConfig } from 'vitest/config';

// Two tiers: pure unit tests (x.test.ts) and integration tests on a real database
// (x.int.test.ts: PGlite in-process, or PostgreSQL when TEST_DATABASE_URL is set).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['apps/**/src/**/*.test.ts', 'packages/**/src/**/*.test.ts'],
          exclude: ['**/*.int.test.ts', '**/node_modules/**'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['apps/**/src/**/*.int.test.ts', 'apps/server/test/**/*.int.test.ts'],
          // Several server processes need a shared PostgreSQL, and *.postgres.int.test.ts test
          // what only PostgreSQL has: only in the PostgreSQL pass.
          exclude: [
            '**/node_modules/**',
            ...(process.env.TEST_DATABASE_URL
              ? []
              : ['**/*two-process.int.test.ts', '**/*.postgres.int.test.ts']),
          ],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 2,
          minWorkers: 1,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['e2e/src/**/*.e2e.test.ts'],
          environment: 'node',
          testTimeout: 180_000,
          hookTimeout: 180_000,
          pool: 'forks',
          maxWorkers: 1,
          minWorkers: 1,
          fileParallelism: false,
        },
      },
    ],
  },
});
