/*
 * The plugin's unit tests on their own: `npm test -w grafana-plugin`. The root
 * vitest.config.ts runs the same files as its `plugin` project and needs the same
 * `server.deps.inline`: the ESM builds of @grafana/* import CSS and CommonJS named exports,
 * which Node cannot load, so Vite must transform them. Browser APIs jsdom lacks are stubbed
 * by src/testing/browserShim.ts, which component tests import first.
 */
import path from 'node:path';

import { defineConfig } from 'vitest/config';

const root = path.resolve(__dirname, '..');

export default defineConfig({
  root,
  test: {
    name: 'plugin',
    include: ['src/**/*.test.{ts,tsx}'],
    environment: 'jsdom',
    env: { TZ: 'UTC' },
    pool: 'forks',
    server: { deps: { inline: [/@grafana\//] } },
  },
});
