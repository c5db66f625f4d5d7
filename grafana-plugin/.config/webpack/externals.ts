import type { Configuration } from 'webpack';

/**
 * The modules Grafana 13 hands to plugins through SystemJS (its sharedDependenciesMap).
 * Anything listed here is left out of the bundle and becomes a dependency of the AMD
 * `define([...])`; anything else a plugin imports is bundled. Notably Grafana does not
 * share `react/jsx-runtime`, `@grafana/schema` or `@grafana/i18n`: those are bundled
 * (jsx-runtime is a few hundred bytes and needs no React instance of its own).
 * The end-to-end host page imports this list to know what to provide.
 */
export const SHARED_MODULES: readonly string[] = [
  '@emotion/css',
  '@emotion/react',
  '@grafana/data',
  '@grafana/data/unstable',
  '@grafana/runtime',
  '@grafana/runtime/unstable',
  '@grafana/slate-react',
  '@grafana/ui',
  '@grafana/ui/unstable',
  '@kusto/monaco-kusto',
  'd3',
  'emotion',
  'i18next',
  'jquery',
  'lodash',
  'moment',
  'prismjs',
  'react',
  'react-dom',
  'react-inlinesvg',
  'react-redux',
  'react-router',
  'react-router-dom',
  'redux',
  'rxjs',
  'rxjs/operators',
  'slate',
  'slate-plain-serializer',
  'slate-react',
];

/**
 * `amd-module` is AMD's special `module` dependency; publicPath.ts reads its `uri` to learn
 * where Grafana served the bundle from.
 */
export const externals: Configuration['externals'] = [
  { 'amd-module': 'module' },
  ...SHARED_MODULES,
];
