import type { CompiledPolicy } from '../policy.ts';
import type { Timeline } from '../timeline.ts';
import { isStopping } from '../timeline.ts';
import type { ClockPlan, SegmentRole } from '../plan.ts';

/**
 * resolution (docs/sla.md §4): cycle 1 starts at `created`. Each segment is
 * `off` while the category is solved or closed, `pause` while it is in the
 * rule's pause set, else `run`. A reopen — the category leaves `solved` for
 * any category that is neither solved nor closed — continues the cycle, or,
 * when the rule in force at the reopen event says `on_reopen: restart`,
 * starts a new cycle there. A cycle is stopped at the start of its trailing
 * `off` run (so a second solve is not a new stop).
 */
export function planResolution(timeline: Timeline, policy: CompiledPolicy): ClockPlan[] {
  const { entries, createdIndex, end } = timeline;
  const created = entries[createdIndex];
  if (created === undefined) return [];
  const plans: ClockPlan[] = [];
  let start = createdIndex;
  let roles: SegmentRole[] = [];
  let previous = created.category;
  for (let i = createdIndex; i < end; i += 1) {
    const entry = entries[i];
    if (entry === undefined) break;
    const rule = policy.rule(entry.rule);
    const reopen = i > createdIndex && previous === 'solved' && !isStopping(entry.category);
    if (reopen && rule.onReopen === 'restart') {
      plans.push(finish(plans.length + 1, start, roles));
      start = i;
      roles = [];
    }
    roles.push(
      isStopping(entry.category) ? 'off' : rule.pause.has(entry.category) ? 'pause' : 'run',
    );
    previous = entry.category;
  }
  plans.push(finish(plans.length + 1, start, roles));
  return plans;
}

function finish(cycle: number, start: number, roles: SegmentRole[]): ClockPlan {
  let counted = roles.length;
  while (counted > 0 && roles[counted - 1] === 'off') counted -= 1;
  if (counted === roles.length) {
    return { metric: 'resolution', cycle, start, roles, stop: null, stopKind: null };
  }
  return {
    metric: 'resolution',
    cycle,
    start,
    roles: roles.slice(0, counted),
    stop: start + counted,
    stopKind: 'solve',
  };
}
