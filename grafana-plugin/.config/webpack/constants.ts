import path from 'node:path';

/** The workspace folder (grafana-plugin/), whatever directory webpack was started from. */
export const PLUGIN_ROOT = path.resolve(__dirname, '..', '..');
export const SOURCE_DIR = path.join(PLUGIN_ROOT, 'src');
export const DIST_DIR = path.join(PLUGIN_ROOT, 'dist');
