import { defineConfig } from 'vitest/config';

// chDB is one engine per process, bound to one data directory, so every test
// file runs in its own forked process and never in a worker thread.
export default defineConfig({
  test: {
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    env: { TZ: 'UTC' },
    // CI also writes a JSON report, from which .ci/run prints a one-line summary.
    reporters: process.env['CI'] === 'true' ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-artifacts/vitest.json' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'schemas/**/*.test.ts',
            'store/**/*.test.ts',
            'ingest/**/*.test.ts',
            'rollups/**/*.test.ts',
            'query/**/*.test.ts',
            'cli/**/*.test.ts',
          ],
        },
      },
      {
        extends: true,
        test: { name: 'integration', include: ['test/**/*.test.ts'] },
      },
      {
        extends: true,
        test: {
          name: 'plugin',
          include: ['grafana-plugin/src/**/*.test.{ts,tsx}'],
          environment: 'jsdom',
          // @grafana/* ship imports Node cannot load (CSS files, moment-timezone's
          // named exports): Vite transforms them like the plugin's bundler does.
          server: { deps: { inline: [/@grafana\//] } },
        },
      },
    ],
  },
});
