import {
  GROUP_COLUMN,
  groupColumns,
  type GroupColumn,
} from '../../rollups/reliability/read/sql.ts';
import {
  readDeviceTickets,
  readReliabilityMetrics,
  readReliabilityScores,
  readSilentDevices,
} from '../../rollups/reliability/index.ts';
import { DEFAULT_RANGE_DAYS } from '../../ingest/routes/reliability.ts';
import {
  deviceTicketsQuerySchema,
  deviceTicketsRowSchema,
  reliabilityMetricsQuerySchema,
  reliabilityMetricsRowSchema,
  reliabilityScoreRowSchema,
  reliabilityScoresQuerySchema,
  silentDeviceRowSchema,
  silentDevicesQuerySchema,
  type ScoreEntity,
} from '../../schemas/reliability.ts';
import { defineQuery, type NamedQuery, type QueryContext } from '../definition.ts';

/*
 * The endpoint reliability named queries: the `GET /v1/reliability/*`
 * reads as frames, with the same parameters (from/to default to the 30
 * days before now). The range actually read and its source go to
 * `meta.custom`. Grouped by device they run to thousands of rows: all are
 * flagged large.
 */

const options = (context: QueryContext) => ({ hourlyRollupDays: context.hourlyRollupDays });

/** A device row also carries the device's inventory (see rollups/reliability/read/scores.ts). */
function scoreColumns(entity: ScoreEntity): GroupColumn[] {
  return entity === 'device'
    ? groupColumns(['device', 'model', 'site', 'os_version'])
    : [GROUP_COLUMN[entity]];
}

const metrics = defineQuery({
  name: 'reliability.metrics',
  title: 'Endpoint reliability metrics',
  description:
    'Usage, app and OS failures, restarts, boot times and resource pressure per bucket × group, as GET /v1/reliability/metrics.',
  params: reliabilityMetricsQuerySchema,
  range: true,
  large: true,
  defaultRangeDays: DEFAULT_RANGE_DAYS,
  row: reliabilityMetricsRowSchema,
  time: ['bucket'],
  units: { unclean_shutdown_rate: 'percentunit' },
  present: (params) => [
    ...(params.interval === 'none' ? [] : ['bucket']),
    ...groupColumns(params.group_by),
  ],
  read: async (context, params) => {
    const { rows, ...head } = await readReliabilityMetrics(
      context.store,
      context.tenant,
      params,
      context.nowMs,
      options(context),
    );
    return { rows, custom: { from: head.from, to: head.to, source: head.source } };
  },
});

const scores = defineQuery({
  name: 'reliability.scores',
  title: 'Reliability scores',
  description:
    'Scores 0–100 (higher is better) per device, model, site, OS version or app, worst first, with the inputs and component scores, as GET /v1/reliability/scores.',
  params: reliabilityScoresQuerySchema,
  range: true,
  large: true,
  defaultRangeDays: DEFAULT_RANGE_DAYS,
  row: reliabilityScoreRowSchema,
  units: { unclean_shutdown_rate: 'percentunit', pressure_share: 'percentunit' },
  present: (params) => scoreColumns(params.entity),
  read: async (context, params) => {
    const { rows, ...head } = await readReliabilityScores(
      context.store,
      context.tenant,
      params,
      context.nowMs,
      options(context),
    );
    return { rows, custom: { from: head.from, to: head.to, source: head.source } };
  },
});

const silentDevices = defineQuery({
  name: 'reliability.silent_devices',
  title: 'Silent devices',
  description:
    'Devices whose agent has sent no sample for more than `hours`, most recently silent first, as GET /v1/reliability/silent-devices.',
  params: silentDevicesQuerySchema,
  range: false,
  large: true,
  row: silentDeviceRowSchema,
  time: ['last_seen'],
  read: async (context, params) => {
    const { rows, silent_devices } = await readSilentDevices(
      context.store,
      context.tenant,
      params,
      context.nowMs,
    );
    return { rows, custom: { silent_devices } };
  },
});

const tickets = defineQuery({
  name: 'reliability.tickets',
  title: 'Tickets per device group',
  description:
    'Tickets created in the range about a device, per device, model, site, OS version or app, and per 100 devices, as GET /v1/reliability/tickets.',
  params: deviceTicketsQuerySchema,
  range: true,
  large: true,
  defaultRangeDays: DEFAULT_RANGE_DAYS,
  row: deviceTicketsRowSchema,
  present: (params) => groupColumns(params.group_by),
  read: async (context, params) => {
    const { rows, ...head } = await readDeviceTickets(
      context.store,
      context.tenant,
      params,
      context.nowMs,
      options(context),
    );
    const { from, to, source, tickets_without_device } = head;
    return { rows, custom: { from, to, source, tickets_without_device } };
  },
});

export const RELIABILITY_QUERIES: readonly NamedQuery[] = [metrics, scores, silentDevices, tickets];
