import type { ReliabilityFilters } from '../../../schemas/reliability.ts';
import type { Store } from '../../../store/client.ts';
import { selectRows } from '../../sla/read/rollup-sql.ts';
import type { ReadPlan } from '../range.ts';
import {
  AT_IN_RANGE,
  bucketSql,
  columnList,
  deviceFilterSql,
  FINAL_BY_PARTITION,
  inventoryJoin,
  scopeParams,
  type GroupColumn,
  type GroupValues,
} from './sql.ts';

/*
 * Restarts, unclean shutdowns and boot durations from `device_power`
 * (docs/reliability.md, "Shutdowns"). The rule, exactly:
 *   1. Boot instants are reported boots moved back by their boot duration
 *      (the event is stamped when the boot ends) and boots derived from
 *      uptime (sample time − uptime, to the minute).
 *   2. Per device, sorted, an instant within BOOT_MERGE_S of the previous
 *      one belongs to the same boot; a boot starts at its first instant.
 *   3. Every boot with an earlier boot of the device (looked for up to
 *      LOOKBACK_DAYS before the range) is one restart, counted in the
 *      bucket of its start.
 *   4. A shutdown event at s belongs to the first boot starting at or after
 *      s − BOOT_MERGE_S. The restart was clean when its shutdown events
 *      include one with clean = true or no flag, and none with clean =
 *      false; otherwise (no event at all, or clean = false) it was unclean.
 */

/** Boot instants this close belong to one boot (derived ones jitter by a minute). */
export const BOOT_MERGE_S = 300;
/** How far before the range a device's previous boot is looked for. */
// A device off for longer has its first boot back counted as a new start, not
// a restart; reading 92 days back cost a third of every dashboard read.
export const LOOKBACK_DAYS = 31;

export interface PowerCounts {
  shutdowns: number;
  unclean_shutdowns: number;
}

export interface PowerSqlRow extends GroupValues, PowerCounts {
  bucket_s: number;
}

export interface BootSqlRow extends GroupValues {
  bucket_s: number;
  boots: number;
  /** Exact p50 and p95 (the first value whose running count reaches ⌈n × level⌉). */
  q: [number, number];
}

/**
 * The restart rule over a power history: `power` is a SELECT of
 * (device_id, at, kind, clean, boot_duration_s), one row per table key;
 * `startInRange` limits the restarts to those whose boot starts in range.
 * Yields one row per restart: device_id, start, clean_seen, unclean_seen.
 * Exported so the benchmark applies the very same rule to raw rows.
 *
 * One scan and one sort: boot instants and shutdowns (moved back by
 * BOOT_MERGE_S, so each sorts just before the boot it belongs to) in time
 * order per device. A boot instant more than BOOT_MERGE_S after the
 * previous boot instant starts a boot; the running count of starts numbers
 * the boots, and a shutdown takes the number of the next one.
 */
export function restartRuleSql(power: string, startInRange: string): string {
  const order = 'PARTITION BY device_id ORDER BY t, is_boot';
  return `
  SELECT device_id, boot, minIf(t, is_boot = 1) AS start,
    max(toUInt8(is_boot = 0 AND ifNull(clean, true))) AS clean_seen,
    max(toUInt8(is_boot = 0 AND NOT ifNull(clean, true))) AS unclean_seen
  FROM (
    SELECT device_id, t, is_boot, clean,
      sum(is_start) OVER (${order} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) + 1 - is_boot AS boot
    FROM (
      SELECT device_id, t, is_boot, clean,
        toUInt8(is_boot = 1 AND ifNull(dateDiff('millisecond',
          max(if(is_boot = 1, t, NULL)) OVER (${order} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING),
          t) > {merge_s:Int64} * 1000, true)) AS is_start
      FROM (
        SELECT device_id, clean, toUInt8(kind != 'shutdown') AS is_boot,
          multiIf(
            kind = 'boot', at - toIntervalMillisecond(toInt64(round(ifNull(boot_duration_s, 0) * 1000))),
            kind = 'shutdown', at - toIntervalSecond({merge_s:Int64}),
            at) AS t
        FROM (${power})
      )
    )
  )
  GROUP BY device_id, boot
  -- A restart: a boot (not shutdowns after the last boot) with an earlier boot, in range.
  HAVING boot > 1 AND countIf(is_boot = 1) > 0 AND ${startInRange}`;
}

function restartsSql(
  store: Store,
  plan: ReadPlan,
  columns: readonly GroupColumn[],
  filters: ReliabilityFilters,
): string {
  const by = columnList(columns);
  const power = `
        SELECT device_id, at, kind, clean, boot_duration_s
        FROM ${store.table('device_power')} FINAL
        WHERE tenant = {tenant:String} AND kind IN ('boot', 'uptime_boot', 'shutdown')
          AND at >= toDateTime64({look_s:Int64}, 3, 'UTC')
          AND at < toDateTime64({to_s:Int64} + {merge_s:Int64}, 3, 'UTC')${deviceFilterSql(filters)}`;
  const startInRange =
    "start >= toDateTime64({from_s:Int64}, 3, 'UTC') AND start < toDateTime64({to_s:Int64}, 3, 'UTC')";
  return `
SELECT ${bucketSql(plan.interval, 'start')} AS bucket_s, ${by}
  count() AS shutdowns,
  countIf(clean_seen = 0 OR unclean_seen = 1) AS unclean_shutdowns
FROM (${restartRuleSql(power, startInRange)}
) AS r${inventoryJoin(store, columns, filters)}
GROUP BY ${by}bucket_s
${FINAL_BY_PARTITION}`;
}

/** Restarts and unclean shutdowns per bucket × group. */
export function readRestarts(
  store: Store,
  tenant: string,
  plan: ReadPlan,
  columns: readonly GroupColumn[],
  filters: ReliabilityFilters,
): Promise<PowerSqlRow[]> {
  return selectRows<PowerSqlRow>(store, restartsSql(store, plan, columns, filters), {
    ...scopeParams(tenant, plan, filters),
    look_s: Math.floor(plan.fromMs / 1000) - LOOKBACK_DAYS * 86_400,
    merge_s: BOOT_MERGE_S,
  });
}

/**
 * Reported boot durations, each boot once: FINAL collapses re-sent boot
 * events on the table key (device, instant, kind).
 */
export function readBoots(
  store: Store,
  tenant: string,
  plan: ReadPlan,
  columns: readonly GroupColumn[],
  filters: ReliabilityFilters,
): Promise<BootSqlRow[]> {
  const by = columnList(columns);
  const sql = `
SELECT ${bucketSql(plan.interval, 'at')} AS bucket_s, ${by}
  count() AS boots,
  quantilesExactWeighted(0.5, 0.95)(duration, 1) AS q
FROM (
  SELECT device_id, at, assumeNotNull(boot_duration_s) AS duration
  FROM ${store.table('device_power')} FINAL
  WHERE tenant = {tenant:String} AND kind = 'boot' AND boot_duration_s IS NOT NULL
    AND ${AT_IN_RANGE}${deviceFilterSql(filters)}
) AS r${inventoryJoin(store, columns, filters)}
GROUP BY ${by}bucket_s
${FINAL_BY_PARTITION}`;
  return selectRows<BootSqlRow>(store, sql, scopeParams(tenant, plan, filters));
}
