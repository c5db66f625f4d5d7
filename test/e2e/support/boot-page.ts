export type Theme = 'light' | 'dark';

/**
 * Grafana's index.html in miniature: boot data first (so @grafana/runtime's
 * config reads the theme, user and build info when it is evaluated), then
 * SystemJS with its AMD extra, then the host bundle.
 */
export function bootData(theme: Theme): object {
  return {
    settings: {
      appSubUrl: '',
      appUrl: '/',
      buildInfo: {
        version: '13.2.3',
        commit: 'e2e-host',
        env: 'production',
        edition: 'Open Source',
        latestVersion: '',
        hasUpdate: false,
        hideVersion: false,
      },
      featureToggles: {},
      datasources: {},
      panels: {},
      apps: {},
      defaultDatasource: 'Deskpulse',
    },
    user: {
      id: 1,
      uid: 'e2e',
      login: 'e2e',
      name: 'E2E',
      email: 'e2e@example.com',
      isSignedIn: true,
      isGrafanaAdmin: true,
      orgId: 1,
      orgName: 'Main Org.',
      orgRole: 'Admin',
      theme,
      lightTheme: theme === 'light',
      timezone: 'browser',
      weekStart: 'browser',
      locale: 'en-US',
      language: 'en-US',
      permissions: {},
      analytics: { identifier: 'e2e' },
    },
    navTree: [],
    assets: { dark: '', light: '' },
  };
}

export function bootPage(theme: Theme, bundle: { scripts: string[]; styles: string[] }): string {
  const styles = bundle.styles.map((s) => `<link rel="stylesheet" href="/host/${s}">`).join('');
  const scripts = bundle.scripts
    .map((s) => `<script type="module" src="/host/${s}"></script>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Deskpulse plugin e2e host</title><link rel="icon" href="data:,">
<script>window.grafanaBootData = ${JSON.stringify(bootData(theme))};</script>
${styles}
<script src="/systemjs/system.js"></script>
<script src="/systemjs/extras/amd.js"></script>
${scripts}
</head><body><div id="root"></div></body></html>`;
}
