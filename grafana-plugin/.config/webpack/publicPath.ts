/*
 * The first module of every entry. Grafana may serve the plugin under a sub-path
 * (e.g. https://host/grafana/public/plugins/…), so the public path of lazily loaded
 * assets comes from the URL the AMD loader fetched this bundle from, not from a constant.
 * Loaders that give no `module.uri` fall back to the conventional location.
 */
import amdModule from 'amd-module';

// webpack replaces assignments to this free variable with its runtime's public path.
declare let __webpack_public_path__: string;
declare const __webpack_chunkname__: string;
declare const __PLUGIN_PUBLIC_ROOT__: string;

function fallbackPublicPath(): string {
  // The entry name is the bundle's path inside dist, e.g. "datasource/module".
  const slash = __webpack_chunkname__.lastIndexOf('/');
  return __PLUGIN_PUBLIC_ROOT__ + (slash < 0 ? '' : __webpack_chunkname__.slice(0, slash + 1));
}

const uri = amdModule?.uri;
// Not a variable of this module: webpack compiles the assignment into its runtime.
// eslint-disable-next-line prefer-const
__webpack_public_path__ =
  typeof uri === 'string' && uri.includes('/')
    ? uri.slice(0, uri.lastIndexOf('/') + 1)
    : fallbackPublicPath();
