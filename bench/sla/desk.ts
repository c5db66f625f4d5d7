/**
 * The desk the benchmark simulates: its year, its status names (those of
 * policies/default.yaml) and the distributions its tickets are drawn from.
 */

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;
export const MINUTE_MS = 60_000;

/** The loaded history ends here; the increment's new events fall in [END_MS, NOW_MS). */
export const END_MS = Date.UTC(2026, 10, 1);
export const SPAN_MS = 365 * DAY_MS;
/** Both the SQL reader and the reference evaluate open clocks at this instant. */
export const NOW_MS = END_MS + DAY_MS;

/** Status names of policies/default.yaml's status_map. */
export const STATUS = {
  new: 'New',
  assigned: 'Assigned',
  open: 'In progress',
  pending: 'Waiting for customer',
  onHold: 'Waiting for vendor',
  solved: 'Resolved',
  closed: 'Closed',
} as const;

export const PRIORITIES = [
  ['P1', 3],
  ['P2', 15],
  ['P3', 55],
  ['P4', 27],
] as const;
/** Mean wall time to an agent's reply, by priority: P1 tickets are watched. */
export const REPLY_MEAN_MS: Record<string, number> = {
  P1: 8 * MINUTE_MS,
  P2: 45 * MINUTE_MS,
  P3: 3 * HOUR_MS,
  P4: 8 * HOUR_MS,
};
export const QUEUES = ['service-desk', 'network', 'workplace', 'applications', 'access'] as const;
export const CHANNELS = ['email', 'portal', 'phone', 'chat'] as const;
export const ORGANIZATIONS = ['Finance', 'Sales', 'Engineering', 'HR', 'Legal', 'Board'] as const;
export const ROUNDS = [
  [0, 27],
  [1, 34],
  [2, 22],
  [3, 11],
  [4, 4],
  [5, 2],
] as const;
export const SCORES = [
  [5, 50],
  [4, 25],
  [3, 10],
  [2, 7],
  [1, 8],
] as const;
/** Flagged tickets stay open; tickets whose life runs past the horizon are open too. */
export const OPEN_SHARE = 0.025;
