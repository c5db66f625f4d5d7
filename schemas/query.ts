import { z } from 'zod';
import { SLA_METRICS } from './sla-policy.ts';
import {
  MAX_BUCKETS,
  atRiskQuerySchema,
  atRiskRowSchema,
  attainmentQuerySchema,
  attainmentRowSchema,
  satisfactionQuerySchema,
} from './sla-rollups.ts';
import { SLO_STATUSES, SLO_WINDOWS, SLI_KINDS } from './slo.ts';

/*
 * Named queries (`GET /v1/query`, `POST /v1/query`, docs/query.md): the
 * request, the catalogue, Grafana data frames, and the parameters and rows
 * of the queries that have no `GET` route of their own. The others reuse the
 * route contracts of schemas/sla-rollups.ts, schemas/reliability.ts and
 * schemas/slo.ts.
 */

export const JSON_MEDIA_TYPE = 'application/json';
export const ARROW_MEDIA_TYPE = 'application/vnd.apache.arrow.stream';
/** Response header saying whether the answer came from the result cache. */
export const CACHE_HEADER = 'x-deskpulse-cache';

export const FIELD_TYPES = ['time', 'number', 'string', 'boolean'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** What `variables.values` can list. */
export const TEMPLATE_VARIABLES = [
  'queue',
  'priority',
  'site',
  'model',
  'os_version',
  'app',
  'metric',
  'slo',
] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

/** `sla.breach_risk` lists up to this many clocks (the `GET` route stops at 1,000). */
export const MAX_BREACH_RISK_ROWS = 10_000;
const MAX_PARAM_CHARS = 10_000;
const MAX_PARAM_ITEMS = 1_000;

// ---------------------------------------------------------------- request

const paramValue = z.union(
  [
    z.string().max(MAX_PARAM_CHARS),
    z.number(),
    z.boolean(),
    z.array(z.string().max(MAX_PARAM_CHARS)).max(MAX_PARAM_ITEMS),
  ],
  { error: 'must be a string, a number, a boolean or a list of strings' },
);
export type QueryParamValue = z.infer<typeof paramValue>;

export const queryRequestSchema = z.strictObject({
  query: z.string().min(1).max(100).describe('the name of a query from GET /v1/query'),
  params: z
    .record(z.string().max(64), paramValue)
    .default({})
    .describe(
      'the query’s parameters; lists as an array or a comma-separated string, from/to as RFC 3339 or epoch milliseconds',
    ),
  refId: z.string().max(100).optional().describe('echoed in the answer and its frame'),
});
export type QueryRequest = z.output<typeof queryRequestSchema>;

// ---------------------------------------------------------------- catalogue

export const catalogueFieldSchema = z.object({
  name: z.string(),
  type: z.enum(FIELD_TYPES),
  unit: z.string().optional().describe('Grafana unit id: percent, percentunit, s, h'),
});
export type CatalogueField = z.infer<typeof catalogueFieldSchema>;

export const catalogueEntrySchema = z.object({
  name: z.string(),
  title: z.string(),
  description: z.string(),
  params: z.record(z.string(), z.unknown()).describe('JSON Schema of the params object'),
  fields: z
    .array(catalogueFieldSchema)
    .describe('every field the frame can hold, in order; some only with a group-by'),
  range: z.boolean().describe('takes from/to'),
  large: z.boolean().describe('may return thousands of rows: ask for Arrow'),
});
export type CatalogueEntry = z.infer<typeof catalogueEntrySchema>;

export const catalogueResponseSchema = z.object({ queries: z.array(catalogueEntrySchema) });
export type CatalogueResponse = z.infer<typeof catalogueResponseSchema>;

// ---------------------------------------------------------------- frames

export const fieldConfigSchema = z.object({
  unit: z.string().optional(),
  displayName: z.string().optional(),
  decimals: z.int().optional(),
  min: z.number().optional(),
  max: z.number().optional(),
});
export type FieldConfig = z.infer<typeof fieldConfigSchema>;

export const frameFieldSchema = z.object({
  name: z.string(),
  type: z.enum(FIELD_TYPES),
  config: fieldConfigSchema.optional(),
  labels: z.record(z.string(), z.string()).optional(),
});
export type FrameField = z.infer<typeof frameFieldSchema>;

const cell = z.union([z.number(), z.string(), z.boolean(), z.null()]);
export type FrameCell = z.infer<typeof cell>;

/** Grafana's DataFrameJSON: columnar; time values are epoch milliseconds. */
export const dataFrameSchema = z.object({
  schema: z.object({
    name: z.string(),
    refId: z.string().optional(),
    fields: z.array(frameFieldSchema),
    meta: z.object({ custom: z.record(z.string(), z.unknown()).optional() }).optional(),
  }),
  data: z.object({ values: z.array(z.array(cell)).describe('one array per field') }),
});
export type DataFrame = z.infer<typeof dataFrameSchema>;

export const queryResponseSchema = z.object({
  query: z.string(),
  refId: z.string().optional(),
  tenant: z.string(),
  as_of: z.string().describe('RFC 3339 UTC instant the query was evaluated at'),
  frames: z.array(dataFrameSchema),
});
export type QueryResponse = z.infer<typeof queryResponseSchema>;

// ---------------------------------------------------------------- parameters

const attainmentFields = attainmentQuerySchema.shape;

/** A range over the stored hours must run forward and hold at most MAX_BUCKETS of them. */
function checkHourRange(range: { from: number; to: number }, ctx: z.RefinementCtx): void {
  if (range.to <= range.from) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must be after from' });
    return;
  }
  const hours = Math.ceil((range.to - range.from) / 3_600_000);
  if (hours > MAX_BUCKETS) {
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `the range holds ${hours} hours, more than ${MAX_BUCKETS}: narrow it`,
    });
  }
}

