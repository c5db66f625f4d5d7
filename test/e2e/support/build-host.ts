import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ENTRY = fileURLToPath(new URL('../host/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

const GRAFANA_ESM = /[\\/]node_modules[\\/]@grafana[\\/][^\\/]+[\\/]dist[\\/]esm[\\/].*\.mjs$/;
const SKIP = 'cjs-default-skip';
const SHIM = 'cjs-default';

/** A CommonJS file that marks itself `__esModule` (a transpiled ES module). */
async function isTranspiledEsm(file: string): Promise<boolean> {
  if (!/\.c?js$/.test(file)) return false;
  const text = await readFile(file, 'utf8');
  return /__esModule/.test(text) && !/^\s*(import|export)\s/m.test(text);
}

/**
 * @grafana/*'s ES builds are .mjs files, and esbuild gives an .mjs file's
 * `import X from 'cjs-package'` Node's meaning (X = module.exports). Those
 * packages are transpiled ES modules meant to be read the bundler way
 * (X = exports.default): react-custom-scrollbars-2 would otherwise not be a
 * component. Such imports go through a shim, which esbuild reads the
 * bundler way.
 */
const grafanaEsmInterop: Plugin = {
  name: 'grafana-esm-interop',
  setup(b) {
    const verdicts = new Map<string, Promise<boolean>>();
    b.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === SKIP || !GRAFANA_ESM.test(args.importer)) return undefined;
      const resolved = await b.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: SKIP,
      });
      if (resolved.errors.length > 0 || resolved.external) return undefined;
      let verdict = verdicts.get(resolved.path);
      if (verdict === undefined) {
        verdict = isTranspiledEsm(resolved.path);
        verdicts.set(resolved.path, verdict);
      }
      if (!(await verdict)) return undefined;
      return { path: resolved.path, namespace: SHIM };
    });
    b.onLoad({ filter: /.*/, namespace: SHIM }, (args) => {
      const target = JSON.stringify(args.path);
      return {
        contents: `import * as ns from ${target};\nexport * from ${target};\nexport default ns.default;\n`,
        loader: 'js',
        resolveDir: dirname(args.path),
      };
    });
  },
};

export interface HostBundle {
  dir: string;
  /** Files of the bundle, relative to dir, that the page must load. */
  scripts: string[];
  styles: string[];
  ms: number;
}

/**
 * Bundles the host page (React, @grafana/*, rxjs… and the glue) into a fresh
 * temp dir. ES modules with splitting, so the lazily imported parts of
 * @grafana/ui (the code editor, maps) stay out of the page until asked for.
 */
export async function buildHostBundle(): Promise<HostBundle> {
  const start = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'deskpulse-e2e-host-'));
  const result = await build({
    absWorkingDir: ROOT,
    entryPoints: { main: ENTRY },
    bundle: true,
    format: 'esm',
    splitting: true,
    platform: 'browser',
    target: 'chrome120',
    outdir: dir,
    metafile: true,
    plugins: [grafanaEsmInterop],
    logLevel: 'silent',
    define: {
      // Grafana runs React's production build; DESKPULSE_E2E_REACT_DEV=1 gives full
      // React warnings and error messages when debugging the host.
      'process.env.NODE_ENV':
        process.env['DESKPULSE_E2E_REACT_DEV'] === '1' ? '"development"' : '"production"',
      global: 'globalThis',
      // The page has SystemJS's AMD define(); bundled UMD code must not see it.
      define: 'undefined',
    },
    loader: {
      '.woff': 'file',
      '.woff2': 'file',
      '.ttf': 'file',
      '.eot': 'file',
      '.svg': 'file',
      '.png': 'file',
      '.gif': 'file',
    },
  });
  const outputs = Object.entries(result.metafile.outputs);
  const main = outputs.find(([, o]) => o.entryPoint?.endsWith('host/main.ts') === true);
  if (main === undefined) throw new Error('esbuild produced no entry bundle');
  const name = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
  const css = main[1].cssBundle;
  return {
    dir,
    scripts: [name(main[0])],
    styles: css === undefined ? [] : [name(css)],
    ms: Date.now() - start,
  };
}
