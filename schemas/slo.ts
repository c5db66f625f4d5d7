import { z } from 'zod';
import { csvList } from './query-params.ts';
import { SLA_METRICS, parseDuration, ruleMatchSchema } from './sla-policy.ts';

/*
 * Reliability SLOs (docs/slo.md): OpenSLO-like ratio objectives written in
 * the policy file's `slos:` section, and the `GET /v1/slos` answer.
 */

/** SLO windows: the period the objective and the error budget are measured over. */
export const SLO_WINDOWS = ['7d', '28d', '30d'] as const;
/** Windows burn rates are reported for: every window of the alerting table. */
export const BURN_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export const SLI_KINDS = [
  'crash_free_device_days',
  'boot_duration',
  'sla_attainment',
  'clean_shutdowns',
] as const;
export const SLO_STATUSES = ['ok', 'ticket', 'page', 'no_data'] as const;
export const ALERT_SEVERITIES = ['page', 'ticket'] as const;
/** More SLOs than this is a mistake, and each one costs a query per read. */
export const MAX_SLOS = 100;

// Names end up in alert labels and URLs: keep them plain.
const SLO_NAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const PERCENT = /^\s*(\d+(?:\.\d+)?)\s*%\s*$/;
const DECIMAL = /^\s*\d*\.?\d+\s*$/;

const sloName = z
  .string()
  .max(63, 'must be at most 63 characters')
  .regex(SLO_NAME, 'must start with a letter and hold only letters, digits, _ and -');

function objectiveMessage(value: unknown): string {
  return `${JSON.stringify(value)} is not an objective: use a percentage such as 99.9% or a fraction such as 0.999, above 0 and below 1`;
}

/** A percentage ("99.9%") or a fraction (0.999 or "0.999") as a number, NaN when neither. */
function objectiveFraction(value: string | number): number {
  if (typeof value === 'number') return value;
  const percent = PERCENT.exec(value);
  // Shifted by exponent, not divided by 100: "99.9%" must be the same number
  // as 0.999, and 99.9 / 100 is 0.9990000000000001.
  if (percent !== null) return Number(`${percent[1] ?? ''}e-2`);
  return DECIMAL.test(value) ? Number(value) : Number.NaN;
}

const objective = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const fraction = objectiveFraction(value);
  if (!Number.isFinite(fraction) || fraction <= 0 || fraction >= 1) {
    ctx.addIssue({ code: 'custom', message: objectiveMessage(value) });
    return z.NEVER;
  }
  return fraction;
});

