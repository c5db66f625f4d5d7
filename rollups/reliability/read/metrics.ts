import type {
  ReliabilityFilters,
  ReliabilityMetricsQuery,
  ReliabilityMetricsResponse,
} from '../../../schemas/reliability.ts';
import type { Store } from '../../../store/client.ts';
import { isoOf } from '../../sla/read/rollup-sql.ts';
import { assembleMetrics } from '../assemble.ts';
import { planRange } from '../range.ts';
import { readEvents } from './events.ts';
import { readBoots, readRestarts } from './power.ts';
import { groupColumns } from './sql.ts';
import { readUsage } from './usage.ts';

export interface ReliabilityReadOptions {
  /** `retention.hourlyRollupDays`: older hours are read from the daily rollup (0 = forever). */
  hourlyRollupDays?: number;
}

/** The filters of a query, without its other fields. */
export function filtersOf(query: ReliabilityFilters): ReliabilityFilters {
  const { device, model, site, os_version, app } = query;
  return { device, model, site, os_version, app };
}

/**
 * Reliability metrics over [from, to) per bucket × group (docs/reliability.md
 * §4). Grouped or filtered by app, rows are per app (with failures) and carry
 * the usage of the devices in scope as their denominator.
 */
export async function readReliabilityMetrics(
  store: Store,
  tenant: string,
  query: ReliabilityMetricsQuery,
  nowMs: number,
  options: ReliabilityReadOptions = {},
): Promise<ReliabilityMetricsResponse> {
  const plan = planRange(query, nowMs, options.hourlyRollupDays);
  const filters = filtersOf(query);
  const columns = groupColumns(query.group_by);
  const deviceColumns = columns.filter((column) => column !== 'app');
  const appView = columns.includes('app') || filters.app !== undefined;
  const [usage, events, restarts, boots] = await Promise.all([
    readUsage(store, tenant, plan, deviceColumns, filters, appView ? 'usage' : 'full'),
    readEvents(store, tenant, plan, columns, filters, appView),
    appView ? [] : readRestarts(store, tenant, plan, columns, filters),
    appView ? [] : readBoots(store, tenant, plan, columns, filters),
  ]);
  return {
    tenant,
    as_of: isoOf(Math.floor(nowMs / 1000)),
    from: isoOf(plan.fromMs / 1000),
    to: isoOf(plan.toMs / 1000),
    source: plan.source,
    rows: assembleMetrics({ usage, events, restarts, boots }, columns, plan.interval, appView),
  };
}
