import { initPluginTranslations } from '@grafana/i18n';
import { GlobalStyles } from '@grafana/ui';
import { createElement } from 'react';
import type { HostApi, HostSetup } from './api.ts';
import { hostWindow } from './dom.ts';
import { renderDashboard } from './dashboard.ts';
import { renderEditors } from './editors.ts';
import { mountGlobalStyles, unmountAll } from './mount.ts';
import { renderPanel, renderSyntheticPanel, setPluginBase } from './panel.ts';
import { installServices } from './services.ts';
import { registerStandardOptions } from './registries.ts';
import { registerSharedModules } from './shared-modules.ts';
import { registerTransformers } from './transforms.ts';

// The host page's entry: what Grafana's boot does before any plugin loads.
// window.grafanaBootData is already set by the page, so @grafana/runtime's
// config read it when this bundle was evaluated.

let current: HostSetup | undefined;

function setupOrThrow(): HostSetup {
  if (current === undefined) throw new Error('deskpulseHost.setup() was not called');
  return current;
}

async function boot(): Promise<void> {
  // Grafana initialises i18n before it renders; without it t() warns.
  await initPluginTranslations('grafana');
  registerStandardOptions();
  registerTransformers();
  const sharedModules = registerSharedModules(hostWindow.System);
  await mountGlobalStyles(createElement(GlobalStyles));
  const api: HostApi = {
    sharedModules,
    async setup(setup) {
      current = setup;
      setPluginBase(setup.pluginBase);
      await installServices(setup);
    },
    renderPanel,
    renderSyntheticPanel,
    renderEditors: () => renderEditors(setupOrThrow().deskpulseUrl),
    renderDashboard,
    clear: unmountAll,
  };
  hostWindow.deskpulseHost = api;
}

boot().catch((error: unknown) => {
  console.error('e2e host failed to boot', error);
});
