import { z } from 'zod';
import { identifier, label, percent, timestamp } from './common.ts';
import { FIELD_LIMITS } from './limits.ts';

export const ENDPOINT_EVENT_TYPES = [
  'boot',
  'shutdown',
  'app_crash',
  'app_hang',
  'os_crash',
  'service_failure',
  'patch_installed',
] as const;

/** Inventory travels on samples; the latest non-empty value per field wins. */
export const INVENTORY_FIELDS = ['os', 'os_version', 'model', 'site', 'agent_version'] as const;
export const SAMPLE_GAUGES = ['cpu_pct', 'mem_pct', 'disk_free_pct', 'uptime_s'] as const;

const sampleObject = z.strictObject({
  kind: z.literal('sample'),
  device_id: identifier,
  occurred_at: timestamp,
  cpu_pct: percent.optional(),
  mem_pct: percent.optional(),
  disk_free_pct: percent.optional(),
  uptime_s: z
    .int('must be a whole number of seconds')
    .min(0, 'must not be negative')
    .max(FIELD_LIMITS.uptimeMaxSeconds, 'is beyond ten years')
    .optional(),
  os: label.optional(),
  os_version: label.optional(),
  model: label.optional(),
  site: label.optional(),
  agent_version: label.optional(),
});

export const endpointSampleSchema = sampleObject.refine(
  (sample) => [...SAMPLE_GAUGES, ...INVENTORY_FIELDS].some((field) => sample[field] !== undefined),
  { message: 'a sample must carry at least one gauge or inventory field', path: ['kind'] },
);

const eventObject = z.strictObject({
  kind: z.literal('event'),
  device_id: identifier,
  occurred_at: timestamp,
  type: z.enum(ENDPOINT_EVENT_TYPES),
  app: label.optional(),
  app_version: label.optional(),
  boot_duration_s: z
    .number()
    .min(0, 'must not be negative')
    .max(FIELD_LIMITS.bootDurationMaxSeconds, 'is longer than a day')
    .optional(),
  clean: z.boolean().optional(),
  code: label.optional(),
});

type EndpointEventShape = z.infer<typeof eventObject>;

function checkEndpointEventRules(event: EndpointEventShape, ctx: z.RefinementCtx): void {
  if ((event.type === 'app_crash' || event.type === 'app_hang') && event.app === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['app'],
      message: `is required when type is "${event.type}"`,
    });
  }
  if (event.boot_duration_s !== undefined && event.type !== 'boot') {
    ctx.addIssue({
      code: 'custom',
      path: ['boot_duration_s'],
      message: 'is only allowed when type is "boot"',
    });
  }
  if (event.clean !== undefined && event.type !== 'shutdown') {
    ctx.addIssue({
      code: 'custom',
      path: ['clean'],
      message: 'is only allowed when type is "shutdown"',
    });
  }
}

export const endpointEventSchema = eventObject.superRefine(checkEndpointEventRules);

/** Endpoint telemetry record, contract v1: a sample or an event, told apart by `kind`. */
export const telemetrySchema = z.discriminatedUnion('kind', [
  endpointSampleSchema,
  endpointEventSchema,
]);

export type EndpointSample = z.infer<typeof endpointSampleSchema>;
export type EndpointEvent = z.infer<typeof endpointEventSchema>;
export type Telemetry = z.infer<typeof telemetrySchema>;
export type EndpointEventType = (typeof ENDPOINT_EVENT_TYPES)[number];
