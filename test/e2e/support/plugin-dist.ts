import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSourceRoute } from './data-proxy.ts';

export const PLUGIN_DIST = fileURLToPath(new URL('../../../grafana-plugin/dist', import.meta.url));

interface PluginJson {
  id: string;
  type: string;
  routes?: DataSourceRoute[];
  includes?: { type: string; path?: string; name?: string }[];
}

/** What the built plugin offers, found the way Grafana finds it: from the plugin.json files. */
export interface PluginDist {
  dir: string;
  appId: string;
  datasource: { id: string; modulePath: string; routes: DataSourceRoute[] };
  /** Panel plugin id → module path below the app's base URL. */
  panels: Record<string, string>;
  /** Dashboard paths below the base URL, from the app's includes. */
  dashboards: string[];
  /** Every module.js below the base URL. */
  modules: string[];
}

function readJson(file: string): PluginJson {
  return JSON.parse(readFileSync(file, 'utf8')) as PluginJson;
}

export function readPluginDist(dir: string = PLUGIN_DIST): PluginDist {
  const app = readJson(join(dir, 'plugin.json'));
  const datasource = readJson(join(dir, 'datasource', 'plugin.json'));
  const panels: Record<string, string> = {};
  const panelsDir = join(dir, 'panels');
  for (const name of existsSync(panelsDir) ? readdirSync(panelsDir).sort() : []) {
    const file = join(panelsDir, name, 'plugin.json');
    if (existsSync(file)) panels[readJson(file).id] = `panels/${name}/module.js`;
  }
  const dashboards = (app.includes ?? [])
    .filter((i) => i.type === 'dashboard' && i.path !== undefined)
    .map((i) => i.path ?? '');
  return {
    dir,
    appId: app.id,
    datasource: {
      id: datasource.id,
      modulePath: 'datasource/module.js',
      routes: datasource.routes ?? [],
    },
    panels,
    dashboards,
    modules: ['module.js', 'datasource/module.js', ...Object.values(panels)],
  };
}

/** The dependency list of an AMD module.js: what the page must supply. */
export function amdDependencies(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const match = /define\((?:"[^"]*",\s*)?(\[[^\]]*\])/.exec(source);
  if (match?.[1] === undefined) throw new Error(`${file} is not an AMD module (no define([...]))`);
  return JSON.parse(match[1]) as string[];
}
