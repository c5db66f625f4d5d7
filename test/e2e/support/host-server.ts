import { createReadStream, existsSync, statSync } from 'node:fs';
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { bootPage, type Theme } from './boot-page.ts';
import { fontFile } from './fonts.ts';
import { proxyTarget, type DataSourceRoute, type ProxySecrets } from './data-proxy.ts';

export interface ProxiedRequest {
  method: string;
  /** Path after the route, e.g. /v1/query. */
  path: string;
  accept: string;
  status: number;
}

export interface HostServerOptions {
  /** The esbuild output: served at /host/. */
  bundle: { dir: string; scripts: string[]; styles: string[] };
  /** node_modules/systemjs/dist: served at /systemjs/. */
  systemjsDir: string;
  /** @grafana/ui's icons (dist/public/img/icons): Grafana serves them at /public/build/img/icons/. */
  iconsDir: string;
  /** Plugin directories by id: served at /public/plugins/<id>/, as Grafana serves them. */
  plugins: { id: string; dir: string }[];
  /** The data source's uid, proxy routes (from its plugin.json) and settings. */
  datasource: { uid: string; routes: DataSourceRoute[]; secrets: ProxySecrets };
}

export interface HostServer {
  url: string;
  /** Every request the data proxy forwarded, in order. */
  proxied: ProxiedRequest[];
  close(): Promise<void>;
}

const ICONS = '/public/build/img/icons/';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.md': 'text/markdown; charset=utf-8',
};

/** Serves `relative` from inside `root` only; false when there is no such file. */
function sendFile(res: ServerResponse, root: string, relative: string): boolean {
  const file = resolve(root, `.${sep}${decodeURIComponent(relative)}`);
  if (!file.startsWith(resolve(root) + sep) || !existsSync(file) || !statSync(file).isFile()) {
    return false;
  }
  res.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
  });
  createReadStream(file).pipe(res);
  return true;
}

function notFound(res: ServerResponse, path: string): void {
  res.writeHead(404, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ message: `not found: ${path}` }));
}

/**
 * Grafana's data proxy: /api/datasources/proxy/uid/<uid>/<route>/<rest> goes
 * to the route's URL with the route's headers (the API key) added here, so
 * the key never reaches the page. Bodies and responses stream through as-is.
 */
function forward(
  req: IncomingMessage,
  res: ServerResponse,
  target: URL,
  headers: Record<string, string>,
  log: (entry: ProxiedRequest) => void,
): void {
  const outgoing: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || ['host', 'cookie', 'authorization', 'connection'].includes(name))
      continue;
    outgoing[name] = value;
  }
  Object.assign(outgoing, headers);
  const upstream = httpRequest(target, { method: req.method ?? 'GET', headers: outgoing }, (up) => {
    log({
      method: req.method ?? 'GET',
      path: `${target.pathname}${target.search}`,
      accept: req.headers.accept ?? '',
      status: up.statusCode ?? 0,
    });
    res.writeHead(up.statusCode ?? 502, up.headers);
    up.pipe(res);
  });
  upstream.on('error', (error) => {
    res.writeHead(502, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ message: `data proxy error: ${error.message}` }));
  });
  req.pipe(upstream);
}

export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  const proxied: ProxiedRequest[] = [];
  const proxyPrefix = `/api/datasources/proxy/uid/${options.datasource.uid}/`;
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const path = url.pathname;
    if (path === '/') {
      const theme: Theme = url.searchParams.get('theme') === 'light' ? 'light' : 'dark';
      res.writeHead(200, { 'content-type': TYPES['.html'] ?? 'text/html' });
      res.end(bootPage(theme, options.bundle));
      return;
    }
    if (path.startsWith(proxyPrefix)) {
      const rest = `${path.slice(proxyPrefix.length)}${url.search}`;
      const target = proxyTarget(options.datasource.routes, options.datasource.secrets, rest);
      if (target === undefined) notFound(res, path);
      else forward(req, res, target.url, target.headers, (entry) => proxied.push(entry));
      return;
    }
    if (path.startsWith('/public/fonts/')) {
      const font = fontFile(path.slice('/public/fonts/'.length));
      if (font === undefined) res.writeHead(204).end();
      else sendFile(res, font.dir, font.name);
      return;
    }
    const plugin = options.plugins.find((p) => path.startsWith(`/public/plugins/${p.id}/`));
    const served =
      (path.startsWith('/host/') && sendFile(res, options.bundle.dir, path.slice(6))) ||
      (path.startsWith('/systemjs/') && sendFile(res, options.systemjsDir, path.slice(10))) ||
      (path.startsWith(ICONS) && sendFile(res, options.iconsDir, path.slice(ICONS.length))) ||
      (plugin !== undefined &&
        sendFile(res, plugin.dir, path.slice(`/public/plugins/${plugin.id}/`.length)));
    if (!served) notFound(res, path);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    proxied,
    close: () =>
      new Promise<void>((done, fail) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error === undefined) done();
          else fail(error);
        });
      }),
  };
}
