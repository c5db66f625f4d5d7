import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import type { HostSetup } from '../host/api.ts';
import { QueryApi } from './api-client.ts';
import { launchChromium } from './browser.ts';
import { buildHostBundle } from './build-host.ts';
import { startDemoDeskpulse, type DemoDeskpulse, type DemoOptions } from './deskpulse.ts';
import { startHostServer, type HostServer } from './host-server.ts';
import { readPluginDist, type PluginDist } from './plugin-dist.ts';

const NODE_MODULES = new URL('../../../node_modules/', import.meta.url);
const SYSTEMJS = fileURLToPath(new URL('systemjs/dist', NODE_MODULES));
const ICONS = fileURLToPath(new URL('@grafana/ui/dist/public/img/icons', NODE_MODULES));

/** The hand-written AMD panel in fixtures/, which checks the harness on its own. */
export const HARNESS_PANEL = {
  id: 'e2e-amd-panel',
  dir: fileURLToPath(new URL('../fixtures/amd-panel', import.meta.url)),
  module: '/public/plugins/e2e-amd-panel/module.js',
};

export interface E2eEnvironment {
  deskpulse: DemoDeskpulse;
  api: QueryApi;
  dist: PluginDist;
  server: HostServer;
  browser: Browser;
  setup: HostSetup;
  /** Seconds each start-up step took, for the log. */
  timings: Record<string, number>;
  close(): Promise<void>;
}

async function timed<T>(timings: Record<string, number>, name: string, work: Promise<T>) {
  const start = Date.now();
  const result = await work;
  timings[name] = (Date.now() - start) / 1000;
  return result;
}

function value<T>(result: PromiseSettledResult<T>): T | undefined {
  return result.status === 'fulfilled' ? result.value : undefined;
}

/**
 * Deskpulse with demo data, the host bundle and Chromium, started side by
 * side; then the host server wired to all three.
 */
export async function startE2eEnvironment(demo: DemoOptions): Promise<E2eEnvironment> {
  const timings: Record<string, number> = {};
  const dist = readPluginDist();
  const results = await Promise.allSettled([
    timed(timings, 'deskpulse', startDemoDeskpulse(demo)),
    timed(timings, 'bundle', buildHostBundle()),
    timed(timings, 'chromium', launchChromium()),
  ]);
  const [deskpulse, bundle, browser] = [value(results[0]), value(results[1]), value(results[2])];
  if (deskpulse === undefined || bundle === undefined || browser === undefined) {
    // One part failed: stop the others before reporting why.
    await browser?.close();
    await deskpulse?.close();
    if (bundle !== undefined) rmSync(bundle.dir, { recursive: true, force: true });
    throw results.find((r) => r.status === 'rejected')?.reason;
  }
  const server = await startHostServer({
    bundle,
    systemjsDir: SYSTEMJS,
    iconsDir: ICONS,
    plugins: [
      { id: dist.appId, dir: dist.dir },
      { id: HARNESS_PANEL.id, dir: HARNESS_PANEL.dir },
    ],
    datasource: {
      uid: 'deskpulse',
      routes: dist.datasource.routes,
      secrets: { jsonData: { url: deskpulse.url }, secureJsonData: { apiKey: deskpulse.queryKey } },
    },
  });
  return {
    deskpulse,
    api: new QueryApi(deskpulse.url, deskpulse.queryKey),
    dist,
    server,
    browser,
    setup: {
      pluginBase: `/public/plugins/${dist.appId}/`,
      datasourcePath: dist.datasource.modulePath,
      deskpulseUrl: deskpulse.url,
    },
    timings,
    async close() {
      await browser.close();
      await server.close();
      await deskpulse.close();
      rmSync(bundle.dir, { recursive: true, force: true });
    },
  };
}
