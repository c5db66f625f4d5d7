import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogueEntry } from '../../schemas/query.ts';
import type { HostTarget } from './host/api.ts';
import {
  CHROMIUM,
  chromiumInstalled,
  hostApi,
  openHostPage,
  type HostPage,
} from './support/browser.ts';
import { HARNESS_PANEL, startE2eEnvironment, type E2eEnvironment } from './support/environment.ts';
import { PANEL_CASES, sentParams } from './support/panel-cases.ts';
import { amdDependencies, PLUGIN_DIST } from './support/plugin-dist.ts';
import { syntheticBreachRisk } from './support/synthetic.ts';
import { verifyEditors } from './support/editors.ts';
import { dashboardScreenshotPath, verifyDashboard } from './support/dashboards.ts';

// Grafana cannot run here, so this test plays its part: a host page supplies
// the shared modules through SystemJS, loads the built plugin's AMD modules
// and renders every panel against a running Deskpulse in headless Chromium.
// Screenshots and figures.json go to test-artifacts/e2e/. To refresh the
// dashboard images in docs/img (two weeks of demo data, like `start --demo`):
//   DESKPULSE_UPDATE_DOC_SCREENSHOTS=1 npx vitest run test/e2e

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ARTIFACTS = join(ROOT, 'test-artifacts', 'e2e');
const DAY_MS = 86_400_000;
const PANEL_WIDTH = 900;

const missing = [
  ...(chromiumInstalled() ? [] : [`${CHROMIUM} (apt-get install chromium)`]),
  ...(existsSync(join(PLUGIN_DIST, 'plugin.json')) ? [] : [`${PLUGIN_DIST} (npm run build)`]),
];
const skip = missing.length > 0 && process.env['CI'] !== 'true';
if (skip) {
  console.warn(
    `\n*** SKIPPED: the Grafana plugin end-to-end test needs ${missing.join(' and ')}. ***\n` +
      '*** It never skips in CI. ***\n',
  );
}