/** A boot-time threshold: a duration such as 60s or 2m, or seconds as a number. */
const threshold = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const seconds = typeof value === 'number' ? value : parseDuration(value);
  if (seconds === undefined || !Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(value)} is not a boot-time threshold (use e.g. 60s, 2m or seconds, above 0 and at most 1 day)`,
    });
    return z.NEVER;
  }
  return seconds;
});

const crashFreeSli = z
  .strictObject({ kind: z.literal('crash_free_device_days') })
  .describe('device-days with samples; good when the device had no app_crash or os_crash');

const bootDurationSli = z
  .strictObject({
    kind: z.literal('boot_duration'),
    under: threshold.describe('good when the boot took at most this long'),
  })
  .describe('reported boots with a duration; good when boot_duration_s ≤ under');

const slaAttainmentSli = z
  .strictObject({
    kind: z.literal('sla_attainment'),
    metric: z.enum(SLA_METRICS),
    priority: ruleMatchSchema.shape.priority.describe('only clocks of these priorities'),
    queue: ruleMatchSchema.shape.queue.describe('only clocks of these queues'),
  })
  .describe('stopped SLA clocks with a target; good when met, bad when breached');

const cleanShutdownSli = z
  .strictObject({ kind: z.literal('clean_shutdowns') })
  .describe('reported shutdowns with a clean flag; good when clean');

const KIND_MESSAGE = `must be one of ${SLI_KINDS.join(', ')}`;

export const sloSliSchema = z.discriminatedUnion(
  'kind',
  [crashFreeSli, bootDurationSli, slaAttainmentSli, cleanShutdownSli],
  {
    // A bare `sli: boot_duration` is the likely slip: say what shape is wanted.
    // (zod types this hook for invalid_union only, but also calls it for a non-object.)
    error: (issue) =>
      (issue.code as string) === 'invalid_type'
        ? 'must be a mapping such as { kind: crash_free_device_days }'
        : KIND_MESSAGE,
  },
);

export const sloDefinitionSchema = z.strictObject({
  name: sloName,
  description: z.string().max(1_000).optional(),
  objective: objective.describe('the share of good events to reach, e.g. 99% or 0.99'),
  window: z
    .enum(SLO_WINDOWS, {
      error: (issue) =>
        `${JSON.stringify(issue.input)} is not an SLO window (use ${SLO_WINDOWS.join(', ')})`,
    })
    .describe('rolling window the objective is measured over'),
  sli: sloSliSchema,
});

function checkUniqueNames(slos: readonly { name: string }[], ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  slos.forEach((slo, index) => {
    if (seen.has(slo.name)) {
      ctx.addIssue({
        code: 'custom',
        path: [index, 'name'],
        message: `SLO "${slo.name}" is defined twice`,
      });
    }
    seen.add(slo.name);
  });
}

/** The `slos:` section of a policy file; an empty `slos:` (all examples commented out) is none. */
export const sloListSchema = z
  .array(sloDefinitionSchema, { error: 'must be a list of SLOs (- name: …)' })
  .max(MAX_SLOS, `must have at most ${MAX_SLOS} SLOs`)
  .nullable()
  .transform((slos) => slos ?? [])
  .superRefine(checkUniqueNames);

export type SloWindow = (typeof SLO_WINDOWS)[number];
export type BurnWindow = (typeof BURN_WINDOWS)[number];
export type SliKind = (typeof SLI_KINDS)[number];
export type SloStatusName = (typeof SLO_STATUSES)[number];
export type AlertSeverity = (typeof ALERT_SEVERITIES)[number];
export type SloSli = z.output<typeof sloSliSchema>;
export type SloDefinition = z.output<typeof sloDefinitionSchema>;
export type SloDefinitionInput = z.input<typeof sloDefinitionSchema>;

const MAX_VERSION = 4_294_967_295; // UInt32 in ClickHouse
const instantOut = z.string().describe('RFC 3339 UTC instant');

/** One saved set of SLO definitions (versioned apart from the SLA policy). */
export const storedSlosSchema = z.object({
  version: z.int().min(1).max(MAX_VERSION),
  created_at: instantOut.describe('when this set was saved'),
  checksum: z.string().describe('SHA-256 (hex) of the normalised definitions JSON'),
  slos: sloListSchema,
});

/** What saving the `slos:` section did. */
export const savedSlosSchema = z.object({
  version: z.int().min(1).max(MAX_VERSION),
  created: z.boolean().describe('false when the SLOs equal those in force, which then stay'),
  checksum: z.string(),
});

export const sloQuerySchema = z.strictObject({
  name: csvList(sloName, MAX_SLOS)
    .optional()
    .describe('comma-separated: only these SLOs (default all)'),
});

const count = z.int().min(0);

export const sloAlertSchema = z.object({
  severity: z.enum(ALERT_SEVERITIES),
  long_window: z.enum(BURN_WINDOWS),
  short_window: z.enum(BURN_WINDOWS),
  threshold: z.number().describe('burn rate both windows reached'),
});

export const sloStatusSchema = z.object({
  name: z.string(),
  description: z.string().optional(),
  objective: z.number().describe('fraction, e.g. 0.99'),
  window: z.enum(SLO_WINDOWS),
  indicator: sloSliSchema.describe('the SLI as defined'),
  sli: z.object({
    good: count,
    total: count.describe('events in the SLO window ending at as_of'),
    ratio: z.number().nullable().describe('good / total; null without events'),
  }),
  error_budget: z.object({
    allowed_bad: z.number().describe('(1 − objective) × total'),
    bad: count.describe('total − good'),
    remaining: z
      .number()
      .nullable()
      .describe(
        '1 − bad / allowed_bad: 1 untouched, 0 spent, negative overspent; null without events',
      ),
  }),
  burn_rates: z
    .record(z.enum(BURN_WINDOWS), z.number().min(0))
    .describe('(bad / total over the window ending at as_of) / (1 − objective); 0 without events'),
  alerts: z
    .array(sloAlertSchema)
    .describe('burn-rate alerts whose two windows both reach their threshold'),
  status: z
    .enum(SLO_STATUSES)
    .describe('page or ticket when such an alert fires; no_data without events in the SLO window'),
});

export const sloStatusResponseSchema = z.object({
  tenant: z.string(),
  as_of: instantOut.describe('the end of every window'),
  slo_version: z
    .int()
    .min(1)
    .nullable()
    .describe('version of the SLO definitions; null without any'),
  sla_policy_version: z
    .int()
    .min(1)
    .nullable()
    .describe('SLA policy version sla_attainment SLIs read: the newest completely computed'),
  slos: z.array(sloStatusSchema),
});

export type StoredSlos = z.infer<typeof storedSlosSchema>;
export type SavedSlos = z.infer<typeof savedSlosSchema>;
export type SloQuery = z.output<typeof sloQuerySchema>;
export type SloAlert = z.infer<typeof sloAlertSchema>;
export type SloStatus = z.infer<typeof sloStatusSchema>;
export type SloStatusResponse = z.infer<typeof sloStatusResponseSchema>;

/** The route, its summary and contracts: the server and the OpenAPI document share them. */
export const SLO_ROUTES = {
  status: {
    path: '/v1/slos',
    summary: 'Each SLO now: SLI, error budget, burn rates and firing burn-rate alerts (query)',
    query: sloQuerySchema,
    response: ['SloStatusResponse', sloStatusResponseSchema],
  },
} as const;

/**
 * The SLO status contract as JSON Schema, keyed by the name the OpenAPI
 * document uses (`SloDefinition`, the input side, comes with the policy
 * contracts: policyJsonSchemas).
 */
export function sloJsonSchemas(): Record<string, Record<string, unknown>> {
  const [name, schema] = SLO_ROUTES.status.response;
  const { $schema: _draft, ...json } = z.toJSONSchema(schema, {
    io: 'output',
    unrepresentable: 'any',
  });
  return { [name]: json };
}
