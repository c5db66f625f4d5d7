import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { DashboardResult } from '../host/api.ts';
import { hostApi } from './browser.ts';
import type { E2eEnvironment } from './environment.ts';

const DOCS_IMG = fileURLToPath(new URL('../../../docs/img', import.meta.url));
export const DASHBOARD_WIDTH = 1600;

/** docs/img when DESKPULSE_UPDATE_DOC_SCREENSHOTS=1 (committed), else the test's artifacts. */
export function dashboardScreenshotPath(name: string, artifacts: string): string {
  const docs = process.env['DESKPULSE_UPDATE_DOC_SCREENSHOTS'] === '1';
  return join(docs ? DOCS_IMG : artifacts, `dashboard-${name}.png`);
}

/**
 * Renders a provisioned dashboard and checks what Grafana would show: the
 * variables got their values from the data source, every panel has a
 * renderer, and no panel ended in an error.
 */
export async function verifyDashboard(
  page: Page,
  env: E2eEnvironment,
  path: string,
): Promise<DashboardResult> {
  expect(env.dist.dashboards).toContain(path);
  const result = await hostApi.renderDashboard(page, {
    path,
    width: DASHBOARD_WIDTH,
    panelModules: env.dist.panels,
  });
  for (const variable of result.variables) {
    // Query variables list All and the data source's values; the data source variable, one.
    const least = variable.name === 'datasource' ? 1 : 2;
    expect(variable.options, `variable ${variable.name} has values`).toBeGreaterThanOrEqual(least);
  }
  const problems = result.panels
    .filter((p) => p.renderedAs === 'missing' || p.error !== undefined)
    .map((p) => `${p.title} (${p.type}): ${p.error ?? p.renderedAs}`);
  expect(problems).toEqual([]);
  const ours = result.panels.filter((p) => p.renderedAs === 'plugin');
  expect(ours.length).toBeGreaterThan(0);
  return result;
}
