import { z } from 'zod';
import { SLA_METRICS } from './sla-policy.ts';

export const CLOCK_STATES = ['running', 'paused', 'met', 'breached', 'cancelled'] as const;
export type ClockState = (typeof CLOCK_STATES)[number];

const instant = z.iso.datetime({ offset: true });

/**
 * One (ticket, metric, cycle) clock as `GET /v1/tickets/{id}/sla` returns it
 * (DESIGN.md "SLA clock semantics"). Open clocks are evaluated at `as_of`.
 * All durations are whole seconds; instants are UTC, to the second.
 */
export const slaClockSchema = z.strictObject({
  metric: z.enum(SLA_METRICS),
  cycle: z.int().min(1),
  state: z.enum(CLOCK_STATES),
  started_at: instant,
  stopped_at: instant.nullable(),
  elapsed_business_s: z.int().min(0),
  elapsed_wall_s: z.int().min(0),
  paused_business_s: z.int().min(0),
  /** Null when the rule in force sets no target for this metric. */
  target_s: z.int().min(0).nullable(),
  /** When it breached, or when it will if nothing changes; null if it did not and will not. */
  breach_at: instant.nullable(),
  warn_at: instant.nullable(),
  breached: z.boolean(),
  policy_version: z.int().min(1),
  rule_id: z.string(),
  calendar_id: z.string(),
});

export type SlaClock = z.infer<typeof slaClockSchema>;
