import type { CompiledPolicy } from './policy.ts';
import type { ClockPlan } from './plan.ts';
import type { Timeline } from './timeline.ts';
import { planFirstResponse } from './metrics/first-response.ts';
import { planNextResponse } from './metrics/next-response.ts';
import { planResolution } from './metrics/resolution.ts';

/**
 * Every clock of a ticket as counted segments, in SLA_METRICS order and by
 * cycle. No clocks without a `created` event or when no rule ever matches
 * (docs/sla.md §2–3).
 */
export function planClocks(timeline: Timeline, policy: CompiledPolicy): ClockPlan[] {
  if (timeline.createdIndex === -1 || timeline.firstMatch === -1) return [];
  const firstResponse = planFirstResponse(timeline);
  const replyIndex = firstResponse?.stopKind === 'reply' ? firstResponse.stop : null;
  return [
    ...(firstResponse === null ? [] : [firstResponse]),
    ...planNextResponse(timeline, replyIndex),
    ...planResolution(timeline, policy),
  ];
}
