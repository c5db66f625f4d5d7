import type { SlaMetric } from '../../../schemas/sla-policy.ts';
import { SLA_METRICS } from '../../../schemas/sla-policy.ts';
import type { EvaluatedClock, EvaluatedSegment } from './evaluate.ts';
import type { ExplainEvent } from '../../../schemas/sla-explain.ts';
import type { SegmentRole } from './plan.ts';
import type { CompiledPolicy } from './policy.ts';
import type { Timeline } from './timeline.ts';
import { isStopping } from './timeline.ts';
import { formatDuration, isoSeconds } from './time.ts';

type RoleAfter = { cycle: number; role: SegmentRole } | null;

/** "first_response", or "next_response cycle 2". */
export const cycleName = (metric: SlaMetric, cycle: number): string =>
  metric === 'first_response' ? metric : `${metric} cycle ${String(cycle)}`;

/** The role of each metric's current clock after each event. */
function rolesByEvent(timeline: Timeline, clocks: readonly EvaluatedClock[]): RoleAfter[][] {
  return SLA_METRICS.map((metric) => {
    const roles: RoleAfter[] = timeline.entries.map(() => null);
    const plans = clocks.filter((clock) => clock.plan.metric === metric).map((c) => c.plan);
    for (const [n, plan] of plans.entries()) {
      const until = plans[n + 1]?.start ?? timeline.end;
      for (let i = plan.start; i < until; i += 1) {
        roles[i] = { cycle: plan.cycle, role: plan.roles[i - plan.start] ?? 'off' };
      }
    }
    return roles;
  });
}

function stopNote(clock: EvaluatedClock): string {
  const name = cycleName(clock.plan.metric, clock.plan.cycle);
  const verdict = clock.clock.state;
  switch (clock.plan.stopKind) {
    case 'reply':
      return `${name} stops: public agent comment (${verdict})`;
    case 'solve':
      return `${name} stops: solved/closed (${verdict})`;
    default:
      return `${name} closed by solve (${verdict})`;
  }
}

/** Notes from the timeline itself: creation, close, unknown status, rules, reopens. */
function timelineNotes(timeline: Timeline, policy: CompiledPolicy, index: number): string[] {
  const { entries, createdIndex, closedIndex, end, firstMatch } = timeline;
  const entry = entries[index];
  if (entry === undefined) return [];
  const notes: string[] = [];
  const previous = entries[index - 1];
  if (entry.unknownStatus) {
    notes.push(`unknown status ${JSON.stringify(entry.status)} counted as open`);
  }
  if (createdIndex === -1 || index < createdIndex) notes.push('before created: sets state only');
  else if (index === createdIndex) notes.push('created: the clocks start');
  else if (entry.event.type === 'created') notes.push('created again: an ordinary update');
  if (index === closedIndex) notes.push('closed: terminal, later events are ignored');
  if (index >= end) {
    notes.push('after closed: ignored');
    return notes;
  }
  const rule = entry.rule === -1 ? null : policy.rule(entry.rule);
  if (createdIndex !== -1 && index > createdIndex && previous?.category === 'solved') {
    if (!isStopping(entry.category)) {
      notes.push(
        rule?.onReopen === 'restart'
          ? `reopened: resolution restarts (rule ${rule.id}: on_reopen restart)`
          : 'reopened: resolution continues its cycle (on_reopen continue)',
      );
    }
    if (entry.category === 'solved') notes.push('solved again: not a new stop');
  }
  if (rule !== null && entry.matched === -1) {
    notes.push(
      index < firstMatch
        ? `no rule matched yet: rule ${rule.id}, the first to match later, applies`
        : `no rule matched: rule ${rule.id} stays in force`,
    );
  } else if (rule !== null && previous !== undefined && previous.rule !== entry.rule) {
    const before = previous.rule === -1 ? 'none' : policy.rule(previous.rule).id;
    notes.push(`rule in force changes ${before} → ${rule.id}`);
  }
  return notes;
}

/** Notes the clocks add to their events: starts, stops, target changes. */
function addClockNotes(clock: EvaluatedClock, timeline: Timeline, notes: string[][]): void {
  const { plan } = clock;
  const name = cycleName(plan.metric, plan.cycle);
  const created = timeline.entries[timeline.createdIndex];
  const agentCreated =
    plan.metric === 'first_response' && created?.event.comment?.author_role === 'agent';
  notes[plan.start]?.push(
    agentCreated
      ? `${name} starts (agent-created ticket: first public customer comment)`
      : `${name} starts`,
  );
  let previous: EvaluatedSegment | undefined;
  for (const segment of clock.segments) {
    if (previous !== undefined && previous.target !== segment.target) {
      let note = `target of ${name} changes ${formatDuration(previous.target)} → ${formatDuration(segment.target)}`;
      if (segment.target !== null && segment.elapsedBefore >= segment.target) {
        note += ` (${formatDuration(segment.elapsedBefore)} already elapsed: over from here)`;
      }
      notes[segment.index]?.push(note);
    }
    previous = segment;
  }
  if (plan.stop !== null) notes[plan.stop]?.push(stopNote(clock));
}

/** The explain timeline: every event with the state, rule and roles after it, and notes. */
export function explainTimeline(
  timeline: Timeline,
  policy: CompiledPolicy,
  clocks: readonly EvaluatedClock[],
): ExplainEvent[] {
  const roles = rolesByEvent(timeline, clocks);
  const notes = timeline.entries.map((_, index) => timelineNotes(timeline, policy, index));
  for (const clock of clocks) addClockNotes(clock, timeline, notes);
  return timeline.entries.map((entry, index) => ({
    index,
    at: isoSeconds(entry.t),
    event_id: entry.event.event_id,
    type: entry.event.type,
    status: entry.status,
    category: entry.category,
    priority: entry.priority,
    rule_id: entry.rule === -1 || index >= timeline.end ? null : policy.rule(entry.rule).id,
    counted:
      timeline.createdIndex !== -1 &&
      timeline.firstMatch !== -1 &&
      index >= timeline.createdIndex &&
      index < timeline.end,
    roles: {
      first_response: roles[0]?.[index] ?? null,
      next_response: roles[1]?.[index] ?? null,
      resolution: roles[2]?.[index] ?? null,
    },
    notes: notes[index] ?? [],
  }));
}
