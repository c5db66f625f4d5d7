/**
 * The pure TypeScript reference of the SLA clocks (docs/sla.md): no I/O, no
 * clock of its own. The ClickHouse engine implements the same contract, and a
 * property test requires the two to agree to the second.
 */
import type { SlaClock } from '../../../schemas/sla-clock.ts';
import type { SlaPolicy } from '../../../schemas/sla-policy.ts';
import type { TicketEvent } from '../../../schemas/ticket-event.ts';
import { CalendarCache } from './calendars.ts';
import { planClocks } from './clocks.ts';
import type { EvaluatedClock } from './evaluate.ts';
import { evaluateClock } from './evaluate.ts';
import type { ExplainInput } from './explain.ts';
import { buildExplain } from './explain.ts';
import type { SlaExplain } from '../../../schemas/sla-explain.ts';
import type { CompiledPolicy } from './policy.ts';
import { compilePolicy } from './policy.ts';
import { buildTimeline } from './timeline.ts';
import { msToSeconds } from './time.ts';

export interface ComputeClocksOptions {
  /** Stored with each clock. */
  policyVersion: number;
  /** The instant open clocks are evaluated at (truncated to the second). */
  nowMs: number;
  /** Calendars of this policy, shared across tickets; one is made per policy when omitted. */
  calendars?: CalendarCache;
}

export interface ComputedClocks {
  clocks: SlaClock[];
  explain: SlaExplain;
}

const defaultCalendars = new WeakMap<CompiledPolicy, CalendarCache>();

function calendarsFor(policy: CompiledPolicy, given: CalendarCache | undefined): CalendarCache {
  if (given !== undefined) return given;
  let calendars = defaultCalendars.get(policy);
  if (calendars === undefined) {
    calendars = new CalendarCache(policy.policy);
    defaultCalendars.set(policy, calendars);
  }
  return calendars;
}

function evaluate(
  events: readonly TicketEvent[],
  policyInput: SlaPolicy | CompiledPolicy,
  options: ComputeClocksOptions,
): { evaluated: EvaluatedClock[]; explainInput: ExplainInput } {
  const policy = compilePolicy(policyInput);
  const calendars = calendarsFor(policy, options.calendars);
  const nowS = msToSeconds(options.nowMs);
  const timeline = buildTimeline(events, policy);
  const evaluated = planClocks(timeline, policy).map((plan) =>
    evaluateClock(plan, timeline, policy, calendars, nowS, options.policyVersion),
  );
  return {
    evaluated,
    explainInput: {
      timeline,
      policy,
      clocks: evaluated,
      nowS,
      policyVersion: options.policyVersion,
    },
  };
}

/**
 * Every clock of one ticket — sorted by metric (SLA_METRICS order), then
 * cycle — and the working behind them. `events` are the ticket's events as
 * stored, in any order, duplicates allowed.
 */
export function computeClocks(
  events: readonly TicketEvent[],
  policy: SlaPolicy | CompiledPolicy,
  options: ComputeClocksOptions,
): ComputedClocks {
  const { evaluated, explainInput } = evaluate(events, policy, options);
  return { clocks: evaluated.map((clock) => clock.clock), explain: buildExplain(explainInput) };
}

/** The clocks only, without building `explain` (the benchmark's and the property test's path). */
export function computeClockRows(
  events: readonly TicketEvent[],
  policy: SlaPolicy | CompiledPolicy,
  options: ComputeClocksOptions,
): SlaClock[] {
  return evaluate(events, policy, options).evaluated.map((clock) => clock.clock);
}

export { CalendarCache } from './calendars.ts';
export { CompiledPolicy, compilePolicy } from './policy.ts';
export type { CompiledRule, MatchState, StatusMapping } from './policy.ts';
export {
  MAX_EXPLAIN_INTERVALS,
  explainClockSchema,
  explainEventSchema,
  explainSegmentSchema,
  slaExplainSchema,
} from '../../../schemas/sla-explain.ts';
export type {
  ExplainClock,
  ExplainEvent,
  ExplainSegment,
  SlaExplain,
} from '../../../schemas/sla-explain.ts';
export { INSTANT_BASES, SEGMENT_ROLES, STOP_KINDS } from './plan.ts';
export type { ClockPlan, InstantBasis, SegmentRole, StopKind } from './plan.ts';
export { buildTimeline, compareCodePoints } from './timeline.ts';
export type { Timeline, TimelineEntry } from './timeline.ts';
export { planClocks } from './clocks.ts';
export { evaluateClock } from './evaluate.ts';
export type { EvaluatedClock, EvaluatedSegment } from './evaluate.ts';
export { formatDuration, isoSeconds, toSeconds } from './time.ts';
