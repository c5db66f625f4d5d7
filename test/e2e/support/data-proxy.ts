/** A data source route as plugin.json declares it (Grafana's data proxy routes). */
export interface DataSourceRoute {
  path: string;
  url?: string;
  headers?: { name: string; content: string }[];
}

/** What Grafana holds for the data source instance: jsonData and the decrypted secureJsonData. */
export interface ProxySecrets {
  jsonData: Record<string, string>;
  secureJsonData: Record<string, string>;
}

// Grafana renders route URLs and headers as Go templates over the instance's
// settings; the plugin only uses plain field references.
const FIELD = /\{\{\s*\.(JsonData|SecureJsonData)\.(\w+)\s*\}\}/g;

export function renderRouteTemplate(template: string, secrets: ProxySecrets): string {
  return template.replace(FIELD, (_match, scope: string, name: string) => {
    const source = scope === 'JsonData' ? secrets.jsonData : secrets.secureJsonData;
    const value = source[name];
    if (value === undefined) throw new Error(`data proxy: ${scope}.${name} is not set`);
    return value;
  });
}

/**
 * The upstream URL and added headers for `rest` (the path after
 * /api/datasources/proxy/uid/<uid>/): the route whose path is its first
 * segment, as Grafana matches them. Undefined when no route matches.
 */
export function proxyTarget(
  routes: readonly DataSourceRoute[],
  secrets: ProxySecrets,
  rest: string,
): { url: URL; headers: Record<string, string> } | undefined {
  const route = routes.find(
    (r) => rest === r.path || rest.startsWith(`${r.path}/`) || rest.startsWith(`${r.path}?`),
  );
  if (route?.url === undefined) return undefined;
  const base = renderRouteTemplate(route.url, secrets).replace(/\/+$/, '');
  const url = new URL(`${base}${rest.slice(route.path.length)}`);
  const headers: Record<string, string> = {};
  for (const header of route.headers ?? []) {
    headers[header.name.toLowerCase()] = renderRouteTemplate(header.content, secrets);
  }
  return { url, headers };
}
