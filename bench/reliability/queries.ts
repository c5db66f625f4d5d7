/**
 * The dashboards over the last 30 days: each through the product's read
 * (rollups/reliability, queries built with the API's zod schemas, as the
 * routes do) and through its raw-table counterpart (raw-queries.ts).
 */
import {
  readDeviceTickets,
  readReliabilityMetrics,
  readReliabilityScores,
  readSilentDevices,
} from '../../rollups/reliability/index.ts';
import type { ReliabilityMetricsRow } from '../../schemas/reliability.ts';
import {
  deviceTicketsQuerySchema,
  reliabilityMetricsQuerySchema,
  reliabilityScoresQuerySchema,
  silentDevicesQuerySchema,
} from '../../schemas/reliability.ts';
import type { Store } from '../../store/client.ts';
import {
  rawDeviceTickets,
  rawMetrics,
  rawScores,
  rawSilentDevices,
  type RawScope,
} from './raw-queries.ts';
import { DAY_S, NOW_MS, RANGE_DAYS } from './workload.ts';

export interface Dashboard {
  name: string;
  /** The product's read; resolves to the number of rows it returned. */
  rollup: () => Promise<number>;
  raw: () => Promise<number>;
}

export interface Reads {
  store: Store;
  tenant: string;
  /** The configuration's hourly rollup retention, as the routes pass it. */
  hourlyRollupDays: number;
}

const FROM_MS = NOW_MS - RANGE_DAYS * DAY_S * 1000;
const RANGE = {
  from: new Date(FROM_MS).toISOString(),
  to: new Date(NOW_MS).toISOString(),
};
// The dashboards' now is Sunday midnight: office machines last reported on
// Friday evening, 31 hours before. Three days singles out the truly silent.
const SILENT_HOURS = 72;
const WORST = 20;
const TICKET_ROWS = 20;

export function rawScope(reads: Reads): RawScope {
  return { store: reads.store, tenant: reads.tenant, fromMs: FROM_MS, toMs: NOW_MS, nowMs: NOW_MS };
}

/** Fleet metrics over the whole range, no grouping: the cross-check's and catch-up's figures. */
export async function fleetTotals(reads: Reads): Promise<ReliabilityMetricsRow | undefined> {
  const { store, tenant, hourlyRollupDays } = reads;
  const query = reliabilityMetricsQuerySchema.parse(RANGE);
  const { rows } = await readReliabilityMetrics(store, tenant, query, NOW_MS, { hourlyRollupDays });
  return rows[0];
}

export function dashboards(reads: Reads): Dashboard[] {
  const { store, tenant, hourlyRollupDays } = reads;
  const options = { hourlyRollupDays };
  const scope = rawScope(reads);
  const metrics = (query: Record<string, string>) => async () =>
    (
      await readReliabilityMetrics(
        store,
        tenant,
        reliabilityMetricsQuerySchema.parse({ ...RANGE, ...query }),
        NOW_MS,
        options,
      )
    ).rows.length;
  const scores = (entity: string, limit: number) => async () =>
    (
      await readReliabilityScores(
        store,
        tenant,
        reliabilityScoresQuerySchema.parse({ ...RANGE, entity, limit: String(limit) }),
        NOW_MS,
        options,
      )
    ).rows.length;
  const tickets = (groupBy: string) => async () =>
    (
      await readDeviceTickets(
        store,
        tenant,
        deviceTicketsQuerySchema.parse({ ...RANGE, group_by: groupBy, limit: String(TICKET_ROWS) }),
        NOW_MS,
        options,
      )
    ).rows.length;
  return [
    {
      name: 'fleet metrics per day',
      rollup: metrics({ interval: 'day' }),
      raw: async () => (await rawMetrics(scope, 'day', [])).length,
    },
    {
      name: 'metrics by model',
      rollup: metrics({ group_by: 'model' }),
      raw: async () => (await rawMetrics(scope, 'none', ['model'])).length,
    },
    {
      name: 'metrics by site',
      rollup: metrics({ group_by: 'site' }),
      raw: async () => (await rawMetrics(scope, 'none', ['site'])).length,
    },
    {
      name: 'metrics by app',
      rollup: metrics({ group_by: 'app' }),
      raw: async () => (await rawMetrics(scope, 'none', ['app'])).length,
    },
    {
      name: 'scores by model',
      rollup: scores('model', 100),
      raw: async () => (await rawScores(scope, 'model', 100)).length,
    },
    {
      name: 'scores by site',
      rollup: scores('site', 100),
      raw: async () => (await rawScores(scope, 'site', 100)).length,
    },
    {
      name: `scores by device (worst ${WORST})`,
      rollup: scores('device', WORST),
      raw: async () => (await rawScores(scope, 'device', WORST)).length,
    },
    {
      name: `silent devices (> ${SILENT_HOURS} h)`,
      rollup: async () =>
        (
          await readSilentDevices(
            store,
            tenant,
            silentDevicesQuerySchema.parse({ hours: String(SILENT_HOURS) }),
            NOW_MS,
          )
        ).rows.length,
      raw: async () => (await rawSilentDevices(scope, SILENT_HOURS, 1000)).rows.length,
    },
    {
      name: `tickets by device (top ${TICKET_ROWS})`,
      rollup: tickets('device'),
      raw: async () => (await rawDeviceTickets(scope, ['device_id'], TICKET_ROWS)).rows.length,
    },
    {
      name: `tickets by model`,
      rollup: tickets('model'),
      raw: async () => (await rawDeviceTickets(scope, ['model'], TICKET_ROWS)).rows.length,
    },
    {
      name: `tickets by app`,
      rollup: tickets('app'),
      raw: async () => (await rawDeviceTickets(scope, ['app'], TICKET_ROWS)).rows.length,
    },
  ];
}
