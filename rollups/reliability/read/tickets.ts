import type {
  DeviceTicketsQuery,
  DeviceTicketsResponse,
  ReliabilityFilters,
} from '../../../schemas/reliability.ts';
import type { Store } from '../../../store/client.ts';
import { isoOf, ratio, selectRows } from '../../sla/read/rollup-sql.ts';
import { planRange, type ReadPlan } from '../range.ts';
import { filtersOf, type ReliabilityReadOptions } from './metrics.ts';
import {
  appFilterSql,
  columnList,
  deviceFilterSql,
  groupColumns,
  groupValues,
  inventoryJoin,
  rowKey,
  scopeParams,
  type GroupColumn,
  type GroupValues,
} from './sql.ts';
import { readUsage } from './usage.ts';

interface TicketSqlRow extends GroupValues {
  tickets: number;
}

/**
 * One row per ticket created in the range (`created_at`, else its first
 * event), with the device and app it names last. ticket_devices is an
 * AggregatingMergeTree: rows are merged per ticket here.
 */
function ticketsSubquery(store: Store): string {
  return `(
  SELECT ticket_id, argMaxMerge(device_id) AS device_id, argMaxMerge(app) AS app,
    ifNull(min(created_at), min(first_event_at)) AS created
  FROM ${store.table('ticket_devices')}
  WHERE tenant = {tenant:String}
  GROUP BY ticket_id
  HAVING created >= toDateTime64({from_s:Int64}, 3, 'UTC') AND created < toDateTime64({to_s:Int64}, 3, 'UTC')
) AS t`;
}

function linkedSql(
  store: Store,
  columns: readonly GroupColumn[],
  filters: ReliabilityFilters,
): string {
  const by = columnList(columns);
  const groupBy = columns.length === 0 ? '' : `GROUP BY ${columns.join(', ')}`;
  return `
SELECT ${by}count() AS tickets
FROM ${ticketsSubquery(store)}${inventoryJoin(store, columns, filters)}
WHERE device_id != ''${deviceFilterSql(filters)}${appFilterSql(filters)}
${groupBy}
ORDER BY tickets DESC${columns.map((column) => `, ${column}`).join('')}
LIMIT {limit:UInt32}`;
}

async function unlinkedTickets(
  store: Store,
  tenant: string,
  plan: ReadPlan,
  filters: ReliabilityFilters,
): Promise<number> {
  const [row] = await selectRows<{ tickets: number }>(
    store,
    `SELECT count() AS tickets FROM ${ticketsSubquery(store)} WHERE device_id = ''${appFilterSql(filters)}`,
    scopeParams(tenant, plan, { app: filters.app }),
  );
  return row?.tickets ?? 0;
}

/**
 * Tickets created in [from, to) per device, model, site, OS version or app
 * (the ticket's `app` attribute), most tickets first, with the group's
 * devices active in the range (the fleet in scope for app rows) and
 * tickets per 100 of them. Tickets naming no device are counted apart.
 */
export async function readDeviceTickets(
  store: Store,
  tenant: string,
  query: DeviceTicketsQuery,
  nowMs: number,
  options: ReliabilityReadOptions = {},
): Promise<DeviceTicketsResponse> {
  const plan = planRange({ ...query, interval: 'none' }, nowMs, options.hourlyRollupDays);
  const filters = filtersOf(query);
  const columns = groupColumns(query.group_by);
  const deviceColumns = columns.filter((column) => column !== 'app');
  const params = { ...scopeParams(tenant, plan, filters), limit: query.limit };
  const linked = await selectRows<TicketSqlRow>(store, linkedSql(store, columns, filters), params);
  const unlinked = await unlinkedTickets(store, tenant, plan, filters);
  const fromS = Math.floor(plan.fromMs / 1000);
  // Active devices per group; the app filter narrows tickets, not devices.
  const scope = { ...filters, app: undefined };
  const usage = await readUsage(store, tenant, plan, deviceColumns, scope, 'devices');
  const active = new Map(usage.map((row) => [rowKey(fromS, row, deviceColumns), row.devices]));
  return {
    tenant,
    as_of: isoOf(Math.floor(nowMs / 1000)),
    from: isoOf(plan.fromMs / 1000),
    to: isoOf(plan.toMs / 1000),
    source: plan.source,
    tickets_without_device: unlinked,
    rows: linked.map((row) => {
      const devices = active.get(rowKey(fromS, row, deviceColumns)) ?? 0;
      return {
        ...groupValues(row, columns),
        tickets: row.tickets,
        devices,
        tickets_per_100_devices: ratio(row.tickets, devices),
      };
    }),
  };
}
