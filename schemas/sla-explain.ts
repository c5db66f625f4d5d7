import { z } from 'zod';
import { CLOCK_STATES } from './sla-clock.ts';
import { SLA_METRICS, STATUS_CATEGORIES } from './sla-policy.ts';
import { TICKET_EVENT_TYPES } from './ticket-event.ts';

/** What a segment of a clock counts (docs/sla.md §4). */
export const SEGMENT_ROLES = ['run', 'pause', 'off'] as const;
export type SegmentRole = (typeof SEGMENT_ROLES)[number];

/**
 * How a clock stopped: an agent `reply` (response clocks), a `solve` (the
 * resolution clock: `solved` or `closed`), or `closed_by_solve` (a response
 * clock whose ticket was solved or closed before the reply).
 */
export const STOP_KINDS = ['reply', 'solve', 'closed_by_solve'] as const;
export type StopKind = (typeof STOP_KINDS)[number];

/**
 * How §5 found an instant: `at_start` (never under the threshold), `projected`
 * (deadline lookup in the last, running segment), `crossing` (deadline lookup
 * inside an earlier running segment), `change` (a threshold change at the
 * start of the next segment), or `none`.
 */
export const INSTANT_BASES = ['at_start', 'projected', 'crossing', 'change', 'none'] as const;
export type InstantBasis = (typeof INSTANT_BASES)[number];

/** UTC, to the second, e.g. `2026-03-02T10:00:00Z`. */
const instant = z.iso.datetime({ precision: 0 });
const seconds = z.int().min(0);

/** Most business intervals listed per segment; the rest are only counted. */
export const MAX_EXPLAIN_INTERVALS = 200;

const roleAfterSchema = z
  .strictObject({ cycle: z.int().min(1), role: z.enum(SEGMENT_ROLES) })
  .nullable()
  .describe('The role of the metric’s current clock after the event; null when none runs yet');

export const explainEventSchema = z.strictObject({
  /** Position in timeline order (occurred_at, created first, event_id). */
  index: z.int().min(0),
  at: instant,
  event_id: z.string(),
  type: z.enum(TICKET_EVENT_TYPES),
  /** The ticket's state after the event. */
  status: z.string().nullable(),
  category: z.enum(STATUS_CATEGORIES),
  priority: z.string().nullable(),
  /** The rule in force after the event; null when the clocks ignore the event or none applies. */
  rule_id: z.string().nullable(),
  /** Whether the clocks read this event (false before creation and after the close). */
  counted: z.boolean(),
  roles: z.strictObject({
    first_response: roleAfterSchema,
    next_response: roleAfterSchema,
    resolution: roleAfterSchema,
  }),
  notes: z.array(z.string()),
});

export const explainSegmentSchema = z.strictObject({
  /** Index of the event that opens the segment. */
  event_index: z.int().min(0),
  from: instant,
  /** The next event, the stop, or (for an open clock) the evaluation instant. */
  to: instant,
  role: z.enum(SEGMENT_ROLES),
  rule_id: z.string(),
  calendar_id: z.string(),
  target_s: seconds.nullable(),
  warn_threshold_s: seconds.nullable(),
  /** Run business seconds before the segment: E(from). */
  elapsed_before_s: seconds,
  /** Business seconds inside the segment (counted as elapsed if run, paused if pause). */
  business_s: seconds,
  /** The business intervals inside the segment, UTC; empty for `off`. */
  intervals: z.array(z.tuple([instant, instant])),
  /** Intervals left out of `intervals` (at most MAX_EXPLAIN_INTERVALS are listed). */
  truncated: z.int().min(0),
});

export const explainTargetChangeSchema = z.strictObject({
  at: instant,
  event_id: z.string(),
  rule_id: z.string(),
  from_s: seconds.nullable(),
  to_s: seconds.nullable(),
  /** Elapsed business seconds at the change: a new target at or below it breaches at once. */
  elapsed_s: seconds,
});

export const explainPauseSchema = z.strictObject({
  from: instant,
  to: instant,
  business_s: seconds,
});

const foundInstantSchema = z.strictObject({
  at: instant.nullable(),
  basis: z.enum(INSTANT_BASES),
});

export const explainClockSchema = z.strictObject({
  metric: z.enum(SLA_METRICS),
  cycle: z.int().min(1),
  state: z.enum(CLOCK_STATES),
  started_at: instant,
  stopped_at: instant.nullable(),
  start_event_id: z.string(),
  stop_event_id: z.string().nullable(),
  stop_kind: z.enum(STOP_KINDS).nullable(),
  /** Where the counted segments end: stopped_at, or the instant open clocks were evaluated at. */
  evaluated_to: instant,
  segments: z.array(explainSegmentSchema),
  target_changes: z.array(explainTargetChangeSchema),
  pauses: z.array(explainPauseSchema),
  /** §5 as computed, before a stopped clock that did not breach drops breach_at (and a late warn_at). */
  computed_breach: foundInstantSchema,
  computed_warn: foundInstantSchema,
  notes: z.array(z.string()),
});

/** The working behind a ticket's clocks: `GET /v1/tickets/{id}/sla?explain=1`. */
export const slaExplainSchema = z.strictObject({
  ticket_id: z.string().nullable(),
  policy_version: z.int().min(1),
  /** The evaluation instant (now), to the second. */
  as_of: instant,
  /** Event copies dropped because another copy had the same event_id. */
  duplicates_dropped: z.int().min(0),
  notes: z.array(z.string()),
  timeline: z.array(explainEventSchema),
  clocks: z.array(explainClockSchema),
});

export type SlaExplain = z.infer<typeof slaExplainSchema>;
export type ExplainEvent = z.infer<typeof explainEventSchema>;
export type ExplainClock = z.infer<typeof explainClockSchema>;
export type ExplainSegment = z.infer<typeof explainSegmentSchema>;
