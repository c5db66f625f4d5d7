import { z } from 'zod';
import { ERROR_CODES } from './errors.ts';

/** One rejected input line: where it was, which field, and why. */
export const rejectionSchema = z.object({
  line: z
    .int()
    .min(1)
    .describe('1-based NDJSON line number, or 1-based element index of a JSON array'),
  path: z.string().describe('dotted field path, empty when the whole line is at fault'),
  message: z.string(),
});

export const ingestResponseSchema = z.object({
  accepted: z.int().min(0).describe('events made durable by this request'),
  rejected: z.array(rejectionSchema).describe('rejected lines, at most the first 1000'),
  rejected_count: z.int().min(0).describe('all rejected lines, including those not listed'),
});

export const errorBodySchema = z.object({
  error: z.object({
    code: z.enum(ERROR_CODES as [string, ...string[]]),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

export const API_SCOPES = ['ingest', 'query', 'admin'] as const;
export const apiScopeSchema = z.enum(API_SCOPES);

export const tenantIdSchema = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9_-]{0,62}$/,
    'must be 1–63 characters of a-z, 0-9, "_" or "-", starting with a letter or digit',
  );

export const ingestStatusSchema = z.object({
  tenant: z.string(),
  ticket_events: z.int(),
  tickets: z.int(),
  endpoint_samples: z.int(),
  endpoint_events: z.int(),
  devices: z.int(),
  last_ticket_event_at: z.string().nullable(),
  last_telemetry_at: z.string().nullable(),
});

export type Rejection = z.infer<typeof rejectionSchema>;
export type IngestResponse = z.infer<typeof ingestResponseSchema>;
export type ErrorBody = z.infer<typeof errorBodySchema>;
export type ApiScope = z.infer<typeof apiScopeSchema>;
export type IngestStatus = z.infer<typeof ingestStatusSchema>;

export const createKeyRequestSchema = z.strictObject({
  scopes: z.array(apiScopeSchema).min(1, 'give at least one scope'),
  name: z.string().max(200).optional(),
});

export const createKeyResponseSchema = z.object({
  key_id: z.string(),
  tenant: z.string(),
  scopes: z.array(apiScopeSchema),
  key: z.string().describe('the API key; shown once, only its hash is stored'),
});

export const apiKeyInfoSchema = z.object({
  key_id: z.string(),
  tenant: z.string(),
  name: z.string(),
  scopes: z.array(apiScopeSchema),
  created_at: z.string(),
  revoked_at: z.string().nullable(),
});

export type CreateKeyRequest = z.infer<typeof createKeyRequestSchema>;
export type CreateKeyResponse = z.infer<typeof createKeyResponseSchema>;
export type ApiKeyInfo = z.infer<typeof apiKeyInfoSchema>;
