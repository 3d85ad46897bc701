import { defineConfig } from 'vitest/config';

// Test files that change process-wide state which cannot be put back (the time zone, set before any import)
// run in a fresh process each. Everything else shares one process per worker (isolate: false): loading the
// modules once per worker instead of once per file takes `npm test` from about 7 to about 3 minutes here.
const ISOLATED = ['test/automations/engine/dst-*.test.ts'];

const common = { testTimeout: 20_000, hookTimeout: 30_000, pool: 'forks' as const };

export default defineConfig({
  test: {
    globalSetup: ['test/helpers/global-setup.ts'],
    // the default output, then which optional suites were skipped for want of a tool and how to get it
    reporters: ['default', './test/helpers/skipped-suites.ts'],
    projects: [
      { test: { ...common, name: 'isolated', include: ISOLATED, isolate: true } },
      { test: { ...common, name: 'shared', include: ['test/**/*.test.ts'], exclude: ISOLATED, isolate: false } },
    ],
  },
});
