import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The integration suites share one DynamoDB Local per worker process; keep workers few
    // on a 2-core machine so Java and Node do not starve each other.
    pool: 'forks',
    reporters: ['default', './test/support/summary-reporter.ts'],
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // e2e tests target a running system (E2E_BASE_URL); they start their own embedded host otherwise.
  },
});
