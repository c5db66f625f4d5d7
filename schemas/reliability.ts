import { z } from 'zod';
import { identifier, label } from './common.ts';
import { FIELD_LIMITS } from './limits.ts';
import { csvList, instantParam } from './query-params.ts';

/*
 * Query parameters and result rows of the endpoint reliability reads
 * (`GET /v1/reliability/*`, docs/reliability.md). Parameters arrive as query
 * strings: numbers are coerced, lists are comma-separated, instants are
 * RFC 3339. Buckets are UTC (the daily rollups hold UTC days).
 */

export const RELIABILITY_INTERVALS = ['none', 'hour', 'day', 'week', 'month'] as const;
export type ReliabilityInterval = (typeof RELIABILITY_INTERVALS)[number];

/** The only columns results can be grouped by; SQL takes them from this list, never from input. */
export const RELIABILITY_GROUP_BY = ['device', 'model', 'site', 'os_version', 'app'] as const;
export type ReliabilityGroupBy = (typeof RELIABILITY_GROUP_BY)[number];

/** What a score can be given to. */
export const SCORE_ENTITIES = ['device', 'model', 'site', 'os_version', 'app'] as const;
export type ScoreEntity = (typeof SCORE_ENTITIES)[number];

/** Bounds the rows (and work) one request can ask for. */
export const MAX_RELIABILITY_BUCKETS = 10_000;
const MAX_LIST = 1_000;
const EARLIEST_MS = Date.parse(FIELD_LIMITS.earliestTimestamp);
const LATEST_MS = Date.parse(FIELD_LIMITS.latestTimestamp);
// A lower bound of each bucket's length, so the count below is an upper bound (months ≥ 28 days).
const MIN_BUCKET_MS: Record<ReliabilityInterval, number> = {
  none: Number.POSITIVE_INFINITY,
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
  month: 28 * 86_400_000,
};

// Bounded like stored timestamps (FIELD_LIMITS): no data can lie outside them.
const rangeInstant = instantParam.refine((ms) => ms >= EARLIEST_MS && ms <= LATEST_MS, {
  message: `must lie between ${FIELD_LIMITS.earliestTimestamp} and ${FIELD_LIMITS.latestTimestamp}`,
});

const filterFields = {
  device: csvList(identifier, MAX_LIST)
    .optional()
    .describe('comma-separated: only these device ids'),
  model: csvList(label, MAX_LIST)
    .optional()
    .describe('comma-separated: only devices now of these models'),
  site: csvList(label, MAX_LIST)
    .optional()
    .describe('comma-separated: only devices now at these sites'),
  os_version: csvList(label, MAX_LIST)
    .optional()
    .describe('comma-separated: only devices now on these OS versions'),
  app: csvList(label, MAX_LIST)
    .optional()
    .describe('comma-separated: only events (or tickets) about these apps; see docs'),
};
export type ReliabilityFilters = Partial<Record<ReliabilityGroupBy, string[]>>;

const rangeFields = {
  from: rangeInstant.describe(
    'start, RFC 3339; widened to the start of its bucket (default: 30 days before now)',
  ),
  to: rangeInstant.describe(
    'end (exclusive), RFC 3339; widened to the end of its bucket (default: now)',
  ),
};

const groupByList = csvList(z.enum(RELIABILITY_GROUP_BY), MAX_LIST)
  .default([])
  .describe(`comma-separated subset of ${RELIABILITY_GROUP_BY.join(', ')} (default: no grouping)`);

const limitParam = (fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(fallback)
    .describe(`most rows (default ${fallback})`);

/** A range must run forward and hold at most MAX_RELIABILITY_BUCKETS buckets. */
function checkRange(
  range: { from: number; to: number; interval?: ReliabilityInterval },
  ctx: z.RefinementCtx,
): void {
  if (range.to <= range.from) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    return;
  }
  const interval = range.interval ?? 'none';
  const buckets = Math.ceil((range.to - range.from) / MIN_BUCKET_MS[interval]);
  if (buckets > MAX_RELIABILITY_BUCKETS) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `the range holds up to ${buckets} ${interval} buckets, more than ${MAX_RELIABILITY_BUCKETS}: narrow it or use a coarser interval`,
    });
  }
}

export const reliabilityMetricsQuerySchema = z
  .strictObject({
    ...rangeFields,
    interval: z
      .enum(RELIABILITY_INTERVALS)
      .default('none')
      .describe('UTC bucket: hour, day, week (from Monday), month, or none (default)'),
    group_by: groupByList,
    ...filterFields,
  })
  .superRefine(checkRange);

