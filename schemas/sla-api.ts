import { z } from 'zod';

/** `GET /v1/tickets/{id}/sla` query string. */
export const ticketSlaQuerySchema = z.strictObject({
  explain: z
    .enum(['0', '1', 'true', 'false'])
    .optional()
    .transform((value) => value === '1' || value === 'true'),
  version: z.coerce.number().int().min(1).max(4_294_967_295).optional(),
});

export type TicketSlaQuery = z.infer<typeof ticketSlaQuerySchema>;
