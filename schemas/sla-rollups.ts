import { IANAZone } from 'luxon';
import { z } from 'zod';
import { label } from './common.ts';
import { csvList, instantParam } from './query-params.ts';
import { SLA_METRICS, STATUS_CATEGORIES } from './sla-policy.ts';

/*
 * Query parameters and result rows of the SLA rollups (`GET /v1/sla/*`).
 * Parameters arrive as query strings: numbers are coerced, lists are
 * comma-separated, instants are RFC 3339.
 */

const MAX_VERSION = 4_294_967_295; // UInt32 in ClickHouse
/** Bounds the rows (and work) one request can ask for. */
export const MAX_BUCKETS = 10_000;
const MAX_LIST = 100;

export const ROLLUP_INTERVALS = ['hour', 'day', 'week'] as const;
export type RollupInterval = (typeof ROLLUP_INTERVALS)[number];
const INTERVAL_MS: Record<RollupInterval, number> = {
  hour: 3_600_000,
  day: 86_400_000,
  week: 604_800_000,
};

/** The only columns a rollup can be grouped by; SQL takes them from this list, never from input. */
export const ROLLUP_GROUP_BY = ['priority', 'queue'] as const;

/** Open-ticket age buckets of the backlog, youngest first (lower bound inclusive). */
export const BACKLOG_AGES = ['lt_1h', '1h_4h', '4h_24h', '1d_3d', '3d_7d', 'gt_7d'] as const;
export const BACKLOG_AGE_BOUNDS_S = [3_600, 14_400, 86_400, 259_200, 604_800] as const;

const timeZoneParam = z
  .string()
  .refine((name) => IANAZone.isValidZone(name), {
    error: (issue) => `unknown time zone ${JSON.stringify(issue.input)}`,
  })
  // The canonical spelling: ClickHouse's zone names are case-sensitive ("utc" fails there).
  .transform(
    (name) => new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone,
  )
  .default('UTC')
  .describe(
    'IANA zone for day and week buckets (default UTC). Storage is hourly in UTC, so hour buckets are the stored UTC hours, and a stored hour goes to the day or week holding its start: in a zone with a half-hour offset such as Asia/Kolkata, 23:30–00:30 local falls in the earlier day.',
  );

const filterFields = {
  priority: csvList(label, MAX_LIST).optional().describe('comma-separated: only these priorities'),
  queue: csvList(label, MAX_LIST).optional().describe('comma-separated: only these queues'),
  version: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_VERSION)
    .optional()
    .describe('policy version to read (default: the newest completely computed one)'),
};

const metricList = csvList(z.enum(SLA_METRICS), MAX_LIST)
  .default([...SLA_METRICS])
  .describe(`comma-separated subset of ${SLA_METRICS.join(', ')} (default all)`);

const groupByList = csvList(z.enum(ROLLUP_GROUP_BY), MAX_LIST)
  .default([])
  .describe('comma-separated subset of priority, queue (default: no grouping)');

const rangeFields = {
  from: instantParam.describe('start, RFC 3339; the bucket holding it is returned whole'),
  to: instantParam.describe('end (exclusive), RFC 3339; buckets starting before it are returned'),
  interval: z.enum(ROLLUP_INTERVALS).default('hour').describe('bucket size (default hour)'),
  tz: timeZoneParam,
};

/** A range must run forward and hold at most MAX_BUCKETS buckets. */
function checkRange(
  range: { from: number; to: number; interval: RollupInterval },
  ctx: z.RefinementCtx,
): void {
  if (range.to <= range.from) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    return;
  }
  const buckets = Math.ceil((range.to - range.from) / INTERVAL_MS[range.interval]);
  if (buckets > MAX_BUCKETS) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `the range holds ${buckets} ${range.interval} buckets, more than ${MAX_BUCKETS}: narrow it or use a coarser interval`,
    });
  }
}

