import {
  variableRowSchema,
  variablesQuerySchema,
  type TemplateVariable,
} from '../../schemas/query.ts';
import { SLA_METRICS } from '../../schemas/sla-policy.ts';
import type { Store } from '../../store/client.ts';
import { selectRows } from '../../rollups/sla/read/rollup-sql.ts';
import { defineQuery, type NamedQuery, type QueryContext } from '../definition.ts';

/*
 * Values for Grafana template variables (`variables.values`): the distinct
 * values a tenant's data holds, sorted. Column and table names come from
 * the constants below, never from input; the tenant is a parameter.
 */

/** Most values listed: a variable's drop-down is no place for more. */
export const MAX_VARIABLE_VALUES = 10_000;

const LIMIT = `ORDER BY value LIMIT {limit:UInt32}`;

function distinctSql(store: Store, variable: Exclude<TemplateVariable, 'metric' | 'slo'>): string {
  switch (variable) {
    case 'queue':
    case 'priority':
      // Every ticket the SLA engine has seen, under any policy version.
      return `SELECT DISTINCT ${variable} AS value FROM ${store.table('sla_tickets')}
        WHERE tenant = {tenant:String} AND ${variable} != '' ${LIMIT}`;
    case 'site':
    case 'model':
    case 'os_version':
      return `SELECT DISTINCT ${variable} AS value FROM ${store.table('devices_latest')}
        WHERE tenant = {tenant:String} AND ${variable} != '' ${LIMIT}`;
    case 'app':
      // Apps that failed on a device, and apps tickets were raised about.
      return `SELECT DISTINCT value FROM (
          SELECT toString(app) AS value FROM ${store.table('reliability_events_daily')}
          WHERE tenant = {tenant:String}
          UNION ALL
          SELECT argMaxMerge(app) AS value FROM ${store.table('ticket_devices')}
          WHERE tenant = {tenant:String} GROUP BY ticket_id
        ) WHERE value != '' ${LIMIT}`;
  }
}

async function valuesOf(context: QueryContext, variable: TemplateVariable): Promise<string[]> {
  if (variable === 'metric') return [...SLA_METRICS];
  if (variable === 'slo') {
    const names = (await context.slos.active(context.tenant))?.slos.map((slo) => slo.name) ?? [];
    return names.sort();
  }
  const rows = await selectRows<{ value: string }>(
    context.store,
    distinctSql(context.store, variable),
    { tenant: context.tenant, limit: MAX_VARIABLE_VALUES },
  );
  return rows.map((row) => row.value);
}

const values = defineQuery({
  name: 'variables.values',
  title: 'Template variable values',
  description:
    'The distinct values of queue, priority (SLA tickets), site, model, os_version (device inventory), app (endpoint events and tickets), metric (SLA metrics) or slo (SLO names) for the tenant, sorted; text and value are the same.',
  params: variablesQuerySchema,
  range: false,
  row: variableRowSchema,
  read: async (context, params) => {
    const list = await valuesOf(context, params.variable);
    return { rows: list.map((value) => ({ text: value, value })) };
  },
});

export const VARIABLE_QUERIES: readonly NamedQuery[] = [values];
