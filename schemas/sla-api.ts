import { z } from 'zod';
import { slaClockSchema } from './sla-clock.ts';
import { slaExplainSchema } from './sla-explain.ts';

/** `GET /v1/tickets/{id}/sla` query string. */
export const ticketSlaQuerySchema = z.strictObject({
  explain: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((value) => value === '1' || value === 'true')
    .describe('1 adds the working: timeline, segments, business intervals, pauses'),
  version: z.coerce
    .number()
    .int()
    .min(1)
    .max(4_294_967_295)
    .optional()
    .describe('policy version (default: the newest completely computed one)'),
});

/** `GET /v1/tickets/{id}/sla`: every clock of the ticket, open ones evaluated at `as_of`. */
export const ticketSlaSchema = z.object({
  tenant: z.string(),
  ticket_id: z.string(),
  policy_version: z.int().min(1),
  as_of: z.iso.datetime({ precision: 0 }),
  clocks: z.array(slaClockSchema),
  explain: slaExplainSchema.optional(),
});

export type TicketSlaQuery = z.infer<typeof ticketSlaQuerySchema>;
export type TicketSla = z.infer<typeof ticketSlaSchema>;

/** The contracts as JSON Schema for the OpenAPI document. */
export function ticketSlaJsonSchemas(): Record<string, Record<string, unknown>> {
  const { $schema: _draft, ...json } = z.toJSONSchema(ticketSlaSchema, { io: 'output' });
  return { TicketSla: json };
}
