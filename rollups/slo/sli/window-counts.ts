import type { SloWindow } from '../../../schemas/slo.ts';
import type { Store } from '../../../store/client.ts';
import { WINDOW_NAMES, windowStartsMs, type WindowCounts, type WindowName } from '../windows.ts';

/*
 * One query per SLO: the SLI's events (one row each: `event_ms`, its instant
 * in Unix ms, and `good`, 1 or 0) counted into the SLO window and every burn
 * window at once. Values enter only as parameters; the SQL text varies only
 * by constants (window names, table names, which filters are present).
 */

/** SQL text and its parameters. */
export interface SqlQuery {
  sql: string;
  params: Record<string, unknown>;
}

/** What an SLI's event query may bind: the tenant, and the range (from_ms, now_ms]. */
export interface SliRange {
  tenant: string;
  nowMs: number;
  /** The SLO window's start (exclusive); every burn window lies inside it. */
  fromMs: number;
}

/** `5m` is no SQL identifier; `w5m` is. */
function alias(name: WindowName): string {
  return name === 'slo' ? 'slo' : `w${name}`;
}

function windowColumns(): string {
  return WINDOW_NAMES.map((name) => {
    const since = `event_ms > {since_${alias(name)}:Int64}`;
    return `countIf(${since}) AS total_${alias(name)}, countIf(good = 1 AND ${since}) AS good_${alias(name)}`;
  }).join(',\n  ');
}

/** Parameters the SLI queries share: the tenant and the range, in ms and as UTC dates. */
export function rangeParams(range: SliRange): Record<string, unknown> {
  return {
    tenant: range.tenant,
    now_ms: range.nowMs,
    from_ms: range.fromMs,
    // Daily rollups are keyed by UTC day: the days any instant of the range falls on.
    from_day: new Date(range.fromMs).toISOString().slice(0, 10),
    to_day: new Date(range.nowMs).toISOString().slice(0, 10),
  };
}

/** `(from_ms, now_ms]` on a DateTime64 column, for the primary key to prune on. */
export function instantRangeSql(column: string): string {
  return `${column} > fromUnixTimestamp64Milli({from_ms:Int64}, 'UTC')
    AND ${column} <= fromUnixTimestamp64Milli({now_ms:Int64}, 'UTC')`;
}

/** Wraps an SLI's event query into the per-window counts. */
export function windowCountsQuery(events: SqlQuery, nowMs: number, sloWindow: SloWindow): SqlQuery {
  const starts = windowStartsMs(nowMs, sloWindow);
  const since = WINDOW_NAMES.map((name): [string, number] => [
    `since_${alias(name)}`,
    starts[name],
  ]);
  return {
    sql: `SELECT
  ${windowColumns()}
FROM (${events.sql})
WHERE event_ms > {since_slo:Int64} AND event_ms <= {now_ms:Int64}`,
    params: { ...events.params, ...Object.fromEntries(since), now_ms: nowMs },
  };
}

export async function readWindowCounts(store: Store, query: SqlQuery): Promise<WindowCounts> {
  const result = await store.client.query({
    query: query.sql,
    query_params: query.params,
    format: 'JSONEachRow',
    clickhouse_settings: { output_format_json_quote_64bit_integers: 0 },
  });
  const [row] = await result.json<Record<string, number>>();
  const counts = WINDOW_NAMES.map((name) => [
    name,
    { good: row?.[`good_${alias(name)}`] ?? 0, total: row?.[`total_${alias(name)}`] ?? 0 },
  ]);
  return Object.fromEntries(counts) as WindowCounts;
}
