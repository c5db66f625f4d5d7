/*
 * Builds the app plugin and every plugin nested in it (data source, panels) into dist/,
 * each as an AMD module.js that Grafana loads through SystemJS with its shared modules.
 * Run through webpack-cli with `NODE_OPTIONS='--import tsx'` so this file loads as TS.
 */
import path from 'node:path';

import CopyWebpackPlugin from 'copy-webpack-plugin';
import webpack from 'webpack';
import type { Configuration } from 'webpack';

import { DIST_DIR, PLUGIN_ROOT, SOURCE_DIR } from './constants';
import { externals } from './externals';
import { fillPluginJsonPlaceholders, getEntries, getPackageJson, getPluginJson } from './utils';

type Env = Record<string, unknown>;

const PUBLIC_PATH_MODULE = path.join(__dirname, 'publicPath.ts');

function entries(): NonNullable<Configuration['entry']> {
  const result: Record<string, { import: string[] }> = {};
  for (const [name, file] of Object.entries(getEntries())) {
    result[name] = { import: [PUBLIC_PATH_MODULE, file] };
  }
  return result;
}

function swcRule(production: boolean): webpack.RuleSetRule {
  return {
    test: /\.[jt]sx?$/,
    exclude: /node_modules/,
    use: {
      loader: 'swc-loader',
      options: {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic', development: !production } },
        },
      },
    },
  };
}

function copyPlugin(version: string): CopyWebpackPlugin {
  const today = new Date();
  const optional = { noErrorOnMissing: true };
  return new CopyWebpackPlugin({
    patterns: [
      // The plugin's own README and CHANGELOG are shown in Grafana's catalogue.
      { from: path.join(PLUGIN_ROOT, 'README.md'), to: '.' },
      { from: path.join(PLUGIN_ROOT, 'CHANGELOG.md'), to: '.' },
      { from: path.join(PLUGIN_ROOT, '..', 'LICENSE'), to: '.', ...optional },
      {
        from: '**/plugin.json',
        to: '[path][name][ext]',
        transform: (content: Buffer) =>
          fillPluginJsonPlaceholders(content.toString('utf8'), version, today),
      },
      { from: '**/README.md', to: '[path][name][ext]', ...optional },
      { from: '**/CHANGELOG.md', to: '[path][name][ext]', ...optional },
      { from: '**/img/**/*', to: '[path][name][ext]', ...optional },
      { from: 'dashboards/**/*', to: '[path][name][ext]', ...optional },
    ],
  });
}

export default function config(env: Env = {}): Configuration {
  const production = Boolean(env['production']);
  const pluginJson = getPluginJson();
  const publicRoot = `public/plugins/${pluginJson.id}/`;
  return {
    context: SOURCE_DIR,
    mode: production ? 'production' : 'development',
    devtool: production ? 'source-map' : 'eval-source-map',
    cache: { type: 'filesystem', buildDependencies: { config: [__filename] } },
    entry: entries(),
    externals,
    module: { rules: [swcRule(production)] },
    output: {
      path: DIST_DIR,
      filename: '[name].js',
      library: { type: 'amd' },
      // Replaced at run time by publicPath.ts; this is where Grafana serves plugins by default.
      publicPath: publicRoot,
      uniqueName: pluginJson.id,
      clean: true,
    },
    plugins: [
      new webpack.DefinePlugin({ __PLUGIN_PUBLIC_ROOT__: JSON.stringify(publicRoot) }),
      copyPlugin(getPackageJson().version),
    ],
    resolve: { extensions: ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.json'] },
    performance: { hints: false },
    stats: 'errors-warnings',
  };
}