export const attainmentQuerySchema = z
  .strictObject({ ...rangeFields, ...filterFields, metric: metricList, group_by: groupByList })
  .superRefine(checkRange);

export const satisfactionQuerySchema = z
  .strictObject({ ...rangeFields, ...filterFields, group_by: groupByList })
  .superRefine(checkRange);

export const liveQuerySchema = z.strictObject({ ...filterFields, metric: metricList });

export const atRiskQuerySchema = z.strictObject({
  ...filterFields,
  metric: metricList,
  limit: z.coerce.number().int().min(1).max(1_000).default(100).describe('most rows (default 100)'),
  include_breached: z
    .stringbool()
    .default(false)
    .describe(
      'true to also list clocks already past breach_at, most overdue first (default false)',
    ),
});

export const backlogQuerySchema = z.strictObject({ ...filterFields, group_by: groupByList });

const OPEN_STATES = ['running', 'paused'] as const;
const instantOut = z.string().describe('RFC 3339 UTC instant');
const count = z.int();
/** A ratio or percentile, null when its denominator (or population) is 0. */
const orNull = (what: string) => z.number().nullable().describe(what);
/** Present only when the request grouped by that column. */
const groupFields = {
  priority: z.string().optional().describe('present when grouped by priority'),
  queue: z.string().optional().describe('present when grouped by queue'),
};
const bucket = instantOut.describe('start of the bucket, RFC 3339 UTC');

export const attainmentRowSchema = z.object({
  bucket,
  metric: z.enum(SLA_METRICS),
  ...groupFields,
  measured: count.describe('stopped clocks with a target, met or breached'),
  met: count,
  breached: count,
  cancelled: count.describe('response clocks closed by a solve before any breach'),
  untargeted: count.describe('stopped clocks without a target (timed, never measured)'),
  attainment_pct: orNull('100 × met / measured'),
  timed: count.describe('clocks the percentiles are over: met or breached, with or without target'),
  elapsed_p50_s: orNull('exact median of the timed clocks’ elapsed business seconds'),
  elapsed_p90_s: orNull('exact 90th percentile of the same'),
  elapsed_p95_s: orNull('exact 95th percentile of the same'),
});

export const liveRowSchema = z.object({
  metric: z.enum(SLA_METRICS),
  priority: z.string(),
  queue: z.string(),
  running: count,
  paused: count,
  at_warning: count.describe('warn_at reached, breach_at not passed'),
  breached: count.describe('open clocks already past breach_at'),
});

export const atRiskRowSchema = z.object({
  ticket_id: z.string(),
  metric: z.enum(SLA_METRICS),
  cycle: z.int().min(1),
  state: z.enum(OPEN_STATES),
  breach_at: instantOut,
  warn_at: instantOut.nullable(),
  seconds_left: z.int().describe('wall seconds from as_of to breach_at; negative once breached'),
  priority: z.string(),
  queue: z.string(),
  rule_id: z.string(),
});

export const backlogRowSchema = z.object({
  status: z.string(),
  category: z.enum(STATUS_CATEGORIES),
  age: z.enum(BACKLOG_AGES).describe('time since creation at as_of'),
  ...groupFields,
  tickets: count,
});

export const satisfactionRowSchema = z.object({
  bucket,
  ...groupFields,
  solved: count.describe('tickets (last) solved in the bucket'),
  reopened: count.describe('of those, tickets reopened at least once'),
  first_contact: count.describe('of those, never reopened and at most one public agent reply'),
  rated: count.describe('satisfaction responses given in the bucket'),
  satisfied: count.describe('responses with score 4 or 5'),
  pct_satisfied: orNull('100 × satisfied / rated'),
  avg_score: orNull('mean score of the responses'),
  response_rate: orNull(
    '100 × rated / solved (can pass 100: ratings and solves are bucketed apart)',
  ),
  first_contact_pct: orNull('100 × first_contact / solved'),
  reopen_pct: orNull('100 × reopened / solved'),
});

