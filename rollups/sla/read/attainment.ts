import type { SlaMetric } from '../../../schemas/sla-policy.ts';
import type {
  AttainmentQuery,
  AttainmentRow,
  RollupGroupBy,
} from '../../../schemas/sla-rollups.ts';
import type { Store } from '../../../store/client.ts';
import {
  baseParams,
  bucketSql,
  columnList,
  filterParams,
  filterSql,
  groupColumns,
  groupValues,
  isoOf,
  rangeParams,
  rangeSql,
  ratio,
  selectRows,
} from './rollup-sql.ts';

interface AttainmentSqlRow extends Partial<Record<RollupGroupBy, string>> {
  bucket_s: number;
  metric: SlaMetric;
  measured: number;
  met: number;
  breached: number;
  cancelled: number;
  untargeted: number;
  timed: number;
  q: [number, number, number];
}

const STOPPED = `state IN ('met', 'breached')`;

/**
 * `sla_clocks_hourly` may hold unmerged rows, and a recompute writes each
 * replaced clock again with -1: summing per full key first gives the exact
 * multiset of clocks, whose positive counts are then valid weights. (The
 * weight is clamped too: -If still evaluates its arguments on every row, and
 * a negative count would wrap around as UInt64.)
 */
function attainmentSql(
  table: string,
  query: AttainmentQuery,
  groups: readonly RollupGroupBy[],
): string {
  const by = columnList(groups);
  const keys = ['bucket_s', 'metric', ...groups].join(', ');
  return `
SELECT toUnixTimestamp(${bucketSql(query.interval, 'hour')}) AS bucket_s, metric, ${by}
  sumIf(n, has_target = 1 AND ${STOPPED}) AS measured,
  sumIf(n, has_target = 1 AND state = 'met') AS met,
  sumIf(n, has_target = 1 AND state = 'breached') AS breached,
  sumIf(n, state = 'cancelled') AS cancelled,
  sumIf(n, has_target = 0 AND ${STOPPED}) AS untargeted,
  sumIf(n, ${STOPPED}) AS timed,
  quantilesExactWeightedIf(0.5, 0.9, 0.95)(elapsed_business_s, toUInt64(greatest(n, 0)), n > 0 AND ${STOPPED}) AS q
FROM (
  SELECT hour, metric, priority, queue, state, has_target, elapsed_business_s, sum(clocks) AS n
  FROM ${table}
  WHERE tenant = {tenant:String} AND policy_version = {version:UInt32}
    AND metric IN {metrics:Array(String)} AND ${rangeSql(query.interval)}${filterSql(query)}
  GROUP BY hour, metric, priority, queue, state, has_target, elapsed_business_s
  HAVING n != 0
)
GROUP BY ${keys}
ORDER BY ${keys}`;
}

function toRow(row: AttainmentSqlRow, groups: readonly RollupGroupBy[]): AttainmentRow {
  // With nothing timed the quantile function has no population: report null, not 0.
  const quantile = (index: 0 | 1 | 2): number | null => (row.timed > 0 ? row.q[index] : null);
  return {
    bucket: isoOf(row.bucket_s),
    metric: row.metric,
    ...groupValues(row, groups),
    measured: row.measured,
    met: row.met,
    breached: row.breached,
    cancelled: row.cancelled,
    untargeted: row.untargeted,
    attainment_pct: ratio(row.met, row.measured),
    timed: row.timed,
    elapsed_p50_s: quantile(0),
    elapsed_p90_s: quantile(1),
    elapsed_p95_s: quantile(2),
  };
}

/**
 * Stopped clocks per bucket of their stop hour × metric (× group-by):
 * attainment counts only met or breached clocks that had a target; the
 * percentiles are exact over every met or breached clock.
 */
export async function readAttainment(
  store: Store,
  tenant: string,
  version: number,
  query: AttainmentQuery,
  nowMs: number,
): Promise<AttainmentRow[]> {
  const groups = groupColumns(query.group_by);
  const sql = attainmentSql(store.table('sla_clocks_hourly'), query, groups);
  const rows = await selectRows<AttainmentSqlRow>(store, sql, {
    ...baseParams(tenant, version, nowMs),
    ...rangeParams(query),
    ...filterParams(query),
    metrics: query.metric,
  });
  return rows.map((row) => toRow(row, groups));
}
