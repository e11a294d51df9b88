import { defineConfig } from 'vitest/config';

// The shell harness (tests/shell, issue #21): runs against the built files in out/ (or
// $BHTS_OUT_DIR), so `npm run test:shell` builds first. One file, one process: the scenarios
// share the recording `electron` stub and import the built main afresh each time.
export default defineConfig({
  test: {
    include: ['tests/shell/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 90_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
