import type { ReliabilityFilters } from '../../../schemas/reliability.ts';
import type { Store } from '../../../store/client.ts';
import { selectRows } from '../../sla/read/rollup-sql.ts';
import type { ReadPlan } from '../range.ts';
import {
  appFilterSql,
  bucketSql,
  columnList,
  deviceFilterSql,
  FINAL_BY_PARTITION,
  inventoryJoin,
  rollupSource,
  scopeParams,
  type GroupColumn,
  type GroupValues,
} from './sql.ts';

export interface EventCounts {
  app_crashes: number;
  app_hangs: number;
  os_crashes: number;
  service_failures: number;
  failing_devices: number;
}

export interface EventSqlRow extends GroupValues, EventCounts {
  bucket_s: number;
}

const FAILURE_TYPES = ['app_crash', 'app_hang', 'os_crash', 'service_failure'];
/** Failures an app can be blamed for: OS crashes are the device's. */
const APP_FAILURE_TYPES = ['app_crash', 'app_hang', 'service_failure'];

/**
 * Each event set one bit (its millisecond in the hour or day), so the
 * cardinality of the bitmap FINAL merges per (unit, device, type, app)
 * counts distinct events however often they were sent. In the app view
 * only events naming an app count, each under its app.
 */
function eventsSql(
  store: Store,
  plan: ReadPlan,
  columns: readonly GroupColumn[],
  filters: ReliabilityFilters,
  appView: boolean,
): string {
  const source = rollupSource(store, plan, 'events');
  const by = columnList(columns);
  const appScope = appView ? ` AND app != ''${appFilterSql(filters)}` : '';
  return `
SELECT ${bucketSql(plan.interval, 'unit_start')} AS bucket_s, ${by}
  sumIf(n, type = 'app_crash') AS app_crashes,
  sumIf(n, type = 'app_hang') AS app_hangs,
  sumIf(n, type = 'os_crash') AS os_crashes,
  sumIf(n, type = 'service_failure') AS service_failures,
  uniqExact(device_id) AS failing_devices
FROM (
  SELECT ${source.unitStart} AS unit_start, device_id, type, app, bitmapCardinality(events) AS n
  FROM ${source.table} FINAL
  WHERE tenant = {tenant:String} AND ${source.inRange}
    AND type IN {types:Array(String)}${appScope}${deviceFilterSql(filters)}
) AS r${inventoryJoin(store, columns, filters)}
GROUP BY ${by}bucket_s
${FINAL_BY_PARTITION}`;
}

/** Distinct failure events per bucket × group (× app in the app view). */
export function readEvents(
  store: Store,
  tenant: string,
  plan: ReadPlan,
  columns: readonly GroupColumn[],
  filters: ReliabilityFilters,
  appView: boolean,
): Promise<EventSqlRow[]> {
  return selectRows<EventSqlRow>(store, eventsSql(store, plan, columns, filters, appView), {
    ...scopeParams(tenant, plan, filters),
    types: appView ? APP_FAILURE_TYPES : FAILURE_TYPES,
  });
}
