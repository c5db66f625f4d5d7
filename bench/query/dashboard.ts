/**
 * The queries a dashboard issues, read from the plugin's provisioned
 * dashboard JSON, resolved the way the data source resolves them when every
 * template variable is "All" and the panel asks for `auto` buckets.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const SLA_LIVE_DASHBOARD = fileURLToPath(
  new URL('../../grafana-plugin/src/dashboards/sla-live.json', import.meta.url),
);

const paramValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]);
const target = z.looseObject({
  refId: z.string().optional(),
  queryName: z.string().optional(),
  params: z.record(z.string(), paramValue).optional(),
});
const panel = z.looseObject({
  title: z.string().optional(),
  targets: z.array(target).optional(),
});
const dashboard = z.looseObject({ panels: z.array(panel) });

export type ParamValue = z.infer<typeof paramValue>;

export interface DashboardQuery {
  /** Panel title and refId, to name the row. */
  label: string;
  query: string;
  params: Record<string, ParamValue>;
}

/** A value that is only a template variable (`$queue`, `${priority}`) means "All": no filter. */
const isVariable = (value: ParamValue): boolean =>
  typeof value === 'string' && /^\$\{?\w+(:\w+)?\}?$/.test(value.trim());

export function dashboardQueries(
  file: string,
  range: { from: number; to: number },
  autoInterval: string,
): DashboardQuery[] {
  const parsed = dashboard.parse(JSON.parse(readFileSync(file, 'utf8')));
  const queries: DashboardQuery[] = [];
  for (const p of parsed.panels) {
    for (const t of p.targets ?? []) {
      if (t.queryName === undefined) continue;
      const params: Record<string, ParamValue> = {};
      for (const [name, value] of Object.entries(t.params ?? {})) {
        if (isVariable(value) || value === '') continue;
        params[name] = name === 'interval' && value === 'auto' ? autoInterval : value;
      }
      queries.push({
        label: `${p.title ?? '(untitled)'} · ${t.refId ?? 'A'}`,
        query: t.queryName,
        params,
      });
    }
  }
  return queries;
}
