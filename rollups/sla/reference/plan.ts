import type { SlaMetric } from '../../../schemas/sla-policy.ts';
import type { SegmentRole, StopKind } from '../../../schemas/sla-explain.ts';

export { INSTANT_BASES, SEGMENT_ROLES, STOP_KINDS } from '../../../schemas/sla-explain.ts';
export type { InstantBasis, SegmentRole, StopKind } from '../../../schemas/sla-explain.ts';

/**
 * One (metric, cycle) clock before evaluation: the event that starts it, the
 * roles of its counted segments (segment k opens at event `start + k`), and
 * the event whose instant it stopped at — the start of its trailing `off`
 * run — or null while it is open.
 */
export interface ClockPlan {
  readonly metric: SlaMetric;
  readonly cycle: number;
  readonly start: number;
  readonly roles: readonly SegmentRole[];
  readonly stop: number | null;
  readonly stopKind: StopKind | null;
}