(skip ? describe.skip : describe)('Grafana plugin in headless Chromium', () => {
  let env: E2eEnvironment;
  // Set once start-up succeeded: afterAll runs even when beforeAll failed.
  let closeEnvironment: (() => Promise<void>) | undefined;
  let catalogue: CatalogueEntry[];
  const figures: Record<string, unknown> = {};

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    // A week of the demo desk (docs screenshots take two, like `start --demo`).
    const docs = process.env['DESKPULSE_UPDATE_DOC_SCREENSHOTS'] === '1';
    env = await startE2eEnvironment({ days: docs ? 14 : 7, devices: 300, ticketsPerDay: 600 });
    closeEnvironment = () => env.close();
    catalogue = await env.api.catalogue();
    figures['startup_s'] = env.timings;
    figures['demo_records'] = env.deskpulse.progress.accepted;
  }, 180_000);

  afterAll(async () => {
    writeFileSync(join(ARTIFACTS, 'figures.json'), `${JSON.stringify(figures, null, 2)}\n`);
    console.log(`e2e figures: ${JSON.stringify(figures)}`);
    await closeEnvironment?.();
  });

  async function openPage(theme: 'light' | 'dark', width = 1200, height = 900): Promise<HostPage> {
    return openHostPage(env.browser, env.server.url, theme, env.setup, { width, height });
  }

  function expectNoConsoleErrors(page: HostPage): void {
    expect(page.errors, page.errors.join('\n')).toEqual([]);
  }

  describe('host harness', () => {
    let page: HostPage;
    beforeAll(async () => {
      page = await openPage('dark');
    }, 60_000);
    afterAll(async () => {
      await page.page.close();
    });

    it('loads a hand-written AMD panel through SystemJS with the shared modules', async () => {
      const now = Date.now();
      await hostApi.renderSyntheticPanel(page.page, {
        modulePath: HARNESS_PANEL.module,
        title: 'harness',
        frameName: 'harness',
        columns: [{ name: 'value', type: 'number', values: [1, 2, 3] }],
        range: { from: now - DAY_MS, to: now },
        width: 400,
        height: 240,
      });
      const text = (id: string) => page.page.getByTestId(id).textContent();
      expect(await text('amd-rows')).toBe('rows: 3');
      expect(await text('amd-theme')).toBe('dark');
      expect(await text('amd-uri')).toBe(`${env.server.url}${HARNESS_PANEL.module}`);
      const tick = await text('amd-clock');
      await expect.poll(() => text('amd-clock'), { timeout: 2_000 }).not.toBe(tick);
      expectNoConsoleErrors(page);
      await hostApi.clear(page.page);
    });

    it('supplies every module the built plugin imports, as Grafana shares them', async () => {
      const shared = new Set(await hostApi.sharedModules(page.page));
      for (const module of env.dist.modules) {
        const needed = amdDependencies(join(env.dist.dir, module)).filter(
          (name) => !['module', 'require', 'exports'].includes(name),
        );
        expect(
          needed.filter((name) => !shared.has(name)),
          module,
        ).toEqual([]);
      }
      figures['shared_modules'] = [...shared];
      expect(Object.keys(env.dist.panels)).toHaveLength(4);
    });
  });

  for (const theme of ['light', 'dark'] as const) {
    describe(`panels, ${theme} theme`, () => {
      let page: HostPage;
      beforeAll(async () => {
        page = await openPage(theme);
      }, 60_000);
      afterAll(async () => {
        await page.page.close();
      });

      for (const panel of PANEL_CASES) {
        it(`${panel.name}: real numbers from the data source, no console errors`, async () => {
          const to = Date.now();
          const range = { from: to - 7 * DAY_MS, to };
          const modulePath = `panels/${panel.name}/module.js`;
          const before = env.server.proxied.length;
          const result = await hostApi.renderPanel(page.page, {
            modulePath,
            title: panel.title,
            targets: panel.targets,
            ...(panel.options === undefined ? {} : { options: panel.options }),
            range,
            width: PANEL_WIDTH,
            height: panel.height,
          });
          // Every target went out through the data proxy, and came back as a frame.
          expect(env.server.proxied.length - before).toBeGreaterThanOrEqual(panel.targets.length);
          expect(result.frames.map((f) => f.refId)).toEqual(panel.targets.map((t) => t.refId));
          const box = page.page.locator('.e2e-panel').last();
          const answer = (target: HostTarget) => {
            const entry = catalogue.find((q) => q.name === target.queryName);
            return env.api.rows(target.queryName, sentParams(target, range, entry?.range ?? false));
          };
          await panel.verify(box, answer);
          if (panel.name === 'breachrisk') await expectCountdownTicks(page.page, env);
          expectNoConsoleErrors(page);
          figures[`${panel.name}_${theme}_render_ms`] = Math.round(result.renderMs * 10) / 10;
          await box.screenshot({ path: join(ARTIFACTS, `${panel.name}-${theme}.png`) });
          await hostApi.clear(page.page);
        }, 60_000);
      }
    });
  }

  it('breach risk: the JSON and Arrow paths both reached Deskpulse', () => {
    const accepts = new Set(env.server.proxied.map((p) => p.accept));
    expect([...accepts].some((a) => a.includes('application/vnd.apache.arrow.stream'))).toBe(true);
    expect([...accepts].some((a) => a.startsWith('application/json'))).toBe(true);
    expect(env.server.proxied.every((p) => p.status === 200)).toBe(true);
  });

  it('data source editors: named queries from the catalogue, URL and secret API key', async () => {
    const page = await openPage('dark');
    try {
      await verifyEditors(page.page, catalogue, env.deskpulse.url);
      expectNoConsoleErrors(page);
      await page.page.locator('#root').screenshot({ path: join(ARTIFACTS, 'editors-dark.png') });
    } finally {
      await page.page.close();
    }
  }, 60_000);

  it('breach risk renders 5,000 clocks (figure logged, not asserted)', async () => {
    const page = await openPage('dark');
    try {
      const request = syntheticBreachRisk(5_000, Date.now());
      const result = await hostApi.renderSyntheticPanel(page.page, request);
      figures['breachrisk_5000_rows_render_ms'] = Math.round(result.renderMs * 10) / 10;
      if (result.measureMs !== undefined) {
        figures['breachrisk_5000_rows_measure_ms'] = Math.round(result.measureMs * 10) / 10;
      }
      const summary = await page.page.getByTestId('deskpulse-breachrisk-summary').textContent();
      expect(summary).toContain('5,000');
      expectNoConsoleErrors(page);
    } finally {
      await page.page.close();
    }
  }, 60_000);

  describe('provisioned dashboards, dark theme', () => {
    let page: HostPage;
    beforeAll(async () => {
      page = await openPage('dark', 1600, 1000);
    }, 60_000);
    afterAll(async () => {
      await page.page.close();
    });

    for (const name of ['sla-live', 'endpoint-reliability', 'weekly-review']) {
      it(`${name}: every panel renders, laid out by gridPos`, async () => {
        const result = await verifyDashboard(page.page, env, `dashboards/${name}.json`);
        figures[`dashboard_${name}_panels`] = result.panels.length;
        expectNoConsoleErrors(page);
        await page.page
          .locator('#dashboard')
          .screenshot({ path: dashboardScreenshotPath(name, ARTIFACTS) });
        await hostApi.clear(page.page);
      }, 60_000);
    }
  });
});

/** The countdowns tick in the browser: new text after ~2 s, with no new query. */
async function expectCountdownTicks(page: Page, env: E2eEnvironment): Promise<void> {
  const countdown = page.getByTestId('deskpulse-breachrisk-countdown').first();
  const before = await countdown.textContent();
  const requests = env.server.proxied.length;
  await page.waitForTimeout(2_100);
  expect(await countdown.textContent()).not.toBe(before);
  expect(env.server.proxied.length).toBe(requests);
}
