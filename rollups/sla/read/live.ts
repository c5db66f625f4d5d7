import type { SlaMetric } from '../../../schemas/sla-policy.ts';
import type { AtRiskQuery, AtRiskRow, LiveQuery, LiveRow } from '../../../schemas/sla-rollups.ts';
import type { Store } from '../../../store/client.ts';
import { NOW_SQL, baseParams, filterParams, filterSql, isoOf, selectRows } from './rollup-sql.ts';

/*
 * Open clocks are stored with their breach and warning instants, so "now"
 * is applied here, at read time (DESIGN.md: live panels never show a stale
 * remaining time). Breached means now is past breach_at (docs/sla.md §5).
 */

const BREACHED = `ifNull(breach_at < ${NOW_SQL}, 0)`;
const WARNED = `ifNull(warn_at <= ${NOW_SQL}, 0)`;

/** The current open clocks of a tenant's version: FINAL and sign = 1 collapse replaced rows. */
function openClocksWhere(filters: LiveQuery): string {
  return `tenant = {tenant:String} AND policy_version = {version:UInt32} AND sign = 1
    AND metric IN {metrics:Array(String)}${filterSql(filters)}`;
}

function liveParams(
  tenant: string,
  version: number,
  query: LiveQuery,
  nowMs: number,
): Record<string, unknown> {
  return { ...baseParams(tenant, version, nowMs), ...filterParams(query), metrics: query.metric };
}

/** Open clocks per metric × priority × queue, as of `nowMs`. */
export async function readLive(
  store: Store,
  tenant: string,
  version: number,
  query: LiveQuery,
  nowMs: number,
): Promise<LiveRow[]> {
  return selectRows<LiveRow>(
    store,
    `SELECT metric, priority, queue,
      countIf(state = 'running') AS running,
      countIf(state = 'paused') AS paused,
      countIf(${WARNED} AND NOT ${BREACHED}) AS at_warning,
      countIf(${BREACHED}) AS breached
    FROM ${store.table('sla_open_clocks')} FINAL
    WHERE ${openClocksWhere(query)}
    GROUP BY metric, priority, queue
    ORDER BY metric, priority, queue`,
    liveParams(tenant, version, query, nowMs),
  );
}

interface AtRiskSqlRow {
  ticket_id: string;
  metric: SlaMetric;
  cycle: number;
  state: AtRiskRow['state'];
  breach_s: number;
  warn_s: number | null;
  priority: string;
  queue: string;
  rule_id: string;
}

/**
 * Open clocks that will breach if nothing changes, soonest first; with
 * `include_breached`, those already past breach_at come first, most overdue
 * first. Clocks that cannot breach (paused, or no target) are never listed.
 */
export async function readAtRisk(
  store: Store,
  tenant: string,
  version: number,
  query: AtRiskQuery,
  nowMs: number,
): Promise<AtRiskRow[]> {
  const rows = await selectRows<AtRiskSqlRow>(
    store,
    `SELECT ticket_id, metric, cycle, state,
      toUnixTimestamp(assumeNotNull(breach_at)) AS breach_s,
      toUnixTimestamp(warn_at) AS warn_s,
      priority, queue, rule_id
    FROM ${store.table('sla_open_clocks')} FINAL
    WHERE ${openClocksWhere(query)} AND breach_at IS NOT NULL
      AND ({include_breached:UInt8} = 1 OR NOT ${BREACHED})
    ORDER BY breach_at, ticket_id, metric, cycle
    LIMIT {limit:UInt32}`,
    {
      ...liveParams(tenant, version, query, nowMs),
      include_breached: query.include_breached ? 1 : 0,
      limit: query.limit,
    },
  );
  const nowS = Math.floor(nowMs / 1000);
  return rows.map((row) => ({
    ticket_id: row.ticket_id,
    metric: row.metric,
    cycle: row.cycle,
    state: row.state,
    breach_at: isoOf(row.breach_s),
    warn_at: row.warn_s === null ? null : isoOf(row.warn_s),
    seconds_left: row.breach_s - nowS,
    priority: row.priority,
    queue: row.queue,
    rule_id: row.rule_id,
  }));
}