export const reliabilityScoresQuerySchema = z
  .strictObject({
    ...rangeFields,
    entity: z.enum(SCORE_ENTITIES).default('device').describe('what to score (default device)'),
    ...filterFields,
    limit: limitParam(100),
  })
  .superRefine(checkRange);

export const silentDevicesQuerySchema = z.strictObject({
  hours: z.coerce
    .number()
    .positive()
    .max(24 * 3_650)
    .default(24)
    .describe('silent for more than this many hours before now (default 24)'),
  device: filterFields.device,
  model: filterFields.model,
  site: filterFields.site,
  os_version: filterFields.os_version,
  limit: limitParam(1_000),
});

export const deviceTicketsQuerySchema = z
  .strictObject({ ...rangeFields, group_by: groupByList, ...filterFields, limit: limitParam(100) })
  .superRefine(checkRange);

const count = z.int().min(0);
/** A ratio, percentile or score, null when its population is empty. */
const orNull = (what: string) => z.number().nullable().describe(what);
const countOrNull = (what: string) => count.nullable().describe(what);
const instantOut = z.string().describe('RFC 3339 UTC instant');

/** Present only when the request grouped by that column (inventory columns: current inventory). */
const groupFields = {
  device_id: z.string().optional().describe('present when grouped by device'),
  model: z.string().optional().describe('present when grouped by model'),
  site: z.string().optional().describe('present when grouped by site'),
  os_version: z.string().optional().describe('present when grouped by os_version'),
  app: z.string().optional().describe('present when grouped by app'),
};

const APP_VIEW = '; null when grouped or filtered by app';

export const reliabilityMetricsRowSchema = z.object({
  bucket: instantOut.optional().describe('start of the UTC bucket; absent for interval=none'),
  ...groupFields,
  devices: count.describe('distinct devices with samples (with app: of the fleet in scope)'),
  usage_hours: z
    .number()
    .describe('distinct (device, 15-minute UTC slot) pairs holding a sample × 15/60'),
  device_days: count.describe('distinct (device, UTC day) pairs with samples'),
  app_crashes: count,
  app_hangs: count,
  app_failures_per_1000h: orNull('(app_crashes + app_hangs) / usage_hours × 1000'),
  os_crashes: countOrNull(`OS crashes${APP_VIEW}`),
  os_crashes_per_device_month: orNull('os_crashes / (device_days / 30)'),
  service_failures: count,
  failures: count.describe('app crashes + app hangs + OS crashes + service failures'),
  failing_devices: count.describe('distinct devices with at least one of those failures'),
  mttf_hours: orNull('usage_hours / failures; null without failures'),
  shutdowns: countOrNull(`restarts: boots with an earlier boot of the device${APP_VIEW}`),
  unclean_shutdowns: countOrNull('restarts without a clean shutdown event before them'),
  unclean_shutdown_rate: orNull('unclean_shutdowns / shutdowns (0–1)'),
  boots: countOrNull(`reported boots with a duration${APP_VIEW}`),
  boot_p50_s: orNull('exact median boot duration (s)'),
  boot_p95_s: orNull('exact 95th percentile boot duration (s)'),
  cpu_pressure_pct: orNull('100 × samples with cpu > 90 % / samples with cpu'),
  mem_pressure_pct: orNull('100 × samples with memory > 90 % / samples with memory'),
  disk_pressure_pct: orNull('100 × samples with disk free < 10 % / samples with disk free'),
});

export const reliabilityScoreRowSchema = z.object({
  ...groupFields,
  score: orNull('0–100, higher is better; null below the minimum population (see reason)'),
  reason: z.string().nullable().describe('why score is null'),
  devices: count,
  usage_hours: z.number(),
  app_failures_per_1000h: orNull('input of app_failures_score'),
  os_crashes_per_device_month: orNull('input of os_crashes_score'),
  unclean_shutdown_rate: orNull('input of unclean_shutdowns_score'),
  boot_p95_s: orNull('input of boot_score'),
  pressure_share: orNull('input of pressure_score: the highest of cpu, mem, disk (0–1)'),
  app_failures_score: orNull('100 × 10 / (10 + x)'),
  os_crashes_score: orNull('100 × 0.5 / (0.5 + x)'),
  unclean_shutdowns_score: orNull('100 × 0.1 / (0.1 + x)'),
  boot_score: orNull('100 × 60 / (60 + max(0, p95 − 30))'),
  pressure_score: orNull('100 × 0.1 / (0.1 + x)'),
});

export const silentDeviceRowSchema = z.object({
  device_id: z.string(),
  model: z.string(),
  site: z.string(),
  os: z.string(),
  os_version: z.string(),
  agent_version: z.string(),
  last_seen: instantOut.describe('newest sample of the device'),
  hours_silent: z.number().describe('hours from last_seen to as_of'),
});

