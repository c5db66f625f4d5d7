import {
  ROLLUP_GROUP_BY,
  type RollupGroupBy,
  type RollupInterval,
} from '../../../schemas/sla-rollups.ts';
import type { Store } from '../../../store/client.ts';

/*
 * SQL pieces the rollup reads share. Every value reaches ClickHouse as a
 * query parameter; the only text spliced into SQL is chosen from constants
 * here (group-by columns, bucket expressions), never taken from input.
 */

/** Parameters every rollup query binds: the tenant, the policy version and now. */
export function baseParams(
  tenant: string,
  version: number,
  nowMs: number,
): Record<string, unknown> {
  // Whole seconds, as the clocks are (docs/sla.md §1).
  return { tenant, version, now_s: Math.floor(nowMs / 1000) };
}

/** `now` as a SQL DateTime, for comparisons with stored instants. */
export const NOW_SQL = `toDateTime({now_s:Int64}, 'UTC')`;

/** The group-by columns in a fixed order, from the whitelist only. */
export function groupColumns(groupBy: readonly RollupGroupBy[]): RollupGroupBy[] {
  return ROLLUP_GROUP_BY.filter((column) => groupBy.includes(column));
}

/** `a, b, ` for a SELECT or GROUP BY list; empty when there are none. */
export function columnList(columns: readonly string[]): string {
  return columns.map((column) => `${column}, `).join('');
}

/**
 * The start of the bucket holding the DateTime `expr`. Storage is hourly in
 * UTC, so hour buckets are the stored hours whatever the zone; days and weeks
 * (from Monday) start at local midnight in `{tz}`, DST included.
 */
export function bucketSql(interval: RollupInterval, expr: string): string {
  switch (interval) {
    case 'hour':
      return `toStartOfHour(${expr})`;
    case 'day':
      return `toStartOfDay(${expr}, {tz:String})`;
    case 'week':
      return `toDateTime(toMonday(${expr}, {tz:String}), {tz:String})`;
  }
}

/**
 * Stored hours of every bucket that overlaps [from, to), each bucket whole.
 * The plain bounds on `hour` let the primary key prune (a week bucket ends
 * at most 8 days after its start, DST included).
 */
export function rangeSql(interval: RollupInterval): string {
  const from = bucketSql(interval, `toDateTime({from_s:Int64}, 'UTC')`);
  const to = `toDateTime({to_s:Int64}, 'UTC')`;
  return `hour >= ${from} AND hour < ${to} + INTERVAL 8 DAY AND ${bucketSql(interval, 'hour')} < ${to}`;
}

export function rangeParams(range: {
  from: number;
  to: number;
  tz: string;
}): Record<string, unknown> {
  return { from_s: Math.floor(range.from / 1000), to_s: Math.ceil(range.to / 1000), tz: range.tz };
}

/** `AND column IN {…}` for each list filter given. */
export function filterSql(filters: { priority?: string[]; queue?: string[] }): string {
  return ROLLUP_GROUP_BY.filter((column) => filters[column] !== undefined)
    .map((column) => ` AND ${column} IN {${column}:Array(String)}`)
    .join('');
}

export function filterParams(filters: {
  priority?: string[];
  queue?: string[];
}): Record<string, unknown> {
  return {
    ...(filters.priority === undefined ? {} : { priority: filters.priority }),
    ...(filters.queue === undefined ? {} : { queue: filters.queue }),
  };
}

/** Runs a read; 64-bit integers come back as JSON numbers. */
export async function selectRows<T>(
  store: Store,
  query: string,
  params: Record<string, unknown>,
): Promise<T[]> {
  const result = await store.client.query({
    query,
    query_params: params,
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  return result.json<T>();
}

/** Unix seconds as an RFC 3339 UTC instant. */
export function isoOf(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** `scale × part / whole`, or null when there is nothing to divide by. */
export function ratio(part: number, whole: number, scale = 100): number | null {
  return whole > 0 ? (scale * part) / whole : null;
}

/** The grouped columns of a result row, only those grouped by. */
export function groupValues(
  row: Partial<Record<RollupGroupBy, string>>,
  columns: readonly RollupGroupBy[],
): Partial<Record<RollupGroupBy, string>> {
  return Object.fromEntries(columns.map((column) => [column, row[column] ?? '']));
}