export const attainmentSummaryQuerySchema = z
  .strictObject({
    from: attainmentFields.from,
    to: attainmentFields.to,
    metric: z
      .enum(SLA_METRICS)
      .default('resolution')
      .describe(`one of ${SLA_METRICS.join(', ')} (default resolution)`),
    priority: attainmentFields.priority,
    queue: attainmentFields.queue,
    version: attainmentFields.version,
  })
  .superRefine(checkHourRange);

export const breachRiskQuerySchema = atRiskQuerySchema.extend({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_BREACH_RISK_ROWS)
    .default(100)
    .describe(`most rows (default 100, at most ${MAX_BREACH_RISK_ROWS})`),
});

const satisfactionFields = satisfactionQuerySchema.shape;

export const satisfactionDistributionQuerySchema = z
  .strictObject({
    from: satisfactionFields.from,
    to: satisfactionFields.to,
    priority: satisfactionFields.priority,
    queue: satisfactionFields.queue,
    version: satisfactionFields.version,
  })
  .superRefine(checkHourRange);

export const variablesQuerySchema = z.strictObject({
  variable: z.enum(TEMPLATE_VARIABLES).describe(`what to list: ${TEMPLATE_VARIABLES.join(', ')}`),
});

export type AttainmentSummaryQuery = z.output<typeof attainmentSummaryQuerySchema>;
export type BreachRiskQuery = z.output<typeof breachRiskQuerySchema>;
export type SatisfactionDistributionQuery = z.output<typeof satisfactionDistributionQuerySchema>;
export type VariablesQuery = z.output<typeof variablesQuerySchema>;

// ---------------------------------------------------------------- rows

const count = z.int();
const orNull = (what: string) => z.number().nullable().describe(what);
const attainmentRow = attainmentRowSchema.shape;
const atRiskRow = atRiskRowSchema.shape;

export const attainmentSummaryRowSchema = z.object({
  priority: z.string(),
  metric: z.enum(SLA_METRICS),
  measured: attainmentRow.measured,
  met: attainmentRow.met,
  breached: attainmentRow.breached,
  attainment_pct: attainmentRow.attainment_pct,
  target_pct: orNull(
    'objective of the matching sla_attainment SLO (same metric and priority, else same metric without priority)',
  ),
  budget_breaches_allowed: orNull('(1 − target) × measured; null without a target'),
  budget_remaining_pct: orNull(
    '100 × (1 − breached / allowed): 100 untouched, 0 spent, negative overspent; null without a target or clocks',
  ),
});

export const responsePercentilesRowSchema = z.object({
  bucket: attainmentRow.bucket,
  metric: attainmentRow.metric,
  priority: attainmentRow.priority,
  queue: attainmentRow.queue,
  timed: attainmentRow.timed,
  p50_s: attainmentRow.elapsed_p50_s,
  p90_s: attainmentRow.elapsed_p90_s,
  p95_s: attainmentRow.elapsed_p95_s,
});

export const breachRiskRowSchema = z.object({
  ticket_id: atRiskRow.ticket_id,
  metric: atRiskRow.metric,
  cycle: atRiskRow.cycle,
  state: atRiskRow.state,
  priority: atRiskRow.priority,
  queue: atRiskRow.queue,
  rule_id: atRiskRow.rule_id,
  breach_at: atRiskRow.breach_at,
  warn_at: atRiskRow.warn_at,
  seconds_left: atRiskRow.seconds_left,
  breach_probability: orNull('probability the clock breaches; null until prediction exists'),
});

export const satisfactionDistributionRowSchema = z.object({
  score: z.int().min(1).max(5),
  responses: count.describe('ratings with this score given in the range'),
});

export const sloStatusRowSchema = z.object({
  name: z.string(),
  kind: z.enum(SLI_KINDS),
  objective_pct: z.number(),
  window: z.enum(SLO_WINDOWS),
  sli_good: count,
  sli_total: count,
  sli_pct: orNull('100 × good / total; null without events'),
  budget_allowed: z.number().describe('(1 − objective) × total bad events allowed'),
  budget_bad: count,
  budget_remaining_pct: orNull('100 × (1 − bad / allowed); null without events'),
  burn_1h: z.number(),
  burn_6h: z.number(),
  burn_1d: z.number(),
  burn_3d: z.number(),
  status: z.enum(SLO_STATUSES),
});

export const variableRowSchema = z.object({ text: z.string(), value: z.string() });

export type AttainmentSummaryRow = z.infer<typeof attainmentSummaryRowSchema>;
export type ResponsePercentilesRow = z.infer<typeof responsePercentilesRowSchema>;
export type BreachRiskRow = z.infer<typeof breachRiskRowSchema>;
export type SatisfactionDistributionRow = z.infer<typeof satisfactionDistributionRowSchema>;
export type SloStatusRow = z.infer<typeof sloStatusRowSchema>;
export type VariableRow = z.infer<typeof variableRowSchema>;

/** The contracts as JSON Schema, keyed by the names the OpenAPI document uses. */
export function queryJsonSchemas(): Record<string, Record<string, unknown>> {
  const schemas: Record<string, [z.ZodType, 'input' | 'output']> = {
    QueryRequest: [queryRequestSchema, 'input'],
    QueryResponse: [queryResponseSchema, 'output'],
    QueryCatalogue: [catalogueResponseSchema, 'output'],
  };
  return Object.fromEntries(
    Object.entries(schemas).map(([name, [schema, io]]) => {
      const { $schema: _draft, ...json } = z.toJSONSchema(schema, { io });
      return [name, json];
    }),
  );
}
