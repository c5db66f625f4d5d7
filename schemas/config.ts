import { z } from 'zod';

const MiB = 1024 * 1024;

const positiveInt = z.coerce.number().int().positive();

/**
 * Deskpulse configuration. Sources, weakest first: defaults, the YAML file
 * (`--config` / DESKPULSE_CONFIG), environment variables, command-line flags.
 * cli/config.ts maps environment variables onto these keys.
 */
export const configSchema = z.strictObject({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.coerce.number().int().min(0).max(65_535).default(8080),
  dataDir: z.string().min(1).default('./data'),
  /** Where unacknowledged-by-ClickHouse batches wait; default `<dataDir>/spool`. */
  spoolDir: z.string().min(1).optional(),
  /** SLA policy file `deskpulse start` loads; default: the shipped policies/default.yaml. */
  policyFile: z.string().min(1).optional(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  clickhouse: z
    .strictObject({
      url: z.url().optional(),
      user: z.string().default('default'),
      password: z.string().default(''),
      database: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier')
        .default('deskpulse'),
      cluster: z
        .string()
        .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain identifier')
        .optional(),
    })
    .prefault({}),
  limits: z
    .strictObject({
      maxBodyBytes: positiveInt.default(16 * MiB),
      maxDecompressedBytes: positiveInt.default(64 * MiB),
      maxLineBytes: positiveInt.default(64 * 1024),
      maxEventsPerRequest: positiveInt.default(100_000),
      maxClockSkewSeconds: z.coerce.number().int().min(0).default(300),
    })
    .prefault({}),
  writer: z
    .strictObject({
      flushIntervalMs: z.coerce.number().int().min(1).max(1000).default(200),
      maxBatchBytes: positiveInt.default(8 * MiB),
      maxQueueBytes: positiveInt.default(64 * MiB),
      insertConcurrency: z.coerce.number().int().min(1).max(16).default(2),
      spoolMaxBytes: positiveInt.default(1024 * MiB),
      /** Acknowledge on spool fsync and insert from the spool in large batches. */
      spoolFirst: z
        .union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')])
        .default(false),
    })
    .prefault({}),
  rateLimit: z
    .strictObject({
      perKeyPerMinute: positiveInt.default(1200),
    })
    .prefault({}),
  sla: z
    .strictObject({
      /** Pause between two passes of the SLA engine (events → clocks and rollups). */
      intervalMs: z.coerce.number().int().min(100).max(3_600_000).default(2_000),
      /** Tickets per statement: smaller chunks let other queries in between (chDB serialises them). */
      ticketsPerChunk: positiveInt.default(50_000),
      /** Tickets with more events are reported as poisoned and skipped. */
      maxEventsPerTicket: positiveInt.default(10_000),
    })
    .prefault({}),
  query: z
    .strictObject({
      /**
       * Seconds a named query's result is reused for the same tenant, query,
       * parameters and time bucket (`POST /v1/query`); 0 disables the cache.
       */
      cacheSeconds: z.coerce.number().int().min(0).max(3_600).default(2),
    })
    .prefault({}),
  retention: z
    .strictObject({
      /** Days raw endpoint samples are kept; 0 keeps them forever. */
      samplesDays: z.coerce.number().int().min(0).default(90),
      /** Days raw endpoint events are kept; 0 keeps them forever. */
      endpointEventsDays: z.coerce.number().int().min(0).default(730),
      /** Days hourly reliability rollups are kept; 0 keeps them forever. */
      hourlyRollupDays: z.coerce.number().int().min(0).default(90),
      /** Days daily reliability rollups and device power history are kept; 0 keeps them forever. */
      dailyRollupDays: z.coerce.number().int().min(0).default(1825),
    })
    .prefault({}),
});

export type Config = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;
