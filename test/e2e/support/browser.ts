import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type {
  DashboardRequest,
  HostApi,
  HostSetup,
  PanelRequest,
  SyntheticPanelRequest,
} from '../host/api.ts';
import type { Theme } from './boot-page.ts';

export const CHROMIUM = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function chromiumInstalled(): boolean {
  return existsSync(CHROMIUM);
}

/** Debian's chromium; playwright gives it a fresh --user-data-dir on every launch. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}

export interface HostPage {
  page: Page;
  /** console.error messages and uncaught page errors, in order. */
  errors: string[];
  warnings: string[];
}

/** Opens the host page in `theme`, waits for its boot, and points it at the plugin. */
export async function openHostPage(
  browser: Browser,
  hostUrl: string,
  theme: Theme,
  setup: HostSetup,
  viewport: { width: number; height: number },
): Promise<HostPage> {
  const page = await browser.newPage({ viewport, deviceScaleFactor: 1 });
  const errors: string[] = [];
  const warnings: string[] = [];
  page.on('console', (message) => {
    const where = message.location().url;
    const text = `${message.text()}${where === '' ? '' : ` (${where})`}`;
    if (message.type() === 'error') errors.push(text);
    if (message.type() === 'warning') warnings.push(text);
  });
  page.on('pageerror', (error) => {
    errors.push(`pageerror: ${error.stack ?? error.message}`);
  });
  await page.goto(`${hostUrl}/?theme=${theme}`);
  await page.waitForFunction(() => 'deskpulseHost' in globalThis, undefined, { timeout: 30_000 });
  await hostApi.setup(page, setup);
  return { page, errors, warnings };
}

type WithHost = { deskpulseHost: HostApi };

// Each call runs in the page (Playwright serialises the function), so each
// reaches window.deskpulseHost itself.
export const hostApi = {
  setup: (page: Page, setup: HostSetup) =>
    page.evaluate((s) => (globalThis as unknown as WithHost).deskpulseHost.setup(s), setup),
  sharedModules: (page: Page) =>
    page.evaluate(() => (globalThis as unknown as WithHost).deskpulseHost.sharedModules),
  renderPanel: (page: Page, request: PanelRequest) =>
    page.evaluate((r) => (globalThis as unknown as WithHost).deskpulseHost.renderPanel(r), request),
  renderSyntheticPanel: (page: Page, request: SyntheticPanelRequest) =>
    page.evaluate(
      (r) => (globalThis as unknown as WithHost).deskpulseHost.renderSyntheticPanel(r),
      request,
    ),
  renderEditors: (page: Page) =>
    page.evaluate(() => (globalThis as unknown as WithHost).deskpulseHost.renderEditors()),
  renderDashboard: (page: Page, request: DashboardRequest) =>
    page.evaluate(
      (r) => (globalThis as unknown as WithHost).deskpulseHost.renderDashboard(r),
      request,
    ),
  clear: (page: Page) =>
    page.evaluate(() => (globalThis as unknown as WithHost).deskpulseHost.clear()),
};
