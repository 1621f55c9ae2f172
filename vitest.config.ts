import { defineConfig } from 'vitest/config';

/**
 * Three projects: `suite`, every test, on SQLite, or on PostgreSQL when TEST_DATABASE_URL is set;
 * `release`, the production install of deploy/release.sh (test/release/); and `postgres`, tests
 * that only mean something on a shared PostgreSQL (several replicas, two real processes).
 * `postgres` exists only with TEST_DATABASE_URL, so `vitest run --project postgres`
 * (npm run test:postgres, CI) fails when the database is missing instead of skipping.
 */
const withPostgres = Boolean(process.env.TEST_DATABASE_URL);

/**
 * A controlled environment (test/support/controlled-env.ts): TEST_DATABASE_URL is the one inherited variable
 * the suite honours on purpose. No `.env` file is loaded, and the setup file deletes, in the test process,
 * whatever the shell exported that the bot or its SDKs would read.
 */
/**
 * Tests that never open the bot's database (pure rules, Block Kit builders, the fakes and their
 * contracts, the manifest, settings, the Admin API client's unit tests): the PostgreSQL run
 * (TEST_DATABASE_URL set) leaves them out, since they would only repeat the SQLite run.
 */
const WITHOUT_A_DATABASE = [
  'test/domain/**',
  'test/slack/**',
  'test/contract/**',
  'test/fakes/**',
  'test/manifest/**',
  'test/openai/**',
  'test/*.test.ts',
];

export default defineConfig({
  envDir: false,
  test: {
    setupFiles: ['test/support/setup-env.ts'],
    // End-to-end tests start real HTTP servers; a generous timeout absorbs a busy 2-core CI machine.
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Vitest's default on 2 cores is one worker; the end-to-end tests wait on sockets and child
    // processes much of the time, so two workers halve the suite's wall time (272 s → 138 s here).
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'suite',
          include: ['test/**/*.test.ts'],
          exclude: ['test/postgres/**', 'test/release/**', ...(withPostgres ? WITHOUT_A_DATABASE : [])],
        },
      },
      // The production install (deploy/release.sh into a temp folder): the same on either database,
      // so `npm test` runs it once and `npm run test:postgres` (suite + postgres) does not repeat it.
      { extends: true, test: { name: 'release', include: ['test/release/**/*.test.ts'] } },
      ...(withPostgres
        ? [{ extends: true as const, test: { name: 'postgres', include: ['test/postgres/**/*.test.ts'] } }]
        : []),
    ],
  },
});