/** Every rollup answers `{ tenant, policy_version, as_of, rows }`. */
function rollupResponse<T extends z.ZodType>(row: T) {
  return z.object({
    tenant: z.string(),
    policy_version: z.int().min(1),
    as_of: instantOut.describe('the instant open clocks and ages were evaluated at'),
    rows: z.array(row),
  });
}

export const attainmentResponseSchema = rollupResponse(attainmentRowSchema);
export const liveResponseSchema = rollupResponse(liveRowSchema);
export const atRiskResponseSchema = rollupResponse(atRiskRowSchema);
export const backlogResponseSchema = rollupResponse(backlogRowSchema);
export const satisfactionResponseSchema = rollupResponse(satisfactionRowSchema);

export type RollupGroupBy = (typeof ROLLUP_GROUP_BY)[number];
export type AttainmentQuery = z.output<typeof attainmentQuerySchema>;
export type SatisfactionQuery = z.output<typeof satisfactionQuerySchema>;
export type LiveQuery = z.output<typeof liveQuerySchema>;
export type AtRiskQuery = z.output<typeof atRiskQuerySchema>;
export type BacklogQuery = z.output<typeof backlogQuerySchema>;
export type AttainmentRow = z.infer<typeof attainmentRowSchema>;
export type LiveRow = z.infer<typeof liveRowSchema>;
export type AtRiskRow = z.infer<typeof atRiskRowSchema>;
export type BacklogRow = z.infer<typeof backlogRowSchema>;
export type SatisfactionRow = z.infer<typeof satisfactionRowSchema>;
export type RollupResponse<Row> = Omit<z.infer<typeof liveResponseSchema>, 'rows'> & {
  rows: Row[];
};

/** The routes, their summaries and contracts: the server and the OpenAPI document share them. */
export const SLA_ROLLUP_ROUTES = {
  attainment: {
    path: '/v1/sla/attainment',
    summary: 'SLA attainment and elapsed-time percentiles per bucket × metric (query)',
    query: attainmentQuerySchema,
    response: ['SlaAttainmentResponse', attainmentResponseSchema],
  },
  live: {
    path: '/v1/sla/live',
    summary: 'Open SLA clocks now: running, paused, at warning, breached (query)',
    query: liveQuerySchema,
    response: ['SlaLiveResponse', liveResponseSchema],
  },
  atRisk: {
    path: '/v1/sla/at-risk',
    summary: 'Open SLA clocks closest to breach, soonest first (query)',
    query: atRiskQuerySchema,
    response: ['SlaAtRiskResponse', atRiskResponseSchema],
  },
  backlog: {
    path: '/v1/sla/backlog',
    summary: 'Open tickets by status, category and age (query)',
    query: backlogQuerySchema,
    response: ['SlaBacklogResponse', backlogResponseSchema],
  },
  satisfaction: {
    path: '/v1/sla/satisfaction',
    summary: 'Satisfaction, first-contact resolution and reopens per bucket (query)',
    query: satisfactionQuerySchema,
    response: ['SlaSatisfactionResponse', satisfactionResponseSchema],
  },
} as const;

/** The response contracts as JSON Schema, keyed by the names the OpenAPI document uses. */
export function slaRollupJsonSchemas(): Record<string, Record<string, unknown>> {
  return Object.fromEntries(
    Object.values(SLA_ROLLUP_ROUTES).map(({ response: [name, schema] }) => {
      const { $schema: _draft, ...json } = z.toJSONSchema(schema, { io: 'output' });
      return [name, json];
    }),
  );
}

/** OpenAPI query parameters of a rollup, from its contract (input side: what a client sends). */
export function queryParametersOf(schema: z.ZodType): Record<string, unknown>[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  const properties = (json.properties ?? {}) as Record<string, Record<string, unknown>>;
  return Object.entries(properties).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: 'query',
      required: json.required?.includes(name) ?? false,
      ...(description === undefined ? {} : { description }),
      schema: rest,
    };
  });
}
