import type { Timeline } from '../timeline.ts';
import { isStopping } from '../timeline.ts';
import type { ClockPlan, SegmentRole } from '../plan.ts';

/**
 * next_response (docs/sla.md §4), cycles 1, 2, …, only after the public agent
 * comment that stopped first_response (`replyIndex`). A public customer
 * comment on a ticket that is not solved or closed starts a cycle when none is
 * open (the oldest unanswered comment counts); the next public agent comment
 * stops it; a solve or close first stops it as `closed_by_solve`.
 */
export function planNextResponse(timeline: Timeline, replyIndex: number | null): ClockPlan[] {
  if (replyIndex === null) return [];
  const { entries, end } = timeline;
  const plans: ClockPlan[] = [];
  let start = -1;
  let roles: SegmentRole[] = [];
  for (let i = replyIndex + 1; i < end; i += 1) {
    const entry = entries[i];
    if (entry === undefined) break;
    if (start === -1) {
      if (entry.publicCustomerComment && !isStopping(entry.category)) {
        start = i;
        roles = ['run'];
      }
      continue;
    }
    const stopKind = entry.publicAgentComment
      ? 'reply'
      : isStopping(entry.category)
        ? 'closed_by_solve'
        : null;
    if (stopKind === null) {
      roles.push('run');
      continue;
    }
    plans.push({
      metric: 'next_response',
      cycle: plans.length + 1,
      start,
      roles,
      stop: i,
      stopKind,
    });
    start = -1;
  }
  if (start !== -1) {
    plans.push({
      metric: 'next_response',
      cycle: plans.length + 1,
      start,
      roles,
      stop: null,
      stopKind: null,
    });
  }
  return plans;
}
