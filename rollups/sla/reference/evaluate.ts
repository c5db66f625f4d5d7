import type { SlaClock } from '../../../schemas/sla-clock.ts';
import type { BusinessCalendar } from '../calendar.ts';
import type { CalendarCache } from './calendars.ts';
import type { ClockPlan, InstantBasis, SegmentRole } from './plan.ts';
import type { CompiledPolicy, CompiledRule } from './policy.ts';
import type { Timeline } from './timeline.ts';
import { isoSeconds } from './time.ts';

/** One counted segment of a clock, with the numbers §5 works on. */
export interface EvaluatedSegment {
  /** The event that opens the segment. */
  readonly index: number;
  readonly from: number;
  readonly to: number;
  readonly role: SegmentRole;
  readonly rule: CompiledRule;
  readonly calendar: BusinessCalendar;
  /** Target in force; null when the rule sets none (never over). */
  readonly target: number | null;
  /** floor(target × warn_pct / 100); null with the target. */
  readonly warnThreshold: number | null;
  /** E(from): run business seconds before the segment. */
  readonly elapsedBefore: number;
  /** Business seconds inside the segment (0 when `off`: nothing is counted). */
  readonly business: number;
}

export interface FoundInstant {
  readonly at: number | null;
  readonly basis: InstantBasis;
}

export interface EvaluatedClock {
  readonly plan: ClockPlan;
  readonly segments: readonly EvaluatedSegment[];
  /** The end of the counted segments: stopped_at, or the evaluation instant. */
  readonly end: number;
  /** §5 before the stopped-clock rules null them (for explain). */
  readonly computedBreach: FoundInstant;
  readonly computedWarn: FoundInstant;
  readonly clock: SlaClock;
}

const NONE: FoundInstant = { at: null, basis: 'none' };

/**
 * `deadline(cal, a, r)`: the earliest instant x with business(a, x) = r
 * (r > 0). A deadline past the calendar's range (2100) is no deadline.
 */
function deadline(calendar: BusinessCalendar, from: number, remaining: number): number | null {
  try {
    return Math.round(calendar.addBusinessSeconds(from * 1000, remaining) / 1000);
  } catch (error) {
    if (error instanceof RangeError) return null;
    throw error;
  }
}

/**
 * §5 for one threshold (the target or the warn threshold): the start of the
 * final run of `E ≥ threshold` lasting to the end of the counted segments, or
 * when the last running segment will get there.
 */
export function findOver(
  segments: readonly EvaluatedSegment[],
  threshold: (segment: EvaluatedSegment) => number | null,
): FoundInstant {
  let s = segments.length - 1;
  let segment: EvaluatedSegment | undefined;
  for (; s >= 0; s -= 1) {
    segment = segments[s];
    if (segment === undefined) break;
    const value = threshold(segment);
    if (value === null || segment.elapsedBefore < value) break;
    segment = undefined;
  }
  if (segment === undefined) return { at: null, basis: 'at_start' };
  const value = threshold(segment);
  const isLast = s === segments.length - 1;
  if (isLast) {
    if (segment.role !== 'run' || value === null) return NONE;
    const at = deadline(segment.calendar, segment.from, value - segment.elapsedBefore);
    return at === null ? NONE : { at, basis: 'projected' };
  }
  if (
    segment.role === 'run' &&
    value !== null &&
    segment.elapsedBefore + segment.business >= value
  ) {
    const at = deadline(segment.calendar, segment.from, value - segment.elapsedBefore);
    if (at !== null) return { at, basis: 'crossing' };
  }
  const next = segments[s + 1];
  return next === undefined ? NONE : { at: next.from, basis: 'change' };
}

