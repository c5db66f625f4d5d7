import type { Timeline } from '../timeline.ts';
import { isStopping } from '../timeline.ts';
import type { ClockPlan, SegmentRole } from '../plan.ts';

/**
 * first_response (docs/sla.md §4), one cycle: from `created` — or, when an
 * agent created the ticket, from the first public customer comment after it
 * on a ticket that is not solved or closed — to the first public agent
 * comment after the start. A solve or close first stops it as
 * `closed_by_solve`. It runs throughout: response clocks do not pause.
 *
 * An event that is both a public agent comment and a solve is a reply: the
 * solve did not come first.
 */
export function planFirstResponse(timeline: Timeline): ClockPlan | null {
  const { entries, createdIndex, end } = timeline;
  const created = entries[createdIndex];
  if (created === undefined) return null;
  let start = createdIndex;
  if (created.event.comment?.author_role === 'agent') {
    start = -1;
    for (let i = createdIndex + 1; i < end; i += 1) {
      const entry = entries[i];
      if (entry?.publicCustomerComment === true && !isStopping(entry.category)) {
        start = i;
        break;
      }
    }
    if (start === -1) return null;
  }
  const roles: SegmentRole[] = [];
  for (let i = start; i < end; i += 1) {
    const entry = entries[i];
    if (entry === undefined) break;
    if (i > start && entry.publicAgentComment) {
      return { metric: 'first_response', cycle: 1, start, roles, stop: i, stopKind: 'reply' };
    }
    if (isStopping(entry.category)) {
      return {
        metric: 'first_response',
        cycle: 1,
        start,
        roles,
        stop: i,
        stopKind: 'closed_by_solve',
      };
    }
    roles.push('run');
  }
  return { metric: 'first_response', cycle: 1, start, roles, stop: null, stopKind: null };
}