export const deviceTicketsRowSchema = z.object({
  ...groupFields,
  tickets: count.describe('tickets created in the range about a device in scope'),
  devices: count.describe('devices of the group with samples in the range'),
  tickets_per_100_devices: orNull('100 × tickets / devices'),
});

const rangeOut = {
  from: instantOut.describe('start of the range read (widened to whole buckets)'),
  to: instantOut.describe('end (exclusive) of the range read'),
  source: z.enum(['hourly', 'daily']).describe('the rollup the figures come from'),
};
const head = {
  tenant: z.string(),
  as_of: instantOut.describe('the instant the request was answered at'),
};

export const reliabilityMetricsResponseSchema = z.object({
  ...head,
  ...rangeOut,
  rows: z.array(reliabilityMetricsRowSchema),
});
export const reliabilityScoresResponseSchema = z.object({
  ...head,
  ...rangeOut,
  rows: z.array(reliabilityScoreRowSchema),
});
export const silentDevicesResponseSchema = z.object({
  ...head,
  silent_devices: count.describe('all silent devices in scope, including those past limit'),
  rows: z.array(silentDeviceRowSchema),
});
export const deviceTicketsResponseSchema = z.object({
  ...head,
  ...rangeOut,
  tickets_without_device: count.describe('tickets created in the range that name no device'),
  rows: z.array(deviceTicketsRowSchema),
});

export type ReliabilityMetricsQuery = z.output<typeof reliabilityMetricsQuerySchema>;
export type ReliabilityScoresQuery = z.output<typeof reliabilityScoresQuerySchema>;
export type SilentDevicesQuery = z.output<typeof silentDevicesQuerySchema>;
export type DeviceTicketsQuery = z.output<typeof deviceTicketsQuerySchema>;
export type ReliabilityMetricsRow = z.infer<typeof reliabilityMetricsRowSchema>;
export type ReliabilityScoreRow = z.infer<typeof reliabilityScoreRowSchema>;
export type SilentDeviceRow = z.infer<typeof silentDeviceRowSchema>;
export type DeviceTicketsRow = z.infer<typeof deviceTicketsRowSchema>;
export type ReliabilityMetricsResponse = z.infer<typeof reliabilityMetricsResponseSchema>;
export type ReliabilityScoresResponse = z.infer<typeof reliabilityScoresResponseSchema>;
export type SilentDevicesResponse = z.infer<typeof silentDevicesResponseSchema>;
export type DeviceTicketsResponse = z.infer<typeof deviceTicketsResponseSchema>;
export type ReliabilitySource = ReliabilityMetricsResponse['source'];

/** The routes, their summaries and contracts: the server and the OpenAPI document share them. */
export const RELIABILITY_ROUTES = {
  metrics: {
    path: '/v1/reliability/metrics',
    /** `from`/`to` may be left out: the route fills in the 30 days before now. */
    rangeDefault: true,
    summary: 'Endpoint reliability metrics per bucket and group: usage, failures, power (query)',
    query: reliabilityMetricsQuerySchema,
    response: ['ReliabilityMetricsResponse', reliabilityMetricsResponseSchema],
  },
  scores: {
    path: '/v1/reliability/scores',
    /** `from`/`to` may be left out: the route fills in the 30 days before now. */
    rangeDefault: true,
    summary: 'Reliability scores 0–100 per device, model, site, OS version or app (query)',
    query: reliabilityScoresQuerySchema,
    response: ['ReliabilityScoresResponse', reliabilityScoresResponseSchema],
  },
  silentDevices: {
    path: '/v1/reliability/silent-devices',
    rangeDefault: false,
    summary: 'Devices whose agent has sent no sample for more than N hours (query)',
    query: silentDevicesQuerySchema,
    response: ['SilentDevicesResponse', silentDevicesResponseSchema],
  },
  tickets: {
    path: '/v1/reliability/tickets',
    /** `from`/`to` may be left out: the route fills in the 30 days before now. */
    rangeDefault: true,
    summary: 'Tickets per device, model, site, OS version or app, and per 100 devices (query)',
    query: deviceTicketsQuerySchema,
    response: ['DeviceTicketsResponse', deviceTicketsResponseSchema],
  },
} as const;

/** The response contracts as JSON Schema, keyed by the names the OpenAPI document uses. */
export function reliabilityJsonSchemas(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.values(RELIABILITY_ROUTES).map(({ response: [name, schema] }) => {
      const { $schema: _draft, ...json } = z.toJSONSchema(schema, { io: 'output' });
      return [name, json];
    }),
  );
}
