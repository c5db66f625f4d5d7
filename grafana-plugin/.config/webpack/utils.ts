import fs from 'node:fs';
import path from 'node:path';

import { PLUGIN_ROOT, SOURCE_DIR } from './constants';

const MODULE_FILE = /(^|\/)module\.tsx?$/;

/** Relative paths inside src/, with forward slashes, skipping test helpers. */
function sourceFiles(): string[] {
  return fs
    .readdirSync(SOURCE_DIR, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split(path.sep).join('/'))
    .filter(
      (file) => !file.split('/').some((part) => part === '__mocks__' || part === '__tests__'),
    );
}

/**
 * One entry per plugin: src/module.ts (the app) and every nested src/**\/module.ts(x)
 * (data source, panels), named by its folder so each lands at dist/<folder>/module.js.
 * Globbed, so a panel that does not exist yet simply has no entry.
 */
export function getEntries(): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const file of sourceFiles()
    .filter((f) => MODULE_FILE.test(f))
    .sort()) {
    entries[file.replace(/\.tsx?$/, '')] = `./${file}`;
  }
  if (entries['module'] === undefined) {
    throw new Error(`no src/module.ts(x) in ${SOURCE_DIR}`);
  }
  return entries;
}

interface PackageJson {
  version: string;
}

interface PluginJson {
  id: string;
  type: string;
}

function readJson(file: string): unknown {
  return JSON.parse(fs.readFileSync(file, 'utf8'));
}

export function getPackageJson(): PackageJson {
  return readJson(path.join(PLUGIN_ROOT, 'package.json')) as PackageJson;
}

export function getPluginJson(): PluginJson {
  return readJson(path.join(SOURCE_DIR, 'plugin.json')) as PluginJson;
}

/** %VERSION% and %TODAY% in plugin.json, as Grafana's plugin tooling fills them. */
export function fillPluginJsonPlaceholders(text: string, version: string, today: Date): string {
  return text
    .replaceAll('%VERSION%', version)
    .replaceAll('%TODAY%', today.toISOString().slice(0, 10));
}