function buildSegments(
  plan: ClockPlan,
  timeline: Timeline,
  policy: CompiledPolicy,
  calendars: CalendarCache,
  nowS: number,
): EvaluatedSegment[] {
  const { entries } = timeline;
  const segments: EvaluatedSegment[] = [];
  let elapsed = 0;
  for (const [k, role] of plan.roles.entries()) {
    const index = plan.start + k;
    const entry = entries[index];
    if (entry === undefined)
      throw new RangeError(`clock segment at missing event ${String(index)}`);
    const next = index + 1 < timeline.end ? entries[index + 1] : undefined;
    // The open-ended last segment runs to now (never before its own start).
    const to = next === undefined ? Math.max(nowS, entry.t) : next.t;
    const rule = policy.rule(entry.rule);
    const calendar = calendars.get(rule.calendarId);
    const target = rule.targets[plan.metric];
    const business =
      role === 'off' ? 0 : Math.round(calendar.businessSeconds(entry.t * 1000, to * 1000));
    segments.push({
      index,
      from: entry.t,
      to,
      role,
      rule,
      calendar,
      target,
      warnThreshold: target === null ? null : Math.floor((target * rule.warnPct) / 100),
      elapsedBefore: elapsed,
      business,
    });
    if (role === 'run') elapsed += business;
  }
  return segments;
}

/** Evaluates one clock at `nowS` (whole seconds): docs/sla.md §5–6. */
export function evaluateClock(
  plan: ClockPlan,
  timeline: Timeline,
  policy: CompiledPolicy,
  calendars: CalendarCache,
  nowS: number,
  policyVersion: number,
): EvaluatedClock {
  const { entries } = timeline;
  const startEntry = entries[plan.start];
  if (startEntry === undefined) throw new RangeError('clock starts at a missing event');
  const segments = buildSegments(plan, timeline, policy, calendars, nowS);
  const started = startEntry.t;
  const stopped = plan.stop === null ? null : (entries[plan.stop]?.t ?? null);
  const last = segments.at(-1);
  const end = stopped ?? last?.to ?? started;

  const computedBreach = findOver(segments, (segment) => segment.target);
  const computedWarn = findOver(segments, (segment) => segment.warnThreshold);
  const breachRaw = computedBreach.basis === 'at_start' ? started : computedBreach.at;
  const warnRaw = computedWarn.basis === 'at_start' ? started : computedWarn.at;
  const breached = breachRaw !== null && end > breachRaw;
  let breachAt = breachRaw;
  let warnAt = warnRaw;
  if (stopped !== null && !breached) {
    breachAt = null;
    if (warnAt !== null && !(stopped > warnAt)) warnAt = null;
  }

  let elapsedBusiness = 0;
  let pausedBusiness = 0;
  for (const segment of segments) {
    if (segment.role === 'run') elapsedBusiness += segment.business;
    else if (segment.role === 'pause') pausedBusiness += segment.business;
  }
  // Without counted segments (stopped at its start) the rule at the start speaks.
  const finalRule = last?.rule ?? policy.rule(startEntry.rule);
  const target = finalRule.targets[plan.metric];

  let state: SlaClock['state'];
  if (stopped === null) state = last?.role === 'run' ? 'running' : 'paused';
  else if (breached) state = 'breached';
  else state = plan.stopKind === 'closed_by_solve' ? 'cancelled' : 'met';

  return {
    plan,
    segments,
    end,
    computedBreach: { at: breachRaw, basis: computedBreach.basis },
    computedWarn: { at: warnRaw, basis: computedWarn.basis },
    clock: {
      metric: plan.metric,
      cycle: plan.cycle,
      state,
      started_at: isoSeconds(started),
      stopped_at: stopped === null ? null : isoSeconds(stopped),
      elapsed_business_s: elapsedBusiness,
      elapsed_wall_s: end - started,
      paused_business_s: pausedBusiness,
      target_s: target,
      breach_at: breachAt === null ? null : isoSeconds(breachAt),
      warn_at: warnAt === null ? null : isoSeconds(warnAt),
      breached,
      policy_version: policyVersion,
      rule_id: finalRule.id,
      calendar_id: finalRule.calendarId,
    },
  };
}
