import type { EvaluatedClock, EvaluatedSegment } from './evaluate.ts';
import type { ExplainClock, ExplainSegment } from '../../../schemas/sla-explain.ts';
import { MAX_EXPLAIN_INTERVALS } from '../../../schemas/sla-explain.ts';
import type { Timeline } from './timeline.ts';
import { isoSeconds } from './time.ts';

function explainSegment(segment: EvaluatedSegment): ExplainSegment {
  const intervals: [string, string][] = [];
  let truncated = 0;
  if (segment.role !== 'off' && segment.to > segment.from) {
    const all = segment.calendar.intervals(segment.from * 1000, segment.to * 1000);
    for (const interval of all.slice(0, MAX_EXPLAIN_INTERVALS)) {
      intervals.push([
        isoSeconds(Math.floor(interval.startMs / 1000)),
        isoSeconds(Math.floor(interval.endMs / 1000)),
      ]);
    }
    truncated = Math.max(0, all.length - MAX_EXPLAIN_INTERVALS);
  }
  return {
    event_index: segment.index,
    from: isoSeconds(segment.from),
    to: isoSeconds(segment.to),
    role: segment.role,
    rule_id: segment.rule.id,
    calendar_id: segment.calendar.id,
    target_s: segment.target,
    warn_threshold_s: segment.warnThreshold,
    elapsed_before_s: segment.elapsedBefore,
    business_s: segment.business,
    intervals,
    truncated,
  };
}

function clockNotes(clock: EvaluatedClock): string[] {
  const notes: string[] = [];
  const { clock: result, computedBreach } = clock;
  if (result.target_s === null) {
    notes.push(`rule ${result.rule_id} sets no ${result.metric} target: timed, never breached`);
  }
  if (computedBreach.basis === 'at_start') {
    notes.push('elapsed time was never under the target: over from the start');
  } else if (computedBreach.basis === 'change') {
    notes.push('a target change put the elapsed time over the target: over at the change');
  }
  if (result.stopped_at !== null && computedBreach.at !== null && !result.breached) {
    notes.push(
      `stopped no later than the breach instant ${isoSeconds(computedBreach.at)} (finishing at it is met): breach_at is null`,
    );
  }
  if (clock.plan.stopKind === 'closed_by_solve' && result.breached) {
    notes.push('breached before the solve: a solve never hides a breach');
  }
  return notes;
}

/** One clock's working: segments with their business intervals, target changes, pauses. */
export function explainClock(clock: EvaluatedClock, timeline: Timeline): ExplainClock {
  const { plan, segments, clock: result } = clock;
  const eventId = (index: number | null): string | null =>
    index === null ? null : (timeline.entries[index]?.event.event_id ?? null);
  const targetChanges: ExplainClock['target_changes'] = [];
  const pauses: ExplainClock['pauses'] = [];
  let previous: EvaluatedSegment | undefined;
  for (const segment of segments) {
    if (previous !== undefined && previous.target !== segment.target) {
      targetChanges.push({
        at: isoSeconds(segment.from),
        event_id: eventId(segment.index) ?? '',
        rule_id: segment.rule.id,
        from_s: previous.target,
        to_s: segment.target,
        elapsed_s: segment.elapsedBefore,
      });
    }
    const lastPause = pauses.at(-1);
    if (segment.role === 'pause') {
      if (previous?.role === 'pause' && lastPause !== undefined) {
        lastPause.to = isoSeconds(segment.to);
        lastPause.business_s += segment.business;
      } else {
        pauses.push({
          from: isoSeconds(segment.from),
          to: isoSeconds(segment.to),
          business_s: segment.business,
        });
      }
    }
    previous = segment;
  }
  const found = (value: EvaluatedClock['computedBreach']): ExplainClock['computed_breach'] => ({
    at: value.at === null ? null : isoSeconds(value.at),
    basis: value.basis,
  });
  return {
    metric: plan.metric,
    cycle: plan.cycle,
    state: result.state,
    started_at: result.started_at,
    stopped_at: result.stopped_at,
    start_event_id: eventId(plan.start) ?? '',
    stop_event_id: eventId(plan.stop),
    stop_kind: plan.stopKind,
    evaluated_to: isoSeconds(clock.end),
    segments: segments.map(explainSegment),
    target_changes: targetChanges,
    pauses,
    computed_breach: found(clock.computedBreach),
    computed_warn: found(clock.computedWarn),
    notes: clockNotes(clock),
  };
}
