import type { SlaMetric } from '../../../schemas/sla-policy.ts';
import type { EvaluatedClock } from './evaluate.ts';
import { explainClock } from './explain-clock.ts';
import type { SlaExplain } from '../../../schemas/sla-explain.ts';
import { explainTimeline } from './explain-timeline.ts';
import type { CompiledPolicy } from './policy.ts';
import type { Timeline } from './timeline.ts';
import { isoSeconds } from './time.ts';

export interface ExplainInput {
  readonly timeline: Timeline;
  readonly policy: CompiledPolicy;
  readonly clocks: readonly EvaluatedClock[];
  readonly nowS: number;
  readonly policyVersion: number;
}

function ticketNotes(timeline: Timeline, clocks: readonly EvaluatedClock[]): string[] {
  const notes: string[] = [];
  const { entries, createdIndex, closedIndex, end, duplicatesDropped } = timeline;
  if (duplicatesDropped > 0) {
    notes.push(
      `${String(duplicatesDropped)} duplicate event copies dropped (the last copy of each event_id is kept)`,
    );
  }
  if (entries.length === 0) notes.push('no events');
  if (createdIndex === -1) {
    notes.push('no created event: no clocks');
    return notes;
  }
  if (timeline.firstMatch === -1) {
    notes.push('never matched a rule: no clocks');
    return notes;
  }
  if (closedIndex !== -1 && end < entries.length) {
    notes.push(`closed: ${String(entries.length - end)} later events ignored`);
  }
  const has = (metric: SlaMetric): boolean => clocks.some((c) => c.plan.metric === metric);
  if (!has('first_response')) {
    notes.push(
      'created by an agent and no public customer comment followed on an open ticket: no first_response clock',
    );
  }
  const reply = clocks.find((c) => c.plan.metric === 'first_response')?.plan.stopKind === 'reply';
  if (!reply) notes.push('first_response not stopped by an agent reply: no next_response cycles');
  return notes;
}

/** The explain structure of one ticket (docs/sla.md §7). */
export function buildExplain(input: ExplainInput): SlaExplain {
  const { timeline, policy, clocks, nowS, policyVersion } = input;
  return {
    ticket_id: timeline.entries[0]?.event.ticket_id ?? null,
    policy_version: policyVersion,
    as_of: isoSeconds(nowS),
    duplicates_dropped: timeline.duplicatesDropped,
    notes: ticketNotes(timeline, clocks),
    timeline: explainTimeline(timeline, policy, clocks),
    clocks: clocks.map((clock) => explainClock(clock, timeline)),
  };
}
