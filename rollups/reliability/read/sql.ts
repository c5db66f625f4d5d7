import {
  RELIABILITY_GROUP_BY,
  type ReliabilityFilters,
  type ReliabilityGroupBy,
  type ReliabilityInterval,
  type ReliabilityMetricsRow,
} from '../../../schemas/reliability.ts';
import type { Store } from '../../../store/client.ts';
import type { ReadPlan } from '../range.ts';

/*
 * SQL pieces the reliability reads share. Every value reaches ClickHouse as
 * a query parameter; the only text spliced into SQL is chosen from the
 * constants here (group-by columns, bucket expressions, table names), never
 * taken from input.
 */

/** The result column each group-by value fills. */
export const GROUP_COLUMN = {
  device: 'device_id',
  model: 'model',
  site: 'site',
  os_version: 'os_version',
  app: 'app',
} as const satisfies Record<ReliabilityGroupBy, keyof ReliabilityMetricsRow>;

export type GroupColumn = (typeof GROUP_COLUMN)[ReliabilityGroupBy];
export type GroupValues = Partial<Record<GroupColumn, string>>;

/** Columns that come from the device's current inventory (`devices_latest`). */
const INVENTORY = ['model', 'site', 'os_version'] as const;

/** The group-by columns in a fixed order, from the whitelist only. */
export function groupColumns(groupBy: readonly ReliabilityGroupBy[]): GroupColumn[] {
  return RELIABILITY_GROUP_BY.filter((column) => groupBy.includes(column)).map(
    (column) => GROUP_COLUMN[column],
  );
}

/** `a, b, ` for a SELECT or GROUP BY list (or `, a, b` with lead); empty when there are none. */
export function columnList(columns: readonly string[], lead = ''): string {
  return columns.map((column) => (lead === '' ? `${column}, ` : `${lead}${column}`)).join('');
}

/**
 * Joins each device's current inventory when a group or filter needs it:
 * INNER when an inventory filter must drop devices, LEFT otherwise so that
 * devices without inventory (events only) keep their figures under ''.
 */
export function inventoryJoin(
  store: Store,
  columns: readonly GroupColumn[],
  filters: ReliabilityFilters,
): string {
  const filtered = INVENTORY.filter((column) => filters[column] !== undefined);
  const grouped = INVENTORY.some((column) => columns.includes(column));
  if (filtered.length === 0 && !grouped) return '';
  const where = filtered.map((column) => ` AND ${column} IN {${column}:Array(String)}`).join('');
  return `
${filtered.length > 0 ? 'INNER' : 'LEFT'} JOIN (
  SELECT device_id, model, site, os_version FROM ${store.table('devices_latest')}
  WHERE tenant = {tenant:String}${where}
) AS inv USING (device_id)`;
}

/** `AND device_id IN {…}` when the request names devices. */
export function deviceFilterSql(filters: ReliabilityFilters): string {
  return filters.device === undefined ? '' : ` AND device_id IN {device:Array(String)}`;
}

/** `AND app IN {…}` when the request names apps. */
export function appFilterSql(filters: ReliabilityFilters): string {
  return filters.app === undefined ? '' : ` AND app IN {app:Array(String)}`;
}

/** The tenant, the range and each filter given, as query parameters. */
export function scopeParams(
  tenant: string,
  plan: Pick<ReadPlan, 'fromMs' | 'toMs'>,
  filters: ReliabilityFilters,
): Record<string, unknown> {
  const params: Record<string, unknown> = {
    tenant,
    from_s: Math.floor(plan.fromMs / 1000),
    to_s: Math.ceil(plan.toMs / 1000),
  };
  for (const column of RELIABILITY_GROUP_BY) {
    const values = filters[column];
    if (values !== undefined) params[column] = values;
  }
  return params;
}

/** Unix seconds of the start of the UTC bucket holding the DateTime `expr`. */
export function bucketSql(interval: ReliabilityInterval, expr: string): string {
  switch (interval) {
    case 'none':
      return `toInt64({from_s:Int64})`;
    case 'hour':
      return `toUnixTimestamp(toStartOfHour(${expr}))`;
    case 'day':
      return `toUnixTimestamp(toStartOfDay(${expr}))`;
    case 'week':
      return `toUnixTimestamp(toDateTime(toMonday(${expr}), 'UTC'))`;
    case 'month':
      return `toUnixTimestamp(toDateTime(toStartOfMonth(${expr}), 'UTC'))`;
  }
}

/** A rollup table of the plan's source, its unit start as a DateTime, and its range condition. */
export function rollupSource(
  store: Store,
  plan: ReadPlan,
  kind: 'device' | 'events',
): { table: string; unitStart: string; inRange: string } {
  if (plan.source === 'hourly') {
    return {
      table: store.table(`reliability_${kind}_hourly`),
      unitStart: 'hour',
      inRange: `hour >= toDateTime({from_s:Int64}, 'UTC') AND hour < toDateTime({to_s:Int64}, 'UTC')`,
    };
  }
  return {
    table: store.table(`reliability_${kind}_daily`),
    unitStart: `toDateTime(day, 'UTC')`,
    inRange: `day >= toDate(toDateTime({from_s:Int64}, 'UTC')) AND day < toDate(toDateTime({to_s:Int64}, 'UTC'))`,
  };
}

/** `at` inside the plan's range, for the millisecond instants of device_power. */
export const AT_IN_RANGE = `at >= toDateTime64({from_s:Int64}, 3, 'UTC') AND at < toDateTime64({to_s:Int64}, 3, 'UTC')`;

/** The key rows of the separate reads are matched on: the bucket and the group values. */
export function rowKey(bucketS: number, row: GroupValues, columns: readonly GroupColumn[]): string {
  return JSON.stringify([bucketS, ...columns.map((column) => row[column] ?? '')]);
}

/** The grouped columns of a result row, only those grouped by. */
export function groupValues(row: GroupValues, columns: readonly GroupColumn[]): GroupValues {
  return Object.fromEntries(columns.map((column) => [column, row[column] ?? '']));
}

/**
 * Every table read with FINAL here is partitioned by the month of a column
 * in its sorting key, so no key spans two partitions: FINAL need not merge
 * across them, and partitions are read in parallel.
 */
export const FINAL_BY_PARTITION = 'SETTINGS do_not_merge_across_partitions_select_final = 1';
