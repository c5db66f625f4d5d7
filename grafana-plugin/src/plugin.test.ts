import fs from 'node:fs';
import path from 'node:path';

import { describe, expect, it } from 'vitest';

import { SHARED_MODULES } from '../.config/webpack/externals';
import { APP_ID, DASHBOARDS, DATASOURCE_TYPE } from './constants';

/*
 * The plugin.json files Grafana reads: in src/ always, in dist/ as built (placeholders
 * filled, a module.js beside each) when a build has run.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const SRC = path.join(ROOT, 'src');
const DIST = path.join(ROOT, 'dist');

interface PluginJson {
  id: string;
  type: string;
  name: string;
  info: { logos: { small: string; large: string }; version: string; updated: string };
  dependencies: { grafanaDependency: string };
  includes?: Array<{ type: string; id?: string; name: string; path?: string; addToNav?: boolean }>;
  routes?: Array<{ path: string; url: string; headers?: Array<{ name: string; content: string }> }>;
  metrics?: boolean;
}

const PANEL_IDS = [
  'deskpulse-attainment-panel',
  'deskpulse-breachrisk-panel',
  'deskpulse-satisfaction-panel',
  'deskpulse-reliability-panel',
];

function pluginJsonFiles(base: string): string[] {
  if (!fs.existsSync(base)) {
    return [];
  }
  return fs
    .readdirSync(base, { recursive: true, encoding: 'utf8' })
    .filter((file) => path.basename(file) === 'plugin.json')
    .map((file) => path.join(base, file))
    .sort();
}

function read(file: string): PluginJson {
  return JSON.parse(fs.readFileSync(file, 'utf8')) as PluginJson;
}

function checkCommon(file: string, json: PluginJson): void {
  expect(json.id, file).toMatch(/^[0-9a-z-]+$/);
  expect(['app', 'datasource', 'panel'], file).toContain(json.type);
  expect(json.name, file).not.toBe('');
  expect(json.dependencies.grafanaDependency, file).toBe('>=13.2.0');
  for (const logo of [json.info.logos.small, json.info.logos.large]) {
    expect(fs.existsSync(path.resolve(path.dirname(file), logo)), `${file}: ${logo}`).toBe(true);
  }
}

describe('src plugin.json files', () => {
  const files = pluginJsonFiles(SRC);

  it('are valid plugin descriptions', () => {
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const json = read(file);
      checkCommon(file, json);
      expect(json.info.version, file).toBe('%VERSION%');
      expect(json.info.updated, file).toBe('%TODAY%');
    }
  });

  it('describe the app with its pages, dashboards and nested plugins', () => {
    const app = read(path.join(SRC, 'plugin.json'));
    expect(app).toMatchObject({ id: APP_ID, type: 'app' });
    const includes = app.includes ?? [];
    const dashboards = includes.filter((include) => include.type === 'dashboard');
    expect(dashboards.map((include) => [include.path, include.name, include.addToNav])).toEqual(
      DASHBOARDS.map((dashboard) => [dashboard.path, dashboard.title, true]),
    );
    for (const dashboard of dashboards) {
      expect(fs.existsSync(path.join(SRC, dashboard.path ?? '')), dashboard.path).toBe(true);
    }
    expect(includes.filter((include) => include.type === 'panel').map((i) => i.id)).toEqual(
      PANEL_IDS,
    );
    expect(includes.find((include) => include.type === 'datasource')?.id).toBe(DATASOURCE_TYPE);
    expect(includes.some((i) => i.type === 'page' && i.path === `/plugins/${APP_ID}`)).toBe(true);
  });

  it('give nested plugins the names the app lists', () => {
    const app = read(path.join(SRC, 'plugin.json'));
    const listed = new Map((app.includes ?? []).map((include) => [include.id, include.name]));
    for (const file of files.filter((f) => f !== path.join(SRC, 'plugin.json'))) {
      const json = read(file);
      expect(listed.get(json.id), file).toBe(json.name);
    }
  });

  it('route the data source through the proxy with the key from secureJsonData', () => {
    const datasource = read(path.join(SRC, 'datasource', 'plugin.json'));
    expect(datasource).toMatchObject({ id: DATASOURCE_TYPE, type: 'datasource', metrics: true });
    expect(datasource.routes).toEqual([
      {
        path: 'deskpulse',
        url: '{{ .JsonData.url }}',
        headers: [{ name: 'Authorization', content: 'Bearer {{ .SecureJsonData.apiKey }}' }],
      },
    ]);
  });
});

describe.skipIf(!fs.existsSync(path.join(DIST, 'plugin.json')))('dist', () => {
  it('holds every plugin.json of src, filled in, each beside an AMD module.js', () => {
    const built = pluginJsonFiles(DIST);
    expect(built.map((file) => path.relative(DIST, file))).toEqual(
      pluginJsonFiles(SRC).map((file) => path.relative(SRC, file)),
    );
    for (const file of built) {
      const json = read(file);
      checkCommon(file, json);
      expect(json.info.version, file).toMatch(/^\d+\.\d+\.\d+/);
      expect(json.info.updated, file).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      const bundle = fs.readFileSync(path.join(path.dirname(file), 'module.js'), 'utf8');
      expect(bundle, file).toMatch(/^(\/\*[^]*?\*\/\s*)?define\(\[/);
    }
  });

  it('bundles none of the modules Grafana shares, only the tiny react/jsx-runtime', () => {
    for (const map of pluginJsonFiles(DIST).map((f) =>
      path.join(path.dirname(f), 'module.js.map'),
    )) {
      const { sources } = JSON.parse(fs.readFileSync(map, 'utf8')) as { sources: string[] };
      const packaged = sources.flatMap((source) => {
        const at = source.lastIndexOf('node_modules/');
        return at < 0 ? [] : [source.slice(at + 'node_modules/'.length)];
      });
      for (const file of packaged) {
        const shared = SHARED_MODULES.some((name) => file.startsWith(`${name}/`));
        const jsxRuntime = /^react\/(jsx-runtime\.js|cjs\/react-jsx-runtime\.production\.js)$/.test(
          file,
        );
        expect(shared && !jsxRuntime, `${map}: ${file}`).toBe(false);
      }
    }
  });

  it('has the dashboards, logos, README and CHANGELOG', () => {
    for (const file of [
      'README.md',
      'CHANGELOG.md',
      'img/logo.svg',
      ...DASHBOARDS.map((d) => d.path),
    ]) {
      expect(fs.existsSync(path.join(DIST, file)), file).toBe(true);
    }
  });
});
