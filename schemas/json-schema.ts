import { z } from 'zod';
import {
  createKeyRequestSchema,
  createKeyResponseSchema,
  apiKeyInfoSchema,
  errorBodySchema,
  ingestResponseSchema,
  ingestStatusSchema,
} from './api.ts';
import { telemetrySchema } from './telemetry.ts';
import { ticketEventSchema } from './ticket-event.ts';

/** The contracts as JSON Schema (2020-12), keyed by the name docs and OpenAPI use. */
export function contractJsonSchemas(): Record<string, Record<string, unknown>> {
  const schemas = {
    TicketEvent: ticketEventSchema,
    Telemetry: telemetrySchema,
    IngestResponse: ingestResponseSchema,
    Error: errorBodySchema,
    IngestStatus: ingestStatusSchema,
    CreateKeyRequest: createKeyRequestSchema,
    CreateKeyResponse: createKeyResponseSchema,
    ApiKeyInfo: apiKeyInfoSchema,
  };
  return Object.fromEntries(
    Object.entries(schemas).map(([name, schema]) => {
      const { $schema: _draft, ...json } = z.toJSONSchema(schema, {
        unrepresentable: 'any',
        io: 'input',
      });
      return [name, json];
    }),
  );
}
